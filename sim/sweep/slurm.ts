/**
 * `hedgesim slurm`: an sbatch job array (one shard per array task, each with
 * --resume so a requeued task continues where it stopped) and a merge job that
 * depends on the whole array (afterok). Paths are relative to the folder the
 * scripts are submitted from (sbatch runs jobs there by default).
 */
import { mkdirSync, chmodSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../io/atomic.ts';
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

export function defaultHedgesimCommand(): string {
  try {
    const cli = join(dirname(workerPath()), 'cli.mjs');
    const r = relative(process.cwd(), cli);
    if (existsSync(cli) && r && !r.startsWith('..')) return `node ${r}`;
  } catch { /* not built */ }
  return 'hedgesim';
}

const q = (s: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export function writeSlurm(o: SlurmOptions): SlurmFiles {
  const dir = join(o.out, 'slurm');
  const logs = join(dir, 'logs');
  const partsDir = join(o.out, 'parts');
  mkdirSync(logs, { recursive: true });
  const cpus = o.cpus ?? 1;
  const hs = o.hedgesim ?? defaultHedgesimCommand();
  const name = (o.name ?? 'sweep').replace(/[^A-Za-z0-9_.-]/g, '_');
  const common = [
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.mem ? [`#SBATCH --mem=${o.mem}`] : []),
  ];
  const array = [
    '#!/bin/bash',
    `# hedgesim sweep ${o.file} as a Slurm job array: task i runs shard i/${o.shards}.`,
    '# Submit from the folder hedgesim slurm ran in (paths are relative to it): bash ' + join(dir, 'submit.sh'),
    `#SBATCH --job-name=hs-${name}`,
    `#SBATCH --array=1-${o.shards}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${cpus}`,
    '#SBATCH --requeue',
    '#SBATCH --open-mode=append',
    `#SBATCH --output=${join(logs, 'part-%a.out')}`,
    `#SBATCH --error=${join(logs, 'part-%a.err')}`,
    ...common,
    'set -euo pipefail',
    `HEDGESIM=\${HEDGESIM:-${q(hs)}}`,
    '# --resume: a requeued or restarted task continues its shard with no run lost or repeated',
    `exec $HEDGESIM sweep ${q(o.file)} --shard "\${SLURM_ARRAY_TASK_ID}/${o.shards}" --out "${join(partsDir, 'part-')}\${SLURM_ARRAY_TASK_ID}" --jobs "\${SLURM_CPUS_PER_TASK:-${cpus}}" --resume`,
    '',
  ].join('\n');
  const merge = [
    '#!/bin/bash',
    `# Merge the ${o.shards} shards of ${o.file} into ${o.out} (submitted with --dependency=afterok on the array).`,
    `#SBATCH --job-name=hs-${name}-merge`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${join(logs, 'merge.out')}`,
    `#SBATCH --error=${join(logs, 'merge.err')}`,
    ...common,
    'set -euo pipefail',
    `HEDGESIM=\${HEDGESIM:-${q(hs)}}`,
    `exec $HEDGESIM merge ${join(partsDir, 'part-')}* --out ${q(o.out)}`,
    '',
  ].join('\n');
  const submit = [
    '#!/bin/bash',
    '# Submit the array and the merge job that waits for it. Run from the folder hedgesim slurm ran in.',
    'set -euo pipefail',
    `ARRAY=$(sbatch --parsable ${join(dir, 'sweep.sbatch')})`,
    'ARRAY=${ARRAY%%;*}',
    `MERGE=$(sbatch --parsable --dependency=afterok:$ARRAY ${join(dir, 'merge.sbatch')})`,
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
