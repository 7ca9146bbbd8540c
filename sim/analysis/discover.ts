/**
 * `hedgesim discover DIR --where "share_china > 0.2"`: scenario discovery on a
 * sweep folder (Bryant & Lempert 2010; the EMA Workbench's prim and cart modules).
 * Each successful run whose metric is defined is a case: its inputs are the
 * sweep's parameters (numbers; true/false as 1/0; parameters with text values are
 * left out and named), and it is of interest when the condition holds. Writes into
 * DIR/discover/ (or --out):
 *   prim_trajectory.csv  every box of the peeling and pasting trajectory
 *   prim_box.csv         the chosen box: each parameter's limits, the range, whether
 *                        restricted, the quasi-p-values of its lower and upper limit
 *   cart_leaves.csv      the leaves of a classification tree on the same cases
 *   tradeoff.svg/.vl.json, box.svg/.vl.json   the coverage-density trade-off and the box
 *   discover.json        what was asked and found (read by hedgesim report)
 * Any design works; random, lhs and sobol samples spread the cases evenly, so
 * coverage and density are shares of the parameter space, not only of the design.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, UsageError } from '../errors.ts';
import { CsvWriter, fmt, text } from '../io/csv.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { prim, quasiP, defaultBox, type PrimResult, type QuasiP } from './prim.ts';
import { cart, type CartResult } from './cart.ts';
import { openFolder, STATUS_OK, type SweepFolder } from './folder.ts';
import { colIndex, needCol, num } from './table.ts';
import { renderSvg, type Spec, VL_SCHEMA } from './charts.ts';

export interface Condition { metric: string; op: '>' | '>=' | '<' | '<='; value: number; text: string }

/** `share_china > 0.2` → a condition (>, >=, <, <= and a number). */
export function parseWhere(s: string): Condition {
  const m = /^\s*([a-z][a-z0-9_]*)\s*(>=|<=|>|<)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i.exec(s);
  if (!m) throw new UsageError(`--where takes METRIC > NUMBER (or >=, <, <=), e.g. --where "share_china > 0.2"; got ${JSON.stringify(s)}`);
  return { metric: m[1], op: m[2] as Condition['op'], value: Number(m[3]), text: `${m[1]} ${m[2]} ${m[3]}` };
}

const holds = (c: Condition, v: number) => (c.op === '>' ? v > c.value : c.op === '>=' ? v >= c.value : c.op === '<' ? v < c.value : v <= c.value);

export interface DiscoverOptions {
  where: string;
  /** must agree with the metric of `where` when given */
  metric?: string;
  out?: string;
  /** the trajectory box to report (default: largest coverage x density) */
  box?: number;
  peelAlpha?: number;
  pasteAlpha?: number;
  massMin?: number;
  /** CART depth (default 3) */
  depth?: number;
  /** write SVGs (default true) */
  svg?: boolean;
}

export interface DiscoverResult {
  out: string;
  condition: Condition;
  inputs: string[];
  left: string[];
  cases: number;
  interest: number;
  prim: PrimResult;
  box: number;
  qp: QuasiP[];
  cart: CartResult;
  files: string[];
  notes: string[];
}

/** The cases of a sweep folder: the numeric inputs of each usable run and whether it is of interest. */
export function casesOf(sw: SweepFolder, c: Condition): { xs: Float64Array[]; y: Uint8Array; inputs: string[]; left: string[]; dropped: number } {
  if (!sw.metrics.includes(c.metric)) throw new UsageError(`--where ${c.text}: no metric ${c.metric} in ${sw.dir}/runs.csv; the metrics there are ${sw.metrics.join(', ')}`);
  const mc = needCol(sw.runs, c.metric);
  const st = colIndex(sw.runs, 'status');
  const pcs = sw.params.map((p) => needCol(sw.runs, p));
  const rows = sw.runs.rows.filter((r) => (st < 0 || r[st] === STATUS_OK) && Number.isFinite(num(r[mc])));
  const dropped = sw.runs.rows.length - rows.length;
  const inputs: string[] = [], left: string[] = [], xs: Float64Array[] = [];
  sw.params.forEach((p, j) => {
    const x = Float64Array.from(rows, (r) => { const v = r[pcs[j]]; return v === 'true' ? 1 : v === 'false' ? 0 : num(v); });
    if (x.some((v) => !Number.isFinite(v)) || x.every((v) => v === x[0])) left.push(p);
    else { inputs.push(p); xs.push(x); }
  });
  const y = Uint8Array.from(rows, (r) => (holds(c, num(r[mc])) ? 1 : 0));
  return { xs, y, inputs, left, dropped };
}

const cell = (x: number | null) => (x === null ? '' : fmt(x));

export async function discoverFolder(dir: string, opts: DiscoverOptions): Promise<DiscoverResult> {
  const f = openFolder(dir);
  if (f.kind !== 'sweep') throw new UserError(`${dir}: a single run folder; discover needs the output folder of hedgesim sweep (many runs over varied parameters)`);
  const c = parseWhere(opts.where);
  if (opts.metric !== undefined && opts.metric !== c.metric) throw new UsageError(`--metric ${opts.metric} and --where ${JSON.stringify(opts.where)} name different metrics; give the same one (or --where alone)`);
  const { xs, y, inputs, left, dropped } = casesOf(f, c);
  const notes: string[] = [];
  if (left.length) notes.push(`left out (text values or constant): ${left.join(', ')}`);
  if (dropped) notes.push(`${dropped} runs left out (failed, or ${c.metric} undefined)`);
  if (f.design.type === 'grid' || f.design.type === 'morris') notes.push(`a ${f.design.type} design covers the space unevenly: coverage and density are shares of its runs; a random, lhs or sobol sweep gives shares of the parameter space`);
  if (!inputs.length) throw new UserError(`${dir}: no parameter with varying numeric values to explain ${c.metric} (${left.join(', ')})`);
  const interest = y.reduce((s, v) => s + v, 0);
  if (y.length < 20) throw new UserError(`${dir}: ${y.length} usable runs; scenario discovery needs many cases (hundreds is usual); run a larger random or lhs sweep`);
  if (interest === 0 || interest === y.length) {
    throw new UserError(`${dir}: ${c.text} holds in ${interest === 0 ? 'no' : 'every'} run (${y.length} runs); there is nothing to tell apart: choose another threshold (summary.csv shows the range of ${c.metric})`);
  }
  let pr: PrimResult, tree: CartResult;
  try {
    pr = prim(xs, y, { peelAlpha: opts.peelAlpha, pasteAlpha: opts.pasteAlpha, massMin: opts.massMin });
    tree = cart(xs, y, { maxDepth: opts.depth, massMin: opts.massMin });
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message.replace(/^(prim|cart): /, ''));
    throw e;
  }
  const box = opts.box ?? defaultBox(pr);
  if (!(Number.isInteger(box) && box >= 0 && box < pr.trajectory.length)) throw new UsageError(`--box takes a box of the trajectory, 0 to ${pr.trajectory.length - 1}, got ${opts.box}`);
  const qp = quasiP(xs, y, pr, box);
  const out = opts.out ?? join(dir, 'discover');
  mkdirSync(out, { recursive: true });
  const files: string[] = [];

  // the trajectory
  {
    const w = new CsvWriter(join(out, 'prim_trajectory.csv'), ['box', 'phase', 'coverage', 'density', 'mass', 'n', 'n_interest', 'res_dim']);
    try {
      for (const s of pr.trajectory) w.line([String(s.id), s.phase, fmt(s.coverage), fmt(s.density), fmt(s.mass), String(s.n), String(s.coi), String(s.resDim)].join(','));
      w.close();
    } catch (e) { w.abort(); throw e; }
    files.push('prim_trajectory.csv');
  }
  // the chosen box
  const chosen = pr.trajectory[box];
  {
    const w = new CsvWriter(join(out, 'prim_box.csv'), ['box', 'parameter', 'lower', 'upper', 'minimum', 'maximum', 'restricted', 'qp_lower', 'qp_upper']);
    try {
      inputs.forEach((p, j) => {
        const q = qp.find((x) => x.dim === j);
        w.line([String(box), text(p), fmt(chosen.box.lo[j]), fmt(chosen.box.hi[j]), fmt(pr.init.lo[j]), fmt(pr.init.hi[j]), q ? 'true' : 'false', cell(q?.lower ?? null), cell(q?.upper ?? null)].join(','));
      });
      w.close();
    } catch (e) { w.abort(); throw e; }
    files.push('prim_box.csv');
  }
  // CART
  {
    const w = new CsvWriter(join(out, 'cart_leaves.csv'), ['leaf', 'predict', 'coverage', 'density', 'mass', 'n', 'n_interest', 'res_dim', 'rule']);
    try {
      tree.leaves.forEach((l, i) => {
        const rule = l.path.map((s) => `${inputs[s.dim]} ${s.op} ${fmt(s.value)}`).join(' and ') || '(all)';
        w.line([String(i), String(l.predict), fmt(l.coverage), fmt(l.density), fmt(l.mass), String(l.n), String(l.coi), String(l.resDim), text(rule)].join(','));
      });
      w.close();
    } catch (e) { w.abort(); throw e; }
    files.push('cart_leaves.csv');
  }
  // charts
  const charts = discoverCharts(pr, box, qp, inputs, c);
  for (const [name, spec] of Object.entries(charts)) {
    writeFileAtomic(join(out, `${name}.vl.json`), JSON.stringify(spec, null, 2) + '\n');
    files.push(`${name}.vl.json`);
    if (opts.svg !== false) { writeFileAtomic(join(out, `${name}.svg`), await renderSvg(spec)); files.push(`${name}.svg`); }
  }
  const summary = {
    condition: c.text, metric: c.metric, cases: y.length, cases_of_interest: interest, inputs, left_out: left,
    prim: { peel_alpha: opts.peelAlpha ?? 0.05, paste_alpha: opts.pasteAlpha ?? 0.05, mass_min: opts.massMin ?? 0.05, boxes: pr.trajectory.length, box, coverage: chosen.coverage, density: chosen.density, mass: chosen.mass, res_dim: chosen.resDim },
    cart: { depth: opts.depth ?? 3, leaves: tree.leaves.length },
    notes,
  };
  writeFileAtomic(join(out, 'discover.json'), JSON.stringify(summary, null, 2) + '\n');
  files.push('discover.json');
  return { out, condition: c, inputs, left, cases: y.length, interest, prim: pr, box, qp, cart: tree, files, notes };
}

const r4 = (x: number) => Number(x.toPrecision(4));

/** Vega-Lite specs: the coverage-density trade-off of the trajectory, and the chosen box. */
export function discoverCharts(pr: PrimResult, box: number, qp: QuasiP[], inputs: string[], c: Condition): { tradeoff: Spec; box: Spec } {
  const traj = pr.trajectory.map((s) => ({ box: s.id, phase: s.phase, coverage: r4(s.coverage), density: r4(s.density), mass: r4(s.mass), res_dim: s.resDim, chosen: s.id === box ? 'chosen box' : 'trajectory' }));
  const tradeoff: Spec = {
    $schema: VL_SCHEMA,
    title: { text: `PRIM: coverage and density of the boxes for ${c.text}`, anchor: 'start' },
    description: 'Each point is a box of the peeling and pasting trajectory; colour: restricted dimensions; the ringed point is the chosen box',
    data: { values: traj },
    width: 360, height: 300,
    config: { font: 'sans-serif', view: { stroke: null } },
    layer: [
      { mark: { type: 'line', color: '#bbb' }, encoding: { x: { field: 'coverage', type: 'quantitative', scale: { domain: [0, 1] } }, y: { field: 'density', type: 'quantitative', scale: { domain: [0, 1] } }, order: { field: 'box' } } },
      {
        mark: { type: 'circle', size: 50, opacity: 0.9 },
        encoding: {
          x: { field: 'coverage', type: 'quantitative' }, y: { field: 'density', type: 'quantitative' },
          color: { field: 'res_dim', type: 'ordinal', title: 'restricted dimensions', scale: { scheme: 'viridis' } },
          tooltip: [{ field: 'box' }, { field: 'phase' }, { field: 'coverage', format: '.3f' }, { field: 'density', format: '.3f' }, { field: 'mass', format: '.3f' }, { field: 'res_dim' }],
        },
      },
      { transform: [{ filter: "datum.chosen == 'chosen box'" }], mark: { type: 'point', size: 260, color: '#d62728', strokeWidth: 2 }, encoding: { x: { field: 'coverage', type: 'quantitative' }, y: { field: 'density', type: 'quantitative' } } },
    ],
  };
  const s = pr.trajectory[box];
  const fmtQ = (q: number | null) => (q === null ? '-' : q < 1e-3 ? q.toExponential(1) : q.toFixed(3));
  const rows = qp.map((q) => {
    const j = q.dim, lo = pr.init.lo[j], hi = pr.init.hi[j], span = hi - lo || 1;
    return {
      parameter: `${inputs[j]} (qp ${fmtQ(q.lower)}, ${fmtQ(q.upper)})`,
      lower: r4((s.box.lo[j] - lo) / span), upper: r4((s.box.hi[j] - lo) / span),
      lower_value: r4(s.box.lo[j]), upper_value: r4(s.box.hi[j]), minimum: r4(lo), maximum: r4(hi),
      best: Math.min(q.lower ?? 1, q.upper ?? 1),
    };
  }).sort((a, b) => a.best - b.best);
  const boxSpec: Spec = {
    $schema: VL_SCHEMA,
    title: { text: `PRIM box ${box}: coverage ${s.coverage.toFixed(2)}, density ${s.density.toFixed(2)}`, anchor: 'start' },
    description: `The restricted parameters of the box for ${c.text}, each scaled to its range in the sweep (grey); quasi-p-values of the lower and upper limits in brackets`,
    data: { values: rows },
    width: 360, height: { step: 34 },
    config: { font: 'sans-serif', view: { stroke: null } },
    encoding: { y: { field: 'parameter', type: 'nominal', title: null, sort: null, axis: { labelLimit: 320 } } },
    layer: [
      { mark: { type: 'bar', color: '#eee', height: 20 }, encoding: { x: { datum: 0, type: 'quantitative', scale: { domain: [0, 1] } }, x2: { datum: 1 } } },
      { mark: { type: 'bar', color: '#1f77b4', height: 12 }, encoding: { x: { field: 'lower', type: 'quantitative', title: 'the box within each parameter\'s range in the sweep (0 = minimum, 1 = maximum)' }, x2: { field: 'upper', title: null }, tooltip: [{ field: 'parameter' }, { field: 'lower_value', title: 'lower' }, { field: 'upper_value', title: 'upper' }, { field: 'minimum' }, { field: 'maximum' }] } },
      { transform: [{ filter: 'datum.lower > 0' }], mark: { type: 'text', align: 'center', baseline: 'bottom', dy: -7, fontSize: 10 }, encoding: { x: { field: 'lower', type: 'quantitative' }, text: { field: 'lower_value' } } },
      { transform: [{ filter: 'datum.upper < 1' }], mark: { type: 'text', align: 'center', baseline: 'bottom', dy: -7, fontSize: 10 }, encoding: { x: { field: 'upper', type: 'quantitative' }, text: { field: 'upper_value' } } },
    ],
  };
  return { tradeoff, box: boxSpec };
}

/** A short text report of the chosen box and the CART leaves of interest. */
export function discoverText(r: DiscoverResult): string {
  const s = r.prim.trajectory[r.box];
  const lines = [
    `${r.condition.text}: ${r.interest} of ${r.cases} runs; inputs ${r.inputs.join(', ')}`,
    `PRIM: ${r.prim.trajectory.length} boxes on the trajectory; box ${r.box}: coverage ${s.coverage.toFixed(3)}, density ${s.density.toFixed(3)}, mass ${s.mass.toFixed(3)}, ${s.resDim} restricted`,
  ];
  for (const q of r.qp) {
    const j = q.dim;
    const lo = s.box.lo[j] !== r.prim.init.lo[j] ? `${fmt(s.box.lo[j])} (qp ${q.lower!.toPrecision(2)})` : `${fmt(r.prim.init.lo[j])} (min)`;
    const hi = s.box.hi[j] !== r.prim.init.hi[j] ? `${fmt(s.box.hi[j])} (qp ${q.upper!.toPrecision(2)})` : `${fmt(r.prim.init.hi[j])} (max)`;
    lines.push(`  ${r.inputs[j]}: ${lo} to ${hi}`);
  }
  const leaves = r.cart.leaves.filter((l) => l.predict === 1).sort((a, b) => b.coverage - a.coverage);
  lines.push(`CART (depth ${r.cart.depth}): ${leaves.length} of ${r.cart.leaves.length} leaves mostly of interest`);
  for (const l of leaves.slice(0, 5)) {
    lines.push(`  coverage ${l.coverage.toFixed(3)}, density ${l.density.toFixed(3)}: ${l.path.map((p) => `${r.inputs[p.dim]} ${p.op} ${fmt(p.value)}`).join(' and ') || '(all)'}`);
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return lines.join('\n');
}
