/**
 * The utility of a country (percent of GDP per year), in one place: the decision
 * phase, the recorder (components) and the property tests all use these functions.
 *
 * Alignment option x (current alignment a, partners' mean alignment abar):
 *   U(x) =  security_weight * (affUS * trustUS * max(x,0) + affCN * trustCN * max(-x,0))    security, trust-discounted
 *         + promise_weight * 100 * (trustUS * eUS * max(x,0) + trustCN * eCN * max(-x,0))   market-access promises, trust-discounted
 *         - riskRet * 100 * eCN * share * L(rate) * S(x; threshold, width)   retaliation risk
 *         - dumping_weight * 100 * mCN * china_us_share * L(tauUC) * diversion * (1 - x) / 2   diverted Chinese goods
 *         + 100 * eCN * gain * trustCN * (1 - S(x; max_alignment, width))   inducements
 *         - 100 * mCN * cost * S(x; ec_threshold, width)                    export controls
 *         + hedge_value * 100 * min(eUS, eCN) * (1 - x^2)                   keeping both markets
 *         - peer_weight * (x - abar)^2                                      peers and blocs
 *         - adjustment_cost * (x - a)^2                                     inertia
 * Crackdown option c (current k):
 *   V(c) =  rent * (1 - c) - penaltyRisk * (1 - c) + credit * c - enforcement_cost * c - crackdown_cost * (c - k)^2
 *   rent        = 100 * q * eUS * margin * max(0, tauUC - tauUS)
 *   penaltyRisk = detection * 100 * q * eUS * (L(tauUS + penalty) - L(tauUS))
 *   credit      = deal_credit * q / (q + 0.05) * trustUS * 100 * eUS * (L(tauExpected) - L(dealRate))   (no deal yet)
 * Deal offer: accept if (logit) 0 < trustUS * 100 * eUS * (L(tauExpected) - L(offerRate))
 *                             - antiChina * on_deal * 100 * eCN * share * L(rate) - clause cost
 * L(tau) = 1 - (1 + pass_through * tau)^-elasticity, riskRet = 1 - (1 - p * (1 + credibility))^horizon.
 */
import { softStep, tradeLoss } from './math.ts';
import type { State } from './state.ts';
import type { Params, World } from '../world/world.ts';

/** Scalars shared by all countries in a step. */
export interface StepScalars {
  pRet: number; // perceived chance of retaliation per step for a country above threshold
  riskRet: number; // perceived chance of retaliation over the horizon for a country above threshold
  lossRet: number; // L(retaliation rate)
  lossUC: number; // L(US tariff on China)
  lossDeal: number; // L(deal rate of the rule)
  indOn: number; ecOn: number;
}

/** The world-level state that the step scalars depend on (the engine's State, or a peer's model). */
export type ScalarInputs = Pick<State, 'credibility' | 'tauUC' | 'indActive' | 'ecActive'>;

export function stepScalars(P: Params, st: ScalarInputs, out: StepScalars): StepScalars {
  const p = P.retEnabled ? Math.min(1, P.retProbability * (1 + st.credibility)) : 0;
  out.pRet = p;
  out.riskRet = 1 - Math.pow(1 - p, P.horizon);
  out.lossRet = tradeLoss(P.retRate, P.elasticity, P.passThrough);
  out.lossUC = tradeLoss(st.tauUC, P.elasticity, P.passThrough);
  out.lossDeal = tradeLoss(P.dealRate, P.elasticity, P.passThrough);
  out.indOn = st.indActive;
  out.ecOn = st.ecActive;
  return out;
}

/** Per-country coefficients of U(x), written into `co` (length CO_N). */
export const CO_SUS = 0, CO_SCN = 1, CO_PUS = 2, CO_PCN = 3, CO_RET = 4, CO_DUMP = 5, CO_IND = 6, CO_EC = 7, CO_HEDGE = 8, CO_N = 9;

export function alignCoefficients(w: World, st: State, P: Params, S: StepScalars, i: number, co: Float64Array): void {
  const eCN = w.eCN[i], mCN = w.mCN[i];
  co[CO_SUS] = P.securityWeight * w.affUS[i] * st.trustUS[i];
  co[CO_SCN] = P.securityWeight * w.affCN[i] * st.trustCN[i];
  co[CO_PUS] = P.promiseWeight * 100 * st.trustUS[i] * w.eUS[i];
  co[CO_PCN] = P.promiseWeight * 100 * st.trustCN[i] * eCN;
  co[CO_RET] = S.riskRet * 100 * eCN * P.retShare * S.lossRet;
  co[CO_DUMP] = P.dumpingWeight * 100 * mCN * P.chinaUsShare * S.lossUC * P.diversion;
  co[CO_IND] = S.indOn * 100 * eCN * P.indGain * st.trustCN[i];
  co[CO_EC] = S.ecOn * 100 * mCN * P.ecCost;
  co[CO_HEDGE] = P.hedgeValue * 100 * Math.min(w.eUS[i], eCN); // = w.hedgeExp[i]
}

/** U(x) without the peer and adjustment terms. */
export function alignUtility(x: number, co: Float64Array, P: Params): number {
  const w = P.retWidth;
  return (x > 0 ? (co[CO_SUS] + co[CO_PUS]) * x : -(co[CO_SCN] + co[CO_PCN]) * x)
    - co[CO_RET] * softStep(x, P.retThreshold, w)
    - co[CO_DUMP] * (1 - x) * 0.5
    + co[CO_IND] * (1 - softStep(x, P.indMaxAlignment, w))
    - co[CO_EC] * softStep(x, P.ecThreshold, w)
    + co[CO_HEDGE] * (1 - x * x);
}

/** Crackdown: value per unit of (1 - c) and per unit of c. */
export function crackdownCoefficients(w: World, st: State, P: Params, S: StepScalars, i: number, out: Float64Array): void {
  const q = w.q[i], eUS = w.eUS[i];
  const gap = st.tauUC - st.usEff[i];
  const rent = 100 * q * eUS * P.transshipmentMargin * (gap > 0 ? gap : 0);
  const risk = P.detection * 100 * q * eUS * (st.lossUSPen[i] - st.lossUS[i]);
  const gain = st.lossUSExp[i] - S.lossDeal;
  const credit = st.deal[i] ? 0 : P.dealCredit * (q / (q + 0.05)) * st.trustUS[i] * 100 * eUS * (gain > 0 ? gain : 0);
  out[0] = rent - risk;
  out[1] = credit - P.enforcementCost;
}

/** Value of accepting the pending offer over refusing it. */
export function dealGain(w: World, st: State, P: Params, S: StepScalars, i: number): number {
  const eUS = w.eUS[i];
  const lOffer = tradeLoss(st.offerRate[i] + st.usSpecific[i], P.elasticity, P.passThrough);
  const saving = st.trustUS[i] * 100 * eUS * (st.lossUSExp[i] - lOffer);
  const anti = st.offerAnti[i] ? P.retOnDeal * 100 * w.eCN[i] * P.retShare * S.lossRet : 0;
  const lPen = tradeLoss(st.offerRate[i] + st.usSpecific[i] + st.offerPenalty[i], P.elasticity, P.passThrough);
  const clause = P.detection * 100 * w.q[i] * eUS * (1 - st.k[i]) * (lPen - lOffer);
  return saving - anti - clause;
}

const cc2 = new Float64Array(2);

/** Names of the recorded utility components, in column order. */
export const COMPONENTS = [
  'u_security', 'u_promises', 'u_retaliation_risk', 'u_dumping', 'u_inducement', 'u_export_controls', 'u_hedging',
  'u_peer', 'u_us_tariff', 'u_china_tariff', 'u_transshipment', 'u_deal_credit_net',
] as const;

/**
 * The utility of country i at its current state, by component (recorded, so a
 * modeller can see why it moved). Sum = `utility` column.
 */
export function components(w: World, st: State, P: Params, S: StepScalars, i: number, abar: number, co: Float64Array, out: Float64Array): number {
  alignCoefficients(w, st, P, S, i, co);
  const x = st.a[i], k = st.k[i], ww = P.retWidth;
  out[0] = x > 0 ? co[CO_SUS] * x : -co[CO_SCN] * x;
  out[1] = x > 0 ? co[CO_PUS] * x : -co[CO_PCN] * x;
  out[2] = -co[CO_RET] * softStep(x, P.retThreshold, ww);
  out[3] = -co[CO_DUMP] * (1 - x) * 0.5;
  out[4] = co[CO_IND] * (1 - softStep(x, P.indMaxAlignment, ww));
  out[5] = -co[CO_EC] * softStep(x, P.ecThreshold, ww);
  out[6] = co[CO_HEDGE] * (1 - x * x);
  out[7] = w.linkStart[i + 1] > w.linkStart[i] ? -P.peerWeight * (x - abar) * (x - abar) : 0;
  out[8] = -100 * w.eUS[i] * st.lossUS[i];
  out[9] = st.retUntil[i] >= 0 ? -100 * w.eCN[i] * st.retShare[i] * tradeLoss(st.retRate[i], P.elasticity, P.passThrough) : 0;
  crackdownCoefficients(w, st, P, S, i, cc2);
  out[10] = cc2[0] * (1 - k);
  out[11] = cc2[1] * k;
  let sum = 0;
  for (let j = 0; j < COMPONENTS.length; j++) sum += out[j];
  return sum;
}

/** Trade-weighted mean alignment of i's partners (i's own alignment when it has none). */
export function peerMean(w: World, a: Float64Array, i: number): number {
  const s = w.linkStart[i], e = w.linkStart[i + 1];
  if (e === s) return a[i];
  const off = w.linkOff, n = w.n;
  let acc = 0;
  if (off !== null) {
    for (let j = s; j < e; j++) { const x = i + off[j]; acc += a[x < 0 ? x + n : x >= n ? x - n : x]; }
    return acc / (e - s);
  }
  const to = w.linkTo, wt = w.linkW;
  if (wt) for (let j = s; j < e; j++) acc += wt[j] * a[to[j]];
  else { for (let j = s; j < e; j++) acc += a[to[j]]; acc /= e - s; }
  return acc;
}

/**
 * Pressure from both poles on i (the US tariff it faces plus the perceived per-step
 * chance of retaliation times its rate) and the hedging band it leaves:
 * band / (1 + band_shrink * pressure).
 */
export function hedgeBand(st: State, P: Params, S: StepScalars, i: number): number {
  const pressure = st.usEff[i] + S.pRet * P.retRate;
  return P.hedgeBand / (1 + P.bandShrink * pressure);
}

/** Effective and expected US tariffs of i and their cached trade losses. */
export function refreshTariff(st: State, P: Params, i: number): void {
  const base = st.usBase[i], recip = st.usRecip[i], spec = st.usSpecific[i];
  const sched = (recip > base ? recip : base) + spec;
  let eff: number;
  if (st.deal[i]) eff = st.dealRate[i] + spec;
  else if (st.paused[i]) eff = base + spec;
  else eff = sched;
  const exp = st.paused[i] && !st.deal[i] ? eff + P.pauseRisk * (sched - eff) : eff;
  st.usEff[i] = eff;
  st.lossUS[i] = tradeLoss(eff, P.elasticity, P.passThrough);
  st.lossUSExp[i] = tradeLoss(exp, P.elasticity, P.passThrough);
  st.lossUSPen[i] = tradeLoss(eff + st.penalty[i], P.elasticity, P.passThrough);
}
