/**
 * Phase 2: the poles' reactive rules, then trust. The China pole lifts expired
 * retaliation and retaliates (with probability per step) against countries seen to
 * side with the US pole: alignment above the threshold, or a deal with anti-China
 * clauses. The US pole lets offers expire and offers deals to countries that
 * qualify. (Trust recovers in the decisions: sim/model/spec.ts, updates.)
 * Columns are hoisted into locals; event rows are only built when they are kept.
 *
 * This loop is the reference for the WebAssembly kernel (sim/kernel/decide.as.ts,
 * poles32/64), which runs it in large runs with the same bits and calls back the
 * functions below for what the rules trigger. A change here must be made there too.
 */
import type { Params, World } from '../world/world.ts';
import type { State } from './state.ts';
import type { EventSink } from './log.ts';
import type { Rng } from '../rng.ts';
import { imposeRetaliation, offer } from './events.ts';
import { tradeLoss } from './math.ts';

export function poleRules(w: World, st: State, t: number, rng: Rng, log: EventSink): void {
  const P = w.params, n = w.n;
  const a = st.a, k = st.k;
  const retUntil = st.retUntil, antiDeal = st.antiDeal, offerUntil = st.offerUntil, deal = st.deal, cooldownUntil = st.cooldownUntil;
  const retOn = P.retEnabled === 1, dealsOn = P.dealEnabled === 1;
  const p = P.retProbability, thr = P.retThreshold;
  const minA = P.dealMinAlignment, minK = P.dealMinCrackdown - CRACKDOWN_SLACK, maxQ = P.dealMaxTransshipment, q = w.q, lossUSExp = st.lossUSExp;
  const lossDeal = tradeLoss(P.dealRate, P.elasticity, P.passThrough);
  let imposed = 0;
  for (let i = 0; i < n; i++) {
    // retaliation
    const ru = retUntil[i];
    if (ru >= 0 && t >= ru) liftRetaliation(w, st, t, i, log);
    if (antiDeal[i] === 1) {
      // one draw when a deal with anti-China clauses is signed
      antiDeal[i] = 2;
      if (retOn && retUntil[i] < 0 && rng.next() < P.retOnDeal) { retaliate(w, st, t, i, true, log); imposed++; }
    } else if (retOn && retUntil[i] < 0 && a[i] > thr) {
      if (rng.next() < p) { retaliate(w, st, t, i, false, log); imposed++; }
    }
    // deals
    const ou = offerUntil[i];
    if (ou >= 0 && t > ou) expireOffer(w, st, t, i, log);
    // an offer goes to a country that faces (or expects) more than the deal rate, leans US
    // enough, and cracks down enough if it has transshipment to crack down on
    if (dealsOn && !deal[i] && offerUntil[i] < 0 && t >= cooldownUntil[i] && a[i] >= minA && (k[i] >= minK || q[i] <= maxQ) && lossUSExp[i] > lossDeal) {
      offerDeal(w, st, t, i, log);
    }
  }
  endPoleRules(P, st, imposed);
}

/** A deal's crackdown condition is met within half a point: inertia approaches a level without reaching it. */
export const CRACKDOWN_SLACK = 0.005;

/** After the loop: the China pole's credibility decays and grows with the retaliations it imposed. */
export function endPoleRules(P: Params, st: State, imposed: number): void {
  st.credibility = st.credibility * (1 - P.credibilityDecay) + imposed;
}

// What the rules trigger (rare): the state changes and the event rows. Event rows are only built when kept.

export function liftRetaliation(w: World, st: State, t: number, i: number, log: EventSink): void {
  st.retUntil[i] = -1; st.retRate[i] = 0; st.retShare[i] = 0;
  if (log.keep) log.push(t, 'retaliation_lifted', w.poles.china, w.ids[i], null, 'rule'); else log.count++;
}

export function retaliate(w: World, st: State, t: number, i: number, byDeal: boolean, log: EventSink): void {
  const P = w.params;
  imposeRetaliation(w, st, i, P.retRate, P.retShare, t + P.retDuration);
  if (log.keep) log.push(t, 'retaliation_imposed', w.poles.china, w.ids[i], +(P.retRate * 100).toPrecision(6), 'rule', byDeal ? 'deal with anti-China clauses' : 'alignment above threshold');
  else log.count++;
}

export function expireOffer(w: World, st: State, t: number, i: number, log: EventSink): void {
  st.offerUntil[i] = -1;
  st.cooldownUntil[i] = t + w.params.dealCooldown;
  if (log.keep) log.push(t, 'deal_expired', w.poles.us, w.ids[i], null, 'rule'); else log.count++;
}

export function offerDeal(w: World, st: State, t: number, i: number, log: EventSink): void {
  const P = w.params;
  offer(st, i, t, P.dealRate, P.dealPenalty, P.dealAntiChina === 1, P.dealExpires);
  if (log.keep) log.push(t, 'deal_offered', w.poles.us, w.ids[i], +(P.dealRate * 100).toPrecision(6), 'rule'); else log.count++;
}
