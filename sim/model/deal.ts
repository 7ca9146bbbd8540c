/**
 * A pending deal offer: accept or refuse (rare, so written once, in plain TypeScript:
 * the decision loop and the kernel call it for a country with an offer open).
 */
import type { World } from '../world/world.ts';
import type { State } from './state.ts';
import type { EventSink } from './log.ts';
import { logit2 } from './math.ts';
import { dealGain, refreshTariff, type StepScalars } from './utility.ts';

/** Accept or refuse a pending offer (rare: kept out of the loop body). */
export function pendingDeal(w: World, st: State, S: StepScalars, t: number, i: number, lam: number, u: number, log: EventSink): void {
  const P = w.params;
  const g = dealGain(w, st, P, S, i);
  if (logit2(0, g, lam, u) === 1) {
    st.deal[i] = 1;
    st.dealRate[i] = st.offerRate[i];
    st.penalty[i] = st.offerPenalty[i];
    st.paused[i] = 0;
    if (st.offerAnti[i]) st.antiDeal[i] = 1;
    st.offerUntil[i] = -1;
    refreshTariff(st, P, i);
    if (log.keep) log.push(t, 'deal_accepted', w.ids[i], w.poles.us, +(st.dealRate[i] * 100).toPrecision(6), 'decision', st.offerAnti[i] ? 'with anti-China clauses' : '');
    else log.count++;
  } else if (st.offerUntil[i] === t) {
    st.offerUntil[i] = -1;
    st.cooldownUntil[i] = t + P.dealCooldown;
    if (log.keep) log.push(t, 'deal_refused', w.ids[i], w.poles.us, null, 'decision');
    else log.count++;
  }
}
