/**
 * What the decisions read besides the spec's formulas: the step's scalars, each
 * country's effective US tariff and the trade losses cached from it, the sums of the
 * measures against it, the hedging band, the value of a pending deal, and the
 * utility components that do not depend on a choice. The option values themselves are
 * the terms of sim/model/spec.ts (generated into decide.gen.ts and components.gen.ts).
 *
 * L(tau) = 1 - (1 + pass_through * tau)^-elasticity is the share of export value lost
 * to a tariff tau.
 */
import { tradeLoss } from './math.ts';
import type { State } from './state.ts';
import type { Params, World } from '../world/world.ts';

/** Scalars shared by all countries in a step. */
export interface StepScalars {
  /** perceived chance per step of the China pole's retaliation against a country seen to side with the US, and over the horizon */
  pRet: number; riskRet: number;
  /** the same for the US pole's retribution */
  pUsr: number; riskUsr: number;
  lossRet: number; // L(retaliation rate)
  lossUsr: number; // L(retribution rate)
  lossUC: number; // L(US tariff on China)
  lossCU: number; // L(China tariff on the US)
  lossDeal: number; // L(deal rate of the rule)
  /** the value of China's market for third countries, relative to no China tariff on the US: 1 + resourcing x (US share of China's imports) x L(China's tariff on the US) / (1 - that share) */
  cnBonus: number;
  indOn: number; ecOn: number;
}

export const newStepScalars = (): StepScalars => ({ pRet: 0, riskRet: 0, pUsr: 0, riskUsr: 0, lossRet: 0, lossUsr: 0, lossUC: 0, lossCU: 0, lossDeal: 0, cnBonus: 1, indOn: 0, ecOn: 0 });

/** The world-level state that the step scalars depend on (the engine's State, or a peer's model). */
export type ScalarInputs = Pick<State, 'credibility' | 'usCredibility' | 'tauUC' | 'tauCU' | 'ecActive'>;

export function stepScalars(P: Params, st: ScalarInputs, out: StepScalars): StepScalars {
  const p = P.retEnabled ? Math.min(1, P.retProbability * (1 + st.credibility)) : 0;
  out.pRet = p;
  out.riskRet = 1 - Math.pow(1 - p, P.horizon);
  const u = P.usRetEnabled ? Math.min(1, P.usRetProbability * (1 + st.usCredibility)) : 0;
  out.pUsr = u;
  out.riskUsr = 1 - Math.pow(1 - u, P.horizon);
  out.lossRet = tradeLoss(P.retRate, P.elasticity, P.passThrough);
  out.lossUsr = tradeLoss(P.usRetRate, P.elasticity, P.passThrough);
  out.lossUC = tradeLoss(st.tauUC, P.elasticity, P.passThrough);
  out.lossCU = tradeLoss(st.tauCU, P.elasticity, P.passThrough);
  out.lossDeal = tradeLoss(P.dealRate, P.elasticity, P.passThrough);
  const sh = P.usShareOfChinaImports;
  out.cnBonus = 1 + (sh < 1 ? (P.resourcing * sh * out.lossCU) / (1 - sh) : 0);
  out.indOn = P.indEnabled;
  out.ecOn = st.ecActive;
  return out;
}

/**
 * Pressure from both poles on i (the US tariff it faces plus the perceived per-step
 * chances of each pole's punishment times its rate) and the hedging band it leaves:
 * band / (1 + band_shrink * pressure). The value of hedging shrinks the same way
 * (spec.ts, u_hedging).
 */
export function hedgeBand(st: State, P: Params, S: StepScalars, i: number): number {
  const pressure = st.usEff[i] + S.pRet * P.retRate + S.pUsr * P.usRetRate;
  return P.hedgeBand / (1 + P.bandShrink * pressure);
}

/**
 * Effective and expected US tariffs of i and their cached trade losses. A deal's rate
 * is the whole tariff (every layer); a pause caps the country rate; punitive tariffs
 * (the US pole's measures) come on top of either.
 */
export function refreshTariff(st: State, P: Params, i: number): void {
  const base = st.usBase[i], recip = st.usRecip[i], spec = st.usSpecific[i], pun = st.usPun[i];
  const sched = (recip > base ? recip : base) + spec + pun;
  let eff: number;
  if (st.deal[i]) eff = st.dealRate[i] + pun;
  else if (st.paused[i]) {
    const cap = st.pauseCap[i], r = recip < cap ? recip : cap;
    eff = (r > base ? r : base) + spec + pun;
  } else eff = sched;
  const exp = st.paused[i] && !st.deal[i] ? eff + P.pauseRisk * (sched - eff) : eff;
  st.usEff[i] = eff;
  st.lossUS[i] = tradeLoss(eff, P.elasticity, P.passThrough);
  st.lossUSExp[i] = tradeLoss(exp, P.elasticity, P.passThrough);
  st.lossUSPen[i] = tradeLoss(eff + st.penalty[i], P.elasticity, P.passThrough);
}

/** The sums of the measures in force against i (st.measures), then its tariffs. */
export function refreshMeasures(w: World, st: State, i: number): void {
  const P = w.params;
  const list = st.measures.get(i);
  let cnT = 0, cnL = 0, pun = 0, retU = -1, usrU = -1, retR = 0, usrR = 0;
  if (list) {
    for (const m of list) {
      if (m.pole === 1) {
        cnT += m.rate * m.share;
        cnL += m.share * tradeLoss(m.rate, P.elasticity, P.passThrough);
        if (retU < 0 || m.until < retU) retU = m.until;
        if (m.rule) retR = 1;
      } else {
        pun += m.rate * m.share;
        if (usrU < 0 || m.until < usrU) usrU = m.until;
        if (m.rule) usrR = 1;
      }
    }
  }
  st.cnTariff[i] = cnT;
  st.cnLoss[i] = cnL < 1 ? cnL : 1;
  st.usPun[i] = pun;
  st.retUntil[i] = retU; st.retRule[i] = retR;
  st.usrUntil[i] = usrU; st.usrRule[i] = usrR;
  refreshTariff(st, P, i);
}

/** Value of accepting the pending offer over refusing it (keeping the current deal, if any). */
export function dealGain(w: World, st: State, P: Params, S: StepScalars, i: number): number {
  const eUS = w.eUS[i], pun = st.usPun[i];
  const lOffer = tradeLoss(st.offerRate[i] + pun, P.elasticity, P.passThrough);
  // without the offer: the current deal's tariff, or the expected one
  const saving = st.trustUS[i] * 100 * eUS * (st.lossUSExp[i] - lOffer);
  const anti = st.offerAnti[i] && !st.antiDeal[i] ? P.retOnDeal * 100 * w.eCN[i] * P.retShare * S.lossRet : 0;
  const lPen = tradeLoss(st.offerRate[i] + pun + st.offerPenalty[i], P.elasticity, P.passThrough);
  const clause = P.detection * 100 * w.q[i] * eUS * (1 - st.k[i]) * (lPen - lOffer);
  return saving - anti - clause;
}

/** Names of the utility components that do not depend on a choice (they follow the spec's terms in countries.csv). */
export const FIXED_COMPONENTS = ['u_us_tariff', 'u_china_tariff'] as const;

/** Those components for country i: exports lost to the US tariff and to China's measures, % of GDP. */
export function fixedComponents(w: World, st: State, i: number, out: Float64Array, at: number): void {
  out[at] = -100 * w.eUS[i] * st.lossUS[i];
  out[at + 1] = -100 * w.eCN[i] * st.cnLoss[i];
}
