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
import { writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrors, formatIssue, type Issue } from '../errors.ts';
import { check, type S } from '../scenario/dsl.ts';
import { fromJS } from '../scenario/yaml.ts';
import { loadScenario, type Scenario } from '../scenario/load.ts';
import { compileWorld } from '../world/compile.ts';
import { runWorld } from '../engine.ts';
import { fmt, text } from '../io/csv.ts';
import { TableRecorder, countryHeader, worldHeader, type LineSink } from '../record/recorder.ts';
import type { World } from '../world/world.ts';
import { MetricCollector } from './metrics.ts';
import { runSpec, setsOf, type Plan } from './plan.ts';
import type { Scalar, Sweep } from './spec.ts';

export const FIXED_COLUMNS = ['run_id', 'point', 'replicate', 'seed'] as const;

export function runsHeader(sw: Sweep): string[] {
  return [...FIXED_COLUMNS, ...sw.params.map((p) => p.path), ...sw.spec.metrics.map((m) => m.name), 'status', 'error'];
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

export function fmtValue(v: Scalar): string {
  return typeof v === 'number' ? fmt(v) : typeof v === 'boolean' ? String(v) : text(v);
}

export function pointRow(plan: Plan, p: number): string {
  const u = plan.units[p];
  const cells = [String(p), ...plan.values[p].map(fmtValue), ...Array.from(u, (x) => fmt(x))];
  if (plan.extra.length) cells.push(...plan.extra[p]);
  return cells.join(',');
}

export interface ChunkOut {
  runs: string[];
  world: string[];
  countries: string[];
  timing: string[];
  failures: { run_id: number; error: string }[];
}

class Lines implements LineSink {
  rows: string[] = [];
  line(s: string) { this.rows.push(s); }
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

  constructor(private sw: Sweep, private plan: Plan) {
    const w = sw.scenario.spec.world;
    this.reuseWorld = !(w?.type === 'synthetic' && w.seed === undefined);
    this.headers = tableHeaders(sw);
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
      return { ...base, spec: spec as Scenario['spec'] };
    }
    const { scenario, issues } = await loadScenario(sw.scenarioPath, { set: [...(sw.spec.set ?? []), ...setsOf(this.plan, values)] });
    if (!scenario) throw new Error(issues.filter((i) => i.severity === 'error').map((i) => formatIssue(i)).join('; '));
    return scenario;
  }

  private async prepare(point: number): Promise<void> {
    if (this.cache.point === point) return;
    this.cache = { point };
    try {
      this.cache.sc = await this.scenarioOf(point);
    } catch (e) {
      this.cache.error = errMsg(e);
    }
  }

  /** Run one run; returns its rows. Never throws for a failing run. */
  async runOne(runId: number, out: ChunkOut): Promise<void> {
    const t0 = performance.now();
    const r = runSpec(this.plan, runId);
    await this.prepare(r.point);
    const head = `${runId},${r.point},${r.replicate},${r.seed},${this.plan.values[r.point].map(fmtValue).join(',')}`;
    const nm = this.sw.spec.metrics.length;
    let err = this.cache.error;
    if (err === undefined) {
      const cw = this.headers.countries ? new Lines() : null;
      const ww = this.headers.world ? new Lines() : null;
      try {
        let w = this.cache.world;
        if (!w || !this.reuseWorld) {
          w = compileWorld(this.cache.sc!, { seed: r.seed });
          if (this.reuseWorld) this.cache.world = w;
        }
        const mc = new MetricCollector(w, this.sw.spec.metrics);
        const rec = cw || ww ? new TableRecorder(w, cw, ww, this.sw.spec.record.components, `${runId},`) : undefined;
        runWorld(w, { seed: r.seed, recorder: rec, every: this.sw.spec.record.every, keepEvents: false, onStep: mc.onStep });
        const vals = mc.values().map((v) => (v === null ? '' : fmt(v)));
        out.runs.push(`${head},${vals.join(',')},ok,`);
        if (cw) for (const l of cw.rows) out.countries.push(l);
        if (ww) for (const l of ww.rows) out.world.push(l);
      } catch (e) {
        err = errMsg(e);
      }
    }
    if (err !== undefined) {
      out.runs.push(`${head},${','.repeat(Math.max(0, nm - 1))},failed,${text(err)}`);
      out.failures.push({ run_id: runId, error: err });
    }
    out.timing.push(`${runId},${(performance.now() - t0).toFixed(3)}`);
  }

  async runChunk(lo: number, hi: number): Promise<ChunkOut> {
    const out: ChunkOut = { runs: [], world: [], countries: [], timing: [], failures: [] };
    for (let id = lo; id < hi; id++) await this.runOne(id, out);
    return out;
  }
}

// ------------------------------------------------------------------ chunk files

export const CHUNK_RE = /^(\d{10})-(\d{10})\.runs\.csv$/;
export const chunkName = (lo: number, hi: number) => `${String(lo).padStart(10, '0')}-${String(hi).padStart(10, '0')}`;

function put(path: string, lines: string[]) {
  const tmp = `${path}.partial`;
  writeFileSync(tmp, lines.length ? lines.join('\n') + '\n' : '');
  renameSync(tmp, path);
}

/**
 * Write a finished chunk: every table under a temporary name then renamed; the runs
 * file goes last and marks the chunk done (a crash before it leaves the chunk to redo).
 */
export function writeChunk(dir: string, lo: number, hi: number, out: ChunkOut, tables: { world: boolean; countries: boolean }): void {
  const base = join(dir, chunkName(lo, hi));
  if (tables.world) put(`${base}.world.csv`, out.world);
  if (tables.countries) put(`${base}.countries.csv`, out.countries);
  put(`${base}.timing.csv`, out.timing);
  put(`${base}.failed.jsonl`, out.failures.map((f) => JSON.stringify(f)));
  put(`${base}.runs.csv`, out.runs);
}
