/**
 * Each mechanism of MODEL.md moves utility with the sign shown, as properties over
 * random small worlds (fast-check). "Leaning US" = U(a + step) - U(a) for country 0,
 * with everything else fixed.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { writeScenario, loadOk, atStep0, alignmentOptions, tmpDir } from '../helpers.ts';
import { crackdownCoefficients, dealGain, refreshTariff } from '../../sim/model/utility.ts';

const pctArb = (max = 100) => fc.integer({ min: 0, max: max * 10 }).map((x) => x / 10);
const countryArb = fc.record({
  exports: fc.integer({ min: 5, max: 150 }),
  to_us: pctArb(50), to_china: pctArb(45), imports_from_china: pctArb(60), transshipment: pctArb(30),
  affinity_us: pctArb(), affinity_china: pctArb(),
  alignment: fc.integer({ min: -100, max: 100 }).map((x) => x / 100),
  gdp: fc.integer({ min: 1, max: 20000 }),
});
const worldArb = fc.record({
  c0: countryArb, c1: countryArb, c2: countryArb,
  linked: fc.boolean(),
  retProbability: pctArb(50), threshold: fc.integer({ min: -50, max: 90 }).map((x) => x / 100),
  usOnChina: pctArb(200), usRate: pctArb(100),
});
type WorldIn = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

const dir = tmpDir();
let k = 0;
function scenario(p: WorldIn, tweak: (s: any) => void = () => {}) {
  const s: any = {
    name: 'prop', start: '2025-01-01', steps: 4,
    countries: [{ id: 'A', ...p.c0, us_tariff: p.usRate }, { id: 'B', ...p.c1 }, { id: 'C', ...p.c2 }],
    links: p.linked ? [{ from: 'A', to: 'B' }, { from: 'A', to: 'C', weight: 2 }] : [],
    tariffs: { us_on_china: p.usOnChina },
    retaliation: { probability: p.retProbability, threshold: p.threshold },
    export_controls: { active: false },
  };
  tweak(s);
  return writeScenario(s, dir, `p${k++}.yaml`);
}
async function leanUS(path: string, i = 0) {
  const { w, st, S } = atStep0(await loadOk(path));
  const [, u1, u2] = alignmentOptions(w, st, S, i);
  return u2 - u1;
}
const EPS = 1e-9;
const opts = { numRuns: 60, seed: 20250402 };

describe('mechanism signs (fast-check, seed 20250402)', () => {
  it('a higher US tariff never makes leaning US more attractive (coercion lowers trust)', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(100), async (p, extra) => {
      const base = await leanUS(scenario(p, (s) => { s.events = [{ step: 0, kind: 'tariff', actor: 'USA', target: 'A', rate: p.usRate }]; }));
      const more = await leanUS(scenario(p, (s) => { s.events = [{ step: 0, kind: 'tariff', actor: 'USA', target: 'A', rate: p.usRate + extra }]; }));
      expect(more).toBeLessThanOrEqual(base + EPS);
    }), opts);
  });

  it('a higher US tariff lowers utility and makes a deal at a lower rate more attractive', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(100), async (p, extra) => {
      const { w, st, S } = atStep0(await loadOk(scenario(p)));
      st.offerUntil[0] = 3; st.offerRate[0] = 0.1; st.offerPenalty[0] = 0.4; st.offerAnti[0] = 0;
      const g0 = dealGain(w, st, w.params, S, 0);
      const loss0 = st.lossUS[0];
      st.usRecip[0] += extra / 100;
      refreshTariff(st, w.params, 0);
      expect(st.lossUS[0]).toBeGreaterThanOrEqual(loss0);
      expect(dealGain(w, st, w.params, S, 0)).toBeGreaterThanOrEqual(g0 - EPS);
      st.offerRate[0] = 0.05;
      const g2 = dealGain(w, st, w.params, S, 0);
      st.offerRate[0] = 0.1;
      expect(g2).toBeGreaterThanOrEqual(dealGain(w, st, w.params, S, 0) - EPS);
    }), opts);
  });

  it("a higher retaliation probability never makes leaning US more attractive", async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(50), async (p, extra) => {
      const a = await leanUS(scenario(p));
      const b = await leanUS(scenario({ ...p, retProbability: Math.min(100, p.retProbability + extra) }));
      expect(b).toBeLessThanOrEqual(a + EPS);
    }), opts);
  });

  it('exporting more to China makes leaning US costlier for countries on the US side', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(20), async (p, extra) => {
      fc.pre(p.c0.alignment >= 0 && p.c0.to_us + p.c0.to_china + extra <= 100);
      const a = await leanUS(scenario(p));
      const b = await leanUS(scenario({ ...p, c0: { ...p.c0, to_china: p.c0.to_china + extra } }));
      expect(b).toBeLessThanOrEqual(a + EPS);
    }), opts);
  });

  it('crackdown rises with the US penalty and with the chance of a deal', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(100), pctArb(50), async (p, pen, credit) => {
      const { w, st, S } = atStep0(await loadOk(scenario(p)));
      const cc = new Float64Array(2);
      const gain = () => { crackdownCoefficients(w, st, w.params, S, 0, cc); return cc[1] - cc[0]; }; // V(1) - V(0) without adjustment
      const g0 = gain();
      st.penalty[0] += pen / 100; refreshTariff(st, w.params, 0);
      const g1 = gain();
      expect(g1).toBeGreaterThanOrEqual(g0 - EPS);
      w.params.dealCredit = Math.min(1, w.params.dealCredit + credit / 100);
      expect(gain()).toBeGreaterThanOrEqual(g1 - EPS);
    }), opts);
  });

  it('transshipment rent grows with the US tariff on China; crackdown forgoes it', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(100), async (p, extra) => {
      fc.pre(p.c0.transshipment > 0 && p.c0.to_us > 0);
      const cc = new Float64Array(2);
      const a = atStep0(await loadOk(scenario(p)));
      crackdownCoefficients(a.w, a.st, a.w.params, a.S, 0, cc);
      const r0 = cc[0];
      const b = atStep0(await loadOk(scenario({ ...p, usOnChina: p.usOnChina + extra })));
      crackdownCoefficients(b.w, b.st, b.w.params, b.S, 0, cc);
      expect(cc[0]).toBeGreaterThanOrEqual(r0 - EPS);
    }), opts);
  });

  it('dumping: importing more from China pushes toward the US (export controls off)', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(30), async (p, extra) => {
      fc.pre(p.c0.imports_from_china + extra <= 100);
      const a = await leanUS(scenario(p));
      const b = await leanUS(scenario({ ...p, c0: { ...p.c0, imports_from_china: p.c0.imports_from_china + extra } }));
      expect(b).toBeGreaterThanOrEqual(a - EPS);
    }), opts);
  });

  it('security affinity: allies lean toward the US', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(50), async (p, extra) => {
      const a = await leanUS(scenario(p));
      const b = await leanUS(scenario({ ...p, c0: { ...p.c0, affinity_us: Math.min(100, p.c0.affinity_us + extra) } }));
      expect(b).toBeGreaterThanOrEqual(a - EPS);
    }), opts);
  });

  it('peers: partners leaning US pull toward the US', async () => {
    await fc.assert(fc.asyncProperty(worldArb, fc.integer({ min: 1, max: 100 }), async (p, d) => {
      fc.pre(p.linked);
      const up = Math.min(1, p.c1.alignment + d / 100);
      const a = await leanUS(scenario(p));
      const b = await leanUS(scenario({ ...p, c1: { ...p.c1, alignment: up } }));
      expect(b).toBeGreaterThanOrEqual(a - EPS);
    }), opts);
  });

  it('trust: a less trusted US loses appeal, and China gains nothing from it', async () => {
    await fc.assert(fc.asyncProperty(worldArb, fc.integer({ min: 1, max: 100 }), async (p, drop) => {
      const { w, st, S } = atStep0(await loadOk(scenario(p)));
      const before = alignmentOptions(w, st, S, 0);
      st.trustUS[0] = Math.max(0, st.trustUS[0] - drop / 100);
      const after = alignmentOptions(w, st, S, 0);
      expect(after[2] - after[1]).toBeLessThanOrEqual(before[2] - before[1] + EPS);
      // options at or on the China side of 0 are worth exactly what they were
      const a = st.a[0], step = w.params.stepSize;
      [a - step, a, a + step].forEach((x, j) => { if (x <= 0) expect(after[j]).toBeCloseTo(before[j], 12); });
    }), opts);
  });

  it('hedging: the band shrinks as both poles press harder', async () => {
    const { hedgeBand } = await import('../../sim/model/utility.ts');
    await fc.assert(fc.asyncProperty(worldArb, pctArb(100), pctArb(40), async (p, tariffUp, probUp) => {
      const a = atStep0(await loadOk(scenario(p)));
      const b = atStep0(await loadOk(scenario({ ...p, usRate: p.usRate + tariffUp, retProbability: Math.min(100, p.retProbability + probUp) })));
      expect(hedgeBand(b.st, b.w.params, b.S, 0)).toBeLessThanOrEqual(hedgeBand(a.st, a.w.params, a.S, 0) + EPS);
    }), opts);
  });

  it('adjustment cost: a higher cost never makes moving more attractive than staying', async () => {
    await fc.assert(fc.asyncProperty(worldArb, fc.integer({ min: 1, max: 50 }), async (p, extra) => {
      const path = scenario(p);
      const a = atStep0(await loadOk(path));
      const o1 = alignmentOptions(a.w, a.st, a.S, 0);
      a.w.params.adjustmentCost += extra;
      const o2 = alignmentOptions(a.w, a.st, a.S, 0);
      expect(o2[0] - o2[1]).toBeLessThanOrEqual(o1[0] - o1[1] + EPS);
      expect(o2[2] - o2[1]).toBeLessThanOrEqual(o1[2] - o1[1] + EPS);
    }), opts);
  });
});
