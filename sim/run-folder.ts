/**
 * `hedgesim run` as a library call: a loaded scenario → an output folder with
 * countries.csv, world.csv, events.csv and manifest.json. The folder must be absent,
 * empty or a run's (sim/io/out-folder.ts; `force` writes into any folder) and is
 * locked while the run writes. Every file is written into a temporary folder inside
 * it first; only when all are complete are they moved into place (the old manifest
 * removed first, the new one moved last), so a failure (a full disk) leaves the old
 * output as it was, never new tables beside an old manifest.
 */
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BYTES_PER_ROW, count, human, recordedSteps, type Estimate } from './io/limits.ts';
import { acquireLock, checkRunFolder, clearKind, COMPARE_FILES, RUN_FILES, SWEEP_FILES } from './io/out-folder.ts';
import type { Scenario } from './scenario/types.ts';
import { compileWorld } from './world/compile.ts';
import { kernelMemory } from './kernel/arena.ts';
import { runWorld } from './engine.ts';
import { CsvWriter } from './io/csv.ts';
import { writeFileAtomic } from './io/atomic.ts';
import { TableRecorder, countryHeader, worldHeader, eventLines, EVENT_COLUMNS, dateOfStep } from './record/recorder.ts';
import { VERSION, gitCommit } from './io/manifest.ts';
import { WORLD_COLUMNS, STANCE_NAMES, stanceOf } from './model/measures.ts';
import { hedgeBand } from './model/utility.ts';
import type { World } from './world/world.ts';
import type { RunResult } from './engine.ts';

export interface RunToFolderOptions { out: string; seed?: number; every?: number; argv?: string[]; /** write into a folder that holds something else */ force?: boolean }

/** Temporary folders of runs live inside the output folder under this prefix. */
export const STAGE_PREFIX = '.hedgesim-run-';

export interface RunSummary {
  out: string;
  world: World;
  result: RunResult;
  files: Record<string, { rows: number; bytes: number; sha256: string }>;
  finalWorld: Record<string, number>;
  seconds: number;
}

/** Rows and bytes a run would write (before any work). */
export function estimateRun(sc: Scenario): Estimate {
  const r = sc.spec.record as { every?: number; countries?: boolean; world?: boolean; components?: boolean };
  const n = sc.spec.world?.type === 'synthetic' ? (sc.spec.world.countries ?? 1000) : sc.countries.length;
  const steps = recordedSteps(sc.spec.steps, r.every ?? 1);
  const crows = r.countries === false ? 0 : n * steps;
  const wrows = r.world === false ? 0 : steps;
  const bytes = crows * (r.components ? BYTES_PER_ROW.countriesWithComponents : BYTES_PER_ROW.countries) + wrows * BYTES_PER_ROW.world;
  return { rows: crows + wrows, bytes, text: `${count(n)} countries x ${count(steps)} recorded steps = ${count(crows + wrows)} rows, about ${human(bytes)}` };
}

/** An output folder opened for a run: checked, locked, with a temporary folder (`stage`) to write into. */
export interface RunFolder {
  out: string;
  stage: string;
  /** move the files of `files` and manifest.json from the stage into place (the old manifest first out, the new one last in) */
  commit(files: Record<string, unknown>): void;
  /** remove the stage and release the lock (twice is fine) */
  close(): void;
}

export function openRunFolder(out: string, opts: { force?: boolean; command?: string } = {}): RunFolder {
  const kind = checkRunFolder(out, opts.force);
  mkdirSync(out, { recursive: true });
  const lock = acquireLock(out, opts.command ?? 'hedgesim run');
  let stage: string;
  try {
    // stages left by a run that was killed (the lock says no other process writes here)
    for (const e of readdirSync(out)) if (e.startsWith(STAGE_PREFIX)) rmSync(join(out, e), { recursive: true, force: true });
    stage = mkdtempSync(join(out, STAGE_PREFIX));
  } catch (e) {
    lock.release();
    throw e;
  }
  return {
    out, stage,
    commit(files) {
      if (kind === 'other') clearKind(out, SWEEP_FILES);
      else if (kind === 'compare') clearKind(out, COMPARE_FILES);
      rmSync(join(out, 'manifest.json'), { force: true });
      for (const f of RUN_FILES) if (f !== 'manifest.json' && !Object.hasOwn(files, f)) rmSync(join(out, f), { force: true });
      for (const f of Object.keys(files)) renameSync(join(stage, f), join(out, f));
      renameSync(join(stage, 'manifest.json'), join(out, 'manifest.json'));
    },
    close() {
      rmSync(stage, { recursive: true, force: true });
      lock.release();
    },
  };
}

/** One run into a folder: open it, write into its stage, commit. */
export function runToFolder(sc: Scenario, opts: RunToFolderOptions): RunSummary {
  const folder = openRunFolder(opts.out, { force: opts.force, command: opts.argv ? ['hedgesim', ...opts.argv].join(' ') : undefined });
  try {
    const s = writeRun(sc, folder.stage, opts);
    folder.commit(s.files);
    return { ...s, out: opts.out };
  } finally {
    folder.close();
  }
}

/** Run a scenario and write its files and manifest.json into `stage` (a folder of its own). */
export function writeRun(sc: Scenario, stage: string, opts: Omit<RunToFolderOptions, 'out' | 'force'>): RunSummary {
  const started = new Date();
  const t0 = performance.now();
  const w = compileWorld(sc, { seed: opts.seed, memory: kernelMemory });
  const every = opts.every ?? w.record.every;
  const writers: CsvWriter[] = [];
  try {
    const cw = w.record.countries ? new CsvWriter(join(stage, 'countries.csv'), countryHeader(w.record.components)) : null;
    const ww = w.record.world ? new CsvWriter(join(stage, 'world.csv'), worldHeader()) : null;
    if (cw) writers.push(cw);
    if (ww) writers.push(ww);
    const rec = new TableRecorder(w, cw, ww, w.record.components);
    const result = runWorld(w, { seed: w.seed, recorder: rec, every, keepEvents: w.record.events });
    let ew: CsvWriter | null = null;
    if (w.record.events) {
      ew = new CsvWriter(join(stage, 'events.csv'), EVENT_COLUMNS);
      writers.push(ew);
      for (const e of result.events.rows) for (const line of eventLines(w, e)) ew.line(line);
    }
    for (const x of writers) x.close();
    const files: RunSummary['files'] = {};
    if (cw) files['countries.csv'] = { rows: cw.rows, bytes: cw.bytes, sha256: cw.sha256 };
    if (ww) files['world.csv'] = { rows: ww.rows, bytes: ww.bytes, sha256: ww.sha256 };
    if (ew) files['events.csv'] = { rows: ew.rows, bytes: ew.bytes, sha256: ew.sha256 };
    const finalWorld = Object.fromEntries(WORLD_COLUMNS.map((c, j) => [c, rec.lastWorld[j]]));
    const seconds = (performance.now() - t0) / 1000;
    const manifest = {
      kind: 'run',
      hedgesim: VERSION,
      git_commit: gitCommit(),
      command: opts.argv ? ['hedgesim', ...opts.argv].join(' ') : undefined,
      scenario: { path: sc.file, sha256: sc.hash, name: sc.spec.name ?? null, files: [...sc.sources.keys()] },
      seed: w.seed,
      steps: w.steps,
      step_days: w.stepDays,
      start: sc.spec.start,
      end: dateOfStep(w, w.steps),
      record_every: every,
      countries: w.n,
      started_at: started.toISOString(),
      finished_at: new Date().toISOString(),
      seconds: +seconds.toFixed(3),
      files,
      rng: 'sfc32, seeded from the run seed (sim/rng.ts)',
      decision_loop: result.kernel === 'wasm' ? 'WebAssembly kernel (sim/kernel)' : `JavaScript reference loop (sim/model)${result.kernelNote ? `: ${result.kernelNote}` : ''}`,
      resolved: sc.spec,
    };
    writeFileAtomic(join(stage, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    return { out: stage, world: w, result, files, finalWorld, seconds };
  } catch (e) {
    for (const x of writers) x.abort();
    throw e;
  }
}

/** The short table printed at the end of `hedgesim run`. */
export function summaryTable(s: RunSummary, maxRows = 40): string {
  const { world: w, result } = s;
  const st = result.state;
  const lines: string[] = [];
  const rows: [string, string, string, string, string][] = [];
  const n = Math.min(w.n, maxRows);
  for (let i = 0; i < n; i++) {
    const b = hedgeBand(st, w.params, result.scalars, i);
    rows.push([w.ids[i], STANCE_NAMES[stanceOf(st.a[i], b) + 1], st.a[i].toFixed(2), (st.k[i] * 100).toFixed(0) + '%', (st.usEff[i] * 100).toFixed(0) + '%']);
  }
  lines.push(`country  stance  alignment  crackdown  us_tariff`);
  for (const r of rows) lines.push(`${r[0].padEnd(8)} ${r[1].padEnd(7)} ${r[2].padStart(9)}  ${r[3].padStart(9)}  ${r[4].padStart(9)}`);
  if (w.n > n) lines.push(`... and ${w.n - n} more countries (see countries.csv)`);
  const f = s.finalWorld;
  const pct = (x: number) => (x * 100).toFixed(1) + '%';
  lines.push('');
  lines.push(`world at step ${w.steps} (${dateOfStep(w, w.steps)}):`);
  lines.push(`  stance counts      us ${f.n_us}, hedge ${f.n_hedge}, china ${f.n_china}`);
  lines.push(`  GDP shares         us ${pct(f.gdp_share_us)}, hedge ${pct(f.gdp_share_hedge)}, china ${pct(f.gdp_share_china)}`);
  lines.push(`  mean alignment     ${f.mean_alignment.toFixed(3)} (GDP-weighted)`);
  lines.push(`  China isolation    ${f.isolation_china.toFixed(3)}   hedging band ${f.mean_hedge_band.toFixed(3)}`);
  lines.push(`  deals ${f.deals}, retaliations ${f.retaliations}, transshipment US$${f.transshipment_usd_bn.toFixed(1)}bn, trade lost US$${f.trade_lost_usd_bn.toFixed(1)}bn/yr`);
  return lines.join('\n');
}
