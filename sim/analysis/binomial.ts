/** The binomial upper tail, for PRIM's quasi-p-values (prim.ts). */
import { incBeta } from './stats.ts';

/**
 * P(X >= k) for X ~ Binomial(n, p): the p-value of the one-sided binomial test of k
 * successes in n trials against "greater" (scipy.stats.binomtest(k, n, p,
 * alternative="greater").pvalue). Uses P(X >= k) = I_p(k, n - k + 1), the
 * regularised incomplete beta (Abramowitz & Stegun 26.5.24 and 6.6.4).
 */
export function binomUpperTail(k: number, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomUpperTail: n must be a whole number >= 0, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomUpperTail: p must be in [0, 1], got ${p}`);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p === 0) return 0;
  if (p === 1) return 1;
  return incBeta(p, 1 - p, k, n - k + 1);
}
