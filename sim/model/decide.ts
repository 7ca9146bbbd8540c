/**
 * Phase 3, the hot loop: every country scores its options by utility (utility.ts)
 * and picks one by multinomial logit with the run's random stream. Alignment:
 * {a - step, a, a + step}; crackdown: three levels from its floor to 1; a pending
 * deal: accept or refuse. Alignment and crackdown then move toward the choice with
 * inertia. Reads `a`; writes `aNext`; updates `k` in place (only country i reads
 * k[i] in this phase, so no second buffer is needed). No allocation.
 *
 * The equations are those of utility.ts (alignCoefficients, alignUtility,
 * crackdownCoefficients, peerMean), written out here in one loop body with every
 * column hoisted into a local: V8 does not inline a dozen helper calls into one
 * loop (its inlining budget runs out) and a call per term costs more than the term.
 * The floating-point operations are the same, in the same order, so the numbers
 * are bit-identical to calling the helpers (test/bench/agreement.test.ts checks it).
 *
 * This loop is the reference: runs of KERNEL_MIN_WORK agent-steps or more do this phase
 * in the WebAssembly kernel (sim/kernel/decide.as.ts), which gives the same bits
 * (test/model/kernel.test.ts). A change here must be made there too.
 */
import type { World } from '../world/world.ts';
import type { State } from './state.ts';
import type { EventSink } from './log.ts';
import type { Rng } from '../rng.ts';
import { expNeg, logit2 } from './math.ts';
import { dealGain, refreshTariff, type StepScalars } from './utility.ts';

export function decide(w: World, st: State, S: StepScalars, t: number, rng: Rng, log: EventSink): void {
  const P = w.params, n = w.n;
  const a = st.a, aN = st.aNext, k = st.k, kFloor = st.kFloor;
  const trustUS = st.trustUS, trustCN = st.trustCN, usEff = st.usEff;
  const lossUS = st.lossUS, lossUSExp = st.lossUSExp, lossUSPen = st.lossUSPen, deal = st.deal, offerUntil = st.offerUntil;
  const affUS = w.affUS, affCN = w.affCN, eUS = w.eUS, eCN = w.eCN, mCN = w.mCN, qa = w.q;
  const start = w.linkStart, lw = w.linkW;
  const lam = P.rationality, d = P.stepSize, mu = P.inertia;
  const adj = P.adjustmentCost, kc = P.crackdownCost, peerW = P.peerWeight;
  // factors of the coefficients (the first product of each term in utility.ts)
  const sw = P.securityWeight, pw100 = P.promiseWeight * 100, ret100 = S.riskRet * 100, retShare = P.retShare, lossRet = S.lossRet;
  const dump100 = P.dumpingWeight * 100, cus = P.chinaUsShare, lossUC = S.lossUC, diversion = P.diversion;
  const ind100 = S.indOn * 100, indGain = P.indGain, ec100 = S.ecOn * 100, ecCost = P.ecCost, hv100 = P.hedgeValue * 100;
  const thr = P.retThreshold, indMax = P.indMaxAlignment, ecThr = P.ecThreshold, w2 = 2 * P.retWidth;
  const margin = P.transshipmentMargin, det100 = P.detection * 100, tauUC = st.tauUC, lossDeal = S.lossDeal;
  const dealCredit = P.dealCredit, enf = P.enforcementCost;
  const keep = log.keep;
  // First pass: partners' mean alignment into aNext (overwritten below, after it is read).
  // The sums are chains of dependent adds; in a loop of their own consecutive countries'
  // chains overlap in the CPU, which a long loop body prevents.
  const off = w.linkOff;
  if (off !== null) {
    // 1-byte offsets (synthetic worlds): rows within 127 of either end may wrap around
    const lo = n < 127 ? n : 127, hi = n - 127 > lo ? n - 127 : lo;
    for (let i = 0; i < n; i++) {
      const s0 = start[i], e0 = start[i + 1];
      if (e0 === s0) { aN[i] = a[i]; continue; }
      let acc = 0;
      if (i >= lo && i < hi) for (let j = s0; j < e0; j++) acc += a[i + off[j]];
      else for (let j = s0; j < e0; j++) { const x = i + off[j]; acc += a[x < 0 ? x + n : x >= n ? x - n : x]; }
      aN[i] = acc / (e0 - s0);
    }
  } else {
    const to = w.linkTo;
    for (let i = 0; i < n; i++) {
      const s0 = start[i], e0 = start[i + 1];
      if (e0 === s0) { aN[i] = a[i]; continue; }
      let acc = 0;
      if (lw !== null) for (let j = s0; j < e0; j++) acc += lw[j] * a[to[j]];
      else { for (let j = s0; j < e0; j++) acc += a[to[j]]; acc /= e0 - s0; }
      aN[i] = acc;
    }
  }
  for (let i = 0; i < n; i++) {
    const ai = a[i];
    // alignment: coefficients of U(x) (utility.ts alignCoefficients)
    const eCNi = eCN[i], mCNi = mCN[i], tUS = trustUS[i], tCN = trustCN[i];
    const cUS = sw * affUS[i] * tUS + pw100 * tUS * eUS[i];
    const cCN = sw * affCN[i] * tCN + pw100 * tCN * eCNi;
    const cRet = ret100 * eCNi * retShare * lossRet;
    const cDump = dump100 * mCNi * cus * lossUC * diversion;
    const cInd = ind100 * eCNi * indGain * tCN;
    const cEc = ec100 * mCNi * ecCost;
    const eUSi = eUS[i];
    const cHedge = hv100 * (eUSi < eCNi ? eUSi : eCNi); // hedgeExp = min(eUS, eCN), the same value
    // peers (utility.ts peerMean), from the first pass
    const abar = aN[i];
    const pw = start[i + 1] > start[i] ? peerW : 0;
    const x0 = ai - d < -1 ? -1 : ai - d;
    const x2 = ai + d > 1 ? 1 : ai + d;
    // U(x) of the three options (utility.ts alignUtility), then peer and adjustment terms
    let sRet = (x0 - thr) / w2 + 0.5, sInd = (x0 - indMax) / w2 + 0.5, sEc = (x0 - ecThr) / w2 + 0.5;
    sRet = sRet <= 0 ? 0 : sRet >= 1 ? 1 : sRet * sRet * (3 - 2 * sRet);
    sInd = sInd <= 0 ? 0 : sInd >= 1 ? 1 : sInd * sInd * (3 - 2 * sInd);
    sEc = sEc <= 0 ? 0 : sEc >= 1 ? 1 : sEc * sEc * (3 - 2 * sEc);
    const u0 = (x0 > 0 ? cUS * x0 : -cCN * x0) - cRet * sRet - cDump * (1 - x0) * 0.5 + cInd * (1 - sInd) - cEc * sEc
      + cHedge * (1 - x0 * x0) - pw * (x0 - abar) * (x0 - abar) - adj * (x0 - ai) * (x0 - ai);
    sRet = (ai - thr) / w2 + 0.5; sInd = (ai - indMax) / w2 + 0.5; sEc = (ai - ecThr) / w2 + 0.5;
    sRet = sRet <= 0 ? 0 : sRet >= 1 ? 1 : sRet * sRet * (3 - 2 * sRet);
    sInd = sInd <= 0 ? 0 : sInd >= 1 ? 1 : sInd * sInd * (3 - 2 * sInd);
    sEc = sEc <= 0 ? 0 : sEc >= 1 ? 1 : sEc * sEc * (3 - 2 * sEc);
    const u1 = (ai > 0 ? cUS * ai : -cCN * ai) - cRet * sRet - cDump * (1 - ai) * 0.5 + cInd * (1 - sInd) - cEc * sEc
      + cHedge * (1 - ai * ai) - pw * (ai - abar) * (ai - abar);
    sRet = (x2 - thr) / w2 + 0.5; sInd = (x2 - indMax) / w2 + 0.5; sEc = (x2 - ecThr) / w2 + 0.5;
    sRet = sRet <= 0 ? 0 : sRet >= 1 ? 1 : sRet * sRet * (3 - 2 * sRet);
    sInd = sInd <= 0 ? 0 : sInd >= 1 ? 1 : sInd * sInd * (3 - 2 * sInd);
    sEc = sEc <= 0 ? 0 : sEc >= 1 ? 1 : sEc * sEc * (3 - 2 * sEc);
    const u2 = (x2 > 0 ? cUS * x2 : -cCN * x2) - cRet * sRet - cDump * (1 - x2) * 0.5 + cInd * (1 - sInd) - cEc * sEc
      + cHedge * (1 - x2 * x2) - pw * (x2 - abar) * (x2 - abar) - adj * (x2 - ai) * (x2 - ai);
    // multinomial logit (math.ts logit3)
    let m = u0 > u1 ? (u0 > u2 ? u0 : u2) : u1 > u2 ? u1 : u2;
    // the best option's weight is expNeg(0) = 1 exactly: no table lookup for it
    let w0 = u0 === m ? 1 : expNeg(lam * (m - u0)), w1 = u1 === m ? 1 : expNeg(lam * (m - u1)), ww2 = u2 === m ? 1 : expNeg(lam * (m - u2));
    let r = rng.next() * (w0 + w1 + ww2);
    const x = r < w0 ? x0 : r < w0 + w1 ? ai : x2;
    aN[i] = ai + mu * (x - ai);
    // crackdown (utility.ts crackdownCoefficients)
    const ki = k[i], f = kFloor[i];
    const q = qa[i];
    const gap = tauUC - usEff[i];
    const rent = 100 * q * eUSi * margin * (gap > 0 ? gap : 0);
    const risk = det100 * q * eUSi * (lossUSPen[i] - lossUS[i]);
    const gain = lossUSExp[i] - lossDeal;
    const credit = deal[i] ? 0 : dealCredit * (q / (q + 0.05)) * tUS * 100 * eUSi * (gain > 0 ? gain : 0);
    const cc0 = rent - risk, cc1 = credit - enf;
    const c1 = 0.5 * (f + 1);
    const v0 = cc0 * (1 - f) + cc1 * f - kc * (f - ki) * (f - ki);
    const v1 = cc0 * (1 - c1) + cc1 * c1 - kc * (c1 - ki) * (c1 - ki);
    const v2 = cc1 - kc * (1 - ki) * (1 - ki);
    m = v0 > v1 ? (v0 > v2 ? v0 : v2) : v1 > v2 ? v1 : v2;
    w0 = v0 === m ? 1 : expNeg(lam * (m - v0)); w1 = v1 === m ? 1 : expNeg(lam * (m - v1)); ww2 = v2 === m ? 1 : expNeg(lam * (m - v2));
    r = rng.next() * (w0 + w1 + ww2);
    const c = r < w0 ? f : r < w0 + w1 ? c1 : 1;
    let kn = ki + mu * (c - ki);
    if (kn < f) kn = f;
    if ((ki < 0.5) !== (kn < 0.5)) {
      if (keep) log.push(t, ki < 0.5 ? 'crackdown_up' : 'crackdown_down', w.ids[i], w.ids[i], +(kn * 100).toPrecision(4), 'decision');
      else log.count++;
    }
    // a pending deal
    if (offerUntil[i] >= 0) pendingDeal(w, st, S, t, i, lam, rng.next(), log); // reads k[i] before the update
    k[i] = kn;
  }
}

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
