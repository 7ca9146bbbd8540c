/**
 * runSweep: plan → shard → pool → merge, for one output folder.
 *
 * The runs of the shard are cut into chunks of consecutive run ids. A pool of
 * persistent worker threads (one per core by default, started while this thread
 * loads the sweep) runs chunks and writes each one as ONE file under DIR/.chunks/
 * (`LO-HI.chunk`, written under a temporary name and renamed: the commit mark).
 * Chunk sizes adapt: a few runs first, then about CHUNK_TARGET_MS of work each
 * (at most CHUNK_MAX_BYTES of rows), shrinking near the end so the workers finish
 * together. When every run is in a chunk, the final files are assembled in run-id
 * order, the manifest is written last, and the chunks are removed. So:
 * - the bytes do not depend on the number of workers or on the chunking;
 * - after `kill -9` at any moment, `--resume` redoes only the runs that are in no
 *   chunk file (whatever the chunk sizes of the earlier sessions), and the result
 *   has every run once;
 * - memory holds at most two chunks per worker, whatever the number of runs.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UserError, UsageError, issue, EXIT } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { loadSweep, type Sweep } from './spec.ts';
import { planSweep, type Plan } from './plan.ts';
import { sweepIdOf } from './identity.ts';
import { CHUNK_RE, chunkFile, pointRow, pointsHeader, readChunk, runsHeader, tableHeaders, TIMING_HEADER, type ChunkSection } from './exec.ts';
import { fmt } from '../io/csv.ts';
import { finishManifest, manifestBase, replayCommand, type FailedRun, MAX_FAILED_LISTED } from './output.ts';
import { checkSweepSize } from './plan.ts';
import type { FromWorker, ToWorker, WorkerData } from './worker.ts';
import { prepareExtension } from './extend.ts';
import { AdaptiveRuns } from './adaptive.ts';
import type { CliIO } from '../io/console.ts';
import { createHash } from 'node:crypto';
import { createExclusive, readJsonFile, checkOutputPath } from '../io/files.ts';
import { acquireLock, clearKind, describeKind, folderKind, COMPARE_FILES, RUN_FILES, SWEEP_FILES, type Lock } from '../io/out-folder.ts';
import { digestFile, verifyFiles, type FileRecord } from '../io/manifest.ts';
import { cliCommand, shellQuote } from '../io/command-name.ts';

export const STATE_FILE = 'sweep-state.json';
export const CHUNK_DIR = '.chunks';

export interface Shard { index: number; count: number }

export interface SweepOptions {
  file: string;
  out: string;
  jobs?: number;
  resume?: boolean;
  shard?: Shard;
  io: CliIO;
  argv?: string[];
  /** handle Ctrl-C (SIGINT): stop cleanly and say how to resume (CLI only) */
  handleSigint?: boolean;
  /** go past the size limits, and into a folder that holds something else (its other outputs are removed) */
  force?: boolean;
  /** runs per chunk, fixed (default: adaptive, see CHUNK_TARGET_MS) */
  chunk?: number;
  /** internal, for tests: stop after this many chunks as if interrupted */
  stopAfterChunks?: number;
  /** grow the finished sweep in `out` to the (edited) sweep file: only the new runs run (extend.ts) */
  extend?: boolean;
}

export interface SweepResult {
  code: number;
  runs: number;
  ok: number;
  failed: number;
  done: boolean;
  interrupted: boolean;
  seconds: number;
  runsPerSecond: number;
  maxRss: number;
}

/** Parse `3/8` (1-based). */
export function parseShard(s: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s);
  if (!m) throw new UsageError(`--shard takes i/n with 1 <= i <= n, e.g. --shard 3/8; got ${JSON.stringify(s)}`);
  const index = +m[1], count = +m[2];
  if (count < 1 || index < 1 || index > count) throw new UsageError(`--shard takes i/n with 1 <= i <= n, e.g. --shard 3/8; got ${s}`);
  return { index, count };
}

/** Runs [lo, hi) of shard i of n: contiguous, balanced, deterministic. */
export function shardRange(runs: number, shard?: Shard): [number, number] {
  if (!shard) return [0, runs];
  return [Math.floor(((shard.index - 1) * runs) / shard.count), Math.floor((shard.index * runs) / shard.count)];
}

/** Adaptive chunks: about this much work each (ms of a worker's time, runs and file). */
export const CHUNK_TARGET_MS = 50;
/** ... and at most this many bytes of rows (memory: a worker holds at most two chunks). */
export const CHUNK_MAX_BYTES = 8 << 20;
/** The first chunks, before any run time is known. */
export const CHUNK_FIRST = 4;

/**
 * Cuts the runs still to do (`gaps`, sorted, disjoint [lo, hi) ranges) into chunks.
 * Adaptive sizes from the measured time and bytes per run (or `fixed`), never more
 * than 1/(2 jobs) of the runs not yet handed out, so the last chunks are small.
 */
export class Chunker {
  private gi = 0;
  private at: number;
  private left: number;
  /** recent ms and bytes per run (moving averages: the first runs are slow, before the JIT warms up) */
  private msPerRun = 0;
  private bytesPerRun = 0;
  private reported = false;
  constructor(private gaps: [number, number][], private jobs: number, private fixed?: number) {
    this.at = gaps.length ? gaps[0][0] : 0;
    this.left = gaps.reduce((n, [a, b]) => n + b - a, 0);
  }
  get remaining(): number { return this.left; }
  /** a finished chunk: `runs` runs took `ms` and `bytes` */
  report(runs: number, ms: number, bytes: number): void {
    if (runs <= 0) return;
    const w = this.reported ? 0.5 : 1;
    this.msPerRun += w * (ms / runs - this.msPerRun);
    this.bytesPerRun = Math.max(this.bytesPerRun, bytes / runs);
    this.reported = true;
  }
  size(): number {
    if (this.fixed) return this.fixed;
    let n = CHUNK_FIRST;
    if (this.reported) {
      n = CHUNK_TARGET_MS / Math.max(1e-6, this.msPerRun);
      n = Math.min(n, CHUNK_MAX_BYTES / Math.max(1, this.bytesPerRun));
    }
    n = Math.min(n, Math.ceil(this.left / (2 * this.jobs)));
    return Math.max(1, Math.floor(n));
  }
  /** More runs to do (adaptive replications: the next round), after every earlier range was handed out. */
  refill(gaps: [number, number][]): void {
    this.gaps = gaps;
    this.gi = 0;
    this.at = gaps.length ? gaps[0][0] : 0;
    this.left = gaps.reduce((n, [a, b]) => n + b - a, 0);
  }
  next(): [number, number] | undefined {
    while (this.gi < this.gaps.length && this.at >= this.gaps[this.gi][1]) {
      this.gi++;
      if (this.gi < this.gaps.length) this.at = this.gaps[this.gi][0];
    }
    if (this.gi >= this.gaps.length) return undefined;
    const a = this.at, b = Math.min(this.gaps[this.gi][1], a + this.size());
    this.at = b;
    this.left -= b - a;
    return [a, b];
  }
}

/** The committed chunks of a chunk folder, sorted; removes unfinished or foreign files. */
export function committedChunks(chunkDir: string, lo: number, hi: number): [number, number][] {
  const done: [number, number][] = [];
  for (const f of safeList(chunkDir)) {
    const m = CHUNK_RE.exec(f);
    if (!m) { rmSync(join(chunkDir, f), { force: true, recursive: true }); continue; }
    done.push([+m[1], +m[2]]);
  }
  done.sort((x, y) => x[0] - y[0]);
  let at = lo;
  for (const [a, b] of done) {
    if (a < at || b <= a || b > hi) throw new Error(`the chunk files in ${chunkDir} overlap or fall outside runs ${lo}..${hi - 1} (${chunkFile(a, b)}); delete that folder and resume to redo its runs`);
    at = b;
  }
  return done;
}

/** The ranges of [lo, hi) that no chunk covers. */
export function gapsOf(done: [number, number][], lo: number, hi: number): [number, number][] {
  const gaps: [number, number][] = [];
  let at = lo;
  for (const [a, b] of done) { if (a > at) gaps.push([at, a]); at = b; }
  if (at < hi) gaps.push([at, hi]);
  return gaps;
}

/** The worker bundle: beside the running bundle (dist/), or the project's dist/ from the TS sources. */
export function workerPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'worker.mjs'), join(here, '..', 'worker.mjs'), join(here, '..', '..', 'dist', 'worker.mjs')];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(`cannot find the sweep worker (dist/worker.mjs); build it with: node sim/build.mjs`);
}

/** `chunk`: the fixed chunk size, or null for adaptive chunks; `chunk_format`: 2 = one `.chunk` file per chunk */
interface State { sweep_id: string; sweep_file: string; shard: Shard | null; range: [number, number]; chunk: number | null; chunk_format?: number }

function readJson(path: string): any {
  return readJsonFile(path);
}

/** Worker threads: at most this many per core (more only add memory and start-up time). */
export const MAX_JOBS_PER_CORE = 4;

/** The number of workers to start: the request (default one per core), at most MAX_JOBS_PER_CORE per core; says so when it cuts. */
export function capJobs(requested: number | undefined, io?: CliIO): number {
  const cores = availableParallelism();
  const max = MAX_JOBS_PER_CORE * cores;
  const want = requested ?? cores;
  if (want > max) io?.err(`note: --jobs ${want} is more than ${MAX_JOBS_PER_CORE} per core; using ${max} workers (${cores} cores)`);
  return Math.max(1, Math.min(want, max));
}

/** Explain how two resolved sweeps differ, key by key. */
export function explainChange(old: any, cur: Sweep, oldScenarioSha?: string): string {
  const diffs: string[] = [];
  const a = old?.sweep?.resolved ?? old?.resolved ?? {};
  const b = cur.spec as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) diffs.push(k);
  }
  if (oldScenarioSha && oldScenarioSha !== cur.scenario.hash) diffs.push(`the scenario files (${[...cur.scenario.sources.keys()].join(', ')})`);
  return diffs.length ? diffs.join(', ') : 'the sweep or its scenario';
}

function refuseFolder(out: string, why: string): never {
  throw new UserError(why, [issue('OUTPUT_FOLDER_IN_USE', '', why, { file: out })], EXIT.input);
}

function refuse(out: string, why: string): never {
  throw new UserError(why, [issue('SWEEP_RESUME_MISMATCH', '', why, { file: out })], EXIT.input);
}

export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const t0 = performance.now();
  const started = new Date();
  checkOutputPath(opts.out, 'folder');
  // the workers load the sweep while this thread does (their start-up is most of a short sweep's time);
  // they write nothing until this thread has checked everything and sends them chunks
  const early = startWorkers(capJobs(opts.jobs, opts.io), { sweepFile: opts.file, chunkDir: join(opts.out, CHUNK_DIR), force: !!opts.force });
  let lock: Lock | undefined;
  try {
    return await runSweepWith(opts, early, t0, started, (l) => { lock = l; });
  } finally {
    early?.close();
    lock?.release();
  }
}

async function runSweepWith(opts: SweepOptions, early: WorkerPool | undefined, t0: number, started: Date, onLock: (l: Lock) => void): Promise<SweepResult> {
  const { sweep, issues } = await loadSweep(opts.file);
  if (!sweep) throw new UserError('the sweep file has errors', issues, EXIT.input);
  // before any work or file: the size of the design and of the output, and what the folder holds
  checkSweepSize(sweep, opts.force);
  const before = folderKind(opts.out);
  if ((before.kind === 'run' || before.kind === 'other') && !opts.force) {
    refuseFolder(opts.out, `${opts.out} holds ${describeKind(before.kind)} (${before.entries.slice(0, 5).join(', ')}${before.entries.length > 5 ? ', ...' : ''}), not a sweep; a sweep writes only into a new or empty folder, or resumes its own. Choose another --out, or add --force to remove that output and start the sweep there`);
  }
  if ((before.kind === 'sweep' || before.kind === 'unfinished-sweep') && !opts.resume && !opts.extend) {
    throw new UsageError(before.kind === 'sweep'
      ? `${opts.out} already holds a finished sweep; choose another --out, add --resume to check it is complete, or --extend to grow it with more replications or design points`
      : `${opts.out} holds an unfinished sweep; add --resume to continue it (${cliCommand()} sweep ${shellQuote(opts.file)} --out ${shellQuote(opts.out)}${opts.shard ? ` --shard ${opts.shard.index}/${opts.shard.count}` : ''} --resume), or choose another --out`);
  }
  mkdirSync(opts.out, { recursive: true });
  onLock(acquireLock(opts.out, opts.argv ? ['hedgesim', ...opts.argv].join(' ') : `hedgesim sweep ${opts.file}`));
  if (opts.force) {
    const now = folderKind(opts.out);
    if (now.kind === 'run') clearKind(opts.out, RUN_FILES);
    else if (now.kind === 'other') clearKind(opts.out, SWEEP_FILES);
    else if (now.kind === 'compare') clearKind(opts.out, COMPARE_FILES);
  }
  const plan = planSweep(sweep);
  const sweepId = sweepIdOf(sweep);
  const [lo, hi] = shardRange(plan.runs, opts.shard);
  const out = opts.out;
  const statePath = join(out, STATE_FILE);
  const manifestPath = join(out, 'manifest.json');
  const chunkDir = join(out, CHUNK_DIR);
  const shardLabel = opts.shard ? ` --shard ${opts.shard.index}/${opts.shard.count}` : '';
  const resumeCmd = `${cliCommand()} sweep ${shellQuote(opts.file)} --out ${shellQuote(out)}${shardLabel} --resume`;
  if (sweep.adaptive && opts.shard) throw new UsageError('adaptive replications (replications: {until: ...}) run in one folder, because each point\'s replications depend on its earlier ones; drop --shard and use --jobs for more cores');
  if (opts.extend) {
    if (opts.shard) throw new UsageError('--extend grows a whole sweep folder; extend the merged folder (hedgesim merge first), then shard the new sweep if you like');
    if (sweep.adaptive) throw new UsageError('--extend cannot grow a sweep with adaptive replications; raise until.max and run it again in another --out folder');
    prepareExtension({ out, sweep, plan, sweepId, note: (s) => opts.io.err(s) });
    opts = { ...opts, resume: true };
  }

  // an existing folder: finished, in progress, or something else
  const oldManifest = existsSync(manifestPath) ? readJson(manifestPath) : undefined;
  const oldState = existsSync(statePath) ? readJson(statePath) as State | undefined : undefined;
  if (oldManifest?.kind === 'sweep' && !oldState) {
    if (!opts.resume) throw new UsageError(`${out} already holds a finished sweep; choose another --out, or add --resume to check it is complete`);
    if (oldManifest.sweep_id !== sweepId) refuse(out, `${out} holds a sweep made from a different sweep file (changed: ${explainChange(oldManifest, sweep, oldManifest.scenario?.sha256)}); a resume must use the same file; use another --out for the changed sweep`);
    const sh = oldManifest.shard;
    if ((sh?.index ?? 0) !== (opts.shard?.index ?? 0) || (sh?.count ?? 0) !== (opts.shard?.count ?? 0)) refuse(out, `${out} holds ${sh ? `shard ${sh.index}/${sh.count}` : 'a whole sweep'}, not ${opts.shard ? `shard ${opts.shard.index}/${opts.shard.count}` : 'the whole sweep'}`);
    const c = oldManifest.counts;
    verifyFiles(out, oldManifest.files, `The finished sweep cannot be repaired (its chunks are gone): delete ${out} and run the sweep again, or restore the files from a copy`);
    if (c?.runs !== hi - lo || oldManifest.files?.['runs.csv']?.rows !== hi - lo) refuse(out, `${out}: the manifest counts ${c?.runs} runs and runs.csv ${oldManifest.files?.['runs.csv']?.rows} rows, but the sweep has ${hi - lo}; delete ${out} and run the sweep again`);
    opts.io.err(`${out}: the sweep is already complete (${c.runs} runs, ${c.failed} failed); nothing to do`);
    rmSync(chunkDir, { recursive: true, force: true });
    return { code: c.failed ? EXIT.run : EXIT.ok, runs: c.runs, ok: c.ok, failed: c.failed, done: true, interrupted: false, seconds: 0, runsPerSecond: 0, maxRss: process.memoryUsage().rss };
  }
  if (oldState) {
    if (!opts.resume) throw new UsageError(`${out} holds an unfinished sweep; add --resume to continue it (${resumeCmd}), or choose another --out`);
    if (oldState.sweep_id !== sweepId) {
      const oldMan = readJson(join(out, 'sweep-resolved.json'));
      refuse(out, `cannot resume: the sweep file or its scenario changed since this sweep started (changed: ${explainChange(oldMan, sweep, oldMan?.scenario_sha256)}); resuming would mix runs of two different sweeps. Restore the file, or start the changed sweep in another --out folder`);
    }
    if ((oldState.shard?.index ?? 0) !== (opts.shard?.index ?? 0) || (oldState.shard?.count ?? 0) !== (opts.shard?.count ?? 0)) {
      refuse(out, `cannot resume: ${out} was started as ${oldState.shard ? `shard ${oldState.shard.index}/${oldState.shard.count}` : 'the whole sweep'}; resume it with the same --shard`);
    }
  } else {
    mkdirSync(out, { recursive: true });
    writeFileAtomic(join(out, 'sweep-resolved.json'), JSON.stringify({ resolved: sweep.spec, scenario_sha256: sweep.scenario.hash }, null, 2) + '\n');
    const st: State = { sweep_id: sweepId, sweep_file: sweep.file, shard: opts.shard ?? null, range: [lo, hi], chunk: opts.chunk ?? null, chunk_format: 2 };
    writeFileAtomic(statePath, JSON.stringify(st, null, 2) + '\n');
  }
  mkdirSync(chunkDir, { recursive: true });
  // adaptive replications: points.csv is written at the end, with the replications each point needed
  if (!sweep.adaptive && !existsSync(join(out, 'points.csv'))) {
    concatFromLines(join(out, 'points.csv'), pointsHeader(plan), plan.points, (p) => pointRow(plan, p));
  }

  // which runs are done: any chunk file there (an older session may have cut other chunks)
  let okDone = 0, failedDone = 0;
  let committed: [number, number][];
  try {
    committed = committedChunks(chunkDir, lo, hi);
    for (const [a, b] of committed) {
      const nf = countLines(readChunk(join(chunkDir, chunkFile(a, b))).section('failed'));
      failedDone += nf;
      okDone += b - a - nf;
    }
  } catch (e) {
    refuse(out, `cannot resume: ${(e as Error).message}`);
  }
  const ad = sweep.adaptive ? new AdaptiveRuns(sweep, sweep.adaptive, plan.replications, lo / plan.replications, hi / plan.replications) : undefined;
  if (ad) for (const [a, b] of committed) ad.ingest(chunkDir, a, b);
  const gaps = ad ? ad.nextRound() : gapsOf(committed, lo, hi);
  const resumed = okDone + failedDone;
  const todo = gaps.reduce((n, [a, b]) => n + b - a, 0);
  const total = ad ? resumed + todo : hi - lo;
  if (resumed && todo) opts.io.err(`resuming: ${resumed} of ${total} runs already done`);

  // the manifest's fixed part now (it asks git for the commit), while the workers start
  const base = manifestBase(sweep, plan, sweepId);

  // the pool
  const jobs = Math.max(1, Math.min(capJobs(opts.jobs), todo || 1));
  let ok = okDone, failed = failedDone, runsThisSession = 0, interrupted = false;
  let maxRss = process.memoryUsage().rss;
  let poolStats: Record<string, unknown> = {};
  const firstFailures: { run_id: number; error: string }[] = [];
  if (todo) {
    const chunker = new Chunker(gaps, jobs, opts.chunk);
    const res = await pool(opts, early, sweepId, chunkDir, chunker, jobs, total, resumed, (m) => {
      ok += m.ok; failed += m.failed; runsThisSession += m.hi - m.lo;
      if (firstFailures.length < 3) firstFailures.push(...m.firstFailures.slice(0, 3 - firstFailures.length));
      ad?.ingest(chunkDir, m.lo, m.hi);
    }, ad ? () => ad.nextRound() : undefined);
    interrupted = res.interrupted;
    maxRss = Math.max(maxRss, res.maxRss);
    poolStats = { worker_busy: res.busy, first_worker_ready_seconds: +(res.readyMs / 1000).toFixed(3) };
  }
  early?.close();
  const seconds = (performance.now() - t0) / 1000;
  const rate = runsThisSession / Math.max(1e-9, seconds);
  if (interrupted) {
    opts.io.err(`stopped: ${ok + failed} of ${total} runs done and saved in ${out}; continue with:\n  ${resumeCmd}`);
    return { code: 130, runs: total, ok, failed, done: false, interrupted: true, seconds, runsPerSecond: rate, maxRss };
  }

  // finish: assemble in run-id order, manifest last, then clean up
  const chunks = committedChunks(chunkDir, lo, hi);
  if (ad ? (ad.nextRound().length || !ad.complete) : gapsOf(chunks, lo, hi).length) throw new Error(`runs are missing from ${chunkDir} after the sweep; resume it to redo them: ${resumeCmd}`);
  const th = tableHeaders(sweep);
  const targets: { section: ChunkSection; file: string; header: readonly string[] }[] = [
    { section: 'runs', file: 'runs.csv', header: runsHeader(sweep) },
    ...(th.world ? [{ section: 'world' as const, file: 'world.csv', header: th.world }] : []),
    ...(th.countries ? [{ section: 'countries' as const, file: 'countries.csv', header: th.countries }] : []),
    { section: 'timing', file: 'timing.csv', header: TIMING_HEADER },
  ];
  const failedList: FailedRun[] = [];
  let failedKept = 0;
  const rows = assemble(out, targets, chunks.map(([a, b]) => join(chunkDir, chunkFile(a, b))), (failedJsonl) => {
    for (const l of failedJsonl.split('\n')) {
      if (!l) continue;
      failedKept++;
      if (failedList.length < MAX_FAILED_LISTED) { const f = JSON.parse(l); failedList.push({ ...f, replay: replayCommand(f.run_id) }); }
    }
  }, ad ? (id) => ad.keeps(id) : undefined);
  if (ad) {
    // the runs each point needed: runs.csv keeps those, points.csv says how many
    ok = rows['runs.csv'].rows - failedKept;
    failed = failedKept;
    concatFromLines(join(out, 'points.csv'), [...pointsHeader(plan), 'replications', 'half_width', 'converged'], plan.points, (p) => {
      const st = ad.points[p - lo / plan.replications];
      return `${pointRow(plan, p)},${st.n},${Number.isFinite(st.half) ? fmt(st.half) : ''},${st.converged}`;
    });
  }
  const expectedRows = ad ? ok + failed : total;
  if (rows['runs.csv'].rows !== expectedRows) throw new Error(`runs.csv has ${rows['runs.csv'].rows} rows after assembling, not ${expectedRows}; resume to redo the missing runs: ${resumeCmd}`);
  const files: Record<string, FileRecord> = {};
  files['runs.csv'] = rows['runs.csv'];
  files['points.csv'] = digestFile(join(out, 'points.csv'));
  if (th.world) files['world.csv'] = rows['world.csv'];
  if (th.countries) files['countries.csv'] = rows['countries.csv'];
  const counts = { runs: expectedRows, ok, failed };
  const shard = opts.shard ? { index: opts.shard.index, count: opts.shard.count, first_run: lo, end_run: hi } : undefined;
  writeFileAtomic(manifestPath, finishManifest(base, counts, failedList, files, shard));
  writeFileAtomic(join(out, 'timing.json'), JSON.stringify({
    command: opts.argv ? ['hedgesim', ...opts.argv].join(' ') : undefined,
    started_at: started.toISOString(), finished_at: new Date().toISOString(),
    seconds: +seconds.toFixed(3), jobs, runs_this_session: runsThisSession, runs_per_second: +rate.toFixed(2),
    resumed_runs: resumed, ...poolStats, cpu_seconds: +((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(3), max_rss_mb: +(maxRss / 1048576).toFixed(1),
  }, null, 2) + '\n');
  rmSync(chunkDir, { recursive: true, force: true });
  rmSync(statePath, { force: true });
  rmSync(join(out, 'sweep-resolved.json'), { force: true });
  if (failed) {
    opts.io.err(`${failed} of ${counts.runs} runs failed (status failed in runs.csv, message in the error column). Replay one with full time series:`);
    for (const f of failedList.slice(0, 3)) opts.io.err(`  ${replayCommand(f.run_id, out, cliCommand())}    # ${f.error.slice(0, 120)}`);
  }
  return { code: failed ? EXIT.run : EXIT.ok, runs: counts.runs, ok, failed, done: true, interrupted: false, seconds, runsPerSecond: rate, maxRss };
}

function concatFromLines(path: string, header: string[], n: number, row: (i: number) => string) {
  const lines = [header.join(',')];
  for (let i = 0; i < n; i++) lines.push(row(i));
  writeFileAtomic(path, lines.join('\n') + '\n');
}

/** Number of lines (newline-terminated) in a buffer. */
function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * Write each target file (header, then its section of every chunk, in order) under
 * a temporary name, reading each chunk once; rename them all when complete, in
 * `targets` order. Returns the row count of each file.
 */
function assemble(out: string, targets: { section: ChunkSection; file: string; header: readonly string[] }[], chunks: string[],
  onFailed: (jsonl: string) => void, keep?: (runId: number) => boolean): Record<string, Required<FileRecord>> {
  const open = targets.map((t) => createExclusive(join(out, t.file)));
  const hashes = targets.map(() => createHash('sha256'));
  const rows: Record<string, Required<FileRecord>> = {};
  const put = (i: number, b: Buffer) => { hashes[i].update(b); rows[targets[i].file].bytes += b.length; writeAll(open[i][0], b); };
  try {
    targets.forEach((t, i) => { rows[t.file] = { rows: 0, bytes: 0, sha256: '' }; put(i, Buffer.from(t.header.join(',') + '\n')); });
    for (const c of chunks) {
      const ch = readChunk(c);
      targets.forEach((t, i) => {
        const b = keep ? keepLines(ch.section(t.section), keep) : ch.section(t.section);
        rows[t.file].rows += countLines(b);
        put(i, b);
      });
      const f = ch.section('failed');
      if (f.length) onFailed(keep ? f.toString('utf8').split('\n').filter((l) => l && keep(JSON.parse(l).run_id)).map((l) => l + '\n').join('') : f.toString('utf8'));
    }
  } catch (e) {
    for (const [fd, tmp] of open) { try { closeSync(fd); } catch { /* closed */ } rmSync(tmp, { force: true }); }
    throw e;
  }
  for (const [fd] of open) closeSync(fd);
  targets.forEach((t, i) => { rows[t.file].sha256 = hashes[i].digest('hex'); renameSync(open[i][1], join(out, t.file)); });
  return rows;
}

/** The lines of a section whose run id (the number before the first comma) `keep` accepts. */
function keepLines(b: Buffer, keep: (runId: number) => boolean): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < b.length;) {
    let nl = b.indexOf(10, at);
    if (nl < 0) nl = b.length - 1;
    const comma = b.indexOf(44, at);
    const id = Number(b.subarray(at, comma > at && comma < nl ? comma : nl).toString('latin1'));
    if (keep(id)) parts.push(b.subarray(at, nl + 1));
    at = nl + 1;
  }
  return Buffer.concat(parts);
}

function writeAll(fd: number, b: Buffer) {
  for (let at = 0; at < b.length;) at += writeSync(fd, b, at, b.length - at);
}

/** Worker threads started early; their messages wait until the pool listens. */
class WorkerPool {
  workers: Worker[] = [];
  private handler?: (w: Worker, m: PoolEvent) => void;
  private queued: [Worker, PoolEvent][] = [];
  private closed = false;
  constructor(n: number, path: string, data: WorkerData) {
    for (let j = 0; j < n; j++) {
      const w = new Worker(path, { workerData: data });
      this.workers.push(w);
      const on = (m: PoolEvent) => { if (this.handler) this.handler(w, m); else this.queued.push([w, m]); };
      w.on('message', (m: FromWorker) => on(m));
      w.on('error', (e) => on({ type: 'crash', error: e }));
      w.on('exit', () => on({ type: 'exit' }));
    }
  }
  listen(h: (w: Worker, m: PoolEvent) => void) {
    this.handler = h;
    for (const [w, m] of this.queued.splice(0)) h(w, m);
  }
  /** Stop listening and end the workers (twice is fine). */
  close() {
    this.handler = undefined;
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) void w.terminate();
  }
}
type PoolEvent = FromWorker | { type: 'crash'; error: unknown } | { type: 'exit' };

function startWorkers(n: number, data: WorkerData): WorkerPool | undefined {
  let path: string;
  try { path = workerPath(); } catch { return undefined; } // reported when the pool is needed
  return new WorkerPool(Math.max(1, n), path, data);
}

type Done = Extract<FromWorker, { type: 'done' }>;
/** `busy`: per worker, the share of the time from its `ready` to the end of the pool spent on chunks; `readyMs`: the first worker's `ready`, from the pool's start */
interface PoolResult { interrupted: boolean; maxRss: number; busy: number[]; readyMs: number }

async function pool(opts: SweepOptions, early: WorkerPool | undefined, sweepId: string, chunkDir: string, chunker: Chunker, jobs: number,
  total: number, already: number, onDone: (m: Done) => void, nextRound?: () => [number, number][]): Promise<PoolResult> {
  const io = opts.io;
  // the early workers, or (when they could not start early) new ones now
  const wp = early ?? new WorkerPool(jobs, workerPath(), { sweepFile: opts.file, chunkDir, force: !!opts.force });
  // more workers than runs left: end the extra ones
  for (const w of wp.workers.slice(jobs)) void w.terminate();
  const active = new Set(wp.workers.slice(0, jobs));
  let dispatched = 0, finishedChunks = 0, doneRuns = already, sessionRuns = 0;
  const tStart = performance.now();
  let maxRss = process.memoryUsage().rss;
  let lastDraw = performance.now(), logged = 0;
  const eta = new Eta();
  // a terminal: one line redrawn 5 times a second; a log (Slurm, CI, a pipe): a plain line every few seconds
  const every = io.isTTY ? 200 : progressSeconds() * 1000;
  const draw = (force = false) => {
    const now = performance.now();
    if (!force && now - lastDraw < every) return;
    lastDraw = now;
    const left = eta.left(total - doneRuns, now);
    const pct = ((100 * doneRuns) / Math.max(1, total)).toFixed(1);
    const line = `${doneRuns}/${total} runs (${pct}%)  ${eta.rate(now).toFixed(0)} runs/s  ${left === undefined ? '--' : fmtDur(left)} left`;
    if (io.isTTY) process.stderr.write(`\r\x1b[K${line}`);
    else { io.err(`progress: ${line}`); logged++; }
  };
  return new Promise((resolveP, rejectP) => {
    let live = active.size, settled = false, interrupted = false;
    const busyMs = new Map<Worker, number>(), readyAt = new Map<Worker, number>();
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      const end = performance.now();
      const busy = [...readyAt].map(([w, t]) => +((busyMs.get(w) ?? 0) / Math.max(1e-9, end - t)).toFixed(3));
      const readyMs = readyAt.size ? Math.min(...readyAt.values()) - tStart : NaN;
      process.off('SIGINT', onSigint);
      clearInterval(memTimer);
      wp.close();
      if (io.isTTY) { draw(true); process.stderr.write('\n'); } else if (!err && !interrupted && logged > 0) draw(true); // a log that had progress lines gets the last one
      for (const f of safeList(chunkDir)) if (f.endsWith('.partial')) rmSync(join(chunkDir, f), { force: true });
      if (err) rejectP(err); else resolveP({ interrupted, maxRss, busy, readyMs });
    };
    const onSigint = () => { interrupted = true; finish(); };
    if (opts.handleSigint) process.on('SIGINT', onSigint);
    const memTimer = setInterval(() => { maxRss = Math.max(maxRss, process.memoryUsage().rss); }, 250);
    const inflight = new Map<Worker, number>();
    const stopAt = opts.stopAfterChunks ?? Infinity;
    const feed = (w: Worker) => {
      while ((inflight.get(w) ?? 0) < 2 && dispatched < stopAt) {
        const c = chunker.next();
        if (!c) break;
        dispatched++;
        inflight.set(w, (inflight.get(w) ?? 0) + 1);
        w.postMessage({ type: 'chunk', lo: c[0], hi: c[1] } satisfies ToWorker);
      }
    };
    const allDone = () => finishedChunks === dispatched && (chunker.remaining === 0 || dispatched >= stopAt);
    wp.listen((w, m) => {
      if (settled || !active.has(w)) return;
      if (m.type === 'ready') {
        if (m.sweepId !== sweepId) finish(new Error('the sweep file or its scenario changed while the sweep was starting; run the command again'));
        else { readyAt.set(w, performance.now()); feed(w); }
      } else if (m.type === 'fatal') finish(new Error(`a sweep worker failed: ${m.message}`));
      else if (m.type === 'crash') finish(new Error(`a sweep worker crashed: ${(m.error as Error)?.stack ?? m.error}`));
      else if (m.type === 'exit') { if (--live === 0) finish(new Error('the sweep workers exited before the sweep was done')); }
      else if (m.type === 'done') {
        inflight.set(w, inflight.get(w)! - 1);
        busyMs.set(w, (busyMs.get(w) ?? 0) + m.ms);
        finishedChunks++;
        doneRuns += m.hi - m.lo;
        sessionRuns += m.hi - m.lo;
        eta.done(m.hi - m.lo, performance.now());
        chunker.report(m.hi - m.lo, m.ms, m.bytes);
        onDone(m);
        draw();
        feed(w);
        if (allDone() && nextRound && chunker.remaining === 0 && dispatched < stopAt) {
          // adaptive replications: the next round, once every chunk of this one is in
          const g = nextRound();
          if (g.length) { chunker.refill(g); for (const x of active) if (readyAt.has(x)) feed(x); return; }
        }
        if (allDone()) {
          // stopped by the test hook (stopAfterChunks) with runs left, or before the next adaptive round
          if (chunker.remaining > 0 || (nextRound && dispatched >= stopAt)) interrupted = true;
          finish();
        }
      }
    });
  });
}

function safeList(dir: string): string[] { try { return readdirSync(dir); } catch { return []; } }

/** Seconds between progress lines when stderr is not a terminal (HEDGESIM_PROGRESS_SECONDS, default 10). */
export function progressSeconds(): number {
  const v = Number(process.env.HEDGESIM_PROGRESS_SECONDS);
  return Number.isFinite(v) && v > 0 ? v : 10;
}

/**
 * Time left. The rate is measured from the first finished chunk on (the workers'
 * start-up and the first chunks' JIT warm-up are not work that repeats), and no
 * estimate is given before a few chunks and at least 2% of the runs are done.
 */
export class Eta {
  private t1 = NaN;
  private runs = 0;
  private chunks = 0;
  private first = 0;
  private all = 0;
  done(runs: number, now: number): void {
    this.chunks++;
    if (Number.isNaN(this.t1)) { this.t1 = now; this.first = runs; } else this.runs += runs;
    this.all += runs;
  }
  rate(now: number): number { return this.runs > 0 && now > this.t1 ? (this.runs * 1000) / (now - this.t1) : 0; }
  /** seconds left for `left` runs, or undefined while too little is known */
  left(left: number, now: number): number | undefined {
    const r = this.rate(now);
    if (this.chunks < 4 || r <= 0 || this.all < 0.02 * (this.all + left)) return undefined;
    return left / r;
  }
}

function fmtDur(s: number): string {
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), x = s % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(x).padStart(2, '0')}` : `${m}:${String(x).padStart(2, '0')}`;
}
