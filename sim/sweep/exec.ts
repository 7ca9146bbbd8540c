/**
 * Running the runs of a sweep: one design point → a Scenario → a compiled World,
 * reused by the point's replications; each run → one runs.csv row (and time-series
 * rows when recorded). A run that throws becomes a `failed` row with the message.
 *
 * Speed: the base scenario is read once. Parameters in sections that compileWorld
 * reads directly (model, retaliation, deals, inducements, export_controls, tariffs,
 * parameters) are set on the resolved scenario after a schema check of the value
 * (the same check loadScenario makes); other paths (countries, events, steps, ...)
 * go through loadScenario(file, {set}) exactly as `hedgesim run --set` does.
 */
import { closeSync, readFileSync, renameSync, rmSync, writevSync } from 'node:fs';
import { createExclusive } from '../io/files.ts';
import { join } from 'node:path';
import { hasErrors, formatIssue, type Issue } from '../errors.ts';
import { check, type S } from '../scenario/dsl.ts';
import { fromJS } from '../scenario/yaml.ts';
import { loadScenario, recheckExpressions, type Scenario } from '../scenario/load.ts';
import { compileWorld } from '../world/compile.ts';
import { runWorld } from '../engine.ts';
import { ByteLines, fmt, freeText } from '../io/csv.ts';
import { TableRecorder, countryHeader, worldHeader } from '../record/recorder.ts';
import type { World } from '../world/world.ts';
import { RunMetrics } from './run-metrics.ts';
import { runSpec, setsOf, type Plan, type RunSpec } from './plan.ts';
import type { Scalar, Sweep } from './spec.ts';

export const FIXED_COLUMNS = ['run_id', 'point', 'replicate', 'seed'] as const;

export function runsHeader(sw: Sweep): string[] {
  return [...FIXED_COLUMNS, ...(sw.policy ? ['policy', 'scenario'] : []), ...sw.params.map((p) => p.path), ...sw.spec.metrics.map((m) => m.name),
    ...(sw.stop ? ['stop_step'] : []), 'status', 'error'];
}

/** The first cells of a run's row in runs.csv: run_id, point, replicate, seed (and policy, scenario). */
export function runHead(r: RunSpec): string {
  return r.policy !== undefined ? `${r.runId},${r.point},${r.replicate},${r.seed},${r.policy},${r.scenario}` : `${r.runId},${r.point},${r.replicate},${r.seed}`;
}
export function pointsHeader(plan: Plan): string[] {
  return ['point', ...plan.params.map((p) => p.path), ...plan.params.map((p) => `u.${p.path}`), ...plan.extraHeader];
}
export const TIMING_HEADER = ['run_id', 'wall_ms'];
export function tableHeaders(sw: Sweep): { world?: string[]; countries?: string[] } {
  const t = sw.spec.record.tables;
  return {
    world: t.includes('world') ? worldHeader(['run_id']) : undefined,
    countries: t.includes('countries') ? countryHeader(sw.spec.record.components, ['run_id']) : undefined,
  };
}

/** A parameter's value in runs.csv and points.csv; a string value is free text (no spreadsheet formula, see freeText). */
export function fmtValue(v: Scalar): string {
  return typeof v === 'number' ? fmt(v) : typeof v === 'boolean' ? String(v) : freeText(v);
}

export function pointRow(plan: Plan, p: number): string {
  const u = plan.units[p];
  const cells = [String(p), ...plan.values[p].map(fmtValue), ...Array.from(u, (x) => fmt(x))];
  if (plan.extra.length) cells.push(...plan.extra[p]);
  return cells.join(',');
}

/**
 * The output of a chunk of runs, each table as UTF-8 lines in one growing Buffer
 * (no per-row objects kept alive; see ByteLines).
 */
export class ChunkOut {
  runs = new ByteLines(1 << 14);
  world = new ByteLines(1 << 14);
  countries = new ByteLines(1 << 14);
  timing = new ByteLines(1 << 12);
  failures: { run_id: number; error: string }[] = [];
}

const errMsg = (e: unknown): string => {
  if (e instanceof Error) {
    const base = e.name === 'Error' || e.name === 'RangeError' || e.name === 'RunError' || e.name === 'UserError' ? e.message : `${e.name}: ${e.message}`;
    return base.replace(/\s*\n\s*/g, ' | ');
  }
  return String(e);
};

export class Executor {
  private cache: { point: number; sc?: Scenario; world?: World; error?: string } = { point: -1 };
  private reuseWorld: boolean;
  private headers: ReturnType<typeof tableHeaders>;
  /** the formatted parameter values of the cached point (same for its replications) */
  private pointCells = '';
  /** the metrics of the cached world, reset for each run */
  private mc: { world?: World; mc?: RunMetrics } = {};

  constructor(private sw: Sweep, private plan: Plan) {
    const w = sw.scenario.spec.world;
    this.reuseWorld = !(w?.type === 'synthetic' && w.seed === undefined);
    this.headers = tableHeaders(sw);
  }

  private collector(w: World): RunMetrics {
    if (this.mc.world !== w || !this.mc.mc) this.mc = { world: w, mc: new RunMetrics(w, this.sw) };
    this.mc.mc!.reset();
    return this.mc.mc!;
  }

  /** The scenario of a design point (throws with the issues when a value is refused). */
  async scenarioOf(point: number): Promise<Scenario> {
    const values = this.plan.values[point];
    const sw = this.sw;
    if (sw.params.every((p) => p.fast)) {
      const base = sw.scenario;
      const spec = { ...base.spec } as Record<string, any>;
      const issues: Issue[] = [];
      sw.params.forEach((p, c) => {
        const [sec, key] = p.path.split('.');
        spec[sec] = { ...(spec[sec] ?? {}) };
        const v = check(p.leaf as S, fromJS(values[c], { file: '--set' }), p.path, { issues });
        if (v !== undefined) spec[sec][key] = v;
      });
      if (hasErrors(issues)) throw new Error(issues.filter((i) => i.severity === 'error').map((i) => formatIssue(i)).join('; '));
      const sc = { ...base, spec: spec as Scenario['spec'] };
      // expressions that use a varied parameter must give values in range, as `hedgesim run --set` requires
      if (sw.params.some((p) => p.path.startsWith('parameters.')) && base.exprs.size) {
        const bad = recheckExpressions(sc).filter((i) => i.severity === 'error');
        if (bad.length) throw new Error(bad.map((i) => formatIssue(i)).join('; '));
      }
      return sc;
    }
    const { scenario, issues } = await loadScenario(sw.scenarioPath, { set: [...(sw.spec.set ?? []), ...setsOf(this.plan, values)] });
    if (!scenario) throw new Error(issues.filter((i) => i.severity === 'error').map((i) => formatIssue(i)).join('; '));
    return scenario;
  }

  private async prepare(point: number): Promise<void> {
    if (this.cache.point === point) return;
    this.cache = { point };
    this.pointCells = this.plan.values[point].map(fmtValue).join(',');
    try {
      this.cache.sc = await this.scenarioOf(point);
    } catch (e) {
      this.cache.error = errMsg(e);
    }
  }

  /** Run one run; appends its rows to `out`. Never throws for a failing run. */
  async runOne(runId: number, out: ChunkOut): Promise<void> {
    const t0 = performance.now();
    const r = runSpec(this.plan, runId);
    await this.prepare(r.point);
    const head = `${runHead(r)},${this.pointCells}`;
    const nm = this.sw.spec.metrics.length + (this.sw.stop ? 1 : 0);
    let err = this.cache.error;
    if (err === undefined) {
      // a failing run leaves no table rows: cut the tables back to where the run began
      const w0 = out.world.length, w0rows = out.world.rows, c0 = out.countries.length, c0rows = out.countries.rows;
      try {
        let w = this.cache.world;
        if (!w || !this.reuseWorld) {
          w = compileWorld(this.cache.sc!, { seed: r.seed });
          if (this.reuseWorld) this.cache.world = w;
        }
        const mc = this.collector(w);
        const cw = this.headers.countries ? out.countries : null;
        const ww = this.headers.world ? out.world : null;
        const rec = cw || ww ? new TableRecorder(w, cw, ww, this.sw.spec.record.components, `${runId},`) : undefined;
        const res = runWorld(w, { seed: r.seed, recorder: rec, every: this.sw.spec.record.every, keepEvents: mc.keepEvents, onStep: mc.onStep, until: mc.until });
        mc.finish(res);
        let line = `${head},`;
        const vals = mc.values();
        if (this.sw.stop) vals.push(mc.stopStep);
        for (let j = 0; j < vals.length; j++) line += (j ? ',' : '') + (vals[j] === null ? '' : fmt(vals[j]!));
        out.runs.line(`${line},ok,`);
      } catch (e) {
        err = errMsg(e);
        out.world.truncate(w0, w0rows);
        out.countries.truncate(c0, c0rows);
      }
    }
    if (err !== undefined) {
      out.runs.line(`${head},${','.repeat(Math.max(0, nm - 1))},failed,${freeText(err)}`);
      out.failures.push({ run_id: runId, error: err });
    }
    out.timing.line(`${runId},${(performance.now() - t0).toFixed(3)}`);
  }

  async runChunk(lo: number, hi: number): Promise<ChunkOut> {
    const out = new ChunkOut();
    for (let id = lo; id < hi; id++) await this.runOne(id, out);
    return out;
  }
}

// ------------------------------------------------------------------ chunk files

/**
 * A finished chunk is ONE file, `LLLLLLLLLL-HHHHHHHHHH.chunk` for runs [L, H): a
 * header line `hedgesim-chunk 1 <bytes of each section>` then the sections in
 * CHUNK_SECTIONS order (runs.csv rows, timing.csv rows, failures as JSON lines,
 * world.csv rows, countries.csv rows). It is written under `.partial` and renamed:
 * the rename commits every table of the chunk at once, so after a crash a chunk is
 * either wholly there or not at all. One file per chunk keeps the file-system work
 * (create, write, rename) per chunk small.
 */
export const CHUNK_RE = /^(\d{10})-(\d{10})\.chunk$/;
export const CHUNK_SECTIONS = ['runs', 'timing', 'failed', 'world', 'countries'] as const;
export type ChunkSection = (typeof CHUNK_SECTIONS)[number];
const CHUNK_MAGIC = 'hedgesim-chunk 1';
export const chunkName = (lo: number, hi: number) => `${String(lo).padStart(10, '0')}-${String(hi).padStart(10, '0')}`;
export const chunkFile = (lo: number, hi: number) => `${chunkName(lo, hi)}.chunk`;

/** Write a finished chunk (atomically: temporary name, then rename). Returns its size in bytes. */
export function writeChunk(dir: string, lo: number, hi: number, out: ChunkOut): number {
  const path = join(dir, chunkFile(lo, hi));
  const failed = out.failures.map((f) => JSON.stringify(f) + '\n').join('');
  const bufs = [out.runs.bytes(), out.timing.bytes(), Buffer.from(failed, 'utf8'), out.world.bytes(), out.countries.bytes()];
  const head = Buffer.from(`${CHUNK_MAGIC} ${bufs.map((b) => b.length).join(' ')}\n`, 'latin1');
  const [fd, tmp] = createExclusive(path);
  let bytes = 0;
  try {
    const all = [head, ...bufs.filter((b) => b.length)];
    for (const b of all) bytes += b.length;
    let written = writevSync(fd, all);
    // writev may write less than asked (rare): finish the rest
    while (written < bytes) {
      const rest = Buffer.concat(all).subarray(written);
      written += writevSync(fd, [rest]);
    }
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  return bytes;
}

/** Read a chunk file: its sections as byte ranges of one buffer. Throws on a damaged file. */
export function readChunk(path: string): { buf: Buffer; section: (s: ChunkSection) => Buffer } {
  const buf = readFileSync(path);
  const nl = buf.indexOf(10);
  const head = nl < 0 ? '' : buf.subarray(0, nl).toString('latin1');
  const parts = head.split(' ');
  const sizes = parts.slice(2).map(Number);
  if (`${parts[0]} ${parts[1]}` !== CHUNK_MAGIC || sizes.length !== CHUNK_SECTIONS.length || !sizes.every((x) => Number.isInteger(x) && x >= 0) ||
    nl + 1 + sizes.reduce((a, b) => a + b, 0) !== buf.length) {
    throw new Error(`${path} is damaged (not a complete sweep chunk); delete it and resume the sweep to redo its runs`);
  }
  const starts: number[] = [];
  let at = nl + 1;
  for (const z of sizes) { starts.push(at); at += z; }
  return { buf, section: (s) => { const i = CHUNK_SECTIONS.indexOf(s); return buf.subarray(starts[i], starts[i] + sizes[i]); } };
}
