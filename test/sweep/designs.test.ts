/**
 * Tests for sim/sweep/designs.ts. Sobol reference points are
 * scipy.stats.qmc.Sobol(d, scramble=False, bits=32).random(n) (scipy 1.17.1), whose
 * first points 0 / (0.5, 0.5, 0.5) / (0.75, 0.25, 0.25) / (0.25, 0.75, 0.75) are the
 * standard published start of the Sobol sequence; the 24-dimensional rows are indices 7 and
 * 1023 of the same call with d = 24, and the d = 5 rows are indices 1000000..1000002
 * (Sobol(5).fast_forward(1000000)).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Rng } from '../../sim/rng.ts';
import {
  gridDesign, lhsDesign, morrisDesign, randomDesign, saltelliDesign, saltelliRow, sobolSequence,
  SALTELLI_MAX_K, SOBOL_MAX_DIM,
} from '../../sim/sweep/designs.ts';
import { discrete, quantile } from '../../sim/sweep/distributions.ts';

const rows = (pts: Float64Array[]) => pts.map((p) => Array.from(p));
const bytes = (pts: Float64Array[]) => Buffer.concat(pts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength)));

describe('sobolSequence', () => {
  it('matches the published first points (scipy, scramble=False)', () => {
    expect(rows(sobolSequence(8, 3, 0))).toEqual([
      [0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375],
    ]);
    // default skip = 1 drops the zero point
    expect(rows(sobolSequence(3, 2))).toEqual([[0.5, 0.5], [0.75, 0.25], [0.25, 0.75]]);
  });

  it('matches scipy in 24 dimensions and far into the sequence', () => {
    expect(rows(sobolSequence(1, 24, 7))[0]).toEqual([
      0.125, 0.625, 0.375, 0.125, 0.125, 0.375, 0.625, 0.625, 0.625, 0.875, 0.625, 0.125,
      0.625, 0.375, 0.125, 0.125, 0.125, 0.125, 0.625, 0.875, 0.875, 0.375, 0.625, 0.125,
    ]);
    expect(rows(sobolSequence(1, 24, 1023))[0]).toEqual([
      0.0009765625, 0.7529296875, 0.6123046875, 0.1455078125, 0.1865234375, 0.4384765625,
      0.1396484375, 0.6181640625, 0.3447265625, 0.8505859375, 0.6787109375, 0.0361328125,
      0.1298828125, 0.6650390625, 0.3623046875, 0.4638671875, 0.3134765625, 0.8759765625,
      0.5849609375, 0.3193359375, 0.8662109375, 0.0185546875, 0.7939453125, 0.1962890625,
    ]);
    const far = sobolSequence(3, 5, 1000000);
    const ref = [
      [0.02647495, 0.31191921, 0.82799625, 0.66824627, 0.62865925],
      [0.52647495, 0.81191921, 0.32799625, 0.16824627, 0.12865925],
      [0.77647495, 0.06191921, 0.57799625, 0.91824627, 0.37865925],
    ];
    far.forEach((p, i) => p.forEach((v, c) => expect(v).toBeCloseTo(ref[i][c], 8)));
  });

  it('stays in [0, 1) and is balanced on dyadic intervals (n = 2^m, skip = 0) up to 64 dims', () => {
    const m = 10;
    const n = 2 ** m;
    const pts = sobolSequence(n, SOBOL_MAX_DIM, 0);
    for (let c = 0; c < SOBOL_MAX_DIM; c++) {
      const hits = new Int32Array(n);
      let inRange = true;
      for (const p of pts) {
        if (!(p[c] >= 0 && p[c] < 1)) inRange = false;
        else hits[Math.floor(p[c] * n)]++;
      }
      expect(inRange).toBe(true);
      expect(hits.every((h) => h === 1)).toBe(true);
    }
  });

  it('continues consistently across skip', () => {
    const all = sobolSequence(100, 24, 0);
    expect(rows(sobolSequence(37, 24, 63))).toEqual(rows(all.slice(63)));
  });

  it('validates arguments', () => {
    expect(() => sobolSequence(0, 2)).toThrow(RangeError);
    expect(() => sobolSequence(4, 0)).toThrow(RangeError);
    expect(() => sobolSequence(4, SOBOL_MAX_DIM + 1)).toThrow(/<= 64/);
    expect(() => sobolSequence(4, 2, -1)).toThrow(RangeError);
    expect(() => sobolSequence(2.5, 2)).toThrow(RangeError);
  });
});

describe('gridDesign', () => {
  it('enumerates every combination, last dimension fastest, at cell midpoints', () => {
    const g = gridDesign([2, 3]);
    expect(g.n).toBe(6);
    expect(g.indices.map((r) => Array.from(r))).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]);
    expect(rows(g.points)[4]).toEqual([0.75, 0.5]);
  });
  it('maps list-valued parameters exactly through discrete()', () => {
    const values = ['low', 'mid', 'high', 'max', 'x', 'y', 'z'];
    const g = gridDesign([values.length]);
    g.points.forEach((p, r) => expect(quantile(discrete(values), p[0])).toBe(values[g.indices[r][0]]));
  });
  it('validates arguments', () => {
    expect(() => gridDesign([])).toThrow(RangeError);
    expect(() => gridDesign([2, 0])).toThrow(/levels\[1\]/);
    expect(() => gridDesign([1e4, 1e4])).toThrow(/MAX_ROWS/);
  });
});

describe('randomDesign / lhsDesign', () => {
  it('LHS: every stratum of every dimension is hit exactly once (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n, k, seed) => {
        const pts = lhsDesign(n, k, new Rng(seed));
        if (pts.length !== n) return false;
        for (let c = 0; c < k; c++) {
          const hits = new Int32Array(n);
          for (const p of pts) {
            if (!(p[c] >= 0 && p[c] < 1)) return false;
            hits[Math.floor(p[c] * n)]++;
          }
          if (!hits.every((h) => h === 1)) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
  it('random: points in [0, 1)^k with roughly uniform mean', () => {
    const pts = randomDesign(4000, 3, new Rng(5));
    for (let c = 0; c < 3; c++) {
      const m = pts.reduce((s, p) => s + p[c], 0) / pts.length;
      expect(Math.abs(m - 0.5)).toBeLessThan(0.02);
      expect(pts.every((p) => p[c] >= 0 && p[c] < 1)).toBe(true);
    }
  });
  it('validates arguments', () => {
    expect(() => lhsDesign(0, 2, new Rng(1))).toThrow(/n must be >= 1/);
    expect(() => randomDesign(3, 0, new Rng(1))).toThrow(/k must be >= 1/);
  });
});

describe('determinism', () => {
  it('same seed gives the same design bytes; a different seed differs', () => {
    expect(bytes(lhsDesign(50, 4, new Rng(9)))).toEqual(bytes(lhsDesign(50, 4, new Rng(9))));
    expect(bytes(randomDesign(50, 4, new Rng(9)))).toEqual(bytes(randomDesign(50, 4, new Rng(9))));
    expect(bytes(morrisDesign(10, 4, new Rng(9)).points)).toEqual(bytes(morrisDesign(10, 4, new Rng(9)).points));
    expect(bytes(lhsDesign(50, 4, new Rng(9)))).not.toEqual(bytes(lhsDesign(50, 4, new Rng(10))));
    expect(bytes(saltelliDesign(16, 3).points)).toEqual(bytes(saltelliDesign(16, 3).points));
  });
});

describe('saltelliDesign', () => {
  const n = 16;
  const k = 3;
  const d = saltelliDesign(n, k);
  const base = sobolSequence(n, 2 * k);
  it('has n(k+2) rows in block order A, B, AB_0..AB_{k-1}', () => {
    expect(d.points.length).toBe(n * (k + 2));
    expect(d.labels.length).toBe(n * (k + 2));
    d.labels.forEach((l, row) => expect(saltelliRow(n, l.block, l.i, l.j)).toBe(row));
    expect(d.labels[0]).toEqual({ block: 'A', i: -1, j: 0 });
    expect(d.labels[n]).toEqual({ block: 'B', i: -1, j: 0 });
    expect(d.labels[2 * n + 5]).toEqual({ block: 'AB', i: 0, j: 5 });
    expect(d.labels[(2 + k - 1) * n + n - 1]).toEqual({ block: 'AB', i: k - 1, j: n - 1 });
  });
  it('builds A, B from the 2k-dim Sobol sequence and AB_i = A with column i from B', () => {
    for (let j = 0; j < n; j++) {
      const a = d.points[saltelliRow(n, 'A', -1, j)];
      const b = d.points[saltelliRow(n, 'B', -1, j)];
      expect(Array.from(a)).toEqual(Array.from(base[j].slice(0, k)));
      expect(Array.from(b)).toEqual(Array.from(base[j].slice(k)));
      for (let i = 0; i < k; i++) {
        const ab = d.points[saltelliRow(n, 'AB', i, j)];
        for (let c = 0; c < k; c++) expect(ab[c]).toBe(c === i ? b[c] : a[c]);
      }
    }
  });
  it('validates arguments', () => {
    expect(() => saltelliDesign(0, 2)).toThrow(RangeError);
    expect(() => saltelliDesign(8, SALTELLI_MAX_K + 1)).toThrow(RangeError);
    expect(() => saltelliDesign(8, 2, { skip: -1 })).toThrow(RangeError);
  });
});

describe('morrisDesign', () => {
  it('builds one-at-a-time trajectories on the p-level grid with step Delta', () => {
    for (const p of [2, 4, 6]) {
      const r = 30;
      const k = 5;
      const d = morrisDesign(r, k, p, new Rng(p));
      const delta = p / (2 * (p - 1));
      expect(d.delta).toBe(delta);
      expect(d.points.length).toBe(r * (k + 1));
      d.trajectories.forEach((tr, t) => {
        expect(Array.from(tr.order).sort()).toEqual([0, 1, 2, 3, 4]);
        for (let s = 0; s < k; s++) {
          const a = d.points[t * (k + 1) + s];
          const b = d.points[t * (k + 1) + s + 1];
          for (let c = 0; c < k; c++) {
            const diff = b[c] - a[c];
            if (c === tr.order[s]) expect(diff).toBeCloseTo(tr.sign[s] * delta, 12);
            else expect(diff).toBe(0);
          }
        }
      });
      for (const pt of d.points) {
        for (const v of pt) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
          expect(Math.abs(v * (p - 1) - Math.round(v * (p - 1)))).toBeLessThan(1e-12);
        }
      }
    }
  });
  it('visits all p levels about equally (Campolongo step)', () => {
    const d = morrisDesign(400, 3, 4, new Rng(3));
    const counts = [0, 0, 0, 0];
    for (const pt of d.points) for (const v of pt) counts[Math.round(v * 3)]++;
    const total = counts.reduce((a, b) => a + b, 0);
    for (const c of counts) expect(Math.abs(c / total - 0.25)).toBeLessThan(0.03);
  });
  it('validates arguments', () => {
    expect(() => morrisDesign(0, 3, new Rng(1))).toThrow(/r must be >= 1/);
    expect(() => morrisDesign(3, 0, new Rng(1))).toThrow(/k must be >= 1/);
    expect(() => morrisDesign(3, 3, 5, new Rng(1))).toThrow(/even/);
    expect(() => morrisDesign(3, 3, 4, undefined as unknown as Rng)).toThrow(/Rng/);
  });
});
