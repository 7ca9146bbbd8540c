/** `hedgesim sweep | merge | slurm | replay`: thin wrappers around sim/sweep/. */
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { EXIT, UsageError } from '../errors.ts';
import { loadSweep } from '../sweep/spec.ts';
import { parseShard, runSweep } from '../sweep/runner.ts';
import { mergeParts } from '../sweep/merge.ts';
import { checkSlurmOptions, writeSlurm } from '../sweep/slurm.ts';
import { checkSweepSize } from '../sweep/plan.ts';
import { shellQuote } from '../io/command-name.ts';
import { replayRun } from '../sweep/replay.ts';
import { printIssues } from './messages.ts';
import type { CliIO } from '../io/console.ts';

import type { MergeArgs, ReplayArgs, SlurmArgs, SweepArgs } from './options.ts';

type WithArgv = { argv?: string[] };

export async function sweepCommand(a: SweepArgs & WithArgv, io: CliIO): Promise<number> {
  if (a.jobs !== undefined && (!Number.isInteger(a.jobs) || a.jobs < 1)) throw new UsageError(`--jobs takes a whole number >= 1, got ${a.jobs}`);
  const shard = a.shard !== undefined ? parseShard(a.shard) : undefined;
  let out = a.out;
  if (!out) {
    const { sweep, issues, sources } = await loadSweep(a.file);
    if (!sweep) { printIssues(io, issues, sources); io.err('nothing was run; fix the errors above'); return EXIT.input; }
    out = join('results', sweep.spec.name ?? 'sweep') + (shard ? `-part-${shard.index}` : '');
  }
  let r;
  try {
    r = await runSweep({ file: a.file, out, jobs: a.jobs, resume: a.resume, extend: a.extend, shard, io, argv: a.argv, handleSigint: true, force: a.force });
  } catch (e) {
    if ((e as { issues?: unknown[] }).issues?.length) {
      const { sources } = await loadSweep(a.file).catch(() => ({ sources: new Map<string, string>() }));
      printIssues(io, (e as { issues: any[] }).issues, sources);
      io.err('nothing was run; fix the errors above');
      return (e as { exitCode?: number }).exitCode ?? EXIT.input;
    }
    throw e;
  }
  if (r.done && !a.quiet) {
    io.out(`wrote ${out}/: runs.csv (${r.runs} runs: ${r.ok} ok, ${r.failed} failed), points.csv, manifest.json` +
      (r.seconds > 0 ? ` in ${r.seconds.toFixed(2)} s (${r.runsPerSecond.toFixed(0)} runs/s)` : ''));
  }
  return r.code;
}

export async function mergeCommand(a: MergeArgs & WithArgv, io: CliIO): Promise<number> {
  const r = mergeParts(a.parts, a.out, a.argv);
  if (!a.quiet) io.out(`merged ${r.parts} parts into ${a.out}/: ${r.runs} runs (${r.ok} ok, ${r.failed} failed)`);
  if (r.failed) io.err(`${r.failed} runs failed; see status and error in runs.csv, and replay one with hedgesim replay ${a.out} --run ID`);
  return r.code;
}

export async function slurmCommand(a: SlurmArgs & WithArgv, io: CliIO): Promise<number> {
  const o = { file: a.file, out: a.out, shards: a.shards, cpus: a.cpus, partition: a.partition, time: a.time, mem: a.mem, hedgesim: a.hedgesim };
  checkSlurmOptions(o);
  if (a.submit && spawnSync('sh', ['-c', 'command -v sbatch'], { encoding: 'utf8' }).status !== 0) {
    throw new UsageError('--submit needs sbatch, which is not installed here; leave out --submit and copy the scripts to the cluster, or install Slurm');
  }
  const { sweep, issues, sources } = await loadSweep(a.file);
  if (!sweep) { printIssues(io, issues, sources); io.err('no scripts were written; fix the errors above'); return EXIT.input; }
  if (sweep.adaptive) throw new UsageError('a sweep with adaptive replications (replications: {until: ...}) runs in one folder, not as a job array of shards; run it with hedgesim sweep (one Slurm job with --jobs N)');
  checkSweepSize(sweep);
  const f = writeSlurm({ ...o, name: sweep.spec.name });
  io.out(`wrote ${f.array} (array of ${a.shards} shards), ${f.merge} (merge into ${a.out}), ${f.submit}`);
  if (!a.submit) {
    io.out(`submit with: bash ${shellQuote(f.submit)}`);
    return EXIT.ok;
  }
  const r = spawnSync('bash', [f.submit], { encoding: 'utf8' });
  if (r.status !== 0) {
    io.err(`hedgesim: sbatch failed: ${(r.stderr || r.error?.message || '').trim()}; is Slurm installed and running (sinfo)?`);
    return EXIT.run;
  }
  const [arr, merge] = r.stdout.trim().split(/\s+/);
  io.out(`submitted array job ${arr} and merge job ${merge} (runs after the array succeeds); watch with: squeue -j ${arr},${merge}`);
  return EXIT.ok;
}

export async function replayCommand(a: ReplayArgs & WithArgv, io: CliIO): Promise<number> {
  const r = await replayRun(a.folder, a.run, { out: a.out, argv: a.argv });
  io.out(`run ${r.runId} (seed ${r.seed}); the same as:\n  ${r.command}`);
  if (r.error) {
    io.err(`run ${r.runId} failed: ${r.error}`);
    return EXIT.run;
  }
  io.out(`wrote ${r.out}/: countries.csv, world.csv, events.csv, manifest.json`);
  for (const [k, v] of Object.entries(r.metrics)) io.out(`  ${k} = ${v === '' ? '(never)' : v}`);
  if (r.matches === false) { io.err('warning: these metrics differ from the row in runs.csv; the code changed since the sweep ran?'); return EXIT.run; }
  if (r.matches) io.out('  (same as runs.csv)');
  return EXIT.ok;
}
