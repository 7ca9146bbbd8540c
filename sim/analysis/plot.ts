/**
 * `hedgesim plot`: the charts of a run or sweep folder, as Vega-Lite specs (data
 * inline) and SVG files rendered from them, in <folder>/plots/.
 * Run: alignment per country over time, shares of countries and GDP by stance,
 * China's isolation index. Sweep: the same for one design point (mean and range
 * across its replications, when the sweep recorded time series), a heatmap of a
 * metric over two parameters and a bar chart of sensitivity indices (sobol and
 * morris designs).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { openFolder, pointParams, chooseMetrics, STATUS_OK, type RunFolder, type SweepFolder } from './folder.ts';
import { readTable, readTableForRuns, needCol, num, colIndex, type Table } from './table.ts';
import { summarizeSweep } from './summarize.ts';
import { sensitivityOf } from './sensitivity.ts';
import { alignmentSpec, stanceSharesSpec, worldLineSpec, heatmapSpec, sensitivityBarsSpec, renderSvg, type Spec, type Row } from './charts.ts';

export interface Chart { name: string; title: string; spec: Spec }
export interface ChartSet { charts: Chart[]; notes: string[]; point?: string; reps: number }

export interface PlotOptions { metric?: string; x?: string; y?: string; point?: string }

const round = (x: number) => Number(x.toPrecision(6));
/** A parameter value for a chart: a number when it is one, else the text (values: lists may hold strings or booleans). */
const cellValue = (s: string): number | string => (s !== '' && Number.isFinite(Number(s)) ? Number(s) : s);

/** Mean, min and max of `values` columns grouped by `keys` (first-seen key order). */
export function aggregate(t: Table, keys: string[], values: string[]): Row[] {
  const ki = keys.map((k) => needCol(t, k));
  const vi = values.map((v) => needCol(t, v));
  const groups = new Map<string, { key: string[]; sum: number[]; min: number[]; max: number[]; n: number[] }>();
  for (const r of t.rows) {
    const key = ki.map((i) => r[i]);
    const id = key.join('\u0000');
    let g = groups.get(id);
    if (!g) { g = { key, sum: values.map(() => 0), min: values.map(() => Infinity), max: values.map(() => -Infinity), n: values.map(() => 0) }; groups.set(id, g); }
    vi.forEach((i, q) => {
      const x = num(r[i]);
      if (!Number.isFinite(x)) return;
      g!.sum[q] += x; g!.n[q]++;
      if (x < g!.min[q]) g!.min[q] = x;
      if (x > g!.max[q]) g!.max[q] = x;
    });
  }
  return [...groups.values()].map((g) => {
    const o: Row = {};
    keys.forEach((k, q) => { o[k] = g.key[q]; });
    values.forEach((v, q) => {
      const ok = g.n[q] > 0;
      o[v] = ok ? round(g.sum[q] / g.n[q]) : null;
      o[`${v}_lo`] = ok ? round(g.min[q]) : null;
      o[`${v}_hi`] = ok ? round(g.max[q]) : null;
    });
    return o;
  });
}

/** Charts of the time series in `countries` / `world` tables (one run, or the runs of one point). */
function timeCharts(countries: Table | null, world: Table | null, reps: number, notes: string[]): Chart[] {
  const charts: Chart[] = [];
  if (countries && countries.rows.length) {
    const rows = aggregate(countries, ['country', 'date'], ['alignment']).map((r) => ({ country: r.country, date: r.date, mean: r.alignment, lo: r.alignment_lo, hi: r.alignment_hi }));
    charts.push({ name: 'alignment', title: 'Alignment over time per country', spec: alignmentSpec(rows, reps) });
  } else notes.push('no countries.csv time series: alignment chart left out');
  if (world && world.rows.length) {
    const agg = aggregate(world, ['date'], ['n_us', 'n_hedge', 'n_china', 'gdp_share_us', 'gdp_share_hedge', 'gdp_share_china', 'isolation_china']
      .filter((c) => colIndex(world, c) >= 0));
    const shares: Row[] = [];
    for (const r of agg) {
      const nTot = ['n_us', 'n_hedge', 'n_china'].reduce((s, c) => s + ((r[c] as number) ?? 0), 0);
      (['china', 'hedge', 'us'] as const).forEach((st, o) => {
        if (r[`n_${st}`] !== undefined && nTot > 0) shares.push({ date: r.date, measure: 'countries', stance: st, stance_order: o, share: round((r[`n_${st}`] as number) / nTot) });
        if (r[`gdp_share_${st}`] !== undefined) shares.push({ date: r.date, measure: 'GDP', stance: st, stance_order: o, share: r[`gdp_share_${st}`] });
      });
    }
    if (shares.length) charts.push({ name: 'stance_shares', title: 'Shares of countries and GDP by stance', spec: stanceSharesSpec(shares, reps) });
    if (colIndex(world, 'isolation_china') >= 0) {
      const rows = agg.map((r) => ({ date: r.date, mean: r.isolation_china, lo: r.isolation_china_lo, hi: r.isolation_china_hi }));
      charts.push({ name: 'isolation_china', title: "China's isolation index", spec: worldLineSpec(rows, reps, 'isolation_china', "China's isolation index (trade-weighted share of partners aligned with the US)", 'isolation index') });
    }
  } else notes.push('no world.csv time series: stance and isolation charts left out');
  return charts;
}

function runCharts(f: RunFolder): ChartSet {
  const notes: string[] = [];
  const c = existsSync(join(f.dir, 'countries.csv')) ? readTable(join(f.dir, 'countries.csv')) : null;
  const w = existsSync(join(f.dir, 'world.csv')) ? readTable(join(f.dir, 'world.csv')) : null;
  if (!c && !w) throw new UserError(`${f.dir}: neither countries.csv nor world.csv found; nothing to plot (did the run record them? see record: in the scenario)`);
  return { charts: timeCharts(c, w, 1, notes), notes, reps: 1 };
}

function pickParam(sw: SweepFolder, asked: string | undefined, fallback: number, opt: string): string {
  if (asked === undefined) return sw.params[fallback];
  if (!sw.params.includes(asked)) throw new UserError(`--${opt} ${asked}: not a parameter of this sweep; its parameters are ${sw.params.join(', ')}`, [], 2);
  return asked;
}

async function sweepCharts(sw: SweepFolder, opts: PlotOptions): Promise<ChartSet> {
  const notes: string[] = [];
  const charts: Chart[] = [];
  const metric = chooseMetrics(sw.metrics, opts.metric ? [opts.metric] : undefined, `${sw.dir}/runs.csv`)[0];
  // time series of one design point
  const rp = needCol(sw.runs, 'point');
  const rs = colIndex(sw.runs, 'status');
  const ri = needCol(sw.runs, 'run_id');
  const okRuns = sw.runs.rows.filter((r) => rs < 0 || r[rs] === STATUS_OK);
  const point = opts.point ?? okRuns[0]?.[rp];
  if (opts.point !== undefined && !sw.runs.rows.some((r) => r[rp] === opts.point)) {
    throw new UserError(`--point ${opts.point}: no runs of that design point in ${sw.dir}/runs.csv; points are numbered from 0 (see points.csv)`, [], 2);
  }
  let reps = 0;
  if (point !== undefined) {
    const ids = new Set(okRuns.filter((r) => r[rp] === point).map((r) => r[ri]));
    reps = ids.size;
    const cf = join(sw.dir, 'countries.csv'), wf = join(sw.dir, 'world.csv');
    const c = existsSync(cf) ? await readTableForRuns(cf, ids) : null;
    const w = existsSync(wf) ? await readTableForRuns(wf, ids) : null;
    if (c || w) {
      const vals = pointParams(sw).get(point) ?? [];
      const label = sw.params.map((p, i) => `${p} = ${vals[i]}`).join(', ');
      for (const ch of timeCharts(c, w, reps, notes)) {
        const t = ch.spec.title as { text: string };
        charts.push({ ...ch, title: `${ch.title} (design point ${point})`, spec: { ...ch.spec, title: { ...t, subtitle: `design point ${point}: ${label}` } } });
      }
    } else notes.push('the sweep recorded no time series (world.csv, countries.csv): time charts left out');
  }
  // heatmap over two parameters
  if (sw.params.length >= 2 && metric) {
    const x = pickParam(sw, opts.x, 0, 'x');
    const y = pickParam(sw, opts.y, x === sw.params[1] ? 0 : 1, 'y');
    if (x === y) throw new UserError(`--x and --y name the same parameter (${x}); give two different ones`, [], 2);
    const xi = sw.params.indexOf(x), yi = sw.params.indexOf(y);
    const rows: Row[] = summarizeSweep(sw, [metric]).filter((r) => r.mean !== null)
      .map((r) => ({ x: cellValue(r.values[xi]), y: cellValue(r.values[yi]), value: round(r.mean as number) }));
    charts.push({ name: 'heatmap', title: `${metric} over ${x} and ${y}`, spec: heatmapSpec(rows, metric, x, y) });
  } else notes.push('a heatmap needs a sweep of at least two parameters');
  // sensitivity bars: the design's own indices, or PRCC and SRC for any other design
  {
    try {
      const res = sensitivityOf(sw, { metrics: [metric] });
      const keep = res.methods[0] === 'sobol' ? ['S1', 'ST'] : res.methods[0] === 'morris' ? ['mu_star', 'sigma'] : ['PRCC', 'SRC'];
      const rows = res.rows.filter((r) => keep.includes(r.index)).map((r) => ({
        parameter: r.parameter, index: r.index, estimate: r.estimate === null ? null : round(r.estimate),
        ci_lo: r.lo === null ? null : round(r.lo), ci_hi: r.hi === null ? null : round(r.hi),
      }));
      charts.push({ name: 'sensitivity', title: `Sensitivity of ${metric}`, spec: sensitivityBarsSpec(rows, metric, res.methods[0], sw.params) });
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      notes.push(`sensitivity chart left out: ${e.message}`);
    }
  }
  return { charts, notes, point, reps };
}

/** The charts of a folder (specs with data inline), for plot and report. */
export async function chartsOf(dir: string, opts: PlotOptions = {}): Promise<ChartSet & { folder: RunFolder | SweepFolder }> {
  const f = openFolder(dir);
  const set = f.kind === 'run' ? runCharts(f) : await sweepCharts(f, opts);
  return { ...set, folder: f };
}

export interface PlotResult { out: string; files: string[]; notes: string[] }

/** Write <out>/<name>.vl.json and <out>/<name>.svg for every chart. */
export async function plotFolder(dir: string, opts: PlotOptions & { out?: string; onChart?: (done: number, total: number, name: string) => void } = {}): Promise<PlotResult> {
  const set = await chartsOf(dir, opts);
  const out = opts.out ?? join(dir, 'plots');
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  let done = 0;
  for (const ch of set.charts) {
    const svg = await renderSvg(ch.spec);
    writeFileAtomic(join(out, `${ch.name}.vl.json`), JSON.stringify(ch.spec, null, 1) + '\n');
    writeFileAtomic(join(out, `${ch.name}.svg`), svg.endsWith('\n') ? svg : svg + '\n');
    files.push(`${ch.name}.svg`, `${ch.name}.vl.json`);
    opts.onChart?.(++done, set.charts.length, ch.name);
  }
  return { out, files, notes: set.notes };
}
