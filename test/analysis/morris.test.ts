/**
 * Tests for sim/analysis/morris.ts on f = 4 x1 + x2^2 + 0 x3 + x4 x5 (a linear, a
 * non-linear, an inert and two interacting factors). Expected values come from the
 * algebra of the elementary effect (Morris 1991): on the p = 4 grid with
 * Delta = 2/3, EE1 = 4 (constant), EE2 = 2 x2 + Delta, EE3 = 0, EE4 = x5, EE5 = x4.
 * To make "sigma == 0" and "mu_star == 0" exact rather than up to rounding, the
 * exact-arithmetic variant evaluates the same function on the integer grid levels
 * L = u (p - 1) (f scaled by (p - 1)^2 = 9), where every difference is an integer.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';
import { morrisDesign } from '../../sim/sweep/designs.ts';
import { elementaryEffects, morrisEffects, morrisEffectsByOutput } from '../../sim/analysis/morris.ts';

const fUnit = (x: ArrayLike<number>) => 4 * x[0] + x[1] ** 2 + 0 * x[2] + x[3] * x[4];
// 9 f evaluated on integer levels: 4*3*L1 + L2^2 + 0*L3 + L4*L5
const fLevels = (x: ArrayLike<number>) => {
  const L = Array.from(x, (u) => Math.round(u * 3));
  return 12 * L[0] + L[1] ** 2 + 0 * L[2] + L[3] * L[4];
};

describe('morrisEffects', () => {
  const design = morrisDesign(40, 5, new Rng(2024));
  const names = ['x1', 'x2', 'x3', 'x4', 'x5'];

  it('ranks factors as the algebra predicts, inert mu_star == 0, linear sigma == 0 (exact)', () => {
    const y = Float64Array.from(design.points, fLevels);
    const res = morrisEffects(design, y, { names });
    const byName = Object.fromEntries(res.map((r) => [r.name, r]));
    expect(byName.x3.mu_star).toBe(0);
    expect(byName.x3.sigma).toBe(0);
    expect(byName.x1.sigma).toBe(0);
    expect(byName.x1.mu).toBe(byName.x1.mu_star);
    expect(byName.x1.mu_star).toBeCloseTo(9 * 4, 10);
    const ranking = [...res].sort((a, b) => b.mu_star - a.mu_star).map((r) => r.name);
    expect(ranking[0]).toBe('x1');
    expect(ranking[1]).toBe('x2');
    expect(ranking.slice(2, 4).sort()).toEqual(['x4', 'x5']);
    expect(ranking[4]).toBe('x3');
    expect(byName.x2.sigma!).toBeGreaterThan(0);
    expect(byName.x4.sigma!).toBeGreaterThan(0);
    expect(res.every((r) => r.r === 40)).toBe(true);
  });

  it('gives the same picture in floating point on unit coordinates', () => {
    const y = Float64Array.from(design.points, fUnit);
    const res = morrisEffects(design, y, { names });
    expect(res[2].mu_star).toBe(0);
    expect(res[0].mu_star).toBeCloseTo(4, 12);
    expect(res[0].sigma!).toBeLessThan(1e-12);
    // EE2 = 2 x2 + Delta with x2 the lower level of the step, so |EE2| is 2/3 or 4/3
    const ee = elementaryEffects(design, y);
    for (const e of ee[1]) expect([2 / 3, 4 / 3].some((v) => Math.abs(e - v) < 1e-12)).toBe(true);
  });

  it('scales to parameter units when ranges are given', () => {
    const y = Float64Array.from(design.points, fUnit);
    const unit = morrisEffects(design, y);
    const scaled = morrisEffects(design, y, { ranges: [2, 1, 1, 1, 4] });
    expect(scaled[0].mu_star).toBeCloseTo(unit[0].mu_star / 2, 12);
    expect(scaled[4].mu).toBeCloseTo(unit[4].mu / 4, 12);
    expect(scaled[1].mu).toBeCloseTo(unit[1].mu, 12);
  });

  it('handles several outputs, r = 1, and validates input', () => {
    const y = Float64Array.from(design.points, fUnit);
    const out = morrisEffectsByOutput(design, { a: y, b: Float64Array.from(y, (v) => -v) });
    expect(out.b[0].mu).toBeCloseTo(-out.a[0].mu, 12);
    expect(out.b[0].mu_star).toBeCloseTo(out.a[0].mu_star, 12);
    const one = morrisDesign(1, 2, new Rng(1));
    expect(morrisEffects(one, [0, 1, 3])[0].sigma).toBeNull();
    expect(() => morrisEffects(design, y.subarray(1))).toThrow(RangeError);
    const bad = Float64Array.from(y);
    bad[0] = Infinity;
    expect(() => morrisEffects(design, bad)).toThrow(RangeError);
    expect(() => morrisEffects(design, y, { ranges: [1, 1, 1, 1, 0] })).toThrow(RangeError);
  });
});
