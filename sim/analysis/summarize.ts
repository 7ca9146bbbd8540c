/**
 * `hedgesim summarize`: a tidy summary.csv for an output folder.
 * - Sweep: one row per (design point, metric) with the point's parameter values,
 *   the number of successful replications n (and failed ones), the mean, the
 *   sample sd and the 95% Student t interval of the mean across replications
 *   (sd, ci_lo, ci_hi empty when n = 1: undefined, never NaN).
 * - Single run: the final recorded state of every country (the rows of
 *   countries.csv at the last recorded step).
 */
import { dirname, join } from 'node:path';
import { CsvWriter, fmt, text } from '../io/csv.ts';
import { UserError } from '../errors.ts';
import { meanCI } from './stats.ts';
import { openFolder, pointParams, chooseMetrics, STATUS_OK, type SweepFolder, type RunFolder } from './folder.ts';
import { readTable, needCol, num, colIndex } from './table.ts';
import { goalsOf, isPolicySweep, robustnessOf, robustnessText, writeRobustness, type RobustGoal } from './policies.ts';

export const SWEEP_SUMMARY_FIXED = ['metric', 'n', 'n_failed', 'mean', 'sd', 'ci_lo', 'ci_hi'] as const;

export interface SummaryRow {
  point: string;
  values: string[];
  metric: string;
  n: number;
  n_failed: number;
  mean: number | null;
  sd: number | null;
  lo: number | null;
  hi: number | null;
}

/** Successful runs' values of each metric, grouped by point (points in points.csv order). */
export function groupByPoint(sw: SweepFolder, metrics: readonly string[]): { order: string[]; ok: Map<string, number[][]>; failed: Map<string, number> } {
  const pid = needCol(sw.points, 'point');
  const order = sw.points.rows.map((r) => r[pid]);
  const rp = needCol(sw.runs, 'point');
  const rs = colIndex(sw.runs, 'status');
  const mi = metrics.map((m) => needCol(sw.runs, m));
  const ok = new Map<string, number[][]>(order.map((p) => [p, metrics.map(() => [] as number[])]));
  const failed = new Map<string, number>(order.map((p) => [p, 0]));
  for (const row of sw.runs.rows) {
    const p = row[rp];
    if (!ok.has(p)) { ok.set(p, metrics.map(() => [])); failed.set(p, 0); order.push(p); }
    if (rs >= 0 && row[rs] !== STATUS_OK) { failed.set(p, (failed.get(p) ?? 0) + 1); continue; }
    const lists = ok.get(p)!;
    mi.forEach((c, q) => {
      const v = num(row[c]);
      if (Number.isFinite(v)) lists[q].push(v);
    });
  }
  return { order, ok, failed };
}

export function summarizeSweep(sw: SweepFolder, metricsAsked?: string[], level = 0.95): SummaryRow[] {
  const metrics = chooseMetrics(sw.metrics, metricsAsked, `${sw.dir}/runs.csv`);
  const { order, ok, failed } = groupByPoint(sw, metrics);
  const pv = pointParams(sw);
  const rows: SummaryRow[] = [];
  for (const p of order) {
    const lists = ok.get(p)!;
    metrics.forEach((m, q) => {
      const xs = lists[q];
      const base = { point: p, values: pv.get(p) ?? sw.params.map(() => ''), metric: m, n: xs.length, n_failed: failed.get(p) ?? 0 };
      if (xs.length === 0) { rows.push({ ...base, mean: null, sd: null, lo: null, hi: null }); return; }
      const ci = meanCI(xs, level);
      rows.push({ ...base, mean: ci.mean, sd: ci.sd, lo: ci.lo, hi: ci.hi });
    });
  }
  return rows;
}

const cell = (x: number | null, col: string) => (x === null ? '' : fmt(x, col));
/** A parameter value as written in points.csv (numbers re-formatted, text quoted). */
const valueCell = (s: string) => (s !== '' && Number.isFinite(Number(s)) ? fmt(Number(s)) : text(s));

export function writeSweepSummary(sw: SweepFolder, rows: SummaryRow[], out: string): number {
  const w = new CsvWriter(out, ['point', ...sw.params, ...SWEEP_SUMMARY_FIXED]);
  try {
    for (const r of rows) {
      w.line([text(r.point), ...r.values.map(valueCell), text(r.metric), String(r.n), String(r.n_failed),
        cell(r.mean, 'mean'), cell(r.sd, 'sd'), cell(r.lo, 'ci_lo'), cell(r.hi, 'ci_hi')].join(','));
    }
    w.close();
  } catch (e) { w.abort(); throw e; }
  return w.rows;
}

/** The rows of countries.csv at the last recorded step (header and cells as written). */
export function finalCountries(run: RunFolder): { columns: string[]; rows: string[][]; step: number } {
  const t = readTable(join(run.dir, 'countries.csv'));
  const si = needCol(t, 'step');
  let last = -Infinity;
  for (const r of t.rows) last = Math.max(last, num(r[si]));
  return { columns: t.columns, rows: t.rows.filter((r) => num(r[si]) === last), step: last };
}

export interface SummarizeResult { out: string; rows: number; kind: 'run' | 'sweep'; text: string; robustness?: { out: string; rows: number; text: string } }

export function summarizeFolder(dir: string, opts: { out?: string; metrics?: string[]; level?: number; robust?: RobustGoal[] } = {}): SummarizeResult {
  const f = openFolder(dir);
  const out = opts.out ?? join(dir, 'summary.csv');
  if (f.kind === 'run') {
    const fc = finalCountries(f);
    const w = new CsvWriter(out, fc.columns);
    try {
      for (const r of fc.rows) w.line(r.map(text).join(','));
      w.close();
    } catch (e) { w.abort(); throw e; }
    return { out, rows: w.rows, kind: 'run', text: `final state of ${w.rows} countries at step ${fc.step}` };
  }
  let robust: SummarizeResult['robustness'];
  if (opts.robust?.length && !isPolicySweep(f)) throw new UserError(`${dir}: --robust needs a policy sweep (levers: and uncertainties: in the sweep file): robustness compares policies across the same scenarios`, [], 2);
  const goals = isPolicySweep(f) ? goalsOf(f, opts.robust) : [];
  const rr = goals.length ? robustnessOf(f, goals) : undefined;
  const rows = summarizeSweep(f, opts.metrics, opts.level);
  const n = writeSweepSummary(f, rows, out);
  if (rr) {
    const ro = join(dirname(out), 'robustness.csv');
    robust = { out: ro, rows: writeRobustness(rr, ro), text: robustnessText(rr) };
  }
  const pts = new Set(rows.map((r) => r.point)).size;
  const failed = rows.length ? [...new Set(rows.map((r) => `${r.point}:${r.n_failed}`))].reduce((s, x) => s + Number(x.split(':')[1]), 0) : 0;
  const note = isPolicySweep(f) && !goals.length ? '; a policy sweep: give metrics a goal: in the sweep file, or --robust METRIC:max[:THRESHOLD], for robustness.csv' : '';
  return { out, rows: n, kind: 'sweep', text: `${pts} design points x ${new Set(rows.map((r) => r.metric)).size} metrics${failed ? `, ${failed} failed runs left out` : ''}${note}`, robustness: robust };
}
