/**
 * Phase 2: the poles' reactive rules, country by country.
 * - Measures that have run their course end.
 * - The China pole retaliates (with probability per step) against a country seen to side
 *   with the US pole: its alignment moved toward the US more than retaliation.threshold
 *   from where it started, or its own tariff on Chinese goods rose more than
 *   retaliation.own_tariff; and, once, against a country that signs a deal with
 *   anti-China clauses. One rule measure at a time per country.
 * - The US pole punishes (retribution) a country seen to side with China: its alignment
 *   moved toward China more than retribution.threshold, or it is under suspicion after a
 *   joint statement with China; and draws once when a statement is signed.
 * - The US pole's deals: an open offer expires; talks under way end in an offer; talks
 *   start with a country that faces (or expects) more than the deal rate, leans US
 *   enough, and cracks down enough if it has transshipment to crack down on.
 * Trust recovers, and the US pole's suspicion fades, in the decisions (sim/model/spec.ts).
 *
 * This loop is the reference for the WebAssembly kernel's poles' pass
 * (sim/kernel/as/poles.ts), which runs it in large runs with the same bits and calls
 * back the functions below for what the rules trigger. A change here must be made there too.
 */
import type { Params, World } from '../world/world.ts';
import type { State } from './state.ts';
import type { EventSink } from './log.ts';
import type { Rng } from '../rng.ts';
import { imposeMeasure, liftEnded, offer } from './events.ts';
import { tradeLoss } from './math.ts';

export function poleRules(w: World, st: State, t: number, rng: Rng, log: EventSink): void {
  const P = w.params, n = w.n;
  const a = st.a, a0 = w.align0, k = st.k, o = st.o, o0 = st.o0, stmt = st.stmt, stmtNew = st.stmtNew;
  const retUntil = st.retUntil, retRule = st.retRule, usrUntil = st.usrUntil, usrRule = st.usrRule, antiDeal = st.antiDeal;
  const offerUntil = st.offerUntil, talksUntil = st.talksUntil, deal = st.deal, cooldownUntil = st.cooldownUntil;
  const retOn = P.retEnabled === 1, usrOn = P.usRetEnabled === 1, dealsOn = P.dealEnabled === 1;
  const pCN = Math.min(1, P.retProbability * (1 + st.credibility)), thr = P.retThreshold, thrO = P.retOwnTariff;
  const pUS = Math.min(1, P.usRetProbability * (1 + st.usCredibility)), thrUS = P.usRetThreshold;
  const minA = P.dealMinAlignment, minK = P.dealMinCrackdown - CRACKDOWN_SLACK, maxQ = P.dealMaxTransshipment, q = w.q, lossUSExp = st.lossUSExp;
  const lossDeal = dealLossAsColumn(P, st);
  const imposed = [0, 0];
  for (let i = 0; i < n; i++) {
    // measures that end now
    if ((retUntil[i] >= 0 && t >= retUntil[i]) || (usrUntil[i] >= 0 && t >= usrUntil[i])) lifted(w, st, t, i, log);
    // the China pole
    if (antiDeal[i] === 1) {
      // one draw when a deal with anti-China clauses is signed
      antiDeal[i] = 2;
      if (retOn && retRule[i] === 0 && rng.next() < P.retOnDeal) { punish(w, st, t, i, 1, 'deal with anti-China clauses', log); imposed[1]++; }
    } else if (retOn && retRule[i] === 0 && (a[i] - a0[i] > thr || o[i] - o0[i] > thrO)) {
      if (rng.next() < pCN) { punish(w, st, t, i, 1, a[i] - a0[i] > thr ? 'alignment moved toward the US' : 'own tariff on Chinese goods', log); imposed[1]++; }
    }
    // the US pole
    if (stmtNew[i] === 1) {
      // one draw when a joint statement with China is signed
      stmtNew[i] = 0;
      if (usrOn && usrRule[i] === 0 && rng.next() < P.usRetOnStatement) { punish(w, st, t, i, 0, 'joint statement with China', log); imposed[0]++; }
    } else if (usrOn && usrRule[i] === 0 && (a0[i] - a[i] > thrUS || stmt[i] > 0.5)) {
      if (rng.next() < pUS) { punish(w, st, t, i, 0, a0[i] - a[i] > thrUS ? 'alignment moved toward China' : 'joint statement with China', log); imposed[0]++; }
    }
    // deals
    if (offerUntil[i] >= 0 && t > offerUntil[i]) expireOffer(w, st, t, i, log);
    if (talksUntil[i] >= 0 && t >= talksUntil[i]) offerDeal(w, st, t, i, log);
    // talks start with a country that faces (or expects) more than the deal rate, leans US
    // enough, and cracks down enough if it has transshipment to crack down on
    if (dealsOn && !deal[i] && offerUntil[i] < 0 && talksUntil[i] < 0 && t >= cooldownUntil[i] && a[i] >= minA && (k[i] >= minK || q[i] <= maxQ) && lossUSExp[i] > lossDeal) {
      startTalks(w, st, t, i, log);
    }
  }
  endPoleRules(P, st, imposed[0], imposed[1]);
}

/**
 * The trade loss at the rule's deal rate, rounded as the countries' expected losses are
 * stored (Float32 in synthetic worlds): a country that faces exactly the deal rate does not
 * look as if it faced more.
 */
export function dealLossAsColumn(P: Params, st: State): number {
  const l = tradeLoss(P.dealRate, P.elasticity, P.passThrough);
  return st.lossUSExp instanceof Float32Array ? Math.fround(l) : l;
}

/** A deal's crackdown condition is met within half a point: inertia approaches a level without reaching it. */
export const CRACKDOWN_SLACK = 0.005;

/** After the loop: each pole's credibility decays and grows with the measures it imposed. */
export function endPoleRules(P: Params, st: State, imposedUS: number, imposedCN: number): void {
  st.credibility = st.credibility * (1 - P.credibilityDecay) + imposedCN;
  st.usCredibility = st.usCredibility * (1 - P.credibilityDecay) + imposedUS;
}

// What the rules trigger (rare): the state changes and the event rows. Event rows are only built when kept.

export function lifted(w: World, st: State, t: number, i: number, log: EventSink): void {
  const [us, cn] = liftEnded(w, st, i, t);
  for (let j = 0; j < cn; j++) { if (log.keep) log.push(t, 'retaliation_lifted', w.poles.china, w.ids[i], null, 'rule'); else log.count++; }
  for (let j = 0; j < us; j++) { if (log.keep) log.push(t, 'retribution_lifted', w.poles.us, w.ids[i], null, 'rule'); else log.count++; }
}

/** pole 1: the China pole's retaliation; pole 0: the US pole's retribution. */
export function punish(w: World, st: State, t: number, i: number, pole: 0 | 1, why: string, log: EventSink): void {
  const P = w.params;
  const rate = pole === 1 ? P.retRate : P.usRetRate, share = pole === 1 ? P.retShare : P.usRetShare;
  imposeMeasure(w, st, i, { pole, rate, share, until: t + (pole === 1 ? P.retDuration : P.usRetDuration), rule: true });
  if (log.keep) log.push(t, pole === 1 ? 'retaliation_imposed' : 'retribution_imposed', pole === 1 ? w.poles.china : w.poles.us, w.ids[i], +(rate * 100).toPrecision(6), 'rule', why);
  else log.count++;
}

export function expireOffer(w: World, st: State, t: number, i: number, log: EventSink): void {
  st.offerUntil[i] = -1;
  st.cooldownUntil[i] = t + w.params.dealCooldown;
  if (log.keep) log.push(t, 'deal_expired', w.poles.us, w.ids[i], null, 'rule'); else log.count++;
}

export function startTalks(w: World, st: State, t: number, i: number, log: EventSink): void {
  const P = w.params;
  if (P.dealNegotiation <= 0) { offerDeal(w, st, t, i, log); return; }
  st.talksUntil[i] = t + P.dealNegotiation;
  if (log.keep) log.push(t, 'talks_started', w.poles.us, w.ids[i], null, 'rule', `an offer in ${P.dealNegotiation} steps`); else log.count++;
}

export function offerDeal(w: World, st: State, t: number, i: number, log: EventSink): void {
  const P = w.params;
  st.talksUntil[i] = -1;
  offer(st, i, t, P.dealRate, P.dealPenalty, P.dealAntiChina === 1, P.dealExpires);
  if (log.keep) log.push(t, 'deal_offered', w.poles.us, w.ids[i], +(P.dealRate * 100).toPrecision(6), 'rule'); else log.count++;
}
