/**
 * Tests for sim/sweep/distributions.ts. Normal quantiles are R's qnorm values
 * (qnorm(0.975) = 1.959964, qnorm(0.001) = -3.090232; scipy.stats.norm.ppf gives the
 * same); truncated-normal and triangular references are closed forms worked by hand
 * in the comments below.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkDist, discrete, integer, loguniform, normal, quantile, triangular, uniform, type Dist, type NumericDist,
} from '../../sim/sweep/distributions.ts';

const numericDists: Array<[string, NumericDist]> = [
  ['uniform', uniform(-2, 5)],
  ['loguniform', loguniform(1e-3, 1e2)],
  ['normal', normal(1, 2)],
  ['normal truncated both', normal(0, 1, -0.5, 2)],
  ['normal truncated in the upper tail', normal(0, 1, 6, 9)],
  ['normal truncated below only', normal(10, 3, 9)],
  ['triangular', triangular(0, 0.3, 2)],
  ['triangular mode at min', triangular(1, 1, 4)],
  ['integer', integer(-3, 7)],
  ['discrete numbers', discrete([5, 1, 2])],
];

const unit = fc.double({ min: 0, max: 1, noNaN: true });

describe('quantile', () => {
  it.each(numericDists)('%s is monotone non-decreasing in u (property)', (_, d) => {
    // discrete follows list order, so check it on a sorted list only
    const dist: NumericDist = d.kind === 'discrete' ? discrete([...d.values].sort((a, b) => a - b)) : d;
    fc.assert(fc.property(unit, unit, (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      const qlo = quantile(dist, lo);
      const qhi = quantile(dist, hi);
      // exact for every kind but the normal, whose inverse CDF is monotone only up to
      // last-bit rounding (a few ulps; see quantile's doc)
      const tol = dist.kind === 'normal' ? 1e-13 * (1 + Math.abs(qhi)) : 0;
      return qlo <= qhi + tol;
    }), { numRuns: 500 });
  });

  it.each(numericDists)('%s respects its support and endpoints', (_, d) => {
    const q0 = quantile(d, 0);
    const q1 = quantile(d, 1);
    expect(Number.isFinite(q0) && Number.isFinite(q1)).toBe(true);
    fc.assert(fc.property(unit, (u) => {
      const x = quantile(d, u);
      if (d.kind === 'normal') return (d.min === undefined || x >= d.min) && (d.max === undefined || x <= d.max);
      if (d.kind === 'discrete') return d.values.includes(x);
      if (d.kind === 'integer') return Number.isInteger(x) && x >= d.min && x <= d.max;
      return x >= d.min && x <= d.max;
    }), { numRuns: 300 });
  });

  it('hits exact endpoints where the support is closed', () => {
    expect(quantile(uniform(-2, 5), 0)).toBe(-2);
    expect(quantile(uniform(-2, 5), 1)).toBe(5);
    expect(quantile(loguniform(0.01, 100), 0)).toBe(0.01);
    expect(quantile(loguniform(0.01, 100), 1)).toBe(100);
    expect(quantile(loguniform(0.01, 100), 0.5)).toBeCloseTo(1, 12);
    expect(quantile(triangular(0, 0.3, 2), 0)).toBe(0);
    expect(quantile(triangular(0, 0.3, 2), 1)).toBe(2);
    // F(mode) = (mode - min)/(max - min) = 0.15
    expect(quantile(triangular(0, 0.3, 2), 0.15)).toBeCloseTo(0.3, 12);
    expect(quantile(normal(0, 1, -0.5, 2), 0)).toBeCloseTo(-0.5, 12);
    expect(quantile(normal(0, 1, -0.5, 2), 1)).toBeCloseTo(2, 12);
  });

  it('inverse normal matches qnorm', () => {
    expect(Math.abs(quantile(normal(0, 1), 0.975) - 1.959964)).toBeLessThan(1e-6);
    expect(Math.abs(quantile(normal(0, 1), 0.001) - -3.090232)).toBeLessThan(1e-6);
    expect(quantile(normal(3, 2), 0.5)).toBe(3);
    expect(Math.abs(quantile(normal(3, 2), 0.975) - (3 + 2 * 1.959964))).toBeLessThan(2e-6);
    // unbounded normal stays finite at u = 0 and 1 (clamped to 2^-53)
    expect(quantile(normal(0, 1), 0)).toBeLessThan(-8);
    expect(Number.isFinite(quantile(normal(0, 1), 1))).toBe(true);
  });

  it('truncated normal: median of N(0,1) on [0, inf) is qnorm(0.75)', () => {
    // P(Z <= x | Z >= 0) = 0.5  <=>  Phi(x) = 0.75, qnorm(0.75) = 0.6744898
    expect(quantile(normal(0, 1, 0), 0.5)).toBeCloseTo(0.6744897501960817, 9);
    // symmetric truncation keeps the mean as median
    expect(quantile(normal(5, 2, 3, 7), 0.5)).toBeCloseTo(5, 12);
  });

  it('discrete and integer use equal-width cells', () => {
    const d = discrete(['a', 'b', 'c', 'd']);
    expect([0, 0.24, 0.25, 0.5, 0.99, 1].map((u) => quantile(d, u))).toEqual(['a', 'a', 'b', 'c', 'd', 'd']);
    const i = integer(1, 3);
    expect([0, 0.33, 0.34, 0.66, 0.67, 1].map((u) => quantile(i, u))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(quantile(discrete([true, false]), 0.7)).toBe(false);
  });

  it('validates parameters and u', () => {
    expect(() => uniform(2, 1)).toThrow(RangeError);
    expect(() => loguniform(0, 1)).toThrow(/min must be > 0/);
    expect(() => normal(0, 0)).toThrow(/sd/);
    expect(() => normal(0, 1, 2, 1)).toThrow(RangeError);
    expect(() => triangular(0, 3, 2)).toThrow(/mode/);
    expect(() => discrete([])).toThrow(RangeError);
    expect(() => integer(0.5, 3)).toThrow(RangeError);
    expect(() => quantile(uniform(0, 1), 1.5)).toThrow(RangeError);
    expect(() => quantile(uniform(0, 1), NaN)).toThrow(RangeError);
    expect(() => checkDist({ kind: 'beta' } as unknown as Dist)).toThrow(/unknown/);
  });
});
