/**
 * Tests for sim/analysis/sobol.ts on the Ishigami function
 * f(x) = sin x1 + a sin^2 x2 + b x3^4 sin x1, x_i ~ U(-pi, pi), a = 7, b = 0.1
 * (Ishigami & Homma 1990, Proc. ISUMA '90). Analytic indices (Saltelli et al. 2008,
 * Global Sensitivity Analysis: The Primer; the same values SALib's tests use):
 * V1 = (1 + b pi^4/5)^2 / 2, V2 = a^2/8, V13 = b^2 pi^8 (1/18 - 1/50), V = V1 + V2 + V13,
 * S1 = [0.3139, 0.4424, 0], ST = [0.5576, 0.4424, 0.2437].
 */
import { describe, expect, it } from 'vitest';
import { saltelliDesign } from '../../sim/sweep/designs.ts';
import { quantile, uniform } from '../../sim/sweep/distributions.ts';
import { sobolIndices, sobolIndicesByOutput } from '../../sim/analysis/sobol.ts';

const A = 7;
const B = 0.1;
const ishigami = (x: ArrayLike<number>) => Math.sin(x[0]) + A * Math.sin(x[1]) ** 2 + B * x[2] ** 4 * Math.sin(x[0]);

const V1 = 0.5 * (1 + (B * Math.PI ** 4) / 5) ** 2;
const V2 = A ** 2 / 8;
const V13 = B ** 2 * Math.PI ** 8 * (1 / 18 - 1 / 50);
const V = V1 + V2 + V13;
const S1 = [V1 / V, V2 / V, 0];
const ST = [(V1 + V13) / V, V2 / V, V13 / V];

describe('Ishigami analytic values', () => {
  it('match the published rounded indices', () => {
    [0.3139, 0.4424, 0].forEach((v, i) => expect(S1[i]).toBeCloseTo(v, 4));
    [0.5576, 0.4424, 0.2437].forEach((v, i) => expect(ST[i]).toBeCloseTo(v, 4));
  });
});

describe('sobolIndices', () => {
  const N = 8192;
  const design = saltelliDesign(N, 3);
  const dist = uniform(-Math.PI, Math.PI);
  const y = Float64Array.from(design.points, (u) => ishigami(Array.from(u, (v) => quantile(dist, v))));
  const res = sobolIndices(design, y, { names: ['x1', 'x2', 'x3'], seed: 42 });

  it('recovers the Ishigami first- and total-order indices within 0.03', () => {
    expect(res.map((r) => r.name)).toEqual(['x1', 'x2', 'x3']);
    res.forEach((r, i) => {
      expect(Math.abs(r.S1 - S1[i])).toBeLessThan(0.03);
      expect(Math.abs(r.ST - ST[i])).toBeLessThan(0.03);
    });
  });

  it('has bootstrap intervals that contain (or nearly contain) the analytic values', () => {
    res.forEach((r, i) => {
      expect(r.S1_lo).toBeLessThanOrEqual(r.S1_hi);
      expect(r.ST_lo).toBeLessThanOrEqual(r.ST_hi);
      expect(S1[i]).toBeGreaterThan(r.S1_lo - 0.02);
      expect(S1[i]).toBeLessThan(r.S1_hi + 0.02);
      expect(ST[i]).toBeGreaterThan(r.ST_lo - 0.02);
      expect(ST[i]).toBeLessThan(r.ST_hi + 0.02);
    });
  });

  it('is deterministic for a seed and independent of row order', () => {
    const again = sobolIndices(design, y, { names: ['x1', 'x2', 'x3'], seed: 42, resamples: 1000 });
    expect(again).toEqual(res);
    // reverse the rows (labels and outputs together): same answer
    const rev = { n: design.n, k: design.k, labels: [...design.labels].reverse() };
    const yr = Float64Array.from(y).reverse();
    const small = (d: typeof rev | typeof design, out: Float64Array) => sobolIndices(d, out, { resamples: 50, seed: 1 });
    const a = small(design, y);
    const b = small(rev, yr);
    a.forEach((r, i) => {
      expect(b[i].S1).toBeCloseTo(r.S1, 12);
      expect(b[i].ST).toBeCloseTo(r.ST, 12);
    });
  });

  it('gives zero indices for a constant output and handles several outputs', () => {
    const small = saltelliDesign(64, 2);
    const flat = new Float64Array(small.points.length).fill(3);
    const lin = Float64Array.from(small.points, (u) => u[0]);
    const out = sobolIndicesByOutput(small, { flat, lin }, { resamples: 100 });
    for (const r of out.flat) expect([r.S1, r.ST, r.S1_lo, r.ST_hi]).toEqual([0, 0, 0, 0]);
    expect(out.lin[0].ST).toBeGreaterThan(0.9);
    expect(out.lin[1].ST).toBe(0);
  });

  it('validates its input', () => {
    const small = saltelliDesign(16, 2);
    expect(() => sobolIndices(small, new Float64Array(10))).toThrow(RangeError);
    const bad = new Float64Array(small.points.length);
    bad[3] = NaN;
    expect(() => sobolIndices(small, bad)).toThrow(RangeError);
    expect(() => sobolIndices(small, new Float64Array(small.points.length), { names: ['a'] })).toThrow(RangeError);
  });
});
