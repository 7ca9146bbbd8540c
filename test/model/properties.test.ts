/**
 * Each mechanism of shared/MODEL.md moves the value of an option with the sign shown, as
 * properties over random small worlds and random parameters (fast-check): every numeric
 * parameter of the model, retaliation, retribution, deals, inducements and export
 * controls is drawn from its schema range (test/helpers.ts randomParams). The cause is an
 * event at step 0 (after the fixed effects are calibrated, as in a run), or a change of
 * the state after step 0; "leaning US" is the value of the alignment option a + step
 * less that of staying, "leaning China" that of a - step; crackdown and own tariff the
 * same with their upward option.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { writeScenario, loadOk, atStep0, options, randomParams, tmpDir } from '../helpers.ts';
import { dealGain, hedgeBand, refreshTariff } from '../../sim/model/utility.ts';
import { components, COMPONENTS } from '../../sim/model/decide.gen.ts';
import { peerMean } from '../../sim/model/peers.ts';
import { Rng } from '../../sim/rng.ts';

const pctArb = (max = 100) => fc.integer({ min: 0, max: max * 10 }).map((x) => x / 10);
const countryArb = fc.record({
  exports: fc.integer({ min: 5, max: 150 }),
  to_us: pctArb(50), to_china: pctArb(45), imports_from_china: pctArb(60), transshipment: pctArb(30),
  affinity_us: pctArb(), affinity_china: pctArb(),
  alignment: fc.integer({ min: -90, max: 90 }).map((x) => x / 100),
  gdp: fc.integer({ min: 1, max: 20000 }),
});
const worldArb = fc.record({
  c0: countryArb, c1: countryArb, c2: countryArb,
  linked: fc.boolean(),
  usOnChina: pctArb(200), usRate: pctArb(100),
  /** seed of the parameter draw */
  pseed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});
type WorldIn = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

const dir = tmpDir();
let k = 0;
/** A small world with every parameter drawn from its range (but those `keep` names), then `tweak`. */
function scenario(p: WorldIn, tweak: (s: any) => void = () => {}, keep: string[] = []) {
  const rng = new Rng(p.pseed);
  const s: any = {
    name: 'prop', start: '2025-01-01', steps: 4,
    countries: [{ id: 'A', ...p.c0, us_tariff: p.usRate }, { id: 'B', ...p.c1 }, { id: 'C', ...p.c2 }],
    links: p.linked ? [{ from: 'A', to: 'B' }, { from: 'A', to: 'C', weight: 2 }] : [],
    tariffs: { us_on_china: p.usOnChina },
    events: [],
  };
  // parameters as written in a scenario: {model: {...}, retaliation: {...}, ...}
  for (const kv of randomParams(() => rng.next(), keep)) {
    const [path, v] = kv.split('=');
    const [sec, field] = path.split('.');
    (s[sec] ??= {})[field] = v === 'true' ? true : v === 'false' ? false : +v;
  }
  tweak(s);
  return writeScenario(s, dir, `p${k++}.yaml`);
}
async function at0(path: string) { return atStep0(await loadOk(path)); }
/** [lean China, lean US] of alignment; crackdown up; own tariff up, for country i */
async function margins(path: string, i = 0) {
  const { w, st, S } = await at0(path);
  const [al, ck, ow] = options(w, st, S, i);
  return { china: al[0] - al[1], us: al[2] - al[1], crack: ck[2] - ck[1], own: ow[2] - ow[1], w, st, S };
}
const EPS = 1e-9;
/** a tolerance for float rounding, relative to the size of the values compared */
const tol = (...v: number[]) => 1e-9 * (1 + Math.max(...v.map(Math.abs)));
const opts = { numRuns: 40, seed: 20250402 };
const ev = (e: object) => (s: any) => { s.events.push({ step: 0, ...e }); };

describe('mechanism signs (fast-check, seed 20250402, every parameter from its range)', () => {
  it('a US tariff on a country tilts its choice away from the US (trust and the value of the US market fall): leaning US loses against leaning China', async () => {
    // (pressure also shrinks the value of hedging, which pushes a country off the fence toward
    // the side it leans to: that is the hedging mechanism, tested below; here hedge_value is 0)
    await fc.assert(fc.asyncProperty(worldArb, pctArb(100), async (p, extra) => {
      const noHedge = (s: any) => { s.model.hedge_value = 0; };
      const base = await margins(scenario(p, noHedge));
      const more = await margins(scenario(p, (s) => { noHedge(s); ev({ kind: 'tariff', actor: 'USA', target: 'A', rate: p.usRate + extra })(s); }));
      expect(more.us - more.china).toBeLessThanOrEqual(base.us - base.china + tol(base.us, base.china));
    }), opts);
  });

  it('a higher US tariff lowers utility and makes a deal at a lower rate more attractive', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(100), async (p, extra) => {
      const { w, st, S } = await at0(scenario(p));
      const P = w.params;
      st.offerRate[0] = 0.05; st.offerPenalty[0] = P.dealPenalty;
      const g0 = dealGain(w, st, P, S, 0), l0 = st.lossUS[0];
      st.usRecip[0] += extra / 100;
      refreshTariff(st, P, 0);
      expect(st.lossUS[0]).toBeGreaterThanOrEqual(l0);
      expect(dealGain(w, st, P, S, 0)).toBeGreaterThanOrEqual(g0 - EPS);
    }), opts);
  });

  it("a higher chance of China's retaliation makes leaning US costlier, more for a country that exports more to China", async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(50), async (p, more) => {
      // the calibration leaves the perceived risks out (they are walls beyond the poles'
      // thresholds): compare the risk term of a country that moved toward the US
      const risk = async (q: WorldIn, prob: number) => {
        const x = await at0(scenario(q, (s) => { s.retaliation.probability = prob; s.retaliation.enabled = true; }));
        x.st.a[0] = Math.min(1, x.st.a[0] + 0.6);
        const c = new Float64Array(COMPONENTS.length);
        components(x.w, x.st, x.S, 0, peerMean(x.w, x.st.a, 0), c);
        return c[COMPONENTS.indexOf('u_retaliation_risk')];
      };
      const lo = await risk(p, 1), hi = await risk(p, 1 + more);
      expect(hi).toBeLessThanOrEqual(lo + EPS);
      const r = { ...p, c0: { ...p.c0, to_china: Math.min(100 - p.c0.to_us, p.c0.to_china * 2 + 1) } };
      expect(await risk(r, 1 + more)).toBeLessThanOrEqual(hi + EPS);
    }), opts);
  });

  it("a higher chance of the US pole's retribution never makes leaning China more attractive", async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(50), async (p, more) => {
      // the calibration takes each world's own risks at the start: compare the risk term alone
      const x = await at0(scenario(p, (s) => { s.retribution.probability = 1; }));
      const y = await at0(scenario(p, (s) => { s.retribution.probability = 1 + more; }));
      const j = COMPONENTS.indexOf('u_retribution_risk');
      const c = new Float64Array(COMPONENTS.length), d = new Float64Array(COMPONENTS.length);
      x.st.a[0] -= 0.5; y.st.a[0] -= 0.5; // a country that leaned toward China
      components(x.w, x.st, x.S, 0, peerMean(x.w, x.st.a, 0), c);
      components(y.w, y.st, y.S, 0, peerMean(y.w, y.st.a, 0), d);
      expect(d[j]).toBeLessThanOrEqual(c[j] + EPS);
    }), opts);
  });

  it('crackdown rises with the US penalty on rerouted goods and with the chance of a deal (amid a US-China tariff gap)', async () => {
    // both changed after the start (the fixed effects take the start as it is)
    await fc.assert(fc.asyncProperty(worldArb, pctArb(100), pctArb(50), async (p, pen, cr) => {
      const m = await margins(scenario(p, ev({ kind: 'tariff', actor: 'USA', target: 'CHN', rate: 145 })));
      const { w, st, S } = m;
      const crack = () => { const o = options(w, st, S, 0)[1]; return o[2] - o[1]; };
      const c0 = crack();
      st.penalty[0] += pen / 100;
      refreshTariff(st, w.params, 0);
      const c1 = crack();
      expect(c1).toBeGreaterThanOrEqual(c0 - tol(c0));
      w.params.dealCredit = Math.min(1, w.params.dealCredit + cr / 100);
      expect(crack()).toBeGreaterThanOrEqual(c1 - tol(c1));
    }), opts);
  });

  it('rerouting, and the rent net of the penalty risk, grow with the US tariff on China', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(200), async (p, up) => {
      const rent = (m: Awaited<ReturnType<typeof margins>>) => { const c = new Float64Array(COMPONENTS.length); components(m.w, m.st, m.S, 0, peerMean(m.w, m.st.a, 0), c); return c[COMPONENTS.indexOf('u_transshipment')]; };
      const lo = await margins(scenario(p, ev({ kind: 'tariff', actor: 'USA', target: 'CHN', rate: p.usOnChina })));
      const hi = await margins(scenario(p, ev({ kind: 'tariff', actor: 'USA', target: 'CHN', rate: p.usOnChina + up })));
      // the rerouted volume is capacity x exports to the US x gap / (gap + half): the rent net of the penalty risk scales with it
      expect(Math.abs(rent(hi))).toBeGreaterThanOrEqual(Math.abs(rent(lo)) - EPS);
    }), opts);
  });

  it('dumping: a higher US tariff on China pushes toward the US the more, the more a country imports from China', async () => {
    // (the escalation is also US volatility, which lowers everyone's trust in the US: the
    // difference between a larger and a smaller importer isolates the dumping)
    await fc.assert(fc.asyncProperty(worldArb, pctArb(200), async (p, up) => {
      const r = { ...p, c0: { ...p.c0, imports_from_china: Math.min(100, p.c0.imports_from_china * 2 + 1) } };
      const tc = (x: number) => ev({ kind: 'tariff', actor: 'USA', target: 'CHN', rate: x });
      const a0 = await margins(scenario(p, tc(p.usOnChina))), a1 = await margins(scenario(p, tc(p.usOnChina + up)));
      const b0 = await margins(scenario(r, tc(p.usOnChina))), b1 = await margins(scenario(r, tc(p.usOnChina + up)));
      expect(b1.us - b0.us).toBeGreaterThanOrEqual(a1.us - a0.us - tol(a1.us, a0.us, b1.us, b0.us));
    }), opts);
  });

  it('security and trust: a visit by the US pole pulls toward the US; coercion by the US never helps China', async () => {
    await fc.assert(fc.asyncProperty(worldArb, fc.integer({ min: 1, max: 40 }), async (p, d) => {
      const a = await margins(scenario(p));
      const b = await margins(scenario(p, ev({ kind: 'visit', actor: 'USA', target: 'A', trust: d })));
      expect(b.us).toBeGreaterThanOrEqual(a.us - EPS);
      const c = await margins(scenario(p, ev({ kind: 'tariff', actor: 'USA', target: 'A', rate: p.usRate + 50 })));
      // an erratic US loses appeal without China gaining it: trust in China does not move
      expect(c.st.trustCN[0]).toBe(a.st.trustCN[0]);
      expect(c.st.trustUS[0]).toBeLessThanOrEqual(a.st.trustUS[0]);
    }), opts);
  });

  it('a visit by China pulls toward China, more for a country that trades more with China', async () => {
    await fc.assert(fc.asyncProperty(worldArb, fc.integer({ min: 1, max: 40 }), async (p, d) => {
      const q = { ...p, c0: { ...p.c0, to_china: Math.min(p.c0.to_china, 45) } };
      const r = { ...p, c0: { ...p.c0, to_china: Math.min(100 - p.c0.to_us, q.c0.to_china * 2 + 1) } };
      const visit = ev({ kind: 'visit', actor: 'CHN', target: 'A', trust: d });
      const a0 = await margins(scenario(q)), a1 = await margins(scenario(q, visit));
      const b0 = await margins(scenario(r)), b1 = await margins(scenario(r, visit));
      expect(a1.china).toBeGreaterThanOrEqual(a0.china - EPS);
      expect(b1.china - b0.china).toBeGreaterThanOrEqual(a1.china - a0.china - 1e-9);
    }), opts);
  });

  it("an inducement pulls toward China; China's tariff on the US never makes China's market worth less", async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(200), async (p, cu) => {
      const a = await margins(scenario(p));
      const b = await margins(scenario(p, ev({ kind: 'inducement', actor: 'CHN', target: 'A', active: true, gain: 10 })));
      expect(b.china).toBeGreaterThanOrEqual(a.china - EPS);
      const c = await margins(scenario(p, ev({ kind: 'tariff', actor: 'CHN', target: 'USA', rate: cu })));
      expect(c.S.cnBonus).toBeGreaterThanOrEqual(1);
      expect(c.china).toBeGreaterThanOrEqual(a.china - EPS);
    }), opts);
  });

  it('export controls push toward China', async () => {
    await fc.assert(fc.asyncProperty(worldArb, async (p) => {
      const a = await margins(scenario(p));
      const b = await margins(scenario(p, ev({ kind: 'export_control', actor: 'CHN', active: true })));
      expect(b.us).toBeLessThanOrEqual(a.us + EPS);
    }), opts);
  });

  it('peers: partners that lean US pull toward the US', async () => {
    await fc.assert(fc.asyncProperty(worldArb, async (p) => {
      const m = await margins(scenario({ ...p, linked: true }));
      const before = options(m.w, m.st, m.S, 0)[0];
      m.st.a[1] = Math.min(1, m.st.a[1] + 0.5);
      const after = options(m.w, m.st, m.S, 0)[0];
      expect(after[2] - after[1]).toBeGreaterThanOrEqual(before[2] - before[1] - EPS);
    }), opts);
  });

  it('hedging: the band shrinks as both poles press harder', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(100), async (p, extra) => {
      const a = await at0(scenario(p));
      const b = await at0(scenario(p, ev({ kind: 'tariff', actor: 'USA', target: 'A', rate: p.usRate + extra })));
      expect(hedgeBand(b.st, b.w.params, b.S, 0)).toBeLessThanOrEqual(hedgeBand(a.st, a.w.params, a.S, 0) + EPS);
    }), opts);
  });

  it('own tariffs: a higher US tariff on China makes raising one more attractive the more, the more a country imports from China', async () => {
    await fc.assert(fc.asyncProperty(worldArb, pctArb(200), async (p, up) => {
      const r = { ...p, c0: { ...p.c0, imports_from_china: Math.min(100, p.c0.imports_from_china * 2 + 1) } };
      const tc = (x: number) => ev({ kind: 'tariff', actor: 'USA', target: 'CHN', rate: x });
      const a0 = await margins(scenario(p, tc(p.usOnChina))), a1 = await margins(scenario(p, tc(p.usOnChina + up)));
      const b0 = await margins(scenario(r, tc(p.usOnChina))), b1 = await margins(scenario(r, tc(p.usOnChina + up)));
      expect(b1.own - b0.own).toBeGreaterThanOrEqual(a1.own - a0.own - tol(a1.own, a0.own, b1.own, b0.own));
    }), opts);
  });

  it('a joint statement with China raises the US retribution risk the country weighs', async () => {
    await fc.assert(fc.asyncProperty(worldArb, async (p) => {
      const risk = async (path: string) => { const { w, st, S } = await at0(path); const c = new Float64Array(COMPONENTS.length); components(w, st, S, 0, peerMean(w, st.a, 0), c); return c[COMPONENTS.indexOf('u_retribution_risk')]; };
      const a = await risk(scenario(p, (s) => { s.retribution.enabled = true; }));
      const b = await risk(scenario(p, (s) => { s.retribution.enabled = true; s.events.push({ step: 0, kind: 'joint_statement', actor: 'CHN', target: 'A' }); }));
      expect(b).toBeLessThanOrEqual(a + EPS);
    }), opts);
  });

  it('adjustment costs: a higher cost never makes moving more attractive relative to staying', async () => {
    await fc.assert(fc.asyncProperty(worldArb, fc.integer({ min: 1, max: 50 }), async (p, c) => {
      const a = await margins(scenario(p, (s) => { s.model.adjustment_cost = 0.1; }));
      const b = await margins(scenario(p, (s) => { s.model.adjustment_cost = 0.1 + c; }));
      expect(b.us).toBeLessThanOrEqual(a.us + EPS);
      expect(b.china).toBeLessThanOrEqual(a.china + EPS);
    }), opts);
  });
});
