/**
 * Peer: the hedging model (v2) written the way most agent-based models are written in
 * JavaScript: an array of country objects, each holding its own data, its measures and
 * a list of its partners (objects); the step loops over the objects and calls small
 * methods. A second statement of the model, written by hand from sim/model/spec.ts
 * (the decisions), sim/model/poles.ts (the rules), sim/model/events.ts, deal.ts and
 * utility.ts, without calling them.
 *
 * The same phases in the same order as sim/engine.ts:
 *   step 0: tariffs and their trade losses, the starting crackdown and own tariff kept
 *     (k0, o0), the fixed effects phi, psi, chi calibrated so that the start is a
 *     resting point, the events of step 0;
 *   step t: the events of the step, the poles' rules country by country, the step's
 *     scalars, the decisions country by country (trust, then alignment, crackdown, own
 *     tariff, each a logit choice among three options, then a pending deal), then the
 *     new alignments replace the old (partners read last step's).
 * The same random stream (sim/rng.ts, same seed, the same draws in the same order) and
 * the same arithmetic in the same order, including the rounding to Float32 of the rates
 * and trade losses that the engine keeps in Float32 columns in synthetic worlds (the `C`
 * columns of sim/model/state.ts), so it gives the engine's numbers exactly
 * (test/bench/agreement.test.ts). It takes the compiled World as input: the generator
 * and the compiler are shared; the step is what is compared.
 *
 * Shared with the engine: tradeLoss and expNeg (sim/model/math.ts) and the world-level
 * scalars of a step (stepScalars, sim/model/utility.ts); the logit choices and smooth(u)
 * are in ./shared.ts. What it supports: the events that bench/scenarios/synthetic.yaml
 * uses (tariffs, a pause and its end, threats, with numbers); anything else is refused
 * when the model is built (./shared.ts, assertSupported).
 */
import type { World, CompiledEvent, Num } from '../../sim/world/world.ts';
import { EV } from '../../sim/world/world.ts';
import { Rng } from '../../sim/rng.ts';
import { tradeLoss } from '../../sim/model/math.ts';
import { newStepScalars, stepScalars, type StepScalars } from '../../sim/model/utility.ts';
import { acceptDeal, assertSupported, choose3, newTally, smooth, type PeerResult, type Tally } from './shared.ts';

export type { PeerResult } from './shared.ts';

/** A retaliation (pole 1, the China pole) or a retribution (pole 0, the US pole) against a country. */
interface Measure { pole: 0 | 1; rate: number; share: number; until: number; rule: boolean }

interface Country {
  // what the world says about it (static)
  eUS: number; eCN: number; mCN: number; q: number; affUS: number; affCN: number;
  align0: number; trustUS0: number; trustCN0: number;
  partners: Country[]; weights: number[] | null;
  // its decisions: alignment (double-buffered), crackdown and own tariff on Chinese goods with their floors and starts
  alignment: number; nextAlignment: number;
  crackdown: number; crackdownFloor: number; crackdown0: number;
  ownTariff: number; ownTariffFloor: number; ownTariff0: number;
  /** fixed effects of alignment, crackdown and own tariff, calibrated at step 0 */
  phi: number; psi: number; chi: number;
  trustUS: number; trustCN: number;
  /** the US pole's suspicion after a joint statement (fades), and a statement not yet drawn on */
  suspicion: number; newStatement: boolean;
  // the US tariffs it faces, by layer, and what they cost it
  usBase: number; usRecip: number; usSpecific: number; paused: boolean; pauseCap: number;
  punitive: number; usEff: number; lossUS: number; lossUSExp: number; lossUSPen: number;
  // deals with the US pole
  deal: boolean; dealRate: number; penalty: number; antiChinaDeal: 0 | 1 | 2;
  talksUntil: number; offerUntil: number; offerRate: number; offerPenalty: number; offerAnti: boolean; cooldownUntil: number;
  // measures against it and their sums
  measures: Measure[];
  chinaTariff: number; chinaLoss: number;
  retUntil: number; retByRule: boolean; usrUntil: number; usrByRule: boolean;
  inducement: number;
}

/** The alignment terms' coefficients of one country in one step (spec.ts, alignment lets), reused for every country. */
interface AlignmentCoefficients {
  security: number; promises: number; retaliation: number; retribution: number;
  dumping: number; inducement: number; exportControls: number; hedging: number; peers: number;
}

export class PlainObjectsModel {
  countries: Country[] = [];
  // the world-level state (stepScalars reads these five)
  tauUC: number; tauCU: number; credibility = 0; usCredibility = 0; ecActive: number;
  usVolatility = 0; pauseUntil = -1;
  rng: Rng;
  tally: Tally = newTally();
  private S: StepScalars = newStepScalars();
  private L: AlignmentCoefficients = { security: 0, promises: 0, retaliation: 0, retribution: 0, dumping: 0, inducement: 0, exportControls: 0, hedging: 0, peers: 0 };
  /** the engine keeps rates and trade losses in Float32 columns in synthetic worlds (sim/model/state.ts): the same rounding here */
  private R: (x: number) => number;
  /** scratch: a dimension's three options, and the crackdown's coefficients */
  private x = [0, 0, 0];
  private rent = { net: 0, credit: 0 };

  constructor(private w: World, seed = w.seed) {
    assertSupported(w, 'plain-objects');
    this.rng = new Rng(seed);
    this.R = w.eUS instanceof Float32Array ? Math.fround : (x: number) => x;
    const P = w.params;
    for (let i = 0; i < w.n; i++) {
      this.countries.push({
        eUS: w.eUS[i], eCN: w.eCN[i], mCN: w.mCN[i], q: w.q[i], affUS: w.affUS[i], affCN: w.affCN[i],
        align0: w.align0[i], trustUS0: w.trustUS0[i], trustCN0: w.trustCN0[i],
        partners: [], weights: null,
        alignment: w.align0[i], nextAlignment: 0,
        crackdown: 0, crackdownFloor: 0, crackdown0: 0, ownTariff: 0, ownTariffFloor: 0, ownTariff0: 0,
        phi: 0, psi: 0, chi: 0,
        trustUS: w.trustUS0[i], trustCN: w.trustCN0[i], suspicion: 0, newStatement: false,
        usBase: w.usBase0[i], usRecip: w.usRecip0[i], usSpecific: w.usSpecific0[i], paused: false, pauseCap: 0,
        punitive: 0, usEff: 0, lossUS: 0, lossUSExp: 0, lossUSPen: 0,
        deal: false, dealRate: 0, penalty: this.R(P.transshipmentPenalty), antiChinaDeal: 0,
        talksUntil: -1, offerUntil: -1, offerRate: 0, offerPenalty: 0, offerAnti: false, cooldownUntil: 0,
        measures: [], chinaTariff: 0, chinaLoss: 0, retUntil: -1, retByRule: false, usrUntil: -1, usrByRule: false,
        inducement: 0,
      });
    }
    for (let i = 0; i < w.n; i++) {
      const c = this.countries[i];
      for (let j = w.linkStart[i]; j < w.linkStart[i + 1]; j++) c.partners.push(this.countries[w.linkTo[j]]);
      if (w.linkW) c.weights = Array.from(w.linkW.subarray(w.linkStart[i], w.linkStart[i + 1]));
    }
    this.tauUC = w.tauUC0; this.tauCU = w.tauCU0; this.ecActive = P.ecActive;
  }

  /** Step 0, then steps 1..steps. */
  run(steps = this.w.steps): PeerResult {
    for (const c of this.countries) this.refreshTariff(c);
    for (const c of this.countries) { c.crackdown0 = c.crackdown; c.ownTariff0 = c.ownTariff; }
    stepScalars(this.w.params, this, this.S);
    for (const c of this.countries) this.calibrate(c);
    this.events(0);
    for (let t = 1; t <= steps; t++) this.step(t);
    return this.result();
  }

  step(t: number): void {
    this.events(t);
    this.poleRules(t);
    stepScalars(this.w.params, this, this.S);
    for (const c of this.countries) this.decide(c, t);
    for (const c of this.countries) c.alignment = c.nextAlignment;
  }

  result(): PeerResult {
    const cs = this.countries;
    return {
      alignment: Float64Array.from(cs, (c) => c.alignment), crackdown: Float64Array.from(cs, (c) => c.crackdown),
      ownTariff: Float64Array.from(cs, (c) => c.ownTariff),
      trustUS: Float64Array.from(cs, (c) => c.trustUS), trustCN: Float64Array.from(cs, (c) => c.trustCN),
      deals: cs.filter((c) => c.deal).length,
      retaliations: cs.filter((c) => c.retUntil >= 0).length, retributions: cs.filter((c) => c.usrUntil >= 0).length,
      tally: { ...this.tally },
    };
  }

  // ------------------------------------------------------------ tariffs and measures

  /** The US tariff c faces (a deal's rate replaces every layer; a pause caps the country rate; punitive tariffs on top) and its trade losses. */
  private refreshTariff(c: Country): void {
    const P = this.w.params;
    const sched = (c.usRecip > c.usBase ? c.usRecip : c.usBase) + c.usSpecific + c.punitive;
    let eff: number;
    if (c.deal) eff = c.dealRate + c.punitive;
    else if (c.paused) {
      const r = c.usRecip < c.pauseCap ? c.usRecip : c.pauseCap;
      eff = (r > c.usBase ? r : c.usBase) + c.usSpecific + c.punitive;
    } else eff = sched;
    // under a pause it expects the scheduled rate back with probability pause_risk
    const expected = c.paused && !c.deal ? eff + P.pauseRisk * (sched - eff) : eff;
    c.usEff = this.R(eff);
    c.lossUS = this.R(tradeLoss(eff, P.elasticity, P.passThrough));
    c.lossUSExp = this.R(tradeLoss(expected, P.elasticity, P.passThrough));
    c.lossUSPen = this.R(tradeLoss(eff + c.penalty, P.elasticity, P.passThrough));
  }

  /** The sums of the measures against c (they stack), then its US tariff. */
  private refreshMeasures(c: Country): void {
    const P = this.w.params;
    let cnTariff = 0, cnLoss = 0, punitive = 0;
    c.retUntil = -1; c.usrUntil = -1; c.retByRule = false; c.usrByRule = false;
    for (const m of c.measures) {
      if (m.pole === 1) {
        cnTariff += m.rate * m.share;
        cnLoss += m.share * tradeLoss(m.rate, P.elasticity, P.passThrough);
        if (c.retUntil < 0 || m.until < c.retUntil) c.retUntil = m.until;
        if (m.rule) c.retByRule = true;
      } else {
        punitive += m.rate * m.share;
        if (c.usrUntil < 0 || m.until < c.usrUntil) c.usrUntil = m.until;
        if (m.rule) c.usrByRule = true;
      }
    }
    c.chinaTariff = this.R(cnTariff);
    c.chinaLoss = this.R(cnLoss < 1 ? cnLoss : 1);
    c.punitive = this.R(punitive);
    this.refreshTariff(c);
  }

  /** A measure against c joins those in force; c's trust in the pole that imposed it falls (coercion). */
  private impose(c: Country, m: Measure): void {
    c.measures.push(m);
    this.refreshMeasures(c);
    const lost = this.w.params.coercionTrustLoss * m.rate * m.share;
    if (m.pole === 1) { const v = c.trustCN - lost; c.trustCN = v > 0 ? v : 0; } else { const v = c.trustUS - lost; c.trustUS = v > 0 ? v : 0; }
  }

  /** A US tariff rise on c is coercion: c's trust in the US pole falls. */
  private coerce(c: Country, rise: number): void {
    if (rise > 0) {
      const v = c.trustUS - this.w.params.coercionTrustLoss * rise;
      c.trustUS = v > 0 ? v : 0;
    }
  }

  private offer(c: Country, t: number, rate: number, penalty: number, anti: boolean, expires: number): void {
    c.offerUntil = t + expires; c.offerRate = this.R(rate); c.offerPenalty = this.R(penalty); c.offerAnti = anti;
  }

  // ------------------------------------------------------------ phase 1: scheduled events

  private events(t: number): void {
    const w = this.w;
    let vol = 0;
    for (let e = w.eventStart[t]; e < w.eventStart[t + 1]; e++) vol += this.event(w.events[e], t);
    if (this.pauseUntil >= 0 && t >= this.pauseUntil) vol += this.resumeAll();
    // the US pole's volatility this step: mean absolute change of its tariffs
    this.usVolatility = vol / (w.n + 1);
  }

  /** Applies one event; returns the sum of the absolute changes of US tariffs it made. */
  private event(ev: CompiledEvent, t: number): number {
    const num = (x: Num | undefined, dflt: number): number => (x === undefined ? dflt : (x as number)); // numbers only (assertSupported)
    const targets = Array.from(ev.targets, (i) => this.countries[i]);
    let vol = 0;
    switch (ev.kind) {
      case EV.tariff: {
        const rate = num(ev.rate, 0) * num(ev.coverage, 1);
        if (ev.targetsPole) {
          if (ev.actor === 0) { vol += Math.abs(rate - this.tauUC); this.tauUC = rate; } else this.tauCU = rate;
          break;
        }
        for (const c of targets) {
          const before = c.usEff;
          if (ev.layer === 'baseline') c.usBase = this.R(rate);
          else if (ev.layer === 'specific') c.usSpecific = this.R(rate);
          else c.usRecip = this.R(rate);
          this.refreshTariff(c);
          vol += Math.abs(c.usEff - before);
          this.coerce(c, c.usEff - before);
        }
        break;
      }
      case EV.pause: {
        const cap = num(ev.rate, -1);
        for (const c of targets) {
          if (c.deal) continue;
          const before = c.usEff;
          c.paused = true;
          c.pauseCap = cap < 0 ? c.usBase : this.R(cap);
          this.refreshTariff(c);
          vol += Math.abs(c.usEff - before);
        }
        this.pauseUntil = ev.duration ? t + ev.duration : -1;
        break;
      }
      case EV.resume:
        vol += this.resumeAll();
        break;
      case EV.threat:
        if (ev.actor === 0) this.usCredibility += ev.value ?? 1; else this.credibility += ev.value ?? 1;
        break;
    }
    return vol;
  }

  private resumeAll(): number {
    let vol = 0;
    for (const c of this.countries) {
      if (!c.paused) continue;
      const before = c.usEff;
      c.paused = false;
      this.refreshTariff(c);
      vol += Math.abs(c.usEff - before);
      this.coerce(c, c.usEff - before);
    }
    this.pauseUntil = -1;
    return vol;
  }

  // ------------------------------------------------------------ phase 2: the poles' rules

  private poleRules(t: number): void {
    const P = this.w.params;
    const pCN = Math.min(1, P.retProbability * (1 + this.credibility));
    const pUS = Math.min(1, P.usRetProbability * (1 + this.usCredibility));
    const dealLoss = tradeLoss(P.dealRate, P.elasticity, P.passThrough);
    let imposedCN = 0, imposedUS = 0;
    for (const c of this.countries) {
      // measures that have run their course end
      if ((c.retUntil >= 0 && t >= c.retUntil) || (c.usrUntil >= 0 && t >= c.usrUntil)) this.liftEnded(c, t);
      // the China pole retaliates against a country that signs a deal with anti-China clauses (one draw),
      // or that moved toward the US (alignment, or its own tariff on Chinese goods) more than it tolerates
      const movedUS = c.alignment - c.align0 > P.retThreshold;
      if (c.antiChinaDeal === 1) {
        c.antiChinaDeal = 2;
        if (P.retEnabled === 1 && !c.retByRule && this.rng.next() < P.retOnDeal) { this.punish(c, t, 1); imposedCN++; }
      } else if (P.retEnabled === 1 && !c.retByRule && (movedUS || c.ownTariff - c.ownTariff0 > P.retOwnTariff)) {
        if (this.rng.next() < pCN) { this.punish(c, t, 1); imposedCN++; }
      }
      // the US pole punishes a country that signs a joint statement with China (one draw), or moved toward China
      if (c.newStatement) {
        c.newStatement = false;
        if (P.usRetEnabled === 1 && !c.usrByRule && this.rng.next() < P.usRetOnStatement) { this.punish(c, t, 0); imposedUS++; }
      } else if (P.usRetEnabled === 1 && !c.usrByRule && (c.align0 - c.alignment > P.usRetThreshold || c.suspicion > 0.5)) {
        if (this.rng.next() < pUS) { this.punish(c, t, 0); imposedUS++; }
      }
      // deals: an open offer expires; talks end in an offer; talks start with a country that faces (or expects)
      // more than the deal rate, leans US enough, and cracks down enough if it can reroute much
      if (c.offerUntil >= 0 && t > c.offerUntil) { c.offerUntil = -1; c.cooldownUntil = t + P.dealCooldown; this.tally.deal_expired++; }
      if (c.talksUntil >= 0 && t >= c.talksUntil) this.offerDeal(c, t);
      if (P.dealEnabled === 1 && !c.deal && c.offerUntil < 0 && c.talksUntil < 0 && t >= c.cooldownUntil && c.alignment >= P.dealMinAlignment
        && (c.crackdown >= P.dealMinCrackdown - 0.005 || c.q <= P.dealMaxTransshipment) && c.lossUSExp > dealLoss) {
        if (P.dealNegotiation <= 0) this.offerDeal(c, t);
        else { c.talksUntil = t + P.dealNegotiation; this.tally.talks_started++; }
      }
    }
    // each pole's credibility fades and grows with the measures it imposed
    this.credibility = this.credibility * (1 - P.credibilityDecay) + imposedCN;
    this.usCredibility = this.usCredibility * (1 - P.credibilityDecay) + imposedUS;
  }

  private liftEnded(c: Country, t: number): void {
    const kept: Measure[] = [];
    for (const m of c.measures) {
      if (m.until <= t) { if (m.pole === 1) this.tally.retaliation_lifted++; else this.tally.retribution_lifted++; } else kept.push(m);
    }
    c.measures = kept;
    this.refreshMeasures(c);
  }

  /** The rule's measure: pole 1, the China pole's retaliation; pole 0, the US pole's retribution. */
  private punish(c: Country, t: number, pole: 0 | 1): void {
    const P = this.w.params;
    if (pole === 1) { this.impose(c, { pole, rate: P.retRate, share: P.retShare, until: t + P.retDuration, rule: true }); this.tally.retaliation_imposed++; }
    else { this.impose(c, { pole, rate: P.usRetRate, share: P.usRetShare, until: t + P.usRetDuration, rule: true }); this.tally.retribution_imposed++; }
  }

  private offerDeal(c: Country, t: number): void {
    const P = this.w.params;
    c.talksUntil = -1;
    this.offer(c, t, P.dealRate, P.dealPenalty, P.dealAntiChina === 1, P.dealExpires);
    this.tally.deal_offered++;
  }

  // ------------------------------------------------------------ phase 3: the decisions

  /** Partners' mean alignment (trade-weighted in listed worlds); its own when it has none. */
  private partnersMean(c: Country): number {
    const ps = c.partners;
    if (ps.length === 0) return c.alignment;
    let acc = 0;
    if (c.weights) { for (let j = 0; j < ps.length; j++) acc += c.weights[j] * ps[j].alignment; return acc; }
    for (const p of ps) acc += p.alignment;
    return acc / ps.length;
  }

  /** The coefficients of the alignment terms of c this step (spec.ts, alignment, lets). */
  private alignmentCoefficients(c: Country): AlignmentCoefficients {
    const P = this.w.params, S = this.S, L = this.L;
    L.security = P.securityWeight * (c.affUS * c.trustUS - c.affCN * c.trustCN);
    L.promises = P.promiseWeight * 100 * (c.trustUS * c.eUS * (1 - c.lossUSExp) - c.trustCN * c.eCN * (1 - c.chinaLoss) * S.cnBonus);
    L.retaliation = S.riskRet * 100 * c.eCN * P.retShare * S.lossRet;
    L.retribution = S.riskUsr * 100 * c.eUS * P.usRetShare * S.lossUsr;
    const diverted = P.chinaUsShare * S.lossUC * P.diversion;
    L.dumping = P.dumpingWeight * 100 * c.mCN * diverted * (1 - P.elasticity * c.ownTariff / (1 + P.elasticity * c.ownTariff));
    L.inducement = S.indOn * 100 * c.eCN * c.inducement * c.trustCN;
    L.exportControls = S.ecOn * 100 * c.mCN * P.ecCost;
    const pressure = S.pRet * P.retRate + S.pUsr * P.usRetRate;
    L.hedging = P.hedgeValue * 100 * (c.eUS < c.eCN ? c.eUS : c.eCN) / (1 + P.bandShrink * (c.usEff + pressure));
    L.peers = c.partners.length > 0 ? P.peerWeight : 0;
    return L;
  }

  /**
   * The value of alignment x for c (spec.ts, alignment, terms), abar its partners' mean;
   * `calibrating`: without the perceived risks and the commitment curvature.
   */
  private alignmentValue(c: Country, L: AlignmentCoefficients, x: number, abar: number, calibrating: boolean): number {
    const P = this.w.params;
    let u = c.phi * x + L.security * x + L.promises * x;
    if (!calibrating) {
      const retribution = smooth((c.align0 - x - P.usRetThreshold) / (2 * P.usRetWidth) + 0.5);
      u = u - L.retaliation * smooth((x - c.align0 - P.retThreshold) / (2 * P.retWidth) + 0.5)
        - L.retribution * (retribution < c.suspicion ? c.suspicion : retribution);
    }
    u = u - L.dumping * (1 - x) * 0.5 + L.inducement * (1 - x) * 0.5 - L.exportControls * (1 + x) * 0.5
      + L.hedging * (1 - x * x) - L.peers * (x - abar) * (x - abar);
    if (!calibrating) u = u - 0.5 * P.commitment * (x - c.align0) * (x - c.align0);
    return u;
  }

  /** Rerouting's net rent and the deal credit of a crackdown for c (spec.ts, crackdown, lets), into this.rent. */
  private crackdownCoefficients(c: Country): { net: number; credit: number } {
    const P = this.w.params, S = this.S, out = this.rent;
    const g = this.tauUC - c.usEff, gap = 0 < g ? g : 0;
    const rerouted = 100 * c.q * c.eUS * gap / (gap + P.transshipmentGapHalf);
    out.net = rerouted * (P.transshipmentMargin - P.detection * (c.lossUSPen - c.lossUS));
    const saving = c.lossUSExp - S.lossDeal;
    out.credit = c.deal ? 0
      : P.dealCredit * (c.q / (c.q + 0.05)) * c.trustUS * 100 * c.eUS * (0 < saving ? saving : 0) * gap / (gap + P.transshipmentGapHalf);
    return out;
  }

  private crackdownValue(c: Country, net: number, credit: number, x: number, calibrating: boolean): number {
    const P = this.w.params;
    const u = c.psi * x + net * (1 - x) + credit * x - P.enforcementCost * x;
    return calibrating ? u : u - 0.5 * P.crackdownCommitment * (x - c.crackdown0) * (x - c.crackdown0);
  }

  /** The value of an own tariff x on Chinese goods for c (spec.ts, own_tariff); harm: the dumping it would stop. */
  private ownTariffValue(c: Country, harm: number, x: number, calibrating: boolean): number {
    const P = this.w.params, S = this.S, eps = P.elasticity;
    let u = c.chi * x - harm * (1 - eps * x / (1 + eps * x)) - 100 * c.mCN * P.ownTariffCost * 0.5 * eps * x * x
      + P.usGoodwill * c.trustUS * 100 * c.eUS * x;
    if (!calibrating) {
      const width = Math.max(P.retOwnTariff, 0.001);
      u = u - S.riskRet * 100 * c.eCN * P.retShare * S.lossRet * smooth((x - c.ownTariff0 - P.retOwnTariff) / width + 0.5)
        - 0.5 * P.ownTariffCommitment * (x - c.ownTariff0) * (x - c.ownTariff0);
    }
    return u;
  }

  private ownTariffHarm(c: Country): number {
    const P = this.w.params, S = this.S;
    return P.dumpingWeight * 100 * c.mCN * (P.chinaUsShare * S.lossUC * P.diversion) * (1 - c.alignment) * 0.5;
  }

  // The three options of each dimension, into this.x: one step down (not below -1 or the floor), stay, one step up.
  private alignmentOptions(a: number): number[] {
    const d = this.w.params.stepSize, x = this.x;
    x[0] = a - d < -1 ? -1 : a - d; x[1] = a; x[2] = 1 < a + d ? 1 : a + d;
    return x;
  }
  private crackdownOptions(c: Country): number[] {
    const k = c.crackdown, dk = this.w.params.crackdownStep, x = this.x;
    x[0] = k - dk < c.crackdownFloor ? c.crackdownFloor : k - dk; x[1] = k; x[2] = 1 < k + dk ? 1 : k + dk;
    return x;
  }
  private ownTariffOptions(c: Country): number[] {
    const P = this.w.params, o = c.ownTariff, x = this.x;
    const top = P.ownTariffMax < c.ownTariffFloor ? c.ownTariffFloor : P.ownTariffMax;
    x[0] = o - P.ownTariffStep < c.ownTariffFloor ? c.ownTariffFloor : o - P.ownTariffStep; x[1] = o;
    x[2] = top < o + P.ownTariffStep ? top : o + P.ownTariffStep;
    return x;
  }

  /**
   * Step 0: the fixed effects that make c's starting state a resting point: each makes the
   * options either side of the start worth the same, counting every term but the move
   * costs, the perceived risks and the commitment curvature.
   */
  private calibrate(c: Country): void {
    const abar = this.partnersMean(c);
    c.phi = 0; c.psi = 0; c.chi = 0;
    const L = this.alignmentCoefficients(c);
    let x = this.alignmentOptions(c.alignment);
    c.phi = x[2] > x[0] ? -(this.alignmentValue(c, L, x[2], abar, true) - this.alignmentValue(c, L, x[0], abar, true)) / (x[2] - x[0]) : 0;
    const { net, credit } = this.crackdownCoefficients(c);
    x = this.crackdownOptions(c);
    c.psi = x[2] > x[0] ? -(this.crackdownValue(c, net, credit, x[2], true) - this.crackdownValue(c, net, credit, x[0], true)) / (x[2] - x[0]) : 0;
    const harm = this.ownTariffHarm(c);
    x = this.ownTariffOptions(c);
    c.chi = x[2] > x[0] ? -(this.ownTariffValue(c, harm, x[2], true) - this.ownTariffValue(c, harm, x[0], true)) / (x[2] - x[0]) : 0;
  }

  private decide(c: Country, t: number): void {
    const P = this.w.params, lam = P.rationality, mu = P.inertia, rng = this.rng;
    // trust recovers toward where it started, less the US pole's volatility; the US pole's suspicion fades
    const tUS = c.trustUS + P.trustRecovery * (c.trustUS0 - c.trustUS) - P.volatilityTrustLoss * this.usVolatility;
    const tUSAbove0 = tUS < 0 ? 0 : tUS;
    c.trustUS = 1 < tUSAbove0 ? 1 : tUSAbove0;
    c.trustCN = c.trustCN + P.trustRecovery * (c.trustCN0 - c.trustCN);
    c.suspicion = c.suspicion * (1 - P.credibilityDecay);

    // alignment, against the partners' alignments of last step
    const a = c.alignment, abar = this.partnersMean(c);
    const L = this.alignmentCoefficients(c);
    let x = this.alignmentOptions(a);
    let u0 = this.alignmentValue(c, L, x[0], abar, false) - moveCost(x[0], a, P.adjustmentCost);
    let u1 = this.alignmentValue(c, L, x[1], abar, false);
    let u2 = this.alignmentValue(c, L, x[2], abar, false) - moveCost(x[2], a, P.adjustmentCost);
    const xA = x[choose3(u0, u1, u2, lam, rng.next())];
    c.nextAlignment = a + mu * (xA - a);

    // crackdown on transshipment
    const k = c.crackdown;
    const { net, credit } = this.crackdownCoefficients(c);
    x = this.crackdownOptions(c);
    u0 = this.crackdownValue(c, net, credit, x[0], false) - moveCost(x[0], k, P.crackdownCost);
    u1 = this.crackdownValue(c, net, credit, x[1], false);
    u2 = this.crackdownValue(c, net, credit, x[2], false) - moveCost(x[2], k, P.crackdownCost);
    const xK = x[choose3(u0, u1, u2, lam, rng.next())];
    const kMoved = k + mu * (xK - k), kNew = kMoved < c.crackdownFloor ? c.crackdownFloor : kMoved;

    // own tariff on Chinese goods
    const o = c.ownTariff, harm = this.ownTariffHarm(c);
    x = this.ownTariffOptions(c);
    u0 = this.ownTariffValue(c, harm, x[0], false) - moveCost(x[0], o, P.ownTariffAdjustment);
    u1 = this.ownTariffValue(c, harm, x[1], false);
    u2 = this.ownTariffValue(c, harm, x[2], false) - moveCost(x[2], o, P.ownTariffAdjustment);
    const xO = x[choose3(u0, u1, u2, lam, rng.next())];
    const oMoved = o + mu * (xO - o), oNew = oMoved < c.ownTariffFloor ? c.ownTariffFloor : oMoved;

    if ((k < 0.5) !== (kNew < 0.5)) { if (k < 0.5) this.tally.crackdown_up++; else this.tally.crackdown_down++; }
    // a pending deal, weighed before the crackdown and own tariff move
    if (c.offerUntil >= 0) this.pendingDeal(c, t, rng.next());
    c.crackdown = kNew;
    c.ownTariff = oNew;
  }

  /** Accept the open offer or not (a country with a deal is renegotiating); refusing on its last step closes it. */
  private pendingDeal(c: Country, t: number, draw: number): void {
    const P = this.w.params, S = this.S;
    const lOffer = tradeLoss(c.offerRate + c.punitive, P.elasticity, P.passThrough);
    const saving = c.trustUS * 100 * c.eUS * (c.lossUSExp - lOffer);
    const anti = c.offerAnti && c.antiChinaDeal === 0 ? P.retOnDeal * 100 * c.eCN * P.retShare * S.lossRet : 0;
    const lPen = tradeLoss(c.offerRate + c.punitive + c.offerPenalty, P.elasticity, P.passThrough);
    const clause = P.detection * 100 * c.q * c.eUS * (1 - c.crackdown) * (lPen - lOffer);
    if (acceptDeal(saving - anti - clause, P.rationality, draw)) {
      if (c.deal) this.tally.deal_renegotiated++; else this.tally.deal_accepted++;
      c.deal = true; c.dealRate = c.offerRate; c.penalty = c.offerPenalty; c.paused = false;
      if (c.offerAnti && c.antiChinaDeal === 0) c.antiChinaDeal = 1;
      c.offerUntil = -1;
      // signing raises trust in the US pole
      const tr = c.trustUS + P.dealTrust;
      c.trustUS = tr < 0 ? 0 : tr > 1 ? 1 : tr;
      this.refreshTariff(c);
    } else if (c.offerUntil === t) {
      c.offerUntil = -1;
      c.cooldownUntil = t + P.dealCooldown;
      this.tally.deal_refused++;
    }
  }
}

/** The adjustment cost of moving from `now` to x: cost (x - now)^2. */
function moveCost(x: number, now: number, cost: number): number {
  return cost * (x - now) * (x - now);
}
