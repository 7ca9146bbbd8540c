/**
 * Sensitivity measures for any sample of the inputs (random, lhs, grid, or the
 * points of a sobol or morris design): they need no special design.
 *
 * - SRC, standardized regression coefficients (Saltelli et al. 2008, Global
 *   Sensitivity Analysis: The Primer, section 1.2.5; R package `sensitivity`,
 *   function src): the OLS coefficients of y on the inputs, each times
 *   sd(x_j) / sd(y). For a model close to linear (R^2 near 1) SRC_j^2 is the share
 *   of the variance of y due to x_j. Interval: percentile bootstrap over the cases
 *   (as sensitivity::src with nboot), which also carries the sampling error of
 *   sd(y) (a t interval on b_j alone does not, and is too narrow when R^2 is high).
 * - PRCC, partial rank correlation coefficients (Iman & Conover 1987; Marino et al.
 *   2008, J. Theor. Biol. 254, "A methodology for performing global uncertainty and
 *   sensitivity analysis in systems biology"; `sensitivity::pcc(rank = TRUE)`): the
 *   inputs and the output are replaced by their ranks (ties get their mean rank),
 *   then for each x_j the correlation of the residuals of rank(x_j) and of rank(y),
 *   each regressed on the ranks of the other inputs. It measures monotone, not only
 *   linear, effects. Interval: Fisher's z, tanh(atanh(r) +- z_{(1+level)/2} /
 *   sqrt(n - 3 - (k - 1))) (k - 1 variables partialled out).
 * `pcc` with rank = false gives the partial correlation of the raw values.
 */
import { ols } from './linreg.ts';
import { normQuantile } from './normal.ts';
import { mean, percentileInterval, resampleIndices, sd } from './stats.ts';
import { Rng, hashSeed } from '../rng.ts';

export interface Coef {
  estimate: number;
  /** interval bounds; null when the sample is too small to give one */
  lo: number | null;
  hi: number | null;
}

/** Ranks 1..n, ties given the mean of the ranks they span (R's rank(ties.method = "average")). */
export function ranks(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a] - x[b] || a - b);
  const r = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && x[idx[j + 1]] === x[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let m = i; m <= j; m++) r[idx[m]] = avg;
    i = j + 1;
  }
  return r;
}

function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a), mb = mean(b);
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i] - ma, db = b[i] - mb;
    sab += da * db; saa += da * da; sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

function checkInputs(xs: readonly ArrayLike<number>[], y: ArrayLike<number>, level: number): void {
  if (xs.length < 1) throw new RangeError('need at least one input');
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  for (const x of xs) if (x.length !== y.length) throw new RangeError('every input needs one value per output value');
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) throw new RangeError(`y[${i}] is ${y[i]}; leave undefined outputs out first`);
}

/** Partial correlation coefficients of y with each x_j (ranks first when `rank`), with Fisher z intervals. */
export function pcc(xs: readonly ArrayLike<number>[], y: ArrayLike<number>, opts: { rank?: boolean; level?: number } = {}): Coef[] {
  const level = opts.level ?? 0.95;
  checkInputs(xs, y, level);
  const rank = opts.rank ?? true;
  const X = rank ? xs.map(ranks) : xs.map((x) => Float64Array.from(x));
  const Y = rank ? ranks(y) : Float64Array.from(y);
  const n = Y.length, k = X.length;
  const zq = normQuantile((1 + level) / 2);
  const dfz = n - 3 - (k - 1);
  return X.map((xj, j) => {
    const others = X.filter((_, q) => q !== j);
    const rx = others.length ? ols(others, xj).residuals : centred(xj);
    const ry = others.length ? ols(others, Y).residuals : centred(Y);
    const r = corr(rx, ry);
    if (!Number.isFinite(r)) throw new RangeError(`input ${j + 1} or the output does not vary once the other inputs are accounted for; its partial correlation is undefined`);
    if (dfz <= 0 || Math.abs(r) >= 1) return { estimate: r, lo: null, hi: null };
    const z = Math.atanh(r), h = zq / Math.sqrt(dfz);
    return { estimate: r, lo: Math.tanh(z - h), hi: Math.tanh(z + h) };
  });
}

/** Partial rank correlation coefficients: pcc on ranks. */
export function prcc(xs: readonly ArrayLike<number>[], y: ArrayLike<number>, level = 0.95): Coef[] {
  return pcc(xs, y, { rank: true, level });
}

function centred(x: ArrayLike<number>): Float64Array {
  const m = mean(x);
  return Float64Array.from(x, (v) => v - m);
}

export interface SrcResult { coefs: Coef[]; r2: number }

function srcOf(xs: readonly ArrayLike<number>[], y: ArrayLike<number>): { b: number[]; r2: number } {
  const fit = ols(xs, y);
  const sy = sd(y);
  if (!(sy > 0)) throw new RangeError('the output does not vary; standardized coefficients are undefined');
  return { b: xs.map((x, j) => (fit.beta[j + 1] * sd(x)) / sy), r2: fit.r2 };
}

/**
 * Standardized regression coefficients with percentile-bootstrap intervals
 * (`resamples` resamples of the cases, default 1000, from Rng(hashSeed('src-bootstrap',
 * seed)): deterministic), and the R^2 of the linear fit.
 */
export function src(xs: readonly ArrayLike<number>[], y: ArrayLike<number>, level = 0.95, opts: { resamples?: number; seed?: number } = {}): SrcResult {
  checkInputs(xs, y, level);
  const est = srcOf(xs, y);
  const B = opts.resamples ?? 1000;
  if (!(Number.isInteger(B) && B >= 1)) throw new RangeError(`resamples must be a whole number >= 1, got ${B}`);
  const rng = new Rng(hashSeed('src-bootstrap', opts.seed ?? 0));
  const n = y.length, k = xs.length;
  const reps = xs.map(() => new Float64Array(B));
  const idx = new Int32Array(n);
  const xb = xs.map(() => new Float64Array(n)), yb = new Float64Array(n);
  let got = 0;
  for (let b = 0; b < B; b++) {
    resampleIndices(n, rng, idx);
    for (let i = 0; i < n; i++) { yb[i] = y[idx[i]]; for (let j = 0; j < k; j++) xb[j][i] = xs[j][idx[i]]; }
    try {
      const r = srcOf(xb, yb);
      r.b.forEach((v, j) => { reps[j][got] = v; });
      got++;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e; // a degenerate resample (an input constant in it) is left out
    }
  }
  const ok = got >= 0.9 * B;
  const coefs = est.b.map((b, j) => {
    if (!ok) return { estimate: b, lo: null, hi: null };
    const ci = percentileInterval(reps[j].subarray(0, got), level);
    return { estimate: b, lo: ci.lo, hi: ci.hi };
  });
  return { coefs, r2: est.r2 };
}
