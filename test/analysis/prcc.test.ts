/**
 * SRC and PRCC (sim/analysis/prcc.ts) and the OLS under them (linreg.ts), checked
 * against a linear model with known coefficients: y = 3 x0 - x1 + 0.5 x2 + e,
 * x0 ~ U(0, 1), x1 ~ U(0, 2), x2 ~ U(0, 1) (a Latin hypercube of 400 points),
 * e ~ N(0, 0.3^2). Analytic values (derived here, no fitted numbers):
 * - var(x) of U(a, b) is (b - a)^2 / 12, so sd = 0.288675, 0.577350, 0.288675 and
 *   var(y) = 9/12 + 4/12 + 0.25/12 + 0.09 = 1.194167;
 * - the standardized coefficients are b_j sd(x_j) / sd(y) = 0.792498, -0.528332, 0.132083
 *   (Saltelli et al. 2008, The Primer, eq. 1.13);
 * - the partial correlation of y and x_j given the other inputs is
 *   b_j sd(x_j) / sqrt(b_j^2 var(x_j) + var(e)) = 0.944911, -0.887357, 0.433555
 *   (the correlation of b_j x_j + e with x_j).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';
import { lhsDesign } from '../../sim/sweep/designs.ts';
import { ols } from '../../sim/analysis/linreg.ts';
import { pcc, prcc, ranks, src } from '../../sim/analysis/prcc.ts';

const B = [3, -1, 0.5];
const WIDTH = [1, 2, 1];
const SD_E = 0.3;
const sdx = WIDTH.map((w) => w / Math.sqrt(12));
const sdy = Math.sqrt(B.reduce((s, b, j) => s + (b * sdx[j]) ** 2, 0) + SD_E ** 2);
const SRC_TRUE = B.map((b, j) => (b * sdx[j]) / sdy);
const PCC_TRUE = B.map((b, j) => (b * sdx[j]) / Math.sqrt((b * sdx[j]) ** 2 + SD_E ** 2));

function sample(n: number, seed: number, noise = SD_E) {
  const rng = new Rng(seed);
  const u = lhsDesign(n, 3, rng);
  const xs = [0, 1, 2].map((j) => Float64Array.from(u, (row) => row[j] * WIDTH[j]));
  const y = Float64Array.from(u, (_, i) => B[0] * xs[0][i] + B[1] * xs[1][i] + B[2] * xs[2][i] + noise * rng.normal());
  return { xs, y };
}

describe('the analytic values above', () => {
  it('are the numbers written in the header', () => {
    expect(sdy ** 2).toBeCloseTo(1.194167, 6);
    SRC_TRUE.forEach((v, j) => expect(v).toBeCloseTo([0.792498, -0.528332, 0.132083][j], 6));
    PCC_TRUE.forEach((v, j) => expect(v).toBeCloseTo([0.944911, -0.887357, 0.433555][j], 6));
  });
});

describe('ols', () => {
  it('recovers exact coefficients of a noise-free linear model', () => {
    const { xs } = sample(50, 1);
    const y = Float64Array.from(xs[0], (_, i) => 1 + 2 * xs[0][i] - xs[1][i] + 0 * xs[2][i]);
    const f = ols(xs, y);
    [1, 2, -1, 0].forEach((b, j) => expect(f.beta[j]).toBeCloseTo(b, 10));
    expect(f.rss).toBeLessThan(1e-20);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.df).toBe(46);
  });
  it('gives the textbook standard error of a simple regression slope', () => {
    // y = (1, 3, 2, 5, 4) on x = (1..5): slope 0.8, intercept 0.6, rss 3.6,
    // se(slope) = sqrt(rss / 3 / sum (x - 3)^2) = sqrt(1.2 / 10) (hand computation)
    const f = ols([[1, 2, 3, 4, 5]], [1, 3, 2, 5, 4]);
    expect(f.beta[0]).toBeCloseTo(0.6, 12);
    expect(f.beta[1]).toBeCloseTo(0.8, 12);
    expect(f.rss).toBeCloseTo(3.6, 12);
    expect(f.se[1]).toBeCloseTo(Math.sqrt(0.12), 12);
  });
  it('refuses a constant input', () => {
    expect(() => ols([[1, 1, 1, 1]], [1, 2, 3, 4])).toThrow(/constant or a linear combination/);
  });
});

describe('ranks', () => {
  it('averages ties as R rank() does', () => {
    expect(Array.from(ranks([10, 30, 20, 20, 5]))).toEqual([2, 5, 3.5, 3.5, 1]);
  });
});

describe('SRC on a linear model', () => {
  const { xs, y } = sample(400, 2025);
  const r = src(xs, y);
  it('each interval holds the analytic standardized coefficient', () => {
    r.coefs.forEach((c, j) => {
      expect(c.lo!).toBeLessThan(SRC_TRUE[j]);
      expect(c.hi!).toBeGreaterThan(SRC_TRUE[j]);
      expect(c.hi! - c.lo!).toBeLessThan(0.1); // informative at n = 400
    });
  });
  it('R^2 is the explained share var(b.x) / var(y)', () => {
    expect(Math.abs(r.r2 - (1 - SD_E ** 2 / sdy ** 2))).toBeLessThan(0.02);
  });
});

describe('PRCC on a linear model', () => {
  const { xs, y } = sample(400, 2025);
  it('has the signs and the order of importance of the coefficients', () => {
    const p = prcc(xs, y);
    expect(p.map((c) => Math.sign(c.estimate))).toEqual([1, -1, 1]);
    expect(Math.abs(p[0].estimate)).toBeGreaterThan(Math.abs(p[1].estimate));
    expect(Math.abs(p[1].estimate)).toBeGreaterThan(Math.abs(p[2].estimate));
    for (const c of p) { expect(c.lo!).toBeLessThan(c.estimate); expect(c.hi!).toBeGreaterThan(c.estimate); }
  });
  it('the partial correlation of the raw values holds the analytic one in its Fisher z interval', () => {
    const p = pcc(xs, y, { rank: false });
    p.forEach((c, j) => {
      expect(c.lo!).toBeLessThan(PCC_TRUE[j]);
      expect(c.hi!).toBeGreaterThan(PCC_TRUE[j]);
    });
  });
  it('an input with no effect has an interval around 0', () => {
    const rng = new Rng(5);
    const z = Float64Array.from(y, () => rng.next());
    const p = prcc([...xs, z], y);
    expect(p[3].lo!).toBeLessThan(0);
    expect(p[3].hi!).toBeGreaterThan(0);
  });
});
