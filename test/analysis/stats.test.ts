/**
 * Tests for sim/analysis/stats.ts and normal.ts. Reference values were computed with scipy 1.17.1
 * (scipy.stats.t.ppf, norm.ppf, t.interval, numpy.quantile default "linear" = type 7);
 * the t quantiles are the familiar table values (R's qt gives the same digits) and
 * the t.test(1:5) interval [1.036757, 4.963243] is the one R's t.test prints.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';
import {
  bootstrapCI, mean, meanCI, quantileSorted, sd, tQuantile, variance,
} from '../../sim/analysis/stats.ts';
import { normCdf, normQuantile } from '../../sim/analysis/normal.ts';

describe('mean / variance / sd', () => {
  it('matches hand computation', () => {
    expect(mean([1, 2, 3, 4, 5])).toBe(3);
    expect(variance([1, 2, 3, 4, 5])).toBeCloseTo(2.5, 14);
    expect(sd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 14);
  });
  it('is exactly 0 for a constant list and NaN when undefined', () => {
    expect(variance([0.1 + 0.2, 0.1 + 0.2, 0.1 + 0.2, 0.1 + 0.2])).toBe(0);
    expect(mean([])).toBeNaN();
    expect(variance([1])).toBeNaN();
  });
});

describe('tQuantile', () => {
  const cases: Array<[number, number, number]> = [
    [0.975, 1, 12.706204736],
    [0.975, 2, 4.30265273],
    [0.975, 10, 2.228138852],
    [0.975, 30, 2.042272456],
    [0.995, 3, 5.84090931],
    [0.9, 5, 1.475884049],
    [0.05, 7, -1.894578605],
    [0.999, 4, 7.17318222],
    [0.975, 2.5, 3.574654842],
    [0.975, Infinity, 1.959963985],
  ];
  it.each(cases)('t(%s, %s) = %s', (p, df, ref) => {
    expect(Math.abs(tQuantile(p, df) - ref)).toBeLessThan(1e-6);
  });
  it('is antisymmetric, 0 at the median, and tends to the normal quantile', () => {
    expect(tQuantile(0.5, 4)).toBe(0);
    expect(tQuantile(0.1, 6)).toBeCloseTo(-tQuantile(0.9, 6), 12);
    expect(Math.abs(tQuantile(0.975, 1e6) - 1.959963985)).toBeLessThan(1e-5);
    expect(Math.abs(tQuantile(0.975, 1e9) - 1.959963985)).toBeLessThan(1e-8);
  });
  it('rejects bad arguments', () => {
    expect(() => tQuantile(0, 3)).toThrow(RangeError);
    expect(() => tQuantile(1, 3)).toThrow(RangeError);
    expect(() => tQuantile(0.5, 0)).toThrow(RangeError);
  });
});

describe('normal CDF and quantile', () => {
  it('matches qnorm / pnorm reference values', () => {
    expect(Math.abs(normQuantile(0.975) - 1.959963985)).toBeLessThan(1e-9);
    expect(Math.abs(normQuantile(0.001) - -3.090232306)).toBeLessThan(1e-9);
    expect(Math.abs(normQuantile(1e-10) - -6.361340902)).toBeLessThan(1e-9);
    expect(normQuantile(0.5)).toBe(0);
    expect(Math.abs(normCdf(1) - 0.8413447460685429)).toBeLessThan(1e-15);
    expect(normQuantile(0)).toBe(-Infinity);
    expect(normQuantile(1)).toBe(Infinity);
  });
  it('round-trips', () => {
    for (const x of [-7, -3.5, -1, 0.3, 2, 4.5]) expect(normQuantile(normCdf(x))).toBeCloseTo(x, 9);
  });
});

describe('meanCI', () => {
  it('matches R t.test(1:5)', () => {
    const ci = meanCI([1, 2, 3, 4, 5]);
    expect(ci.n).toBe(5);
    expect(ci.mean).toBe(3);
    expect(ci.sd).toBeCloseTo(1.5811388300841898, 12);
    expect(ci.lo!).toBeCloseTo(1.0367568385224428, 6);
    expect(ci.hi!).toBeCloseTo(4.963243161477557, 6);
  });
  it('matches scipy t.interval on an uneven sample at 90%', () => {
    const ci = meanCI([2.1, 3.4, 1.9, 5.6, 4.2, 3.3], 0.9);
    expect(ci.lo!).toBeCloseTo(2.2870208116539037, 6);
    expect(ci.hi!).toBeCloseTo(4.546312521679429, 6);
  });
  it('gives null (not NaN) sd and bounds for n = 1 and throws for n = 0', () => {
    expect(meanCI([4.2])).toEqual({ n: 1, mean: 4.2, sd: null, lo: null, hi: null });
    expect(() => meanCI([])).toThrow(RangeError);
  });
});

describe('quantileSorted (type 7)', () => {
  it('matches R quantile(type = 7)', () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6].sort((a, b) => a - b);
    const ps = [0, 0.1, 0.25, 0.5, 0.9, 1];
    const ref = [1, 1, 1.75, 3.5, 6.9, 9];
    ps.forEach((p, i) => expect(quantileSorted(xs, p)).toBeCloseTo(ref[i], 12));
    expect(quantileSorted([7], 0.3)).toBe(7);
    expect(() => quantileSorted([], 0.5)).toThrow(RangeError);
    expect(() => quantileSorted([1, 2], 1.5)).toThrow(RangeError);
  });
});

describe('bootstrapCI', () => {
  const xs = Float64Array.from({ length: 200 }, (_, i) => new Rng(i + 1).normal() + 10);
  const stat = (idx: Int32Array) => { let s = 0; for (const j of idx) s += xs[j]; return s / idx.length; };
  it('brackets the sample mean, is close to the t-interval, and is deterministic', () => {
    const a = bootstrapCI(stat, xs.length, 2000, new Rng(7));
    const b = bootstrapCI(stat, xs.length, 2000, new Rng(7));
    expect(a).toEqual(b);
    const t = meanCI(xs);
    expect(a.lo).toBeLessThan(t.mean);
    expect(a.hi).toBeGreaterThan(t.mean);
    expect(Math.abs(a.lo - t.lo!)).toBeLessThan(0.05);
    expect(Math.abs(a.hi - t.hi!)).toBeLessThan(0.05);
  });
  it('validates arguments', () => {
    expect(() => bootstrapCI(stat, 0, 10, new Rng(1))).toThrow(RangeError);
    expect(() => bootstrapCI(stat, 5, 0, new Rng(1))).toThrow(RangeError);
    expect(() => bootstrapCI(() => NaN, 5, 3, new Rng(1))).toThrow(RangeError);
  });
});
