/**
 * Scenario discovery (sim/analysis/prim.ts, cart.ts, binomial.ts) on synthetic data
 * with a known answer: 1,000 points uniform in [0, 1]^4, cases of interest inside
 * the box x0 in [0.2, 0.6], x1 in [0.5, 1] (x2, x3 play no part), with noise: a
 * point inside is of interest with probability 0.9, outside with probability 0.05.
 * PRIM must find that box: the two inputs restricted (and only them), the limits
 * near 0.2, 0.6 and 0.5, x1's upper side left open, small quasi-p-values; CART must
 * find it as a leaf. Quasi-p-values are checked against a count and an exact sum of
 * binomial probabilities made here (EMA's definition: Bryant & Lempert 2010).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';
import { prim, primQuantile, quasiP, defaultBox } from '../../sim/analysis/prim.ts';
import { cart } from '../../sim/analysis/cart.ts';
import { binomUpperTail } from '../../sim/analysis/binomial.ts';

const TRUE = { lo0: 0.2, hi0: 0.6, lo1: 0.5 };
function data(n = 1000, seed = 42) {
  const rng = new Rng(seed);
  const xs = [0, 1, 2, 3].map(() => new Float64Array(n));
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    for (const x of xs) x[i] = rng.next();
    const inside = xs[0][i] >= TRUE.lo0 && xs[0][i] <= TRUE.hi0 && xs[1][i] >= TRUE.lo1;
    y[i] = rng.next() < (inside ? 0.9 : 0.05) ? 1 : 0;
  }
  return { xs, y };
}

/** exact P(X >= k), X ~ Binomial(n, p), by summing the probability mass function */
function tailBySum(k: number, n: number, p: number): number {
  let s = 0;
  for (let j = k; j <= n; j++) {
    let logC = 0;
    for (let m = 1; m <= j; m++) logC += Math.log((n - j + m) / m);
    s += Math.exp(logC + j * Math.log(p) + (n - j) * Math.log(1 - p));
  }
  return s;
}

describe('binomUpperTail', () => {
  it('matches exact sums', () => {
    expect(binomUpperTail(8, 10, 0.5)).toBeCloseTo(56 / 1024, 14); // C(10,8)+C(10,9)+C(10,10) = 56
    expect(binomUpperTail(15, 20, 0.3)).toBeCloseTo(tailBySum(15, 20, 0.3), 14);
    expect(binomUpperTail(120, 200, 0.5)).toBeCloseTo(tailBySum(120, 200, 0.5), 12);
    expect(binomUpperTail(0, 5, 0.2)).toBe(1);
    expect(binomUpperTail(6, 5, 0.2)).toBe(0);
  });
});

describe('primQuantile (sdtoolkit / EMA get_quantile)', () => {
  it('takes the midpoint to the next distinct value', () => {
    expect(primQuantile([1, 2, 2, 2, 3], 0.05)).toBe(1.5);
    expect(primQuantile([1, 2, 2, 2, 3], 0.95)).toBe(2.5);
    expect(primQuantile([1, 1, 1, 2], 0.05)).toBe(1.5);
    expect(primQuantile([1, 2, 2, 2], 0.95)).toBe(1.5);
  });
});

describe('PRIM on a known box', () => {
  const { xs, y } = data();
  const res = prim(xs, y);
  const i = defaultBox(res);
  const box = res.trajectory[i];

  it('peels from every case down, then pastes, coverage falling and density rising', () => {
    expect(res.trajectory[0]).toMatchObject({ phase: 'start', mass: 1, coverage: 1, resDim: 0 });
    expect(res.trajectory.length).toBeGreaterThan(10);
    const last = res.trajectory.filter((s) => s.phase === 'peel').at(-1)!;
    expect(last.density).toBeGreaterThan(res.trajectory[0].density);
    expect(res.trajectory.every((s) => s.mass >= 0.05)).toBe(true);
  });
  it('finds the box: x0 and x1 restricted, limits near the truth, x1 open above', () => {
    expect(box.resDim).toBe(2);
    expect(Math.abs(box.box.lo[0] - TRUE.lo0)).toBeLessThan(0.04);
    expect(Math.abs(box.box.hi[0] - TRUE.hi0)).toBeLessThan(0.04);
    expect(Math.abs(box.box.lo[1] - TRUE.lo1)).toBeLessThan(0.04);
    expect(box.box.hi[1]).toBe(res.init.hi[1]);
    for (const j of [2, 3]) { expect(box.box.lo[j]).toBe(res.init.lo[j]); expect(box.box.hi[j]).toBe(res.init.hi[j]); }
    expect(box.coverage).toBeGreaterThan(0.8);
    expect(box.density).toBeGreaterThan(0.8);
  });
  it('quasi-p-values: a one-sided binomial test of the box against the box with one limit dropped', () => {
    const qp = quasiP(xs, y, res, i);
    expect(qp.map((q) => q.dim)).toEqual([0, 1]);
    expect(qp[1].upper).toBeNull();
    // recount by hand: the box with x0's lower limit dropped
    let T = 0, H = 0;
    for (let r = 0; r < y.length; r++) {
      if (xs[0][r] <= box.box.hi[0] && xs[1][r] >= box.box.lo[1]) { T++; H += y[r]; }
    }
    expect(qp[0].lower!).toBeCloseTo(tailBySum(box.coi, box.n, H / T), 12);
    for (const q of [qp[0].lower!, qp[0].upper!, qp[1].lower!]) expect(q).toBeLessThan(1e-6);
  });
  it('coverage, density and mass are the shares counted directly', () => {
    let n = 0, c = 0;
    for (let r = 0; r < y.length; r++) {
      let inB = true;
      for (let j = 0; j < 4; j++) if (xs[j][r] < box.box.lo[j] || xs[j][r] > box.box.hi[j]) inB = false;
      if (inB) { n++; c += y[r]; }
    }
    const total = y.reduce((s, v) => s + v, 0);
    expect([box.n, box.coi]).toEqual([n, c]);
    expect(box.coverage).toBe(c / total);
    expect(box.density).toBe(c / n);
    expect(box.mass).toBe(n / 1000);
  });
});

describe('CART on the same data', () => {
  const { xs, y } = data();
  const t = cart(xs, y, { maxDepth: 3 });
  it('has a leaf of interest that is the box', () => {
    const best = t.leaves.filter((l) => l.predict === 1).sort((a, b) => b.coverage - a.coverage)[0];
    expect(best).toBeDefined();
    expect(Math.abs(best.box.lo[0] - TRUE.lo0)).toBeLessThan(0.04);
    expect(Math.abs(best.box.hi[0] - TRUE.hi0)).toBeLessThan(0.04);
    expect(Math.abs(best.box.lo[1] - TRUE.lo1)).toBeLessThan(0.04);
    expect(best.resDim).toBe(2);
    expect(best.density).toBeGreaterThan(0.8);
    expect(best.coverage).toBeGreaterThan(0.8);
  });
  it('its leaves partition the cases', () => {
    expect(t.leaves.reduce((s, l) => s + l.n, 0)).toBe(1000);
    expect(t.leaves.reduce((s, l) => s + l.coi, 0)).toBe(t.totalCoi);
    expect(t.leaves.every((l) => l.n >= 50)).toBe(true);
  });
});
