/**
 * Descriptive statistics, confidence intervals and the special functions they need
 * (Student t quantile, the regularised incomplete beta, percentile bootstrap; the
 * normal distribution is in normal.ts).
 *
 * Conventions:
 * - `mean` of an empty list and `variance`/`sd` of fewer than two values are NaN
 *   (undefined, as R's `mean`/`var` give NaN/NA). `meanCI` never returns NaN bounds:
 *   undefined bounds are `null` (callers write empty CSV fields).
 * - `variance` uses Welford's one-pass update (Welford 1962, Technometrics 4(3)),
 *   which is numerically stable and returns exactly 0 for a constant list.
 *
 * Test reference values (test/analysis/stats.test.ts) were computed with
 * scipy.stats (t.ppf, norm.ppf, t.interval), scipy 1.17.1; they agree with R's
 * qt/qnorm/t.test to the printed digits.
 */
import { Rng } from '../rng.ts';
import { normQuantile } from './normal.ts';

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += xs[i];
  return s / n;
}

/** Sample variance (denominator n-1, Welford's update); NaN when n < 2. */
export function variance(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return NaN;
  let m = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i] - m;
    m += d / (i + 1);
    m2 += d * (xs[i] - m);
  }
  return m2 / (n - 1);
}

/** Sample standard deviation (denominator n-1); NaN when n < 2. */
export function sd(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs));
}

/**
 * Sample quantile of an ascending-sorted list, Hyndman & Fan (1996) type 7 (R's
 * default `quantile(type = 7)`, numpy's default "linear"): h = (n-1)p,
 * Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n < 1) throw new RangeError('quantileSorted: need at least one value');
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantileSorted: p must be in [0, 1], got ${p}`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1];
  const frac = h - lo;
  return frac === 0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

// ---------------------------------------------------------------------------
// Student t distribution
// ---------------------------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** log Gamma(x) for x > 0, Lanczos approximation (g = 7, n = 9; Lanczos 1964). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Continued fraction for the regularised incomplete beta function, modified Lentz
 * method (Numerical Recipes, 3rd ed., section 6.4, `betacf`).
 */
function betaCF(x: number, a: number, b: number): number {
  const TINY = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/**
 * Regularised incomplete beta I_x(a, b), with xc = 1 - x passed separately so that
 * x close to 1 loses no precision (Numerical Recipes, 3rd ed., `betai`).
 */
export function incBeta(x: number, xc: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (xc <= 0) return 1;
  const lbt = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(xc);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lbt) * betaCF(x, a, b)) / a;
  return 1 - (Math.exp(lbt) * betaCF(xc, b, a)) / b;
}

/** Upper tail P(T > t) of Student t with df degrees of freedom, for t >= 0. */
function tUpperTail(t: number, df: number): number {
  const t2 = t * t;
  return 0.5 * incBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5);
}

/** Student t density. */
function tPdf(t: number, df: number): number {
  const lc = logGamma((df + 1) / 2) - logGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(lc - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Cornish-Fisher expansion of the t quantile in powers of 1/df around the normal
 * quantile z (Abramowitz & Stegun 26.7.5).
 */
function tCornishFisher(z: number, df: number): number {
  const z2 = z * z;
  const g1 = (z2 + 1) * z / 4;
  const g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
  const g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
  const g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

/**
 * Student t quantile (inverse CDF) for p in (0, 1) and df > 0 (df = Infinity gives
 * the normal quantile). Closed forms for df = 1 (Cauchy) and df = 2; otherwise the
 * upper tail 0.5 * I_{df/(df+t^2)}(df/2, 1/2) (regularised incomplete beta) is inverted by
 * safeguarded Newton iteration (bisection fallback) to ~1e-13 relative; for
 * df > 1e5 the Cornish-Fisher expansion (A&S 26.7.5) is used directly (error far
 * below 1e-9 there). Accurate to 1e-6 or better for every df >= 1.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`tQuantile: p must be in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`tQuantile: df must be > 0, got ${df}`);
  if (p === 0.5) return 0;
  const sign = p < 0.5 ? -1 : 1;
  const q = p < 0.5 ? p : 1 - p; // target upper-tail probability of |T|'s positive side
  if (df === Infinity) return -normQuantile(q) * sign;
  if (df === 1) return (sign * 1) / Math.tan(Math.PI * q);
  if (df === 2) return (sign * (1 - 2 * q)) / Math.sqrt(2 * q * (1 - q));
  const z = -normQuantile(q);
  if (df > 1e5) return sign * tCornishFisher(z, df);
  // Bracket [lo, hi] with tail(lo) >= q >= tail(hi).
  let lo = 0;
  let hi = Math.max(1, z);
  while (tUpperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return sign * Infinity;
  }
  let t = tCornishFisher(z, df);
  if (!(t > lo && t < hi)) t = 0.5 * (lo + hi);
  for (let it = 0; it < 200; it++) {
    const g = tUpperTail(t, df) - q;
    if (g > 0) lo = t;
    else hi = t;
    let next = t + g / tPdf(t, df); // d(tail)/dt = -pdf
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    const done = Math.abs(next - t) <= 1e-14 * Math.max(1, Math.abs(t));
    t = next;
    if (done || hi - lo <= 1e-15 * hi) break;
  }
  return sign * t;
}

// ---------------------------------------------------------------------------
// Intervals
// ---------------------------------------------------------------------------

export interface MeanCI {
  n: number;
  mean: number;
  /** Sample sd (n-1); null when n = 1. */
  sd: number | null;
  /** Lower bound of the t-interval; null when n = 1 (undefined: no spread estimate). */
  lo: number | null;
  /** Upper bound of the t-interval; null when n = 1. */
  hi: number | null;
}

/**
 * Two-sided Student t confidence interval for the mean,
 * mean -/+ t_{(1+level)/2, n-1} * sd / sqrt(n) (as R's `t.test(xs)$conf.int`).
 * n = 0 throws; n = 1 gives null sd and bounds (never NaN).
 */
export function meanCI(xs: ArrayLike<number>, level = 0.95): MeanCI {
  const n = xs.length;
  if (n < 1) throw new RangeError('meanCI: need at least one value');
  if (!(level > 0 && level < 1)) throw new RangeError(`meanCI: level must be in (0, 1), got ${level}`);
  const m = mean(xs);
  if (n === 1) return { n, mean: m, sd: null, lo: null, hi: null };
  const s = sd(xs);
  const half = (tQuantile((1 + level) / 2, n - 1) * s) / Math.sqrt(n);
  return { n, mean: m, sd: s, lo: m - half, hi: m + half };
}

/** Fill `out` (or a new array) with n indices drawn uniformly with replacement from [0, n). */
export function resampleIndices(n: number, rng: Rng, out?: Int32Array): Int32Array {
  const idx = out ?? new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = rng.int(n);
  return idx;
}

/**
 * Percentile interval [q_{(1-level)/2}, q_{(1+level)/2}] (type 7 quantiles) of a set
 * of bootstrap replicates (Efron & Tibshirani 1993, ch. 13). Sorts `values` in place.
 */
export function percentileInterval(values: Float64Array, level: number): { lo: number; hi: number } {
  if (!(level > 0 && level < 1)) throw new RangeError(`percentileInterval: level must be in (0, 1), got ${level}`);
  values.sort();
  return { lo: quantileSorted(values, (1 - level) / 2), hi: quantileSorted(values, (1 + level) / 2) };
}

/**
 * Percentile bootstrap confidence interval (Efron & Tibshirani 1993, ch. 13) for a
 * statistic of n observations: B times, draw n indices with replacement and evaluate
 * `stat(indices)`; the interval is the (1-level)/2 and (1+level)/2 type-7 quantiles
 * of the B replicates. `stat` must return a finite number (RangeError otherwise).
 * Deterministic given the rng state.
 */
export function bootstrapCI(
  stat: (idx: Int32Array) => number,
  n: number,
  B: number,
  rng: Rng,
  level = 0.95,
): { lo: number; hi: number } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`bootstrapCI: n must be an integer >= 1, got ${n}`);
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`bootstrapCI: B must be an integer >= 1, got ${B}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrapCI: level must be in (0, 1), got ${level}`);
  const reps = new Float64Array(B);
  const idx = new Int32Array(n);
  for (let b = 0; b < B; b++) {
    const v = stat(resampleIndices(n, rng, idx));
    if (!Number.isFinite(v)) throw new RangeError(`bootstrapCI: statistic returned non-finite value ${v}`);
    reps[b] = v;
  }
  return percentileInterval(reps, level);
}
