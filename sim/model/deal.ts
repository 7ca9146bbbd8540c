/**
 * A pending deal offer: accept or refuse (rare, so written once, in plain TypeScript:
 * the decision loop and the kernel call it for a country with an offer open). A
 * country with a deal is renegotiating: accepting replaces its terms, refusing keeps them.
 */
import type { World } from '../world/world.ts';
import type { State } from './state.ts';
import type { EventSink } from './log.ts';
import { logit2 } from './math.ts';
import { dealGain, refreshTariff, type StepScalars } from './utility.ts';

export function pendingDeal(w: World, st: State, S: StepScalars, t: number, i: number, lam: number, u: number, log: EventSink): void {
  const P = w.params;
  const g = dealGain(w, st, P, S, i);
  if (logit2(0, g, lam, u) === 1) {
    const renegotiated = st.deal[i] === 1;
    st.deal[i] = 1;
    st.dealRate[i] = st.offerRate[i];
    st.penalty[i] = st.offerPenalty[i];
    st.paused[i] = 0;
    if (st.offerAnti[i] && st.antiDeal[i] === 0) st.antiDeal[i] = 1;
    st.offerUntil[i] = -1;
    // signing raises trust in the US pole (deals.trust)
    const tr = st.trustUS[i] + P.dealTrust;
    st.trustUS[i] = tr < 0 ? 0 : tr > 1 ? 1 : tr;
    refreshTariff(st, P, i);
    if (log.keep) log.push(t, renegotiated ? 'deal_renegotiated' : 'deal_accepted', w.ids[i], w.poles.us, +(st.dealRate[i] * 100).toPrecision(6), 'decision', st.offerAnti[i] ? 'with anti-China clauses' : '');
    else log.count++;
  } else if (st.offerUntil[i] === t) {
    st.offerUntil[i] = -1;
    st.cooldownUntil[i] = t + P.dealCooldown;
    if (log.keep) log.push(t, 'deal_refused', w.ids[i], w.poles.us, null, 'decision');
    else log.count++;
  }
}
