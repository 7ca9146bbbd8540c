/** Invariants at every recorded step, over the shipped scenarios and random synthetic worlds. */
import { describe, it, expect } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { ROOT, cli, tmpDir, read, writeScenario } from '../helpers.ts';

function checkFolder(out: string) {
  const countries = Papa.parse<Record<string, string>>(read(join(out, 'countries.csv')), { header: true, skipEmptyLines: true }).data;
  const world = Papa.parse<Record<string, string>>(read(join(out, 'world.csv')), { header: true, skipEmptyLines: true }).data;
  for (const text of ['countries.csv', 'world.csv', 'events.csv'].map((f) => read(join(out, f)))) {
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
  }
  const byStep = new Map<string, { us: number; hedge: number; china: number }>();
  for (const r of countries) {
    const a = Number(r.alignment), band = Number(r.hedge_band), k = Number(r.crackdown);
    expect(a).toBeGreaterThanOrEqual(-1);
    expect(a).toBeLessThanOrEqual(1);
    expect(k).toBeGreaterThanOrEqual(0);
    expect(k).toBeLessThanOrEqual(1);
    const o = Number(r.own_tariff);
    expect(o).toBeGreaterThanOrEqual(0);
    expect(o).toBeLessThanOrEqual(1000);
    // the utility is the sum of its recorded components (6 significant digits each)
    const comps = Object.keys(r).filter((c) => c.startsWith('u_'));
    if (comps.length) {
      const sum = comps.reduce((x, c) => x + Number(r[c]), 0);
      expect(Math.abs(sum - Number(r.utility))).toBeLessThanOrEqual(1e-5 * (1 + comps.reduce((x, c) => x + Math.abs(Number(r[c])), 0)));
    }
    const want = a > band ? 'us' : a < -band ? 'china' : 'hedge';
    // at the edge of the band the 6 significant digits of the CSV can hide the difference
    if (Math.abs(Math.abs(a) - band) > 1e-5) expect(r.stance).toBe(want);
    else expect(['hedge', a > 0 ? 'us' : 'china']).toContain(r.stance);
    const c = byStep.get(r.step) ?? { us: 0, hedge: 0, china: 0 };
    c[r.stance as 'us']++;
    byStep.set(r.step, c);
  }
  const n = new Set(countries.map((r) => r.country)).size;
  for (const wrow of world) {
    const c = byStep.get(wrow.step)!;
    expect(Number(wrow.n_us)).toBe(c.us);
    expect(Number(wrow.n_hedge)).toBe(c.hedge);
    expect(Number(wrow.n_china)).toBe(c.china);
    expect(Number(wrow.n_us) + Number(wrow.n_hedge) + Number(wrow.n_china)).toBe(n);
    const shares = Number(wrow.gdp_share_us) + Number(wrow.gdp_share_hedge) + Number(wrow.gdp_share_china);
    expect(shares).toBeCloseTo(1, 4);
  }
}

describe('invariants at every step', () => {
  const shipped = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml') && !f.startsWith('sweep'));
  it.each(shipped)('%s', async (f) => {
    const out = join(tmpDir(), 'out');
    for (const seed of ['1', '2', '3']) {
      const r = await cli(['run', join(ROOT, 'scenarios', f), '--seed', seed, '--out', out, '-q']);
      expect(r.code, r.err).toBe(0);
      checkFolder(out);
    }
  });
  it('random synthetic worlds', async () => {
    for (const seed of [1, 2, 3, 4]) {
      const p = writeScenario({
        name: 'synthetic', steps: 30, seed,
        world: { type: 'synthetic', countries: 150, degree: 6, locality: 10, blocs: 3 },
        events: [{ step: 2, kind: 'tariff', actor: 'USA', target: 'ALL', rate: 25 }, { step: 3, kind: 'tariff', actor: 'USA', target: 'CHN', rate: 100 },
          { step: 5, kind: 'retaliation', actor: 'CHN', target: 'B1', rate: 50, share: 30 }, { step: 6, kind: 'deal_offer', actor: 'USA', target: 'B0', anti_china: true }],
      });
      const out = join(tmpDir(), 'out');
      const r = await cli(['run', p, '--out', out, '-q']);
      expect(r.code, r.err).toBe(0);
      checkFolder(out);
    }
  });
});
