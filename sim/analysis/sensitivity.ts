/**
 * `hedgesim sensitivity`: global sensitivity indices of every metric of a sweep.
 * - sobol designs: first-order (Saltelli 2010) and total-order (Jansen 1999)
 *   Sobol' indices with percentile-bootstrap intervals (sim/analysis/sobol.ts);
 * - morris designs: mu, mu* and sigma of the elementary effects
 *   (sim/analysis/morris.ts), with percentile-bootstrap intervals over
 *   trajectories (as SALib's mu_star_conf);
 * - any design (random, lhs, grid, and the points of the others): partial rank
 *   correlation coefficients (PRCC, Fisher z intervals) and standardized
 *   regression coefficients (SRC, t intervals, with the R^2 of the linear fit)
 *   over the design points (sim/analysis/prcc.ts). The default for random, lhs and
 *   grid designs and for policy sweeps; --method prcc|src|sobol|morris chooses.
 * Stochastic noise: the replications of each design point are averaged first, and
 * the share of the output variance that is replication noise is reported (the
 * mean within-point variance divided by the replications, over the variance of
 * the point means), so a modeller sees when more replications are needed.
 *
 * A design that does not fit the method (sobol or morris indices of a grid,
 * random or lhs sample), a sweep with failed or missing runs, or a points.csv that
 * does not match the design, is refused with a UserError: numbers from a
 * mismatched sample are never written.
 */
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { CsvWriter, fmt, text } from '../io/csv.ts';
import { Rng, hashSeed } from '../rng.ts';
import { sobolIndices } from './sobol.ts';
import { prcc, src } from './prcc.ts';
import { elementaryEffects } from './morris.ts';
import { mean, sd, variance, bootstrapCI } from './stats.ts';
import { openFolder, chooseMetrics, pointParams, type SweepFolder } from './folder.ts';
import { groupByPoint } from './summarize.ts';
import { needCol, num } from './table.ts';
import type { SaltelliRowLabel, MorrisTrajectory } from '../sweep/designs.ts';

export const SENSITIVITY_COLUMNS = ['method', 'metric', 'parameter', 'index', 'estimate', 'ci_lo', 'ci_hi', 'n'] as const;

export type SensitivityMethod = 'sobol' | 'morris' | 'prcc' | 'src';
export const SENSITIVITY_METHODS = ['sobol', 'morris', 'prcc', 'src'] as const;

export interface SensitivityRow {
  method: SensitivityMethod;
  metric: string;
  parameter: string;
  /** S1, ST (sobol); mu, mu_star, sigma (morris); PRCC (prcc); SRC, and R2 of the fit with parameter (all) (src) */
  index: string;
  estimate: number | null;
  lo: number | null;
  hi: number | null;
  /** base sample size N (sobol), trajectories r (morris), design points (prcc, src) */
  n: number;
}

export interface SensitivityOptions {
  metrics?: string[];
  /** the methods (default: the design's own: sobol, morris, or prcc and src for other designs) */
  methods?: SensitivityMethod[];
  resamples?: number;
  level?: number;
  seed?: number;
  /** called after each metric (progress) */
  onMetric?: (done: number, total: number, metric: string) => void;
}

export interface SensitivityResult {
  /** the methods used, in order */
  methods: SensitivityMethod[];
  rows: SensitivityRow[];
  /** per metric: share of output variance that is replication noise (null with one replication) */
  noise: Record<string, number | null>;
  /** metrics left out because they are undefined (empty) in some run */
  skipped: string[];
}

function refuse(sw: SweepFolder, what: string, fix: string): never {
  throw new UserError(`${join(sw.dir, 'manifest.json')}: ${what}; ${fix}`);
}

/**
 * Per-point means of each metric, after checking that every run of every point
 * exists and succeeded. A metric that is undefined (empty) in some run cannot be
 * analysed and is skipped (listed in `skipped`), never filled in.
 */
function pointMeans(sw: SweepFolder, metrics: string[]): { order: string[]; means: Float64Array[]; noise: (number | null)[]; kept: string[]; skipped: string[] } {
  const { order, ok, failed } = groupByPoint(sw, metrics);
  const reps = sw.design.replications;
  const nFailed = [...failed.values()].reduce((s, x) => s + x, 0);
  if (nFailed > 0) {
    const where = [...failed.entries()].filter(([, x]) => x > 0).map(([p]) => p);
    refuse(sw, `${nFailed} run(s) failed (design point${where.length > 1 ? 's' : ''} ${where.slice(0, 5).join(', ')}${where.length > 5 ? ', ...' : ''}); ${sw.design.type} indices need every run of every design point`,
      'fix the cause (see the error column of runs.csv) and rerun the sweep so that every run is ok; hedgesim summarize works on what succeeded');
  }
  const rp = needCol(sw.runs, 'point');
  const count = new Map<string, number>();
  for (const r of sw.runs.rows) count.set(r[rp], (count.get(r[rp]) ?? 0) + 1);
  // adaptive replications: each point has as many as it needed (at least one)
  const need = sw.design.adaptive ? 1 : Math.max(1, reps);
  const short = order.filter((p) => (count.get(p) ?? 0) < need);
  if (short.length > 0) {
    refuse(sw, `runs are missing: design point${short.length > 1 ? 's' : ''} ${short.slice(0, 5).join(', ')}${short.length > 5 ? ', ...' : ''} ha${short.length > 1 ? 've' : 's'} fewer than the ${reps} replications in runs.csv (point ${short[0]} has ${count.get(short[0]) ?? 0})`,
      'finish the sweep (resume it) so that every point has all its replications; sensitivity never uses a partial sample');
  }
  const kept: string[] = [];
  const skipped: string[] = [];
  const means: Float64Array[] = [];
  const noise: (number | null)[] = [];
  metrics.forEach((m, q) => {
    if (order.some((p) => ok.get(p)![q].length < Math.max(need, count.get(p) ?? 0))) { skipped.push(m); return; }
    const mm = new Float64Array(order.length);
    const within: number[] = [];
    order.forEach((p, row) => {
      const xs = ok.get(p)![q];
      mm[row] = mean(xs);
      if (xs.length > 1) within.push(variance(xs));
    });
    kept.push(m);
    means.push(mm);
    if (within.length === 0) { noise.push(null); return; }
    const total = variance(mm);
    const noiseVar = mean(within) / Math.max(1, reps);
    noise.push(total > 0 ? Math.min(1, noiseVar / total) : noiseVar > 0 ? 1 : 0);
  });
  if (kept.length === 0) {
    refuse(sw, `every metric asked for (${metrics.join(', ')}) is undefined (empty) in some run`,
      'such metrics (e.g. first_above a level never reached) have no value to analyse; choose others with --metric');
  }
  return { order, means, noise, kept, skipped };
}

function pointRowIndex(sw: SweepFolder, order: string[]): number[] {
  const pid = needCol(sw.points, 'point');
  const at = new Map(order.map((p, i) => [p, i]));
  return sw.points.rows.map((r) => {
    const i = at.get(r[pid]);
    if (i === undefined) refuse(sw, `point ${r[pid]} of points.csv has no runs in runs.csv`, 'finish the sweep so every point has its runs');
    return i;
  });
}

function sobolRows(sw: SweepFolder, metrics: string[], opts: SensitivityOptions): SensitivityResult {
  const k = sw.params.length;
  const n = sw.design.sobol?.n;
  if (!n || (sw.design.sobol?.k ?? k) !== k) refuse(sw, `design.sobol is missing or its k does not match the ${k} parameters`, 'rerun the sweep with hedgesim sweep');
  const bi = needCol(sw.points, 'block');
  const ii = needCol(sw.points, 'index');
  const ji = needCol(sw.points, 'base');
  const labels: SaltelliRowLabel[] = sw.points.rows.map((r, row) => {
    const block = r[bi];
    if (block !== 'A' && block !== 'B' && block !== 'AB') refuse(sw, `points.csv row ${row + 2}: block must be A, B or AB, got '${block}'`, 'points.csv does not come from a sobol design');
    return { block, i: block === 'AB' ? num(r[ii]) : -1, j: num(r[ji]) };
  });
  if (labels.length !== n * (k + 2)) {
    refuse(sw, `points.csv has ${labels.length} rows, a sobol design with N = ${n} and k = ${k} has N(k+2) = ${n * (k + 2)}`, 'the folder is incomplete or was edited; rerun the sweep');
  }
  const { order, means, noise, kept, skipped } = pointMeans(sw, metrics);
  const rowOf = pointRowIndex(sw, order);
  const rows: SensitivityRow[] = [];
  const noiseOut: Record<string, number | null> = {};
  kept.forEach((m, q) => {
    const y = rowOf.map((i) => means[q][i]);
    let idx;
    try {
      idx = sobolIndices({ n, k, labels }, y, { names: sw.params, resamples: opts.resamples, level: opts.level, seed: opts.seed });
    } catch (e) {
      refuse(sw, `points.csv does not form a complete Saltelli design (${(e as Error).message})`, 'rerun the sweep with design: sobol');
    }
    for (const s of idx) {
      rows.push({ method: 'sobol', metric: m, parameter: s.name, index: 'S1', estimate: s.S1, lo: s.S1_lo, hi: s.S1_hi, n });
      rows.push({ method: 'sobol', metric: m, parameter: s.name, index: 'ST', estimate: s.ST, lo: s.ST_lo, hi: s.ST_hi, n });
    }
    noiseOut[m] = noise[q];
    opts.onMetric?.(q + 1, kept.length, m);
  });
  return { methods: ['sobol'], rows, noise: noiseOut, skipped };
}

function morrisRows(sw: SweepFolder, metrics: string[], opts: SensitivityOptions): SensitivityResult {
  const k = sw.params.length;
  const ti = needCol(sw.points, 'trajectory');
  const si = needCol(sw.points, 'position');
  const ui = sw.params.map((p) => needCol(sw.points, `u.${p}`));
  const byT = new Map<number, { pos: number; row: number }[]>();
  sw.points.rows.forEach((r, row) => {
    const t = num(r[ti]);
    if (!byT.has(t)) byT.set(t, []);
    byT.get(t)!.push({ pos: num(r[si]), row });
  });
  const ts = [...byT.keys()].sort((a, b) => a - b);
  const r = ts.length;
  const delta = sw.design.morris?.delta;
  if (!(delta && delta > 0)) refuse(sw, 'design.morris.delta is missing', 'rerun the sweep with hedgesim sweep');
  const trajectories: MorrisTrajectory[] = [];
  const rowsInOrder: number[] = [];
  for (const t of ts) {
    const pts = byT.get(t)!.sort((a, b) => a.pos - b.pos);
    if (pts.length !== k + 1) refuse(sw, `trajectory ${t} has ${pts.length} points in points.csv, expected k+1 = ${k + 1}`, 'the folder is incomplete; rerun the sweep');
    const order = new Int32Array(k);
    const sign = new Int8Array(k);
    const used = new Uint8Array(k);
    for (let s = 0; s < k; s++) {
      const a = sw.points.rows[pts[s].row], b = sw.points.rows[pts[s + 1].row];
      const moved = ui.map((c, i) => ({ i, d: num(b[c]) - num(a[c]) })).filter((x) => Math.abs(x.d) > 1e-9);
      if (moved.length !== 1 || used[moved[0].i] || Math.abs(Math.abs(moved[0].d) - delta) > 1e-6) {
        refuse(sw, `trajectory ${t}, step ${s}: points.csv does not move exactly one parameter by delta = ${delta}`, 'points.csv does not come from a morris design');
      }
      order[s] = moved[0].i;
      sign[s] = moved[0].d > 0 ? 1 : -1;
      used[moved[0].i] = 1;
    }
    trajectories.push({ order, sign });
    for (const p of pts) rowsInOrder.push(p.row);
  }
  const { order, means, noise, kept, skipped } = pointMeans(sw, metrics);
  const rowOf = pointRowIndex(sw, order);
  const layout = { r, k, delta, trajectories };
  const B = opts.resamples ?? 1000;
  const level = opts.level ?? 0.95;
  const rows: SensitivityRow[] = [];
  const noiseOut: Record<string, number | null> = {};
  kept.forEach((m, q) => {
    const y = rowsInOrder.map((row) => means[q][rowOf[row]]);
    const ee = elementaryEffects(layout, y);
    sw.params.forEach((p, i) => {
      const e = ee[i];
      const abs = e.map(Math.abs);
      const rng = new Rng(hashSeed('morris-bootstrap', opts.seed ?? 0, i));
      const pick = (xs: Float64Array, idx: Int32Array) => { const o = new Float64Array(idx.length); idx.forEach((j, z) => { o[z] = xs[j]; }); return o; };
      const ci = (f: (idx: Int32Array) => number) => (r > 1 ? bootstrapCI(f, r, B, rng, level) : null);
      const muCI = ci((idx) => mean(pick(e, idx)));
      const msCI = ci((idx) => mean(pick(abs, idx)));
      const sgCI = ci((idx) => sd(pick(e, idx)));
      rows.push({ method: 'morris', metric: m, parameter: p, index: 'mu', estimate: mean(e), lo: muCI?.lo ?? null, hi: muCI?.hi ?? null, n: r });
      rows.push({ method: 'morris', metric: m, parameter: p, index: 'mu_star', estimate: mean(abs), lo: msCI?.lo ?? null, hi: msCI?.hi ?? null, n: r });
      rows.push({ method: 'morris', metric: m, parameter: p, index: 'sigma', estimate: r > 1 ? sd(e) : null, lo: sgCI?.lo ?? null, hi: sgCI?.hi ?? null, n: r });
    });
    noiseOut[m] = noise[q];
    opts.onMetric?.(q + 1, kept.length, m);
  });
  return { methods: ['morris'], rows, noise: noiseOut, skipped };
}

/**
 * PRCC and SRC over the design points (replications averaged first), for any
 * design. Inputs: the parameter values of points.csv (true/false as 1/0; a
 * parameter with text values, or one that does not vary, is left out and named).
 */
function regressionRows(sw: SweepFolder, metrics: string[], methods: ('prcc' | 'src')[], opts: SensitivityOptions): SensitivityResult {
  const { order, means, noise, kept, skipped } = pointMeans(sw, metrics);
  const pv = pointParams(sw);
  const cols: { name: string; x: Float64Array }[] = [];
  const left: string[] = [];
  sw.params.forEach((p, c) => {
    const x = Float64Array.from(order, (pt) => { const v = pv.get(pt)?.[c] ?? ''; return v === 'true' ? 1 : v === 'false' ? 0 : num(v); });
    if (x.some((v) => !Number.isFinite(v)) || x.every((v) => v === x[0])) left.push(p);
    else cols.push({ name: p, x });
  });
  if (!cols.length) refuse(sw, `no parameter has varying numeric values (${left.join(', ')})`, 'PRCC and SRC need numeric inputs that vary over the design points');
  if (order.length <= cols.length + 3) refuse(sw, `${order.length} design points for ${cols.length} inputs`, 'PRCC and SRC need more design points than inputs plus three; use a larger design');
  const level = opts.level ?? 0.95;
  const rows: SensitivityRow[] = [];
  const noiseOut: Record<string, number | null> = {};
  const xs = cols.map((c) => c.x);
  kept.forEach((m, q) => {
    const y = means[q];
    const run = <T,>(f: () => T): T => {
      try { return f(); } catch (e) { if (e instanceof RangeError) refuse(sw, `${m}: ${e.message}`, 'check the design and the metric (a constant metric has no sensitivity)'); throw e; }
    };
    if (methods.includes('prcc')) {
      const r = run(() => prcc(xs, y, level));
      cols.forEach((c, j) => rows.push({ method: 'prcc', metric: m, parameter: c.name, index: 'PRCC', estimate: r[j].estimate, lo: r[j].lo, hi: r[j].hi, n: order.length }));
    }
    if (methods.includes('src')) {
      const r = run(() => src(xs, y, level, { resamples: opts.resamples, seed: opts.seed }));
      cols.forEach((c, j) => rows.push({ method: 'src', metric: m, parameter: c.name, index: 'SRC', estimate: r.coefs[j].estimate, lo: r.coefs[j].lo, hi: r.coefs[j].hi, n: order.length }));
      rows.push({ method: 'src', metric: m, parameter: '(all)', index: 'R2', estimate: r.r2, lo: null, hi: null, n: order.length });
    }
    noiseOut[m] = noise[q];
    opts.onMetric?.(q + 1, kept.length, m);
  });
  return { methods: (['prcc', 'src'] as const).filter((x) => methods.includes(x)), rows, noise: noiseOut, skipped: [...skipped, ...left.map((p) => `input ${p} (not numeric or constant)`)] };
}

/** Sensitivity indices of a sweep folder; refuses a method that does not fit the design. */
export function sensitivityOf(sw: SweepFolder, opts: SensitivityOptions = {}): SensitivityResult {
  const type = sw.design.type;
  const policy = !!sw.manifest?.design?.policy;
  const methods = opts.methods?.length ? [...new Set(opts.methods)] : !policy && (type === 'sobol' || type === 'morris') ? [type] : ['prcc', 'src'] as SensitivityMethod[];
  for (const m of methods) {
    if ((m === 'sobol' || m === 'morris') && (m !== type || policy)) {
      refuse(sw, `${m === 'sobol' ? "Sobol' indices" : 'Morris effects'} need a ${m} design${policy ? ' over the parameters alone (this is a policy sweep)' : `, got design type '${type}'`}`,
        `a ${type} sample does not give ${m === 'sobol' ? "Sobol' indices" : 'elementary effects'}; use --method prcc or --method src (any design), or run a sweep with design: ${m}`);
    }
  }
  if (methods.length > 1 && methods.some((m) => m === 'sobol' || m === 'morris')) refuse(sw, `--method ${methods.join(', ')}: one design method at a time`, 'combine prcc and src, or ask for sobol or morris alone');
  const metrics = chooseMetrics(sw.metrics, opts.metrics, `${sw.dir}/runs.csv`);
  if (metrics.length === 0) refuse(sw, 'runs.csv has no metric columns', 'add metrics to the sweep file');
  if (methods[0] === 'sobol') return sobolRows(sw, metrics, opts);
  if (methods[0] === 'morris') return morrisRows(sw, metrics, opts);
  return regressionRows(sw, metrics, methods as ('prcc' | 'src')[], opts);
}

const cell = (x: number | null, col: string) => (x === null ? '' : fmt(x, col));

export function writeSensitivity(rows: SensitivityRow[], out: string): number {
  const w = new CsvWriter(out, SENSITIVITY_COLUMNS);
  try {
    for (const r of rows) {
      w.line([r.method, text(r.metric), text(r.parameter), r.index, cell(r.estimate, 'estimate'), cell(r.lo, 'ci_lo'), cell(r.hi, 'ci_hi'), String(r.n)].join(','));
    }
    w.close();
  } catch (e) { w.abort(); throw e; }
  return w.rows;
}

/** Open a folder, check it is a sweep, compute and write sensitivity.csv. */
export function sensitivityFolder(dir: string, opts: SensitivityOptions & { out?: string } = {}): SensitivityResult & { out: string; written: number } {
  const f = openFolder(dir);
  if (f.kind !== 'sweep') {
    throw new UserError(`${dir}: a single run folder (manifest.json has no kind: sweep); sensitivity needs the output folder of hedgesim sweep`);
  }
  const res = sensitivityOf(f, opts);
  const out = opts.out ?? join(dir, 'sensitivity.csv');
  const written = writeSensitivity(res.rows, out);
  return { ...res, out, written };
}

/** A short text table: the largest index per metric. */
export function sensitivityText(res: SensitivityResult, maxMetrics = 12): string {
  const m0 = res.methods[0];
  const main = m0 === 'sobol' ? 'ST' : m0 === 'morris' ? 'mu_star' : m0 === 'prcc' ? 'PRCC' : 'SRC';
  const size = (r: SensitivityRow) => Math.abs(r.estimate as number);
  const lines: string[] = [];
  const metrics = [...new Set(res.rows.map((r) => r.metric))];
  for (const m of metrics.slice(0, maxMetrics)) {
    const top = res.rows.filter((r) => r.metric === m && r.index === main && r.estimate !== null)
      .sort((a, b) => size(b) - size(a)).slice(0, 3)
      .map((r) => `${r.parameter} ${(r.estimate as number).toFixed(3)}`).join(', ');
    const nz = res.noise[m];
    lines.push(`  ${m}: ${main} ${top}${nz !== null && nz !== undefined ? `; noise ${(nz * 100).toFixed(1)}% of variance` : ''}`);
    if (nz !== null && nz !== undefined && nz > 0.2) lines.push(`    warning: replication noise is ${(nz * 100).toFixed(0)}% of the variance of ${m}; more replications would sharpen these indices`);
  }
  if (metrics.length > maxMetrics) lines.push(`  ... and ${metrics.length - maxMetrics} more metrics (see sensitivity.csv)`);
  if (res.skipped.length) lines.push(`  left out (undefined in some runs): ${res.skipped.join(', ')}`);
  return lines.join('\n');
}
