/**
 * `hedgesim slurm`: an sbatch job array (one shard per array task, each with
 * --resume so a requeued task continues where it stopped) and a merge job that
 * depends on the whole array (afterok). Paths are absolute and every value is
 * shell-quoted, so the scripts work from any folder and a path cannot run a command.
 */
import { mkdirSync, chmodSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { shellQuote } from '../io/command-name.ts';
import { workerPath } from './runner.ts';

export interface SlurmOptions {
  file: string;
  out: string;
  shards: number;
  /** CPUs (worker threads) per array task */
  cpus?: number;
  partition?: string;
  time?: string;
  mem?: string;
  /** how the job scripts call hedgesim (default: node <dist/cli.mjs relative to here>, else hedgesim) */
  hedgesim?: string;
  name?: string;
}

export interface SlurmFiles { array: string; merge: string; submit: string; partsDir: string }

/** The CLI that runs now, absolute, as the jobs call it: `node /abs/dist/cli.mjs` (jobs may start in any folder). */
export function defaultHedgesimCommand(): string {
  try {
    const cli = resolve(dirname(workerPath()), 'cli.mjs');
    if (existsSync(cli)) return `node ${shellQuote(cli)}`;
  } catch { /* not built */ }
  return 'hedgesim';
}

/** Check the values that go into the scripts (usage errors, before any file). */
export function checkSlurmOptions(o: SlurmOptions): void {
  if (o.time !== undefined && !/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(o.time)) throw new UsageError(`--time takes a Slurm time limit such as 30, 01:00:00 or 2-00:00:00, got ${JSON.stringify(o.time)}`);
  if (o.mem !== undefined && !/^\d+[KMGT]?$/i.test(o.mem)) throw new UsageError(`--mem takes a Slurm memory size such as 2000 or 2G, got ${JSON.stringify(o.mem)}`);
  if (o.partition !== undefined && !/^[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*$/.test(o.partition)) throw new UsageError(`--partition takes partition names (letters, digits, _ . -, comma-separated), got ${JSON.stringify(o.partition)}`);
  // Slurm reads % in a log path as a pattern (%a is the task id): a literal one would be replaced
  if (/%/.test(o.out)) throw new UsageError(`--out must not contain % (Slurm reads it as a pattern in log file names), got ${JSON.stringify(o.out)}`);
}

/**
 * The scripts. Every value from the user is quoted for the shell (shellQuote); paths
 * are absolute, so the jobs work whatever folder they start in, and submit.sh passes
 * the working folder and the log files to sbatch on its command line (shell-quoted,
 * not in #SBATCH lines, which sbatch does not unquote).
 */
export function writeSlurm(o: SlurmOptions): SlurmFiles {
  checkSlurmOptions(o);
  const cwd = process.cwd();
  const dir = resolve(o.out, 'slurm');
  const logs = join(dir, 'logs');
  const partsDir = resolve(o.out, 'parts');
  const outAbs = resolve(o.out);
  const fileAbs = resolve(o.file);
  mkdirSync(logs, { recursive: true });
  const cpus = o.cpus ?? 1;
  const hs = o.hedgesim ?? defaultHedgesimCommand();
  const name = (o.name ?? 'sweep').replace(/[^A-Za-z0-9_.-]/g, '_');
  const common = [
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.mem ? [`#SBATCH --mem=${o.mem}`] : []),
  ];
  const vars = [
    'set -euo pipefail',
    `cd ${shellQuote(cwd)}`,
    '# HEDGESIM: how to call hedgesim (a command and its first words, split by the shell)',
    `HEDGESIM=\${HEDGESIM:-${shellQuote(hs)}}`,
    `SWEEP=${shellQuote(fileAbs)}`,
    `PARTS=${shellQuote(partsDir)}`,
    `OUT=${shellQuote(outAbs)}`,
  ];
  const array = [
    '#!/bin/bash',
    `# hedgesim sweep as a Slurm job array: task i runs shard i/${o.shards}. Submit with: bash ${shellQuote(join(dir, 'submit.sh'))}`,
    `#SBATCH --job-name=hs-${name}`,
    `#SBATCH --array=1-${o.shards}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${cpus}`,
    '#SBATCH --requeue',
    '#SBATCH --open-mode=append',
    ...common,
    ...vars,
    '# --resume: a requeued or restarted task continues its shard with no run lost or repeated;',
    '# the folder lock refuses a second task on the same shard while the first still runs',
    `exec $HEDGESIM sweep "$SWEEP" --shard "\${SLURM_ARRAY_TASK_ID}/${o.shards}" --out "$PARTS/part-\${SLURM_ARRAY_TASK_ID}" --jobs "\${SLURM_CPUS_PER_TASK:-${cpus}}" --resume`,
    '',
  ].join('\n');
  const merge = [
    '#!/bin/bash',
    `# Merge the ${o.shards} shards into the output folder (submitted with --dependency=afterok on the array).`,
    `#SBATCH --job-name=hs-${name}-merge`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    ...common,
    ...vars,
    `exec $HEDGESIM merge "$PARTS"/part-* --out "$OUT"`,
    '',
  ].join('\n');
  const submit = [
    '#!/bin/bash',
    '# Submit the array and the merge job that waits for it (from any folder).',
    'set -euo pipefail',
    `cd ${shellQuote(cwd)}`,
    `LOGS=${shellQuote(logs)}`,
    `ARRAY=$(sbatch --parsable --chdir=${shellQuote(cwd)} --output="$LOGS/part-%a.out" --error="$LOGS/part-%a.err" ${shellQuote(join(dir, 'sweep.sbatch'))})`,
    'ARRAY=${ARRAY%%;*}',
    `MERGE=$(sbatch --parsable --chdir=${shellQuote(cwd)} --output="$LOGS/merge.out" --error="$LOGS/merge.err" --dependency=afterok:$ARRAY ${shellQuote(join(dir, 'merge.sbatch'))})`,
    'MERGE=${MERGE%%;*}',
    'echo "$ARRAY $MERGE"',
    '',
  ].join('\n');
  const paths = { array: join(dir, 'sweep.sbatch'), merge: join(dir, 'merge.sbatch'), submit: join(dir, 'submit.sh'), partsDir };
  writeFileAtomic(paths.array, array);
  writeFileAtomic(paths.merge, merge);
  writeFileAtomic(paths.submit, submit);
  for (const p of [paths.array, paths.merge, paths.submit]) chmodSync(p, 0o755);
  return paths;
}
