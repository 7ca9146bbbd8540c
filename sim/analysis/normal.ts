/**
 * The standard normal distribution: density, CDF and quantile, to near machine
 * precision (used by the interval code in stats.ts, the truncated normal of
 * sim/sweep/distributions.ts and the Fisher z intervals of prcc.ts).
 *
 * Test reference values (test/analysis/stats.test.ts) were computed with
 * scipy.stats.norm (cdf, ppf), scipy 1.17.1.
 */

const LOG_SQRT_2PI = 0.91893853320467274178; // log(sqrt(2*pi))

/** Standard normal density. */
export function normPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/**
 * Upper tail Q(x) = 1 - Phi(x) for x > 0 via the Laplace continued fraction for
 * Mills' ratio, Q(x) = phi(x) / (x + 1/(x + 2/(x + 3/(x + ...)))) (Abramowitz &
 * Stegun 26.2.14), evaluated backwards with a fixed depth (300 terms); relative
 * error ~1e-16 for x >= 1.5.
 */
function upperTailCF(x: number): number {
  let r = 0;
  for (let k = 300; k >= 1; k--) r = k / (x + r);
  return normPdf(x) / (x + r);
}

/**
 * Standard normal CDF Phi(x). For |x| < 3 Marsaglia's Taylor series
 * Phi(x) = 1/2 + phi(x)(x + x^3/3 + x^5/(3*5) + ...) (Marsaglia 2004, "Evaluating
 * the Normal Distribution", J. Stat. Software 11(4)), for |x| < 1.5; beyond, the
 * Mills-ratio continued fraction, which keeps relative accuracy far into the lower
 * tail (so the quantile's Halley step is accurate there too).
 */
export function normCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -1.5) return x < -40 ? 0 : upperTailCF(-x);
  if (x >= 1.5) return x > 40 ? 1 : 1 - upperTailCF(x);
  let s = x;
  let t = 0;
  let b = x;
  const q = x * x;
  let i = 1;
  while (s !== t) {
    t = s;
    i += 2;
    b *= q / i;
    s = t + b;
  }
  return 0.5 + s * Math.exp(-0.5 * q - LOG_SQRT_2PI);
}

// Acklam's rational approximation coefficients.
const AK_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const AK_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const AK_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const AK_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/** Acklam's approximation for p <= 0.5 (relative error < 1.15e-9). */
function acklamLower(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((AK_C[0] * q + AK_C[1]) * q + AK_C[2]) * q + AK_C[3]) * q + AK_C[4]) * q + AK_C[5]) /
      ((((AK_D[0] * q + AK_D[1]) * q + AK_D[2]) * q + AK_D[3]) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (((((AK_A[0] * r + AK_A[1]) * r + AK_A[2]) * r + AK_A[3]) * r + AK_A[4]) * r + AK_A[5]) * q /
    (((((AK_B[0] * r + AK_B[1]) * r + AK_B[2]) * r + AK_B[3]) * r + AK_B[4]) * r + 1);
}

/**
 * Standard normal quantile Phi^-1(p) for p in (0, 1): Peter J. Acklam's rational
 * approximation ("An algorithm for computing the inverse normal cumulative
 * distribution function", 2003; relative error 1.15e-9) followed by one Halley
 * step against `normCdf`, as Acklam recommends, giving near machine precision.
 * Computed in the lower tail and reflected (Phi^-1(p) = -Phi^-1(1-p)) so both tails
 * keep relative accuracy. Returns -Infinity at 0 and +Infinity at 1.
 */
export function normQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normQuantile: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p > 0.5) return -normQuantile(1 - p);
  let x = acklamLower(p);
  const e = normCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp(0.5 * x * x);
  x = x - u / (1 + 0.5 * x * u);
  return x;
}

