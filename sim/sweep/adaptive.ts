/**
 * Adaptive replications: `replications: {until: {metric: M, half_width: h, max: R}}`
 * replicates each design point until the two-sided Student t interval of the mean
 * of M over its replications is narrow enough.
 *
 * The rule, per point: the number of replications n* is the smallest n with
 * min <= n <= max such that, over the runs 0..n-1 of the point where M is defined,
 * m >= 2 values, half width t_{(1+level)/2, m-1} s / sqrt(m) <= h; n* = max when
 * no n qualifies. It depends only on the runs' values, which depend only on their
 * seeds (base seed, point, replicate), so n* is the same whatever the workers, the
 * batches, interruptions and resumes: the runs are done in rounds (first `min` per
 * point, then per point a batch sized from its interval, at most doubling), and
 * any run past n* that a batch computed is left out of the outputs.
 *
 * Run ids keep the plain layout with R = max: run_id = point x max + replicate, so
 * runs.csv has gaps in run_id (a point with n* < max leaves ids unused); replay and
 * the seeds are those of a sweep with max replications. points.csv gets three
 * columns: replications (n*), half_width (at n*) and converged (false when max was
 * reached without the interval being narrow enough).
 */
import Papa from 'papaparse';
import { join } from 'node:path';
import { tQuantile } from '../analysis/stats.ts';
import { chunkFile, readChunk, runsHeader } from './exec.ts';
import type { Sweep } from './spec.ts';

export interface AdaptiveRule { metric: string; halfWidth: number; max: number; min: number; level: number }

export interface PointState {
  /** values of M by replicate (NaN: failed or undefined); undefined: not run yet */
  vals: (number | undefined)[];
  /** the decided number of replications, or -1 while undecided */
  n: number;
  /** half width at n (NaN when fewer than 2 values) */
  half: number;
  converged: boolean;
}

/** Half width of the t interval of the mean of the finite values among xs[0..n). */
export function halfWidth(xs: readonly (number | undefined)[], n: number, level: number): { half: number; m: number; s: number } {
  let m = 0, mean = 0, m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i];
    if (x === undefined || !Number.isFinite(x)) continue;
    m++;
    const d = x - mean;
    mean += d / m;
    m2 += d * (x - mean);
  }
  if (m < 2) return { half: NaN, m, s: NaN };
  const s = Math.sqrt(m2 / (m - 1));
  return { half: (tQuantile((1 + level) / 2, m - 1) * s) / Math.sqrt(m), m, s };
}

/**
 * The stopping rule on the replicates known so far: the decided n* when the prefix
 * of done replicates decides it, or -1 (more runs needed).
 */
export function decide(rule: AdaptiveRule, vals: readonly (number | undefined)[]): { n: number; half: number; converged: boolean } {
  let c = 0;
  while (c < rule.max && vals[c] !== undefined) c++;
  for (let n = rule.min; n <= c; n++) {
    const h = halfWidth(vals, n, rule.level).half;
    if (h <= rule.halfWidth) return { n, half: h, converged: true };
  }
  if (c >= rule.max) return { n: rule.max, half: halfWidth(vals, rule.max, rule.level).half, converged: false };
  return { n: -1, half: NaN, converged: false };
}

/** The next batch of an undecided point: which replicates to run (missing ones below the target). */
export function nextBatch(rule: AdaptiveRule, vals: readonly (number | undefined)[]): [number, number][] {
  let c = 0;
  while (c < rule.max && vals[c] !== undefined) c++;
  let target: number;
  if (c < rule.min) target = rule.min;
  else {
    const { half, m, s } = halfWidth(vals, c, rule.level);
    let need = 2 * c;
    if (m >= 2 && Number.isFinite(half) && s > 0) need = Math.ceil(((tQuantile((1 + rule.level) / 2, m - 1) * s) / rule.halfWidth) ** 2 * (c / m));
    target = c + Math.min(Math.max(1, need - c), c);
  }
  target = Math.min(target, rule.max);
  const out: [number, number][] = [];
  for (let r = c; r < target; r++) {
    if (vals[r] !== undefined) continue;
    if (out.length && out[out.length - 1][1] === r) out[out.length - 1][1] = r + 1;
    else out.push([r, r + 1]);
  }
  return out;
}

/** The state of every point of a (part of a) sweep, fed from committed chunk files. */
export class AdaptiveRuns {
  readonly points: PointState[];
  private col: number;
  private statusCol: number;

  constructor(sw: Sweep, readonly rule: AdaptiveRule, readonly stride: number, readonly firstPoint: number, readonly endPoint: number) {
    this.points = Array.from({ length: endPoint - firstPoint }, () => ({ vals: [], n: -1, half: NaN, converged: false }));
    const h = runsHeader(sw);
    this.col = h.indexOf(rule.metric);
    this.statusCol = h.indexOf('status');
    if (this.col < 0) throw new Error(`internal: metric ${rule.metric} is not a column of runs.csv`);
  }

  /** Take in the runs of a committed chunk. */
  ingest(chunkDir: string, lo: number, hi: number): void {
    const runs = readChunk(join(chunkDir, chunkFile(lo, hi))).section('runs').toString('utf8');
    const rows = Papa.parse<string[]>(runs, { header: false, skipEmptyLines: true }).data;
    for (const r of rows) {
      const id = Number(r[0]);
      const p = Math.floor(id / this.stride), rep = id - p * this.stride;
      const st = this.points[p - this.firstPoint];
      if (!st) continue;
      const v = r[this.statusCol] === 'ok' && r[this.col] !== '' ? Number(r[this.col]) : NaN;
      st.vals[rep] = v;
    }
  }

  /** Decide what can be decided; the run-id ranges of the next round (empty when every point is decided). */
  nextRound(): [number, number][] {
    const gaps: [number, number][] = [];
    this.points.forEach((st, q) => {
      if (st.n >= 0) return;
      const d = decide(this.rule, st.vals);
      if (d.n >= 0) { st.n = d.n; st.half = d.half; st.converged = d.converged; return; }
      const base = (this.firstPoint + q) * this.stride;
      for (const [a, b] of nextBatch(this.rule, st.vals)) gaps.push([base + a, base + b]);
    });
    return gaps;
  }

  /** Every point decided. */
  get complete(): boolean { return this.points.every((p) => p.n >= 0); }

  /** Is this run part of the outputs (its replicate is below its point's n*)? */
  keeps(runId: number): boolean {
    const p = Math.floor(runId / this.stride), rep = runId - p * this.stride;
    const st = this.points[p - this.firstPoint];
    return !!st && st.n >= 0 && rep < st.n;
  }
}
