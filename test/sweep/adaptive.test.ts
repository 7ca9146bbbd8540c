/**
 * Adaptive replications (replications: {until: {metric, half_width, max}},
 * sim/sweep/adaptive.ts):
 * - the stopping rule on a fixed sequence, against half widths computed by hand
 *   with t quantiles from tables (scipy.stats.t.ppf(0.975, df), scipy 1.10, as R's
 *   qt): for 10 14 8 12 11 10 11 10 11 10 11 10 the prefixes n = 5..12 have
 *   half widths t_{n-1} s_n / sqrt(n) = 2.776445, 2.142152, 1.724333, 1.465168,
 *   1.261750, 1.120979, 1.000563, 0.912061 (e.g. n = 5: mean 11, sum of squares
 *   20, s = sqrt(5), t_4 = 2.776445, half width 2.776445 x sqrt(5) / sqrt(5));
 * - a sweep: every point has as many runs as it needed, its interval is narrow
 *   enough there and at no earlier count, and the bytes are the same for 1 and 2
 *   workers and after an interruption and --resume.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decide, halfWidth, nextBatch, type AdaptiveRule } from '../../sim/sweep/adaptive.ts';
import { runSweep } from '../../sim/sweep/runner.ts';
import { tQuantile } from '../../sim/analysis/stats.ts';
import { cli, ensureBuilt, expectSameFiles, tmp, ROOT } from './helpers.ts';

const SEQ = [10, 14, 8, 12, 11, 10, 11, 10, 11, 10, 11, 10];
const HALF = [2.776445, 2.142152, 1.724333, 1.465168, 1.26175, 1.120979, 1.000563, 0.912061]; // n = 5..12, by hand (header)
const rule = (h: number, max = 12): AdaptiveRule => ({ metric: 'm', halfWidth: h, max, min: 5, level: 0.95 });

describe('the stopping rule', () => {
  it('half widths are the hand-computed ones', () => {
    HALF.forEach((h, i) => expect(halfWidth(SEQ, 5 + i, 0.95).half).toBeCloseTo(h, 5));
  });
  it('stops at the first count whose interval is narrow enough', () => {
    expect(decide(rule(1.2), SEQ)).toMatchObject({ n: 10, converged: true }); // 1.261750 > 1.2 >= 1.120979
    expect(decide(rule(1.0), SEQ)).toMatchObject({ n: 12, converged: true }); // 1.000563 > 1 >= 0.912061
    expect(decide(rule(0.9), SEQ)).toMatchObject({ n: 12, converged: false }); // max reached
    expect(decide(rule(3), SEQ)).toMatchObject({ n: 5, converged: true }); // never before min
    // undecided while the known prefix is short; failed or undefined runs count as runs, not values
    expect(decide(rule(1.0), SEQ.slice(0, 9)).n).toBe(-1);
    expect(halfWidth([...SEQ.slice(0, 5), NaN], 6, 0.95).half).toBeCloseTo(HALF[0], 5);
  });
  it('batches: min first, then at most doubling toward the predicted need, filling holes', () => {
    expect(nextBatch(rule(1.0), [])).toEqual([[0, 5]]);
    // s = sqrt(5), t_4 = 2.776445: need (2.776445 sqrt 5 / 1)^2 = 38.5 runs; at most double 5
    expect(nextBatch(rule(1.0, 60), SEQ.slice(0, 5))).toEqual([[5, 10]]);
    const holes: (number | undefined)[] = [...SEQ.slice(0, 5)];
    holes[7] = 10;
    expect(nextBatch(rule(1.0, 60), holes)).toEqual([[5, 7], [8, 10]]);
  });
});

describe('a sweep with adaptive replications', () => {
  const dir = tmp('adaptive');
  const f = join(dir, 'sweep.yaml');
  const a = join(dir, 'a');
  beforeAll(() => {
    ensureBuilt();
    writeFileSync(f, `name: adaptive\nscenario: ${join(ROOT, 'scenarios', 'baseline-2025.yaml')}\ndesign: {type: grid}\n` +
      'parameters: [{path: retaliation.probability, values: [0, 20, 40]}]\nseed: 5\n' +
      'replications: {until: {metric: mean_al, half_width: 0.003, max: 60, min: 5}}\n' +
      'metrics:\n  - {name: mean_al, world: mean_alignment, stat: mean}\n  - {name: share_us, world: share_us}\nrecord: {tables: [world], every: 13}\n');
    const r = cli(['sweep', f, '--out', a, '--jobs', '2', '-q']);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('each point ran as many replications as its interval needed, and no more', () => {
    const pts = readFileSync(join(a, 'points.csv'), 'utf8').trim().split('\n');
    expect(pts[0]).toBe('point,retaliation.probability,u.retaliation.probability,replications,half_width,converged');
    const runs = readFileSync(join(a, 'runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    let total = 0;
    const counts: number[] = [];
    for (const line of pts.slice(1)) {
      const [p, , , n, , conv] = line.split(',');
      const vals = runs.filter((r) => r[1] === p).map((r) => Number(r[5]));
      expect(vals).toHaveLength(Number(n));
      expect(runs.filter((r) => r[1] === p).map((r) => Number(r[2]))).toEqual(Array.from({ length: Number(n) }, (_, i) => i));
      const hw = (m: number) => { const x = vals.slice(0, m); const mu = x.reduce((s, v) => s + v, 0) / m; const s = Math.sqrt(x.reduce((q, v) => q + (v - mu) ** 2, 0) / (m - 1)); return (tQuantile(0.975, m - 1) * s) / Math.sqrt(m); };
      if (conv === 'true') expect(hw(Number(n))).toBeLessThanOrEqual(0.003);
      else expect(Number(n)).toBe(60);
      for (let m = 5; m < Number(n); m++) expect(hw(m)).toBeGreaterThan(0.003);
      counts.push(Number(n));
      total += Number(n);
    }
    // the points needed different numbers of runs, and some more than the minimum
    expect(new Set(counts).size).toBeGreaterThan(1);
    expect(Math.max(...counts)).toBeGreaterThan(5);
    // run ids: point x 60 + replicate (gaps where a point needed fewer than 60)
    expect(runs.every((r) => Number(r[0]) === Number(r[1]) * 60 + Number(r[2]))).toBe(true);
    const m = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    expect(m.counts).toEqual({ runs: total, ok: total, failed: 0 });
    expect(m.files['world.csv'].rows).toBe(total * 3); // steps 0, 13, 26
    expect(m.design.adaptive).toEqual({ metric: 'mean_al', half_width: 0.003, min: 5, max: 60, level: 0.95 });
  });

  it('gives the same bytes with 1 worker, and after an interruption and --resume', async () => {
    const b = join(dir, 'b');
    expect(cli(['sweep', f, '--out', b, '--jobs', '1', '-q']).code).toBe(0);
    expectSameFiles(a, b, expect);
    const c = join(dir, 'c');
    const io = { out: () => {}, err: () => {}, isTTY: false };
    const x = await runSweep({ file: f, out: c, jobs: 2, io, chunk: 2, stopAfterChunks: 9 });
    expect(x.interrupted).toBe(true);
    const y = await runSweep({ file: f, out: c, jobs: 2, io, resume: true });
    expect(y.done).toBe(true);
    expectSameFiles(a, c, expect);
  }, 120_000);

  it('refuses --shard', () => {
    const r = cli(['sweep', f, '--out', join(dir, 's'), '--shard', '1/2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/adaptive replications .* drop --shard/);
  });
});
