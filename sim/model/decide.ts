/**
 * Phase 3, the hot loop: every country scores its options by utility (utility.ts)
 * and picks one by multinomial logit with the run's random stream. Alignment:
 * {a - step, a, a + step}; crackdown: three levels from its floor to 1; a pending
 * deal: accept or refuse. Alignment and crackdown then move toward the choice with
 * inertia. Reads `a`, `k`; writes `aNext`, `kNext`. No allocation.
 */
import type { World } from '../world/world.ts';
import type { State } from './state.ts';
import type { EventSink } from './log.ts';
import type { Rng } from '../rng.ts';
import { logit2, logit3 } from './math.ts';
import { alignCoefficients, alignUtility, crackdownCoefficients, dealGain, peerMean, refreshTariff, CO_N, type StepScalars } from './utility.ts';

const co = new Float64Array(CO_N);
const cc = new Float64Array(2); // [rent minus penalty risk, deal credit]

export function decide(w: World, st: State, S: StepScalars, t: number, rng: Rng, log: EventSink): void {
  const P = w.params, n = w.n;
  const a = st.a, aN = st.aNext, k = st.k, kN = st.kNext;
  const lam = P.rationality, d = P.stepSize, mu = P.inertia;
  const adj = P.adjustmentCost, kc = P.crackdownCost;
  const start = w.linkStart;
  for (let i = 0; i < n; i++) {
    const ai = a[i];
    // alignment
    alignCoefficients(w, st, P, S, i, co);
    const hasPeers = start[i + 1] > start[i];
    const abar = hasPeers ? peerMean(w, a, i) : ai;
    const pw = hasPeers ? P.peerWeight : 0;
    const x0 = ai - d < -1 ? -1 : ai - d;
    const x2 = ai + d > 1 ? 1 : ai + d;
    const u0 = alignUtility(x0, co, P) - pw * (x0 - abar) * (x0 - abar) - adj * (x0 - ai) * (x0 - ai);
    const u1 = alignUtility(ai, co, P) - pw * (ai - abar) * (ai - abar);
    const u2 = alignUtility(x2, co, P) - pw * (x2 - abar) * (x2 - abar) - adj * (x2 - ai) * (x2 - ai);
    const pick = logit3(u0, u1, u2, lam, rng.next());
    const x = pick === 0 ? x0 : pick === 1 ? ai : x2;
    aN[i] = ai + mu * (x - ai);
    // crackdown
    const ki = k[i], f = st.kFloor[i];
    crackdownCoefficients(w, st, P, S, i, cc);
    const c1 = 0.5 * (f + 1);
    const v0 = cc[0] * (1 - f) + cc[1] * f - kc * (f - ki) * (f - ki);
    const v1 = cc[0] * (1 - c1) + cc[1] * c1 - kc * (c1 - ki) * (c1 - ki);
    const v2 = cc[1] - kc * (1 - ki) * (1 - ki);
    const kp = logit3(v0, v1, v2, lam, rng.next());
    const c = kp === 0 ? f : kp === 1 ? c1 : 1;
    const kn = ki + mu * (c - ki);
    kN[i] = kn < f ? f : kn;
    if ((ki < 0.5) !== (kN[i] < 0.5)) log.push(t, ki < 0.5 ? 'crackdown_up' : 'crackdown_down', w.ids[i], w.ids[i], +(kN[i] * 100).toPrecision(4), 'decision');
    // a pending deal
    if (st.offerUntil[i] >= 0) {
      const g = dealGain(w, st, P, S, i);
      if (logit2(0, g, lam, rng.next()) === 1) {
        st.deal[i] = 1;
        st.dealRate[i] = st.offerRate[i];
        st.dealSince[i] = t;
        st.penalty[i] = st.offerPenalty[i];
        st.paused[i] = 0;
        if (st.offerAnti[i]) st.antiDeal[i] = 1;
        st.offerUntil[i] = -1;
        refreshTariff(st, P, i);
        log.push(t, 'deal_accepted', w.ids[i], w.poles.us, +(st.dealRate[i] * 100).toPrecision(6), 'decision', st.offerAnti[i] ? 'with anti-China clauses' : '');
      } else if (st.offerUntil[i] === t) {
        st.offerUntil[i] = -1;
        st.cooldownUntil[i] = t + P.dealCooldown;
        log.push(t, 'deal_refused', w.ids[i], w.poles.us, null, 'decision');
      }
    }
  }
}
