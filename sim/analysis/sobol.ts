/**
 * First- and total-order Sobol' sensitivity indices from model outputs evaluated on
 * a `saltelliDesign` (sim/sweep/designs.ts).
 *
 * Estimators (N = base sample size, f_A, f_B, f_ABi the outputs on A, B, AB_i):
 * - first order, Saltelli et al. (2010, Comput. Phys. Commun. 181, Table 2):
 *     V_i = (1/N) sum_j f_B[j] (f_ABi[j] - f_A[j])
 * - total order, Jansen (1999, Comput. Phys. Commun. 117):
 *     VT_i = (1/(2N)) sum_j (f_A[j] - f_ABi[j])^2
 * - S_i = V_i / V, ST_i = VT_i / V with V the (population, 1/(2N)) variance of the
 *   2N values f_A and f_B together (as SALib's sobol.analyze).
 * A constant output (V = 0) has zero numerators too; its indices are defined as 0.
 *
 * Confidence intervals: percentile bootstrap over the base-sample index j (each
 * resample redraws N indices with replacement and recomputes V, V_i, VT_i from the
 * same rows of A, B and every AB_i), B = 1000 resamples by default, seeded, so the
 * result is deterministic.
 *
 * Input: `y[row]` is the output at `design.points[row]`, aligned with the design's
 * rows (any order the design uses: rows are reassembled from `design.labels`). With
 * replications, the caller averages the replications of each design row first and
 * passes the per-row means; every value must be finite.
 *
 * Test (test/analysis/sobol.test.ts): Ishigami function, analytic indices from
 * Ishigami & Homma (1990), as given in Saltelli et al. (2008, Global Sensitivity
 * Analysis: The Primer).
 */
import { Rng, hashSeed } from '../rng.ts';
import { percentileInterval, resampleIndices } from './stats.ts';
import type { SaltelliRowLabel } from '../sweep/designs.ts';

export interface SobolIndex {
  name: string;
  S1: number;
  S1_lo: number;
  S1_hi: number;
  ST: number;
  ST_lo: number;
  ST_hi: number;
}

export interface SobolOptions {
  /** Parameter names in column order (default "x0", "x1", ...). */
  names?: readonly string[];
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
  /** Bootstrap seed (default 0); the stream is Rng(hashSeed('sobol-bootstrap', seed)). */
  seed?: number;
}

/** The parts of a SaltelliDesign the analysis needs. */
export interface SaltelliLayout {
  n: number;
  k: number;
  labels: readonly SaltelliRowLabel[];
}

interface Split {
  fA: Float64Array;
  fB: Float64Array;
  fAB: Float64Array[];
}

/** Reassemble f_A, f_B and f_ABi from row-aligned outputs, checking full coverage. */
function split(design: SaltelliLayout, y: ArrayLike<number>): Split {
  const { n, k, labels } = design;
  if (labels.length !== n * (k + 2)) throw new RangeError(`sobolIndices: design has ${labels.length} rows, expected n(k+2) = ${n * (k + 2)}`);
  if (y.length !== labels.length) throw new RangeError(`sobolIndices: ${y.length} outputs for ${labels.length} design rows`);
  const fA = new Float64Array(n);
  const fB = new Float64Array(n);
  const fAB = Array.from({ length: k }, () => new Float64Array(n));
  const seen = new Uint8Array(n * (k + 2));
  for (let row = 0; row < labels.length; row++) {
    const { block, i, j } = labels[row];
    const v = y[row];
    if (!Number.isFinite(v)) throw new RangeError(`sobolIndices: output at row ${row} is not finite (${v})`);
    if (!(j >= 0 && j < n)) throw new RangeError(`sobolIndices: bad base index j=${j} at row ${row}`);
    let slot: number;
    if (block === 'A') { fA[j] = v; slot = j; }
    else if (block === 'B') { fB[j] = v; slot = n + j; }
    else {
      if (!(i >= 0 && i < k)) throw new RangeError(`sobolIndices: bad AB index i=${i} at row ${row}`);
      fAB[i][j] = v;
      slot = (2 + i) * n + j;
    }
    if (seen[slot]) throw new RangeError(`sobolIndices: duplicate row for ${block}${block === 'AB' ? i : ''}[${j}]`);
    seen[slot] = 1;
  }
  return { fA, fB, fAB };
}

/**
 * S1 and ST for every parameter over the base indices idx (identity when null).
 * Writes S1 into out[0..k) and ST into out[k..2k).
 */
function estimate(s: Split, idx: Int32Array | null, out: Float64Array): void {
  const { fA, fB, fAB } = s;
  const n = fA.length;
  const k = fAB.length;
  const at = (j: number) => (idx === null ? j : idx[j]);
  let sum = 0;
  for (let j = 0; j < n; j++) sum += fA[at(j)] + fB[at(j)];
  const m = sum / (2 * n);
  let ss = 0;
  for (let j = 0; j < n; j++) {
    const a = fA[at(j)] - m;
    const b = fB[at(j)] - m;
    ss += a * a + b * b;
  }
  const V = ss / (2 * n);
  for (let i = 0; i < k; i++) {
    const ab = fAB[i];
    let v1 = 0;
    let vt = 0;
    for (let j = 0; j < n; j++) {
      const q = at(j);
      const d = ab[q] - fA[q];
      v1 += fB[q] * d;
      vt += d * d;
    }
    v1 /= n;
    vt /= 2 * n;
    out[i] = V > 0 ? v1 / V : 0;
    out[k + i] = V > 0 ? vt / V : 0;
  }
}

/**
 * Sobol' first- and total-order indices with percentile-bootstrap intervals for one
 * output. `y` is aligned with `design.points` (see the module doc).
 */
export function sobolIndices(design: SaltelliLayout, y: ArrayLike<number>, opts: SobolOptions = {}): SobolIndex[] {
  const { k } = design;
  const names = opts.names ?? Array.from({ length: k }, (_, i) => `x${i}`);
  if (names.length !== k) throw new RangeError(`sobolIndices: ${names.length} names for k = ${k} parameters`);
  const B = opts.resamples ?? 1000;
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`sobolIndices: resamples must be an integer >= 1, got ${B}`);
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`sobolIndices: level must be in (0, 1), got ${level}`);
  const s = split(design, y);
  const n = s.fA.length;

  const point = new Float64Array(2 * k);
  estimate(s, null, point);

  const reps = Array.from({ length: 2 * k }, () => new Float64Array(B));
  const rng = new Rng(hashSeed('sobol-bootstrap', opts.seed ?? 0));
  const idx = new Int32Array(n);
  const tmp = new Float64Array(2 * k);
  for (let b = 0; b < B; b++) {
    estimate(s, resampleIndices(n, rng, idx), tmp);
    for (let q = 0; q < 2 * k; q++) reps[q][b] = tmp[q];
  }
  return names.map((name, i) => {
    const c1 = percentileInterval(reps[i], level);
    const ct = percentileInterval(reps[k + i], level);
    return { name, S1: point[i], S1_lo: c1.lo, S1_hi: c1.hi, ST: point[k + i], ST_lo: ct.lo, ST_hi: ct.hi };
  });
}

/** `sobolIndices` for several named outputs on the same design (same bootstrap seed for each). */
export function sobolIndicesByOutput(
  design: SaltelliLayout,
  outputs: Readonly<Record<string, ArrayLike<number>>>,
  opts: SobolOptions = {},
): Record<string, SobolIndex[]> {
  const res: Record<string, SobolIndex[]> = {};
  for (const [key, y] of Object.entries(outputs)) res[key] = sobolIndices(design, y, opts);
  return res;
}
