/**
 * The decision model, written once. From this file sim/model/gen/ generates the
 * decision loop twice: the JavaScript reference (sim/model/decide.gen.ts) and the
 * WebAssembly kernel's (compiled into sim/kernel/decide.wasm.ts), with the same
 * floating-point operations in the same order, so both give the same bits
 * (`npm run model:build` after a change; test/model/kernel.test.ts and
 * test/model/generated.test.ts check it).
 *
 * Formulas are strings in a small arithmetic language (parsed with mathjs at build
 * time, never at run time): numbers, names, + - * /, unary -, comparisons, `c ? a : b`,
 * and min(a, b) (= b < a ? b : a), max(a, b) (= a < b ? b : a), clamp(v, lo, hi)
 * (= min(max(v, lo), hi)), smooth(u) (smoothstep on [0, 1], 0 below, 1 above).
 * Operations are done left to right as written: write a formula in the order its
 * result should be computed.
 *
 * Names a formula can use:
 * - columns: per-country values, from the World (static inputs) or the run's State;
 * - scalars: one value per step for every country, each with the function that fills
 *   it (the kernel's scalar slots are this list, in order: sim/kernel/layout.ts);
 * - inputs the loop provides: `abar` (partners' mean alignment), `peered` (1 if the
 *   country has partners, else 0);
 * - the updates and lets defined before, and in a dimension's terms, `x` (the option).
 *
 * Adding a mechanism: see "Adding a mechanism" in sim/model/README.md.
 */
import type { Params } from '../world/params.ts';
import type { StepScalars } from './utility.ts';
import type { State } from './state.ts';
import type { World } from '../world/world.ts';

/** Where a column lives and its element type: C = the world's width (Float64 listed, Float32 synthetic). */
export interface ColumnSpec {
  from: 'world' | 'state';
  type: 'C' | 'f64' | 'u8' | 'i32';
  /** world columns that may be one value for every country (synthetic worlds): the scalar that holds it */
  uniform?: string;
  /** the World's name for it, when the spec's differs */
  world?: string;
}

export interface ScalarSpec {
  /** the value for this step */
  fill: (P: Params, S: StepScalars, st: State, w: World) => number;
  /** what it is (kept for the docs) */
  doc: string;
}

export interface TermSpec {
  /** recorded component name (countries.csv), or a label */
  name: string;
  /** + adds the term to the option's value, - subtracts it */
  sign: 1 | -1;
  f: string;
  /** not a column of countries.csv (the same quantity is recorded by another dimension's term) */
  record?: false;
  /** left out when the fixed effect is calibrated (the commitment curvature, flat at the start) */
  calibrate?: false;
}

export interface DimSpec {
  /** what is decided */
  name: string;
  /** the state column that holds the current value */
  column: string;
  /** the three options, from the current value */
  options: [string, string, string];
  /** index of the option that keeps the current value (moveTerms are not added to it) */
  stay: number | null;
  /** per-country values computed before the options' values */
  lets: [string, string][];
  /** the value of an option x: the terms, added in order */
  terms: TermSpec[];
  /** terms only for options that move (adjustment costs) */
  moveTerms: TermSpec[];
  /** the new value after the choice, from the current value `v` and the chosen option `x` */
  next: string;
  /** an event row when the value crosses `at` (kinds for crossing upward and downward) */
  cross?: { at: number; up: string; down: string };
  /**
   * the state column of the dimension's fixed effect (a term `fe * x`): calibrated at step
   * 0 so that the options either side of the starting value are worth the same (without
   * the calibrate: false terms and the move terms), which makes the start a resting point
   */
  fe?: string;
}

export interface ModelSpec {
  columns: Record<string, ColumnSpec>;
  scalars: Record<string, ScalarSpec>;
  /** state columns updated first, in order (later formulas see the new values) */
  updates: [string, string][];
  dims: DimSpec[];
}

export const MODEL: ModelSpec = {
  columns: {
    // the world's (static)
    eUS: { from: 'world', type: 'C' },
    eCN: { from: 'world', type: 'C' },
    mCN: { from: 'world', type: 'C' },
    q: { from: 'world', type: 'C' },
    affUS: { from: 'world', type: 'C' },
    affCN: { from: 'world', type: 'C' },
    a0: { from: 'world', type: 'C', world: 'align0' },
    trustUS0: { from: 'world', type: 'C', uniform: 'uTrustUS0' },
    trustCN0: { from: 'world', type: 'C', uniform: 'uTrustCN0' },
    // the run's
    a: { from: 'state', type: 'f64' },
    k: { from: 'state', type: 'f64' },
    kFloor: { from: 'state', type: 'f64' },
    o: { from: 'state', type: 'f64' },
    oFloor: { from: 'state', type: 'C' },
    trustUS: { from: 'state', type: 'f64' },
    trustCN: { from: 'state', type: 'f64' },
    phi: { from: 'state', type: 'C' },
    psi: { from: 'state', type: 'C' },
    chi: { from: 'state', type: 'C' },
    k0: { from: 'state', type: 'C' },
    o0: { from: 'state', type: 'C' },
    stmt: { from: 'state', type: 'C' },
    usEff: { from: 'state', type: 'C' },
    lossUS: { from: 'state', type: 'C' },
    lossUSExp: { from: 'state', type: 'C' },
    lossUSPen: { from: 'state', type: 'C' },
    cnLoss: { from: 'state', type: 'C' },
    indGain: { from: 'state', type: 'C' },
    deal: { from: 'state', type: 'u8' },
  },
  scalars: {
    lam: { fill: (P) => P.rationality, doc: 'logit rationality' },
    mu: { fill: (P) => P.inertia, doc: 'inertia: share of the way to the chosen option' },
    d: { fill: (P) => P.stepSize, doc: 'alignment step of the options' },
    adj: { fill: (P) => P.adjustmentCost, doc: 'adjustment cost of alignment' },
    gam: { fill: (P) => P.commitment, doc: 'commitment: curvature of alignment around the start' },
    peerW: { fill: (P) => P.peerWeight, doc: 'peer weight' },
    sw: { fill: (P) => P.securityWeight, doc: 'security weight' },
    pw100: { fill: (P) => P.promiseWeight * 100, doc: 'promise weight x 100' },
    cnBonus: { fill: (_P, S) => S.cnBonus, doc: "value of China's market with its tariff on the US (re-sourcing), relative to none" },
    ret100: { fill: (_P, S) => S.riskRet * 100, doc: "perceived risk of China's retaliation over the horizon x 100" },
    retShare: { fill: (P) => P.retShare, doc: 'share of exports to China hit by retaliation' },
    lossRet: { fill: (_P, S) => S.lossRet, doc: 'trade loss at the retaliation rate' },
    thr: { fill: (P) => P.retThreshold, doc: 'shift toward the US that China punishes' },
    w2: { fill: (P) => 2 * P.retWidth, doc: 'twice the width of the perceived retaliation threshold' },
    usr100: { fill: (_P, S) => S.riskUsr * 100, doc: "perceived risk of the US pole's retribution over the horizon x 100" },
    usrShare: { fill: (P) => P.usRetShare, doc: 'share of exports to the US hit by retribution' },
    lossUsr: { fill: (_P, S) => S.lossUsr, doc: 'trade loss at the retribution rate' },
    usThr: { fill: (P) => P.usRetThreshold, doc: 'shift toward China that the US pole punishes' },
    usW2: { fill: (P) => 2 * P.usRetWidth, doc: 'twice the width of the perceived retribution threshold' },
    dump100: { fill: (P) => P.dumpingWeight * 100, doc: 'dumping weight x 100' },
    div: { fill: (P, S) => P.chinaUsShare * S.lossUC * P.diversion, doc: "share of China's exports diverted to third markets by the US tariff on China" },
    eps: { fill: (P) => P.elasticity, doc: 'trade elasticity' },
    ind100: { fill: (_P, S) => S.indOn * 100, doc: 'inducements on x 100' },
    ec100: { fill: (_P, S) => S.ecOn * 100, doc: 'export controls on x 100' },
    ecCost: { fill: (P) => P.ecCost, doc: 'input cost of export controls' },
    hv100: { fill: (P) => P.hedgeValue * 100, doc: 'hedge value x 100' },
    bs: { fill: (P) => P.bandShrink, doc: 'how fast hedging shrinks with pressure' },
    pSide: { fill: (P, S) => S.pRet * P.retRate + S.pUsr * P.usRetRate, doc: "pressure of the poles' punishments: perceived chance per step x rate" },
    dk: { fill: (P) => P.crackdownStep, doc: 'crackdown step of the options' },
    kc: { fill: (P) => P.crackdownCost, doc: 'adjustment cost of crackdown' },
    gamK: { fill: (P) => P.crackdownCommitment, doc: 'curvature of crackdown around its start' },
    tauUC: { fill: (_P, _S, st) => st.tauUC, doc: 'US tariff on China' },
    gHalf: { fill: (P) => P.transshipmentGapHalf, doc: 'tariff gap at which rerouting reaches half of capacity' },
    margin: { fill: (P) => P.transshipmentMargin, doc: 'rent kept on rerouted goods (share of their value)' },
    det: { fill: (P) => P.detection, doc: 'chance per year that rerouting is detected' },
    lossDeal: { fill: (_P, S) => S.lossDeal, doc: 'trade loss at the rule deal rate' },
    dealCredit: { fill: (P) => P.dealCredit, doc: 'perceived chance that a crackdown earns a deal' },
    enf: { fill: (P) => P.enforcementCost, doc: 'enforcement cost of a full crackdown' },
    dOwn: { fill: (P) => P.ownTariffStep, doc: 'own tariff step of the options' },
    oMax: { fill: (P) => P.ownTariffMax, doc: 'highest own tariff considered' },
    otc: { fill: (P) => P.ownTariffCost, doc: "weight of consumers' cost of an own tariff" },
    gamO: { fill: (P) => P.ownTariffCommitment, doc: 'curvature of the own tariff around its start' },
    oAdj: { fill: (P) => P.ownTariffAdjustment, doc: 'adjustment cost of the own tariff' },
    goodwill: { fill: (P) => P.usGoodwill, doc: "weight of the US pole's goodwill for an own tariff on Chinese goods" },
    thrO: { fill: (P) => P.retOwnTariff, doc: 'rise of an own tariff that China punishes' },
    wO2: { fill: (P) => Math.max(P.retOwnTariff, 0.001), doc: 'width of the perceived threshold of an own tariff rise (twice half of it)' },
    rec: { fill: (P) => P.trustRecovery, doc: 'trust recovery per step' },
    volLoss: { fill: (P, _S, st) => P.volatilityTrustLoss * st.usVolatility, doc: "trust lost to the US pole's volatility this step" },
    fade: { fill: (P) => 1 - P.credibilityDecay, doc: "how much of the US pole's suspicion after a joint statement is left each step" },
    uTrustUS0: { fill: () => 0, doc: 'starting trust in the US when one value for every country (set by the kernel)' },
    uTrustCN0: { fill: () => 0, doc: 'starting trust in China when one value for every country (set by the kernel)' },
  },
  updates: [
    ['trustUS', 'clamp(trustUS + rec * (trustUS0 - trustUS) - volLoss, 0, 1)'],
    ['trustCN', 'trustCN + rec * (trustCN0 - trustCN)'],
    ['stmt', 'stmt * fade'],
  ],
  dims: [
    {
      name: 'alignment',
      column: 'a',
      options: ['max(a - d, -1)', 'a', 'min(a + d, 1)'],
      stay: 1,
      fe: 'phi',
      lets: [
        ['cSec', 'sw * (affUS * trustUS - affCN * trustCN)'],
        ['cProm', 'pw100 * (trustUS * eUS * (1 - lossUSExp) - trustCN * eCN * (1 - cnLoss) * cnBonus)'],
        ['cRet', 'ret100 * eCN * retShare * lossRet'],
        ['cUsr', 'usr100 * eUS * usrShare * lossUsr'],
        ['cDump', 'dump100 * mCN * div * (1 - eps * o / (1 + eps * o))'],
        ['cInd', 'ind100 * eCN * indGain * trustCN'],
        ['cEc', 'ec100 * mCN * ecCost'],
        ['cHedge', 'hv100 * min(eCN, eUS) / (1 + bs * (usEff + pSide))'],
        ['pw', 'peered > 0 ? peerW : 0'],
      ],
      terms: [
        { name: 'u_affinity', sign: 1, f: 'phi * x' },
        { name: 'u_security', sign: 1, f: 'cSec * x' },
        { name: 'u_promises', sign: 1, f: 'cProm * x' },
        { name: 'u_retaliation_risk', sign: -1, f: 'cRet * smooth((x - a0 - thr) / w2 + 0.5)' , calibrate: false },
        { name: 'u_retribution_risk', sign: -1, f: 'cUsr * max(smooth((a0 - x - usThr) / usW2 + 0.5), stmt)' , calibrate: false },
        { name: 'u_dumping', sign: -1, f: 'cDump * (1 - x) * 0.5' },
        { name: 'u_inducement', sign: 1, f: 'cInd * (1 - x) * 0.5' },
        { name: 'u_export_controls', sign: -1, f: 'cEc * (1 + x) * 0.5' },
        { name: 'u_hedging', sign: 1, f: 'cHedge * (1 - x * x)' },
        { name: 'u_peer', sign: -1, f: 'pw * (x - abar) * (x - abar)' },
        { name: 'u_commitment', sign: -1, f: '0.5 * gam * (x - a0) * (x - a0)', calibrate: false },
      ],
      moveTerms: [{ name: 'adjustment', sign: -1, f: 'adj * (x - a) * (x - a)' }],
      next: 'v + mu * (x - v)',
    },
    {
      name: 'crackdown',
      column: 'k',
      options: ['max(k - dk, kFloor)', 'k', 'min(k + dk, 1)'],
      stay: 1,
      fe: 'psi',
      lets: [
        ['gap', 'max(0, tauUC - usEff)'],
        ['vol', '100 * q * eUS * gap / (gap + gHalf)'],
        ['net', 'vol * (margin - det * (lossUSPen - lossUS))'],
        ['credit', 'deal > 0 ? 0 : dealCredit * (q / (q + 0.05)) * trustUS * 100 * eUS * max(0, lossUSExp - lossDeal) * gap / (gap + gHalf)'],
      ],
      terms: [
        { name: 'u_crackdown_affinity', sign: 1, f: 'psi * x' },
        { name: 'u_transshipment', sign: 1, f: 'net * (1 - x)' },
        { name: 'u_deal_credit', sign: 1, f: 'credit * x' },
        { name: 'u_enforcement', sign: -1, f: 'enf * x' },
        { name: 'u_crackdown_commitment', sign: -1, f: '0.5 * gamK * (x - k0) * (x - k0)', calibrate: false },
      ],
      moveTerms: [{ name: 'adjustment', sign: -1, f: 'kc * (x - k) * (x - k)' }],
      next: 'max(v + mu * (x - v), kFloor)',
      cross: { at: 0.5, up: 'crackdown_up', down: 'crackdown_down' },
    },
    {
      name: 'own_tariff',
      column: 'o',
      options: ['max(o - dOwn, oFloor)', 'o', 'min(o + dOwn, max(oMax, oFloor))'],
      stay: 1,
      fe: 'chi',
      lets: [
        ['harm', 'dump100 * mCN * div * (1 - a) * 0.5'],
        ['cGood', 'goodwill * trustUS * 100 * eUS'],
        ['cRetO', 'ret100 * eCN * retShare * lossRet'],
      ],
      terms: [
        { name: 'u_own_affinity', sign: 1, f: 'chi * x' },
        { name: 'u_dumping', sign: -1, f: 'harm * (1 - eps * x / (1 + eps * x))', record: false },
        { name: 'u_consumer_cost', sign: -1, f: '100 * mCN * otc * 0.5 * eps * x * x' },
        { name: 'u_us_goodwill', sign: 1, f: 'cGood * x' },
        { name: 'u_own_tariff_risk', sign: -1, f: 'cRetO * smooth((x - o0 - thrO) / wO2 + 0.5)' , calibrate: false },
        { name: 'u_own_commitment', sign: -1, f: '0.5 * gamO * (x - o0) * (x - o0)', calibrate: false },
      ],
      moveTerms: [{ name: 'adjustment', sign: -1, f: 'oAdj * (x - o) * (x - o)' }],
      next: 'max(v + mu * (x - v), oFloor)',
    },
  ],
};
