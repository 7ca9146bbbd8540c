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
}

export interface ScalarSpec {
  /** the value for this step */
  fill: (P: Params, S: StepScalars, st: State, w: World) => number;
  /** what it is (kept for the docs) */
  doc: string;
}

export interface TermSpec {
  /** recorded component name, or a label */
  name: string;
  /** + adds the term to the option's value, - subtracts it */
  sign: 1 | -1;
  f: string;
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
    eUS: { from: 'world', type: 'C' },
    eCN: { from: 'world', type: 'C' },
    mCN: { from: 'world', type: 'C' },
    q: { from: 'world', type: 'C' },
    affUS: { from: 'world', type: 'C' },
    affCN: { from: 'world', type: 'C' },
    trustUS0: { from: 'world', type: 'C', uniform: 'uTrustUS0' },
    trustCN0: { from: 'world', type: 'C', uniform: 'uTrustCN0' },
    a: { from: 'state', type: 'f64' },
    k: { from: 'state', type: 'f64' },
    kFloor: { from: 'state', type: 'f64' },
    trustUS: { from: 'state', type: 'f64' },
    trustCN: { from: 'state', type: 'f64' },
    usEff: { from: 'state', type: 'C' },
    lossUS: { from: 'state', type: 'C' },
    lossUSExp: { from: 'state', type: 'C' },
    lossUSPen: { from: 'state', type: 'C' },
    deal: { from: 'state', type: 'u8' },
  },
  scalars: {
    lam: { fill: (P) => P.rationality, doc: 'logit rationality' },
    d: { fill: (P) => P.stepSize, doc: 'alignment step of the options' },
    mu: { fill: (P) => P.inertia, doc: 'inertia: share of the way to the chosen option' },
    adj: { fill: (P) => P.adjustmentCost, doc: 'adjustment cost of alignment' },
    kc: { fill: (P) => P.crackdownCost, doc: 'adjustment cost of crackdown' },
    peerW: { fill: (P) => P.peerWeight, doc: 'peer weight' },
    sw: { fill: (P) => P.securityWeight, doc: 'security weight' },
    pw100: { fill: (P) => P.promiseWeight * 100, doc: 'promise weight x 100' },
    ret100: { fill: (_P, S) => S.riskRet * 100, doc: 'perceived risk of retaliation over the horizon x 100' },
    retShare: { fill: (P) => P.retShare, doc: 'share of exports to China hit by retaliation' },
    lossRet: { fill: (_P, S) => S.lossRet, doc: 'trade loss at the retaliation rate' },
    dump100: { fill: (P) => P.dumpingWeight * 100, doc: 'dumping weight x 100' },
    cus: { fill: (P) => P.chinaUsShare, doc: "share of China's exports going to the US" },
    lossUC: { fill: (_P, S) => S.lossUC, doc: 'trade loss at the US tariff on China' },
    diversion: { fill: (P) => P.diversion, doc: 'share of lost US sales diverted to third markets' },
    ind100: { fill: (_P, S) => S.indOn * 100, doc: 'inducements on x 100' },
    indGain: { fill: (P) => P.indGain, doc: 'market access gain of inducements' },
    ec100: { fill: (_P, S) => S.ecOn * 100, doc: 'export controls on x 100' },
    ecCost: { fill: (P) => P.ecCost, doc: 'input cost of export controls' },
    hv100: { fill: (P) => P.hedgeValue * 100, doc: 'hedge value x 100' },
    thr: { fill: (P) => P.retThreshold, doc: 'retaliation threshold' },
    indMax: { fill: (P) => P.indMaxAlignment, doc: 'inducements up to this alignment' },
    ecThr: { fill: (P) => P.ecThreshold, doc: 'export controls above this alignment' },
    w2: { fill: (P) => 2 * P.retWidth, doc: 'twice the soft threshold width' },
    margin: { fill: (P) => P.transshipmentMargin, doc: 'transshipment margin' },
    det100: { fill: (P) => P.detection * 100, doc: 'detection x 100' },
    tauUC: { fill: (_P, _S, st) => st.tauUC, doc: 'US tariff on China' },
    lossDeal: { fill: (_P, S) => S.lossDeal, doc: 'trade loss at the rule deal rate' },
    dealCredit: { fill: (P) => P.dealCredit, doc: 'perceived chance that a crackdown earns a deal' },
    enf: { fill: (P) => P.enforcementCost, doc: 'enforcement cost of a full crackdown' },
    rec: { fill: (P) => P.trustRecovery, doc: 'trust recovery per step' },
    volLoss: { fill: (P, _S, st) => P.volatilityTrustLoss * st.usVolatility, doc: "trust lost to the US pole's volatility this step" },
    uTrustUS0: { fill: () => 0, doc: 'starting trust in the US when one value for every country (set by the kernel)' },
    uTrustCN0: { fill: () => 0, doc: 'starting trust in China when one value for every country (set by the kernel)' },
  },
  updates: [
    ['trustUS', 'clamp(trustUS + rec * (trustUS0 - trustUS) - volLoss, 0, 1)'],
    ['trustCN', 'trustCN + rec * (trustCN0 - trustCN)'],
  ],
  dims: [
    {
      name: 'alignment',
      column: 'a',
      options: ['max(a - d, -1)', 'a', 'min(a + d, 1)'],
      stay: 1,
      lets: [
        ['cUS', 'sw * affUS * trustUS + pw100 * trustUS * eUS'],
        ['cCN', 'sw * affCN * trustCN + pw100 * trustCN * eCN'],
        ['cRet', 'ret100 * eCN * retShare * lossRet'],
        ['cDump', 'dump100 * mCN * cus * lossUC * diversion'],
        ['cInd', 'ind100 * eCN * indGain * trustCN'],
        ['cEc', 'ec100 * mCN * ecCost'],
        ['cHedge', 'hv100 * min(eCN, eUS)'],
        ['pw', 'peered > 0 ? peerW : 0'],
      ],
      terms: [
        { name: 'security_promises', sign: 1, f: 'x > 0 ? cUS * x : -cCN * x' },
        { name: 'u_retaliation_risk', sign: -1, f: 'cRet * smooth((x - thr) / w2 + 0.5)' },
        { name: 'u_dumping', sign: -1, f: 'cDump * (1 - x) * 0.5' },
        { name: 'u_inducement', sign: 1, f: 'cInd * (1 - smooth((x - indMax) / w2 + 0.5))' },
        { name: 'u_export_controls', sign: -1, f: 'cEc * smooth((x - ecThr) / w2 + 0.5)' },
        { name: 'u_hedging', sign: 1, f: 'cHedge * (1 - x * x)' },
        { name: 'u_peer', sign: -1, f: 'pw * (x - abar) * (x - abar)' },
      ],
      moveTerms: [{ name: 'adjustment', sign: -1, f: 'adj * (x - a) * (x - a)' }],
      next: 'v + mu * (x - v)',
    },
    {
      name: 'crackdown',
      column: 'k',
      options: ['kFloor', '0.5 * (kFloor + 1)', '1'],
      stay: null,
      lets: [
        ['gap', 'tauUC - usEff'],
        ['rent', '100 * q * eUS * margin * max(0, gap)'],
        ['risk', 'det100 * q * eUS * (lossUSPen - lossUS)'],
        ['gain', 'lossUSExp - lossDeal'],
        ['credit', 'deal > 0 ? 0 : dealCredit * (q / (q + 0.05)) * trustUS * 100 * eUS * max(0, gain)'],
        ['cc0', 'rent - risk'],
        ['cc1', 'credit - enf'],
      ],
      terms: [
        { name: 'u_transshipment', sign: 1, f: 'cc0 * (1 - x)' },
        { name: 'u_deal_credit_net', sign: 1, f: 'cc1 * x' },
        { name: 'adjustment', sign: -1, f: 'kc * (x - k) * (x - k)' },
      ],
      moveTerms: [],
      next: 'max(v + mu * (x - v), kFloor)',
      cross: { at: 0.5, up: 'crackdown_up', down: 'crackdown_down' },
    },
  ],
};
