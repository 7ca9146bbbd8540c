/**
 * The benchmark compares hedgesim with peers that re-implement the same model
 * (bench/peers/*.ts). The comparison is only fair if they do the same work, so the
 * peers must give the same numbers as the engine from the same random stream. And
 * the engine's decision loop (sim/model/decide.ts) writes the equations of
 * sim/model/utility.ts out inline for speed: it must give exactly what the helper
 * functions give.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../../sim/scenario/load.ts';
import { compileWorld } from '../../sim/world/compile.ts';
import { runWorld } from '../../sim/engine.ts';
import { newState } from '../../sim/model/state.ts';
import { decide } from '../../sim/model/decide.gen.ts';
import { poleRules } from '../../sim/model/poles.ts';
import { applyEvents, type Scope } from '../../sim/model/events.ts';
import { eventSink } from '../../sim/model/log.ts';
import { logit3 } from '../../sim/model/math.ts';
import {
  alignCoefficients, alignUtility, crackdownCoefficients, peerMean, refreshTariff, stepScalars, CO_N, type StepScalars,
} from '../../sim/model/utility.ts';
import { Rng } from '../../sim/rng.ts';
import type { World } from '../../sim/world/world.ts';
import { PlainObjectsModel } from '../../bench/peers/plain-objects.ts';
import { FloccModel } from '../../bench/peers/flocc.ts';
import { ROOT } from '../helpers.ts';

const SCEN = join(ROOT, 'bench', 'scenarios', 'synthetic.yaml');

async function world(n: number, steps: number, set: string[] = []): Promise<World> {
  const r = await loadScenario(SCEN, { set: [`world.countries=${n}`, `steps=${steps}`, ...set] });
  expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return compileWorld(r.scenario!);
}

const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
};

describe('benchmark peers give the engine\'s numbers', () => {
  it('plain objects and flocc agree with the engine on a small synthetic world after 40 steps', async () => {
    const w = await world(300, 40, ['retaliation.threshold=0.1', 'retaliation.probability=20']);
    const eng = runWorld(w, { keepEvents: false }).state;
    const plain = new PlainObjectsModel(w).run();
    const fl = new FloccModel(w).run();
    let deals = 0, rets = 0;
    for (let i = 0; i < w.n; i++) { deals += eng.deal[i]; rets += eng.retUntil[i] >= 0 ? 1 : 0; }
    // the run exercises the rare branches too (deals, retaliation), not only the common path
    expect(deals).toBeGreaterThan(0);
    expect(rets).toBeGreaterThan(0);
    for (const p of [plain, fl]) {
      expect(maxDiff(p.alignment, eng.a)).toBeLessThanOrEqual(1e-9);
      expect(maxDiff(p.crackdown, eng.k)).toBeLessThanOrEqual(1e-9);
      expect(maxDiff(p.trustUS, eng.trustUS)).toBeLessThanOrEqual(1e-9);
      expect(p.deals).toBe(deals);
      expect(p.retaliations).toBe(rets);
    }
  });

  it('they agree with anti-China deal clauses on, and disagree with another seed', async () => {
    const w = await world(200, 30, ['deals.anti_china=true', 'deals.min_alignment=0']);
    const eng = runWorld(w, { keepEvents: false }).state;
    expect(maxDiff(new PlainObjectsModel(w).run().alignment, eng.a)).toBeLessThanOrEqual(1e-9);
    expect(maxDiff(new FloccModel(w).run().alignment, eng.a)).toBeLessThanOrEqual(1e-9);
    // the check can fail: another random stream gives other numbers
    expect(maxDiff(new PlainObjectsModel(w, w.seed + 1).run().alignment, eng.a)).toBeGreaterThan(1e-3);
  });
});

/** The decision phase written with the helpers of utility.ts (the documented equations). */
function referenceDecide(w: World, st: ReturnType<typeof newState>, S: StepScalars, rng: Rng, kOut: Float64Array) {
  const P = w.params, co = new Float64Array(CO_N), cc = new Float64Array(2);
  for (let i = 0; i < w.n; i++) {
    const ai = st.a[i];
    alignCoefficients(w, st, P, S, i, co);
    const hasPeers = w.linkStart[i + 1] > w.linkStart[i];
    const abar = hasPeers ? peerMean(w, st.a, i) : ai;
    const pw = hasPeers ? P.peerWeight : 0;
    const d = P.stepSize, adj = P.adjustmentCost;
    const x0 = ai - d < -1 ? -1 : ai - d, x2 = ai + d > 1 ? 1 : ai + d;
    const u0 = alignUtility(x0, co, P) - pw * (x0 - abar) * (x0 - abar) - adj * (x0 - ai) * (x0 - ai);
    const u1 = alignUtility(ai, co, P) - pw * (ai - abar) * (ai - abar);
    const u2 = alignUtility(x2, co, P) - pw * (x2 - abar) * (x2 - abar) - adj * (x2 - ai) * (x2 - ai);
    const pick = logit3(u0, u1, u2, P.rationality, rng.next());
    const x = pick === 0 ? x0 : pick === 1 ? ai : x2;
    st.aNext[i] = ai + P.inertia * (x - ai);
    const ki = st.k[i], f = st.kFloor[i], kc = P.crackdownCost;
    crackdownCoefficients(w, st, P, S, i, cc);
    const c1 = 0.5 * (f + 1);
    const v0 = cc[0] * (1 - f) + cc[1] * f - kc * (f - ki) * (f - ki);
    const v1 = cc[0] * (1 - c1) + cc[1] * c1 - kc * (c1 - ki) * (c1 - ki);
    const v2 = cc[1] - kc * (1 - ki) * (1 - ki);
    const kp = logit3(v0, v1, v2, P.rationality, rng.next());
    const c = kp === 0 ? f : kp === 1 ? c1 : 1;
    const kn = ki + P.inertia * (c - ki);
    kOut[i] = kn < f ? f : kn;
    if (st.offerUntil[i] >= 0) rng.next(); // a pending deal draws once (no offers at step 1 here)
  }
}

describe('the inline decision loop is the equations of utility.ts', () => {
  for (const [label, file] of [['a synthetic world (equal link weights)', SCEN], ['the baseline scenario (weighted links, blocs)', join(ROOT, 'scenarios', 'baseline-2025.yaml')]] as const) {
    it(`gives bit-identical alignments and crackdowns on ${label}`, async () => {
      const r = await loadScenario(file, file === SCEN ? { set: ['world.countries=500', 'steps=10'] } : {});
      const w = compileWorld(r.scenario!);
      // advance a few steps with the engine's phases so the state is not the initial one
      const st = newState(w), log = eventSink(false), rng = new Rng(5);
      const S: StepScalars = { pRet: 0, riskRet: 0, lossRet: 0, lossUC: 0, lossDeal: 0, indOn: 0, ecOn: 0 };
      const scope = { ...w.parameters, t: 0, step: 0, day: 0, year: 0, steps: w.steps } as Scope;
      for (let i = 0; i < w.n; i++) refreshTariff(st, w.params, i);
      for (let t = 0; t <= 3; t++) {
        scope.t = scope.step = t;
        applyEvents(w, st, t, scope, log);
        if (t > 0) {
          poleRules(w, st, t, rng, log);
          stepScalars(w.params, st, S);
          decide(w, st, S, t, rng, log);
          [st.a, st.aNext] = [st.aNext, st.a];
        }
      }
      // one decision step both ways from the same state and stream (no pending offers: the reference skips deals)
      st.offerUntil.fill(-1);
      stepScalars(w.params, st, S);
      const seed = 99;
      // decide updates k in place: keep the state before it for the reference
      const k0 = Float64Array.from(st.k);
      decide(w, st, S, 4, new Rng(seed), log);
      const a1 = Float64Array.from(st.aNext), k1 = Float64Array.from(st.k);
      st.k.set(k0);
      st.aNext.fill(NaN);
      const kRef = new Float64Array(w.n).fill(NaN);
      referenceDecide(w, st, S, new Rng(seed), kRef);
      expect(Array.from(a1)).toEqual(Array.from(st.aNext));
      expect(Array.from(k1)).toEqual(Array.from(kRef));
      // and it is not trivial: alignments moved
      expect(maxDiff(a1, st.a)).toBeGreaterThan(0);
      expect(maxDiff(k1, k0)).toBeGreaterThan(0);
    });
  }
});
