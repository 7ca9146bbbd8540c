/**
 * `hedgesim discover` on a sweep folder with a known answer (written from the
 * design functions, test/analysis/fixtures.ts): an lhs sweep of 800 points over
 * a, b in [0, 10] and c in [0, 1]; a run is of interest (hit = 1) inside
 * a in [2, 6] and b >= 5, with noise (probability 0.9 inside, 0.05 outside). The box
 * PRIM reports must be that box; CART must have it as a leaf; the files load as
 * tidy CSV; mistakes are refused before anything is written.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmpDir } from '../helpers.ts';
import { writeSweepFixture } from './fixtures.ts';

function parse(csv: string): Record<string, string>[] {
  const [h, ...rows] = csv.trim().split('\n');
  const cols = h.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], v])));
}

describe('hedgesim discover', () => {
  const dir = join(tmpDir(), 'disc');
  let res: { code: number; out: string; err: string };
  beforeAll(async () => {
    writeSweepFixture(dir, {
      type: 'lhs', n: 800, replications: 1, params: [{ path: 'm.a', lo: 0, hi: 10 }, { path: 'm.b', lo: 0, hi: 10 }, { path: 'm.c', lo: 0, hi: 1 }],
      model: (x, rng) => {
        const inside = x[0] >= 2 && x[0] <= 6 && x[1] >= 5;
        return { hit: rng.next() < (inside ? 0.9 : 0.05) ? 1 : 0, y: x[0] };
      },
    });
    res = await cli(['discover', dir, '--where', 'hit > 0.5']);
  });
  it('finds the box: a in [2, 6], b from 5, c free, with small quasi-p-values', () => {
    expect(res.code, res.err).toBe(0);
    const box = parse(readFileSync(join(dir, 'discover', 'prim_box.csv'), 'utf8'));
    const row = (p: string) => box.find((r) => r.parameter === p)!;
    expect(box.map((r) => r.restricted)).toEqual(['true', 'true', 'false']);
    expect(Math.abs(+row('m.a').lower - 2)).toBeLessThan(0.4);
    expect(Math.abs(+row('m.a').upper - 6)).toBeLessThan(0.4);
    expect(Math.abs(+row('m.b').lower - 5)).toBeLessThan(0.4);
    expect(row('m.b').upper).toBe(row('m.b').maximum);
    expect(row('m.b').qp_upper).toBe('');
    for (const q of [row('m.a').qp_lower, row('m.a').qp_upper, row('m.b').qp_lower]) expect(+q).toBeLessThan(1e-4);
    expect(res.out).toMatch(/hit > 0\.5: \d+ of 800 runs/);
  });
  it('writes the trajectory, CART leaves, both charts and discover.json', () => {
    const d = join(dir, 'discover');
    for (const f of ['prim_trajectory.csv', 'cart_leaves.csv', 'tradeoff.svg', 'tradeoff.vl.json', 'box.svg', 'box.vl.json', 'discover.json']) expect(existsSync(join(d, f)), f).toBe(true);
    const traj = parse(readFileSync(join(d, 'prim_trajectory.csv'), 'utf8'));
    expect(traj[0]).toMatchObject({ box: '0', phase: 'start', coverage: '1', mass: '1', res_dim: '0' });
    const info = JSON.parse(readFileSync(join(d, 'discover.json'), 'utf8'));
    expect(info.cases).toBe(800);
    expect(traj).toHaveLength(info.prim.boxes);
    expect(+traj[info.prim.box].density).toBeGreaterThan(0.8);
    const leaves = parse(readFileSync(join(d, 'cart_leaves.csv'), 'utf8'));
    const best = leaves.filter((l) => l.predict === '1').sort((a, b) => +b.coverage - +a.coverage)[0];
    expect(best.rule).toMatch(/m\.b > 4\.9|m\.b > 5\.0/);
    expect(+best.density).toBeGreaterThan(0.8);
    expect(readFileSync(join(d, 'tradeoff.svg'), 'utf8')).toMatch(/<svg/);
  });
  it('--box reports another box of the trajectory', async () => {
    const r = await cli(['discover', dir, '--where', 'hit > 0.5', '--box', '0', '--out', join(dir, 'd0'), '-q']);
    expect(r.code, r.err).toBe(0);
    expect(parse(readFileSync(join(dir, 'd0', 'prim_box.csv'), 'utf8')).every((x) => x.restricted === 'false' && x.box === '0')).toBe(true);
  });
  it('refuses mistakes with a message and no files', async () => {
    const out = join(dir, 'bad');
    const u = await cli(['discover', dir, '--where', 'hitt > 0.5', '--out', out]);
    expect([u.code, u.err]).toEqual([2, expect.stringMatching(/no metric hitt/)]);
    const v = await cli(['discover', dir, '--where', 'hit >> 1', '--out', out]);
    expect(v.code).toBe(2);
    const w = await cli(['discover', dir, '--where', 'hit > 5', '--out', out]);
    expect([w.code, w.err]).toEqual([3, expect.stringMatching(/holds in no run/)]);
    expect(existsSync(out)).toBe(false);
  });
});
