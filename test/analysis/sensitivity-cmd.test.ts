/**
 * `hedgesim sensitivity` on sweep folders generated from the design functions:
 * the Ishigami function (analytic indices, see test/analysis/sobol.test.ts) with
 * replications carrying small noise (so replication averaging is exercised), a
 * linear model for Morris whose effects are exact, a linear model on an lhs sweep
 * for PRCC and SRC (any design), and the refusals.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { cli, tmpDir } from '../helpers.ts';
import { writeSweepFixture, ishigami, ISHIGAMI, PI_RANGE } from './fixtures.ts';

function parse(csv: string): Record<string, string>[] {
  const [h, ...rows] = csv.trim().split('\n');
  const cols = h.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], v])));
}

describe('sensitivity on an Ishigami sobol sweep with noisy replications', () => {
  const dir = join(tmpDir(), 'ishigami');
  let res: { code: number; out: string; err: string };
  let rows: Record<string, string>[];
  beforeAll(async () => {
    writeSweepFixture(dir, {
      type: 'sobol', n: 2048, replications: 3,
      params: [PI_RANGE('model.x1'), PI_RANGE('model.x2'), PI_RANGE('model.x3')],
      // noise sd ~0.06 per replication: small against V = 13.8, but not zero
      model: (x, rng) => ({ y: ishigami(x) + 0.2 * (rng.next() - 0.5), constant: 5 }),
    });
    res = await cli(['sensitivity', dir, '--resamples', '300']);
    rows = parse(readFileSync(join(dir, 'sensitivity.csv'), 'utf8'));
  });

  it('exits 0 and writes a tidy table', () => {
    expect(res.code, res.err).toBe(0);
    expect(Object.keys(rows[0])).toEqual(['method', 'metric', 'parameter', 'index', 'estimate', 'ci_lo', 'ci_hi', 'n']);
    expect(rows).toHaveLength(2 * 3 * 2);
    expect(res.out).toMatch(/wrote .*sensitivity\.csv/);
  });

  it('recovers the analytic first- and total-order indices within 0.05', () => {
    ['model.x1', 'model.x2', 'model.x3'].forEach((p, i) => {
      const s1 = rows.find((r) => r.metric === 'y' && r.parameter === p && r.index === 'S1')!;
      const st = rows.find((r) => r.metric === 'y' && r.parameter === p && r.index === 'ST')!;
      expect(Math.abs(Number(s1.estimate) - ISHIGAMI.S1[i])).toBeLessThan(0.05);
      expect(Math.abs(Number(st.estimate) - ISHIGAMI.ST[i])).toBeLessThan(0.05);
      expect(Number(s1.ci_lo)).toBeLessThanOrEqual(Number(s1.estimate));
      expect(Number(s1.ci_hi)).toBeGreaterThanOrEqual(Number(s1.estimate));
      expect(s1.n).toBe('2048');
    });
  });

  it('gives 0 for a constant metric and reports the noise share', () => {
    rows.filter((r) => r.metric === 'constant').forEach((r) => expect(Number(r.estimate)).toBe(0));
    expect(res.out).toMatch(/y: ST model\.x1/);
    expect(res.out).toMatch(/noise \d+\.\d% of variance/);
  });

  it('is deterministic (same bytes for the same folder and seed)', async () => {
    const again = join(dir, 'again.csv');
    expect((await cli(['sensitivity', dir, '--resamples', '300', '--out', again, '-q'])).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(join(dir, 'sensitivity.csv'), 'utf8'));
  });

  it('refuses an unknown metric with a usage error naming the metrics', async () => {
    const r = await cli(['sensitivity', dir, '-m', 'nope']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--metric nope.*y, constant/);
  });
});

describe('sensitivity on a morris sweep', () => {
  it('gives the exact effects of a linear model (mu* = slope x range in unit space)', async () => {
    const dir = join(tmpDir(), 'morris');
    writeSweepFixture(dir, {
      type: 'morris', r: 12, replications: 2,
      params: [{ path: 'a', lo: 0, hi: 2 }, { path: 'b', lo: 0, hi: 1 }, { path: 'c', lo: 10, hi: 20 }],
      // y = 3a - b + 0c: per unit of normalised input, EE_a = 6, EE_b = -1, EE_c = 0
      model: (x, _rng, rep) => ({ y: 3 * x[0] - x[1] + 0 * x[2] + (rep === 0 ? 0.001 : -0.001) }),
    });
    const r = await cli(['sensitivity', dir, '--resamples', '200']);
    expect(r.code, r.err).toBe(0);
    const rows = parse(readFileSync(join(dir, 'sensitivity.csv'), 'utf8'));
    const get = (p: string, idx: string) => Number(rows.find((x) => x.parameter === p && x.index === idx)!.estimate);
    expect(get('a', 'mu_star')).toBeCloseTo(6, 3);
    expect(get('a', 'mu')).toBeCloseTo(6, 3);
    expect(get('b', 'mu')).toBeCloseTo(-1, 3);
    expect(get('b', 'mu_star')).toBeCloseTo(1, 3);
    expect(get('c', 'mu_star')).toBeCloseTo(0, 6);
    expect(get('a', 'sigma')).toBeCloseTo(0, 3);
    expect(rows.every((x) => x.method === 'morris' && x.n === '12')).toBe(true);
  });
});

describe('sensitivity of an lhs sweep: PRCC and SRC of a linear model', () => {
  // y = 3 a - b + 0.5 c + e, a, c ~ U(0, 1), b ~ U(0, 2), e ~ N(0, 0.3^2) per replication (2 averaged):
  // analytic SRC_j = b_j sd(x_j) / sd(y) with var(mean of 2 e) = 0.045 (derivation in test/analysis/prcc.test.ts)
  const B = [3, -1, 0.5], W = [1, 2, 1];
  const sdy = Math.sqrt(B.reduce((s, b, j) => s + (b * W[j]) ** 2 / 12, 0) + 0.09 / 2);
  const SRC = B.map((b, j) => (b * W[j]) / Math.sqrt(12) / sdy);
  let rows: Record<string, string>[];
  beforeAll(async () => {
    const dir = join(tmpDir(), 'lhs');
    writeSweepFixture(dir, {
      type: 'lhs', n: 300, replications: 2, params: [{ path: 'm.a', lo: 0, hi: 1 }, { path: 'm.b', lo: 0, hi: 2 }, { path: 'm.c', lo: 0, hi: 1 }],
      model: (x, rng) => ({ y: 3 * x[0] - x[1] + 0.5 * x[2] + 0.3 * rng.normal() }),
    });
    const r = await cli(['sensitivity', dir]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/PRCC and SRC/);
    rows = parse(readFileSync(join(dir, 'sensitivity.csv'), 'utf8'));
  });
  it('SRC intervals hold the analytic coefficients; PRCC has their signs and order', () => {
    const get = (m: string, p: string) => rows.find((x) => x.method === m && x.parameter === p)!;
    ['m.a', 'm.b', 'm.c'].forEach((p, j) => {
      const s = get('src', p);
      expect(+s.ci_lo).toBeLessThan(SRC[j]);
      expect(+s.ci_hi).toBeGreaterThan(SRC[j]);
      expect(s.n).toBe('300');
    });
    const pr = ['m.a', 'm.b', 'm.c'].map((p) => +get('prcc', p).estimate);
    expect(pr.map(Math.sign)).toEqual([1, -1, 1]);
    expect(Math.abs(pr[0]) > Math.abs(pr[1]) && Math.abs(pr[1]) > Math.abs(pr[2])).toBe(true);
    expect(+rows.find((x) => x.index === 'R2')!.estimate).toBeGreaterThan(0.9);
    expect(rows).toHaveLength(3 + 3 + 1);
  });
});

describe('sensitivity refuses designs and folders that do not fit', () => {
  const model = (x: number[]) => ({ y: x[0] + x[1] });
  const params = [{ path: 'p', lo: 0, hi: 1 }, { path: 'q', lo: 0, hi: 1 }];
  const cases: [string, Parameters<typeof writeSweepFixture>[1], RegExp, string[]?][] = [
    ['sobol indices of a grid', { type: 'grid', levels: 3, replications: 2, params, model }, /Sobol' indices need a sobol design, got design type 'grid'/, ['--method', 'sobol']],
    ['morris effects of an lhs', { type: 'lhs', n: 8, replications: 1, params, model }, /Morris effects need a morris design, got design type 'lhs'/, ['--method', 'morris']],
    ['PRCC with too few points', { type: 'lhs', n: 4, replications: 1, params, model }, /4 design points for 2 inputs/],
    ['sobol with a failed run', { type: 'sobol', n: 8, replications: 2, params, model, fail: [5] }, /1 run\(s\) failed \(design point 2\)/],
    ['sobol with a missing run', { type: 'sobol', n: 8, replications: 2, params, model, drop: [9] }, /runs are missing: design point 4 has fewer than the 2 replications/],
  ];
  for (const [name, o, msg, extra] of cases) {
    it(`refuses ${name} with exit 3 and writes nothing`, async () => {
      const dir = join(tmpDir(), 'bad');
      writeSweepFixture(dir, o);
      const r = await cli(['sensitivity', dir, ...(extra ?? [])]);
      expect(r.code).toBe(3);
      expect(r.err).toMatch(msg);
      expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
      expect(() => readFileSync(join(dir, 'sensitivity.csv'))).toThrow();
    });
  }

  it('skips a metric that is undefined in some run, and says so', async () => {
    const dir = join(tmpDir(), 'undef');
    writeSweepFixture(dir, { type: 'sobol', n: 8, replications: 1, params, model: (x) => ({ y: x[0], first_above: x[0] > 0.5 ? 3 : NaN }) });
    const r = await cli(['sensitivity', dir, '--resamples', '50']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/left out \(undefined in some runs\): first_above/);
    const csv = readFileSync(join(dir, 'sensitivity.csv'), 'utf8');
    expect(csv).not.toMatch(/first_above/);
  });

  it('refuses a single run folder', async () => {
    const dir = tmpDir();
    const run = await cli(['run', join('scenarios', 'baseline-2025.yaml'), '--out', dir, '-q']);
    expect(run.code, run.err).toBe(0);
    const r = await cli(['sensitivity', dir]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/single run folder/);
  });

  it('refuses a folder that does not exist', async () => {
    const r = await cli(['sensitivity', join(tmpDir(), 'nope')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/not a folder/);
  });
});

describe('progress', () => {
  it('shows progress per metric on a terminal, and nothing when stderr is not one', async () => {
    const { main } = await import('../../sim/cli/main.ts');
    const dir = join(tmpDir(), 'prog');
    writeSweepFixture(dir, { type: 'sobol', n: 8, replications: 1, params: [{ path: 'a', lo: 0, hi: 1 }, { path: 'b', lo: 0, hi: 1 }], model: (x) => ({ y: x[0], z: x[1] }) });
    for (const isTTY of [true, false]) {
      let err = '';
      const code = await main(['sensitivity', dir, '--resamples', '20', '-q'], { out: () => {}, err: (s) => { err += s + '\n'; }, isTTY });
      expect(code).toBe(0);
      if (isTTY) expect(err).toMatch(/sensitivity: metric 2\/2: z/);
      else expect(err).toBe('');
    }
  });
});
