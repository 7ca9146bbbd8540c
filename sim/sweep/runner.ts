/**
 * runSweep: plan → shard → pool → merge, for one output folder.
 *
 * The runs of the shard are cut into chunks of consecutive run ids. A pool of
 * persistent worker threads (one per core by default) runs chunks and writes each
 * one atomically under DIR/.chunks/ (the runs file last, as the commit mark). When
 * every chunk is there, the final files are concatenated in run-id order, the
 * manifest is written last, and the chunks are removed. So:
 * - the bytes do not depend on the number of workers or on the chunking;
 * - after `kill -9` at any moment, `--resume` redoes only the chunks without a runs
 *   file, and the result has every run once;
 * - memory holds one chunk per worker, whatever the number of runs.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { UserError, UsageError, issue, EXIT } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { loadSweep, type Sweep } from './spec.ts';
import { planSweep, type Plan } from './plan.ts';
import { sweepIdOf } from './identity.ts';
import { CHUNK_RE, chunkName, pointRow, pointsHeader, runsHeader, tableHeaders, TIMING_HEADER } from './exec.ts';
import { concatInto, finishManifest, manifestBase, replayCommand, type FailedRun, MAX_FAILED_LISTED } from './output.ts';
import type { FromWorker, WorkerData } from './worker.ts';
import type { CliIO } from '../cli/io.ts';

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
  /** runs per chunk (default from the number of runs) */
  chunk?: number;
  /** internal, for tests: stop after this many chunks as if interrupted */
  stopAfterChunks?: number;
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

export function defaultChunk(runs: number): number {
  return Math.max(1, Math.min(64, Math.ceil(runs / 256)));
}

/** The worker bundle: beside the running bundle (dist/), or the project's dist/ from the TS sources. */
export function workerPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'worker.mjs'), join(here, '..', 'worker.mjs'), join(here, '..', '..', 'dist', 'worker.mjs')];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(`cannot find the sweep worker (dist/worker.mjs); build it with: node sim/build.mjs`);
}

interface State { sweep_id: string; sweep_file: string; shard: Shard | null; range: [number, number]; chunk: number }

function readJson(path: string): any {
  try { return JSON.parse(readFileSync(path, 'utf8')); } catch { return undefined; }
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

function refuse(out: string, why: string): never {
  throw new UserError(why, [issue('SWEEP_RESUME_MISMATCH', '', why, { file: out })], EXIT.input);
}

export async function runSweep(opts: SweepOptions): Promise<SweepResult> {
  const t0 = performance.now();
  const started = new Date();
  const { sweep, issues } = await loadSweep(opts.file);
  if (!sweep) throw new UserError('the sweep file has errors', issues, EXIT.input);
  const plan = planSweep(sweep);
  const sweepId = sweepIdOf(sweep);
  const [lo, hi] = shardRange(plan.runs, opts.shard);
  const out = opts.out;
  const statePath = join(out, STATE_FILE);
  const manifestPath = join(out, 'manifest.json');
  const chunkDir = join(out, CHUNK_DIR);
  const shardLabel = opts.shard ? ` --shard ${opts.shard.index}/${opts.shard.count}` : '';
  const resumeCmd = `hedgesim sweep ${opts.file} --out ${out}${shardLabel} --resume`;

  // an existing folder: finished, in progress, or something else
  const oldManifest = existsSync(manifestPath) ? readJson(manifestPath) : undefined;
  const oldState = existsSync(statePath) ? readJson(statePath) as State | undefined : undefined;
  if (oldManifest?.kind === 'sweep' && !oldState) {
    if (!opts.resume) throw new UsageError(`${out} already holds a finished sweep; choose another --out, or add --resume to check it is complete`);
    if (oldManifest.sweep_id !== sweepId) refuse(out, `${out} holds a sweep made from a different sweep file (changed: ${explainChange(oldManifest, sweep, oldManifest.scenario?.sha256)}); a resume must use the same file; use another --out for the changed sweep`);
    const sh = oldManifest.shard;
    if ((sh?.index ?? 0) !== (opts.shard?.index ?? 0) || (sh?.count ?? 0) !== (opts.shard?.count ?? 0)) refuse(out, `${out} holds ${sh ? `shard ${sh.index}/${sh.count}` : 'a whole sweep'}, not ${opts.shard ? `shard ${opts.shard.index}/${opts.shard.count}` : 'the whole sweep'}`);
    const c = oldManifest.counts;
    opts.io.err(`${out}: the sweep is already complete (${c.runs} runs, ${c.failed} failed); nothing to do`);
    rmSync(chunkDir, { recursive: true, force: true });
    return { code: c.failed ? EXIT.run : EXIT.ok, runs: c.runs, ok: c.ok, failed: c.failed, done: true, interrupted: false, seconds: 0, runsPerSecond: 0, maxRss: process.memoryUsage().rss };
  }
  let chunk = opts.chunk ?? defaultChunk(hi - lo);
  if (oldState) {
    if (!opts.resume) throw new UsageError(`${out} holds an unfinished sweep; add --resume to continue it (${resumeCmd}), or choose another --out`);
    if (oldState.sweep_id !== sweepId) {
      const oldMan = readJson(join(out, 'sweep-resolved.json'));
      refuse(out, `cannot resume: the sweep file or its scenario changed since this sweep started (changed: ${explainChange(oldMan, sweep, oldMan?.scenario_sha256)}); resuming would mix runs of two different sweeps. Restore the file, or start the changed sweep in another --out folder`);
    }
    if ((oldState.shard?.index ?? 0) !== (opts.shard?.index ?? 0) || (oldState.shard?.count ?? 0) !== (opts.shard?.count ?? 0)) {
      refuse(out, `cannot resume: ${out} was started as ${oldState.shard ? `shard ${oldState.shard.index}/${oldState.shard.count}` : 'the whole sweep'}; resume it with the same --shard`);
    }
    chunk = oldState.chunk;
  } else {
    mkdirSync(out, { recursive: true });
    writeFileAtomic(join(out, 'sweep-resolved.json'), JSON.stringify({ resolved: sweep.spec, scenario_sha256: sweep.scenario.hash }, null, 2) + '\n');
    const st: State = { sweep_id: sweepId, sweep_file: sweep.file, shard: opts.shard ?? null, range: [lo, hi], chunk };
    writeFileAtomic(statePath, JSON.stringify(st, null, 2) + '\n');
  }
  mkdirSync(chunkDir, { recursive: true });
  if (!existsSync(join(out, 'points.csv'))) {
    concatFromLines(join(out, 'points.csv'), pointsHeader(plan), plan.points, (p) => pointRow(plan, p));
  }

  // which chunks are done
  const all: [number, number][] = [];
  for (let a = lo; a < hi; a += chunk) all.push([a, Math.min(hi, a + chunk)]);
  const doneSet = new Set<number>();
  let okDone = 0, failedDone = 0;
  for (const f of readdirSync(chunkDir)) {
    if (f.endsWith('.partial')) { rmSync(join(chunkDir, f), { force: true }); continue; }
    const m = CHUNK_RE.exec(f);
    if (m) doneSet.add(+m[1]);
  }
  for (const [a, b] of all) {
    if (!doneSet.has(a)) continue;
    const nf = failedCount(join(chunkDir, chunkName(a, b) + '.failed.jsonl'));
    failedDone += nf;
    okDone += b - a - nf;
  }
  const pending = all.filter(([a]) => !doneSet.has(a));
  const total = hi - lo;
  const resumed = okDone + failedDone;
  if (resumed && pending.length) opts.io.err(`resuming: ${resumed} of ${total} runs already done`);

  // the pool
  const jobs = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), pending.length || 1));
  let ok = okDone, failed = failedDone, runsThisSession = 0, interrupted = false;
  let maxRss = process.memoryUsage().rss;
  const firstFailures: { run_id: number; error: string }[] = [];
  if (pending.length) {
    const res = await pool(opts, sweep, sweepId, chunkDir, pending, jobs, total, resumed, (m) => {
      ok += m.ok; failed += m.failed; runsThisSession += m.hi - m.lo;
      if (firstFailures.length < 3) firstFailures.push(...m.firstFailures.slice(0, 3 - firstFailures.length));
    });
    interrupted = res.interrupted;
    maxRss = Math.max(maxRss, res.maxRss);
  }
  const seconds = (performance.now() - t0) / 1000;
  const rate = runsThisSession / Math.max(1e-9, seconds);
  if (interrupted) {
    opts.io.err(`stopped: ${ok + failed} of ${total} runs done and saved in ${out}; continue with:\n  ${resumeCmd}`);
    return { code: 130, runs: total, ok, failed, done: false, interrupted: true, seconds, runsPerSecond: rate, maxRss };
  }

  // finish: concatenate in run-id order, manifest last, then clean up
  const names = all.map(([a, b]) => join(chunkDir, chunkName(a, b)));
  const files: Record<string, { rows: number }> = {};
  files['runs.csv'] = { rows: concatInto(join(out, 'runs.csv'), runsHeader(sweep), names.map((n) => n + '.runs.csv')) };
  files['points.csv'] = { rows: plan.points };
  const th = tableHeaders(sweep);
  if (th.world) files['world.csv'] = { rows: concatInto(join(out, 'world.csv'), th.world, names.map((n) => n + '.world.csv')) };
  if (th.countries) files['countries.csv'] = { rows: concatInto(join(out, 'countries.csv'), th.countries, names.map((n) => n + '.countries.csv')) };
  concatInto(join(out, 'timing.csv'), TIMING_HEADER, names.map((n) => n + '.timing.csv'));
  const failedList: FailedRun[] = [];
  for (const n of names) {
    if (failedList.length >= MAX_FAILED_LISTED) break;
    for (const f of readFailed(n + '.failed.jsonl')) failedList.push({ ...f, replay: replayCommand(f.run_id) });
  }
  const counts = { runs: total, ok, failed };
  const shard = opts.shard ? { index: opts.shard.index, count: opts.shard.count, first_run: lo, end_run: hi } : undefined;
  writeFileAtomic(manifestPath, finishManifest(manifestBase(sweep, plan, sweepId), counts, failedList, files, shard));
  writeFileAtomic(join(out, 'timing.json'), JSON.stringify({
    command: opts.argv ? ['hedgesim', ...opts.argv].join(' ') : undefined,
    started_at: started.toISOString(), finished_at: new Date().toISOString(),
    seconds: +seconds.toFixed(3), jobs, runs_this_session: runsThisSession, runs_per_second: +rate.toFixed(2),
    resumed_runs: resumed, cpu_seconds: +((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(3), max_rss_mb: +(maxRss / 1048576).toFixed(1),
  }, null, 2) + '\n');
  rmSync(chunkDir, { recursive: true, force: true });
  rmSync(statePath, { force: true });
  rmSync(join(out, 'sweep-resolved.json'), { force: true });
  if (failed) {
    opts.io.err(`${failed} of ${total} runs failed (status failed in runs.csv, message in the error column). Replay one with full time series:`);
    for (const f of failedList.slice(0, 3)) opts.io.err(`  ${replayCommand(f.run_id, out)}    # ${f.error.slice(0, 120)}`);
  }
  return { code: failed ? EXIT.run : EXIT.ok, runs: total, ok, failed, done: true, interrupted: false, seconds, runsPerSecond: rate, maxRss };
}

function concatFromLines(path: string, header: string[], n: number, row: (i: number) => string) {
  const lines = [header.join(',')];
  for (let i = 0; i < n; i++) lines.push(row(i));
  writeFileAtomic(path, lines.join('\n') + '\n');
}

function failedCount(path: string): number {
  try { return statSync(path).size ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0; } catch { return 0; }
}
function readFailed(path: string): { run_id: number; error: string }[] {
  try { return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)); } catch { return []; }
}

type Done = Extract<FromWorker, { type: 'done' }>;

async function pool(opts: SweepOptions, sweep: Sweep, sweepId: string, chunkDir: string, pending: [number, number][], jobs: number,
  total: number, already: number, onDone: (m: Done) => void): Promise<{ interrupted: boolean; maxRss: number }> {
  const io = opts.io;
  const path = workerPath();
  const data: WorkerData = { sweepFile: opts.file, sweepId, chunkDir };
  let next = 0, finishedChunks = 0, doneRuns = already, sessionRuns = 0;
  const tStart = performance.now();
  let maxRss = process.memoryUsage().rss;
  let lastDraw = 0;
  const draw = (force = false) => {
    if (!io.isTTY) return;
    const now = performance.now();
    if (!force && now - lastDraw < 200) return;
    lastDraw = now;
    const el = (now - tStart) / 1000;
    const rate = sessionRuns / Math.max(el, 1e-9);
    const left = rate > 0 ? (total - doneRuns) / rate : NaN;
    const pct = ((100 * doneRuns) / Math.max(1, total)).toFixed(1);
    process.stderr.write(`\r\x1b[K${doneRuns}/${total} runs (${pct}%)  ${rate.toFixed(0)} runs/s  ${Number.isFinite(left) ? fmtDur(left) : '--'} left`);
  };
  return new Promise((resolveP, rejectP) => {
    const workers: Worker[] = [];
    let live = 0, settled = false, interrupted = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      process.off('SIGINT', onSigint);
      clearInterval(memTimer);
      for (const w of workers) void w.terminate();
      if (io.isTTY) { draw(true); process.stderr.write('\n'); }
      for (const f of safeList(chunkDir)) if (f.endsWith('.partial')) rmSync(join(chunkDir, f), { force: true });
      if (err) rejectP(err); else resolveP({ interrupted, maxRss });
    };
    const onSigint = () => { interrupted = true; finish(); };
    if (opts.handleSigint) process.on('SIGINT', onSigint);
    const memTimer = setInterval(() => { maxRss = Math.max(maxRss, process.memoryUsage().rss); }, 250);
    const inflight = new Map<Worker, number>();
    const feed = (w: Worker) => {
      while ((inflight.get(w) ?? 0) < 2 && next < pending.length) {
        if (opts.stopAfterChunks !== undefined && next >= opts.stopAfterChunks) break;
        const [a, b] = pending[next++];
        inflight.set(w, (inflight.get(w) ?? 0) + 1);
        w.postMessage({ type: 'chunk', lo: a, hi: b });
      }
    };
    for (let j = 0; j < jobs; j++) {
      const w = new Worker(path, { workerData: data });
      workers.push(w);
      live++;
      w.on('message', (m: FromWorker) => {
        if (settled) return;
        if (m.type === 'ready') feed(w);
        else if (m.type === 'fatal') finish(new Error(`a sweep worker failed: ${m.message}`));
        else if (m.type === 'done') {
          inflight.set(w, inflight.get(w)! - 1);
          finishedChunks++;
          doneRuns += m.hi - m.lo;
          sessionRuns += m.hi - m.lo;
          onDone(m);
          draw();
          const limit = opts.stopAfterChunks ?? pending.length;
          if (finishedChunks >= Math.min(limit, pending.length)) {
            if (finishedChunks < pending.length) interrupted = true;
            finish();
          } else feed(w);
        }
      });
      w.on('error', (e) => finish(new Error(`a sweep worker crashed: ${e?.stack ?? e}`)));
      w.on('exit', () => { live--; if (!settled && live === 0) finish(new Error('the sweep workers exited before the sweep was done')); });
    }
  });
}

function safeList(dir: string): string[] { try { return readdirSync(dir); } catch { return []; } }

function fmtDur(s: number): string {
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), x = s % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(x).padStart(2, '0')}` : `${m}:${String(x).padStart(2, '0')}`;
}
