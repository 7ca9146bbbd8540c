/**
 * Policy sweeps (levers x uncertainties) in `hedgesim summarize`: robustness.csv,
 * one row per (metric with a goal, policy): the policy's lever values, the number
 * of scenarios, the mean over scenarios, the 10th and 90th percentiles, the maximum
 * regret and the satisficing share (sim/analysis/robustness.ts). A policy's outcome
 * in a scenario is the mean over its successful replications (every policy ran
 * with the same seeds in a scenario); a scenario where some policy has no value is
 * left out for every policy (regret compares policies scenario by scenario) and
 * counted in the note.
 */
import { UserError, UsageError } from '../errors.ts';
import { CsvWriter, fmt, text } from '../io/csv.ts';
import { robustness, type Goal, type PolicyRobustness } from './robustness.ts';
import { STATUS_OK, type SweepFolder } from './folder.ts';
import { needCol, num } from './table.ts';

export const ROBUSTNESS_COLUMNS = ['metric', 'goal', 'threshold', 'policy', 'scenarios', 'mean', 'p10', 'p90', 'max_regret', 'satisficing'] as const;

export interface RobustGoal { metric: string; goal: Goal; threshold?: number }

/** A policy's robustness (robustness.ts) on one metric, with the goal and the policy's lever values. */
export interface RobustnessRow extends PolicyRobustness {
  metric: string;
  goal: Goal;
  threshold: number | null;
  levers: string[];
}

export interface RobustnessResult { levers: string[]; rows: RobustnessRow[]; notes: string[] }

/** `share_us:max`, `share_china:min:0.1` (max/maximize, min/minimize) → a goal. */
export function parseRobust(s: string): RobustGoal {
  const m = /^\s*([a-z][a-z0-9_]*)\s*:\s*(max|maximize|min|minimize)\s*(?::\s*(-?[0-9.]+(?:e-?[0-9]+)?))?\s*$/.exec(s);
  if (!m || (m[3] !== undefined && !Number.isFinite(Number(m[3])))) {
    throw new UsageError(`--robust takes METRIC:max or METRIC:min, optionally with a threshold, e.g. --robust share_us:max:0.4; got ${JSON.stringify(s)}`);
  }
  return { metric: m[1], goal: m[2].startsWith('max') ? 'maximize' : 'minimize', threshold: m[3] !== undefined ? Number(m[3]) : undefined };
}

/** Is this sweep folder a policy sweep (levers x uncertainties)? */
export const isPolicySweep = (sw: SweepFolder) => !!sw.manifest?.design?.policy;

/** The goals declared in the sweep file (metrics with goal:), overridden by `asked`. */
export function goalsOf(sw: SweepFolder, asked?: RobustGoal[]): RobustGoal[] {
  if (asked?.length) return asked;
  const ms: { name: string; goal?: Goal; threshold?: number }[] = sw.manifest?.sweep?.resolved?.metrics ?? [];
  return ms.filter((m) => m.goal !== undefined).map((m) => ({ metric: m.name, goal: m.goal!, threshold: m.threshold }));
}

export function robustnessOf(sw: SweepFolder, goals: RobustGoal[]): RobustnessResult {
  const pol = sw.manifest.design.policy as { policies: number; scenarios: number; levers: string[] };
  if (!pol) throw new UserError(`${sw.dir}: not a policy sweep (no levers: and uncertainties: in its sweep file); robustness needs policies run against the same scenarios`);
  const P = pol.policies, S = pol.scenarios;
  const pc = needCol(sw.runs, 'policy'), scc = needCol(sw.runs, 'scenario');
  const st = needCol(sw.runs, 'status');
  const li = pol.levers.map((l) => needCol(sw.runs, l));
  const levers: string[][] = Array.from({ length: P }, () => pol.levers.map(() => ''));
  for (const r of sw.runs.rows) { const p = num(r[pc]); if (p >= 0 && p < P && levers[p][0] === '') li.forEach((c, j) => { levers[p][j] = r[c]; }); }
  const rows: RobustnessRow[] = [];
  const notes: string[] = [];
  for (const g of goals) {
    if (!sw.metrics.includes(g.metric)) throw new UsageError(`--robust ${g.metric}: no such metric in ${sw.dir}/runs.csv; the metrics there are ${sw.metrics.join(', ')}`);
    const mc = needCol(sw.runs, g.metric);
    const sum = Array.from({ length: P }, () => new Float64Array(S)), cnt = Array.from({ length: P }, () => new Float64Array(S));
    for (const r of sw.runs.rows) {
      if (r[st] !== STATUS_OK) continue;
      const p = num(r[pc]), s = num(r[scc]), v = num(r[mc]);
      if (!(p >= 0 && p < P && s >= 0 && s < S) || !Number.isFinite(v)) continue;
      sum[p][s] += v; cnt[p][s]++;
    }
    const keep: number[] = [];
    for (let s = 0; s < S; s++) if (cnt.every((c) => c[s] > 0)) keep.push(s);
    if (keep.length < S) notes.push(`${g.metric}: ${S - keep.length} of ${S} scenarios left out (some policy has no value there: failed runs, or the metric is undefined)`);
    if (keep.length === 0) continue;
    const table = sum.map((row, p) => Float64Array.from(keep, (s) => row[s] / cnt[p][s]));
    for (const r of robustness(table, g.goal, g.threshold)) {
      rows.push({ metric: g.metric, goal: g.goal, threshold: g.threshold ?? null, policy: r.policy, levers: levers[r.policy], scenarios: r.scenarios, mean: r.mean, p10: r.p10, p90: r.p90, maxRegret: r.maxRegret, satisficing: r.satisficing });
    }
  }
  return { levers: pol.levers, rows, notes };
}

const cell = (x: number | null) => (x === null ? '' : fmt(x));
const valueCell = (s: string) => (s !== '' && Number.isFinite(Number(s)) ? fmt(Number(s)) : text(s));

export function writeRobustness(res: RobustnessResult, out: string): number {
  const [m, g, th, p, ...rest] = ROBUSTNESS_COLUMNS;
  const w = new CsvWriter(out, [m, g, th, p, ...res.levers, ...rest]);
  try {
    for (const r of res.rows) {
      w.line([text(r.metric), r.goal, cell(r.threshold), String(r.policy), ...r.levers.map(valueCell), String(r.scenarios),
        cell(r.mean), cell(r.p10), cell(r.p90), cell(r.maxRegret), cell(r.satisficing)].join(','));
    }
    w.close();
  } catch (e) { w.abort(); throw e; }
  return w.rows;
}

/** A short text table: per metric, the policies best first by maximum regret. */
export function robustnessText(res: RobustnessResult): string {
  const lines: string[] = [];
  for (const metric of [...new Set(res.rows.map((r) => r.metric))]) {
    const rs = res.rows.filter((r) => r.metric === metric).sort((a, b) => a.maxRegret - b.maxRegret || a.policy - b.policy);
    const g = rs[0];
    lines.push(`  ${metric} (${g.goal}${g.threshold !== null ? `, threshold ${g.threshold}` : ''}): policy, levers, mean, p10, max regret${g.threshold !== null ? ', satisficing' : ''}`);
    for (const r of rs) {
      lines.push(`    ${r.policy}  ${res.levers.map((l, j) => `${l}=${r.levers[j]}`).join(' ')}  ${r.mean.toPrecision(3)}  ${r.p10.toPrecision(3)}  ${r.maxRegret.toPrecision(3)}${r.satisficing !== null ? `  ${(100 * r.satisficing).toFixed(0)}%` : ''}`);
    }
  }
  for (const n of res.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
