/**
 * Peer: the hedging model (v2) written with the `flocc` agent-based modelling library
 * (npm, flocc 0.7): one flocc Agent per country holding its data as agent data
 * (agent.get / agent.set), an Environment that ticks the agents in order, and flocc's
 * synchronous update for the decisions: the tick rule returns the new alignment,
 * crackdown and own tariff, which flocc sets after every agent has ticked (the engine's
 * double buffer: partners read last step's alignment). A second statement of the model,
 * written by hand from sim/model/spec.ts (the decisions), sim/model/poles.ts (the rules),
 * sim/model/events.ts, deal.ts and utility.ts, without calling them.
 *
 * The same phases in the same order as sim/engine.ts (see plain-objects.ts, header), the
 * same random stream and the same arithmetic in the same order, including the Float32
 * rounding of the rates and trade losses that the engine keeps in Float32 columns in
 * synthetic worlds, so it gives the engine's numbers exactly
 * (test/bench/agreement.test.ts). It takes the compiled World as input.
 *
 * Partners are a list of agents in each agent's data: flocc's Network keeps a dense
 * n x n adjacency matrix rebuilt on every addAgent (O(n^3) to build), which cannot hold
 * a 10,000-country world. Shared with the engine: tradeLoss, expNeg, stepScalars; with
 * the other peer: ./shared.ts. What it supports: the events that
 * bench/scenarios/synthetic.yaml uses (tariffs, a pause and its end, threats, with
 * numbers); anything else is refused when the model is built.
 */
import flocc from 'flocc';
import type { Agent as FAgent, Environment as FEnvironment } from 'flocc';
import type { World, CompiledEvent, Num } from '../../sim/world/world.ts';
import { EV } from '../../sim/world/world.ts';
import { Rng } from '../../sim/rng.ts';
import { tradeLoss } from '../../sim/model/math.ts';
import { newStepScalars, stepScalars, type StepScalars } from '../../sim/model/utility.ts';
import { acceptDeal, assertSupported, choose3, newTally, smooth, type PeerResult, type Tally } from './shared.ts';

const { Agent, Environment } = flocc as unknown as { Agent: typeof FAgent; Environment: typeof FEnvironment };
type A = FAgent;

/** A retaliation (pole 1, the China pole) or a retribution (pole 0, the US pole) against a country. */
interface Measure { pole: 0 | 1; rate: number; share: number; until: number; rule: boolean }

/** The alignment terms' coefficients of one agent in one step (spec.ts, alignment lets), reused for every agent. */
interface AlignmentCoefficients {
  security: number; promises: number; retaliation: number; retribution: number;
  dumping: number; inducement: number; exportControls: number; hedging: number; peers: number;
}

export class FloccModel {
  env: FEnvironment;
  agents: A[];
  rng: Rng;
  // the world-level state (stepScalars reads these five)
  tauUC: number; tauCU: number; credibility = 0; usCredibility = 0; ecActive: number;
  usVolatility = 0; pauseUntil = -1;
  t = 0;
  tally: Tally = newTally();
  private S: StepScalars = newStepScalars();
  /** the engine keeps rates and trade losses in Float32 columns in synthetic worlds (sim/model/state.ts): the same rounding here */
  private R: (x: number) => number;
  /** scratch: the alignment coefficients and the crackdown's of the agent being decided */
  private L: AlignmentCoefficients = { security: 0, promises: 0, retaliation: 0, retribution: 0, dumping: 0, inducement: 0, exportControls: 0, hedging: 0, peers: 0 };
  private rent = { net: 0, credit: 0 };

  constructor(private w: World, seed = w.seed) {
    assertSupported(w, 'flocc');
    this.rng = new Rng(seed);
    this.R = w.eUS instanceof Float32Array ? Math.fround : (x: number) => x;
    const P = w.params;
    this.env = new Environment();
    this.agents = [];
    for (let i = 0; i < w.n; i++) {
      const ag = new Agent({
        // what the world says about it
        eUS: w.eUS[i], eCN: w.eCN[i], mCN: w.mCN[i], q: w.q[i], affUS: w.affUS[i], affCN: w.affCN[i],
        align0: w.align0[i], trustUS0: w.trustUS0[i], trustCN0: w.trustCN0[i],
        // its decisions, their floors and starts, the fixed effects
        alignment: w.align0[i], crackdown: 0, crackdownFloor: 0, crackdown0: 0, ownTariff: 0, ownTariffFloor: 0, ownTariff0: 0,
        phi: 0, psi: 0, chi: 0,
        trustUS: w.trustUS0[i], trustCN: w.trustCN0[i], suspicion: 0, newStatement: false,
        // the US tariffs it faces
        usBase: w.usBase0[i], usRecip: w.usRecip0[i], usSpecific: w.usSpecific0[i], paused: false, pauseCap: 0,
        punitive: 0, usEff: 0, lossUS: 0, lossUSExp: 0, lossUSPen: 0,
        // deals
        deal: false, dealRate: 0, penalty: this.R(P.transshipmentPenalty), antiChinaDeal: 0,
        talksUntil: -1, offerUntil: -1, offerRate: 0, offerPenalty: 0, offerAnti: false, cooldownUntil: 0,
        // measures against it
        measures: [] as Measure[], chinaTariff: 0, chinaLoss: 0, retUntil: -1, retByRule: false, usrUntil: -1, usrByRule: false,
        inducement: 0,
      });
      this.env.addAgent(ag);
      this.agents.push(ag);
    }
    for (let i = 0; i < w.n; i++) {
      const partners: A[] = [];
      for (let j = w.linkStart[i]; j < w.linkStart[i + 1]; j++) partners.push(this.agents[w.linkTo[j]]);
      this.agents[i].set('partners', partners);
      this.agents[i].set('weights', w.linkW ? Array.from(w.linkW.subarray(w.linkStart[i], w.linkStart[i + 1])) : null);
      this.agents[i].set('tick', (ag: A) => this.decide(ag));
    }
    this.tauUC = w.tauUC0; this.tauCU = w.tauCU0; this.ecActive = P.ecActive;
  }

  run(steps = this.w.steps): PeerResult {
    const ags = this.env.getAgents();
    for (const ag of ags) this.refreshTariff(ag);
    for (const ag of ags) ag.set({ crackdown0: ag.get('crackdown'), ownTariff0: ag.get('ownTariff') });
    stepScalars(this.w.params, this, this.S);
    for (const ag of ags) this.calibrate(ag);
    this.events(0);
    for (let t = 1; t <= steps; t++) {
      this.t = t;
      this.events(t);
      this.poleRules(t);
      stepScalars(this.w.params, this, this.S);
      this.env.tick({ randomizeOrder: false });
    }
    return {
      alignment: Float64Array.from(ags, (a) => a.get('alignment')), crackdown: Float64Array.from(ags, (a) => a.get('crackdown')),
      ownTariff: Float64Array.from(ags, (a) => a.get('ownTariff')),
      trustUS: Float64Array.from(ags, (a) => a.get('trustUS')), trustCN: Float64Array.from(ags, (a) => a.get('trustCN')),
      deals: ags.filter((a) => a.get('deal')).length,
      retaliations: ags.filter((a) => a.get('retUntil') >= 0).length, retributions: ags.filter((a) => a.get('usrUntil') >= 0).length,
      tally: { ...this.tally },
    };
  }

  // ------------------------------------------------------------ tariffs and measures

  private refreshTariff(ag: A): void {
    const P = this.w.params;
    const base = ag.get('usBase'), recip = ag.get('usRecip'), spec = ag.get('usSpecific'), pun = ag.get('punitive');
    const deal = ag.get('deal'), paused = ag.get('paused');
    const sched = (recip > base ? recip : base) + spec + pun;
    let eff: number;
    if (deal) eff = ag.get('dealRate') + pun;
    else if (paused) {
      const cap = ag.get('pauseCap'), r = recip < cap ? recip : cap;
      eff = (r > base ? r : base) + spec + pun;
    } else eff = sched;
    const expected = paused && !deal ? eff + P.pauseRisk * (sched - eff) : eff;
    ag.set({
      usEff: this.R(eff),
      lossUS: this.R(tradeLoss(eff, P.elasticity, P.passThrough)),
      lossUSExp: this.R(tradeLoss(expected, P.elasticity, P.passThrough)),
      lossUSPen: this.R(tradeLoss(eff + ag.get('penalty'), P.elasticity, P.passThrough)),
    });
  }

  private refreshMeasures(ag: A): void {
    const P = this.w.params;
    let cnTariff = 0, cnLoss = 0, punitive = 0, retUntil = -1, usrUntil = -1, retByRule = false, usrByRule = false;
    for (const m of ag.get('measures') as Measure[]) {
      if (m.pole === 1) {
        cnTariff += m.rate * m.share;
        cnLoss += m.share * tradeLoss(m.rate, P.elasticity, P.passThrough);
        if (retUntil < 0 || m.until < retUntil) retUntil = m.until;
        if (m.rule) retByRule = true;
      } else {
        punitive += m.rate * m.share;
        if (usrUntil < 0 || m.until < usrUntil) usrUntil = m.until;
        if (m.rule) usrByRule = true;
      }
    }
    ag.set({ chinaTariff: this.R(cnTariff), chinaLoss: this.R(cnLoss < 1 ? cnLoss : 1), punitive: this.R(punitive), retUntil, usrUntil, retByRule, usrByRule });
    this.refreshTariff(ag);
  }

  private impose(ag: A, m: Measure): void {
    (ag.get('measures') as Measure[]).push(m);
    this.refreshMeasures(ag);
    const key = m.pole === 1 ? 'trustCN' : 'trustUS';
    const v = ag.get(key) - this.w.params.coercionTrustLoss * m.rate * m.share;
    ag.set(key, v > 0 ? v : 0);
  }

  private coerce(ag: A, rise: number): void {
    if (rise > 0) {
      const v = ag.get('trustUS') - this.w.params.coercionTrustLoss * rise;
      ag.set('trustUS', v > 0 ? v : 0);
    }
  }

  private offer(ag: A, t: number, rate: number, penalty: number, anti: boolean, expires: number): void {
    ag.set({ offerUntil: t + expires, offerRate: this.R(rate), offerPenalty: this.R(penalty), offerAnti: anti });
  }

  // ------------------------------------------------------------ phase 1: scheduled events

  private events(t: number): void {
    const w = this.w;
    let vol = 0;
    for (let e = w.eventStart[t]; e < w.eventStart[t + 1]; e++) vol += this.event(w.events[e], t);
    if (this.pauseUntil >= 0 && t >= this.pauseUntil) vol += this.resumeAll();
    this.usVolatility = vol / (w.n + 1);
  }

  private event(ev: CompiledEvent, t: number): number {
    const num = (x: Num | undefined, dflt: number): number => (x === undefined ? dflt : (x as number)); // numbers only (assertSupported)
    const targets = Array.from(ev.targets, (i) => this.agents[i]);
    let vol = 0;
    switch (ev.kind) {
      case EV.tariff: {
        const rate = num(ev.rate, 0) * num(ev.coverage, 1);
        if (ev.targetsPole) {
          if (ev.actor === 0) { vol += Math.abs(rate - this.tauUC); this.tauUC = rate; } else this.tauCU = rate;
          break;
        }
        const layer = ev.layer === 'baseline' ? 'usBase' : ev.layer === 'specific' ? 'usSpecific' : 'usRecip';
        for (const ag of targets) {
          const before = ag.get('usEff');
          ag.set(layer, this.R(rate));
          this.refreshTariff(ag);
          vol += Math.abs(ag.get('usEff') - before);
          this.coerce(ag, ag.get('usEff') - before);
        }
        break;
      }
      case EV.pause: {
        const cap = num(ev.rate, -1);
        for (const ag of targets) {
          if (ag.get('deal')) continue;
          const before = ag.get('usEff');
          ag.set({ paused: true, pauseCap: cap < 0 ? ag.get('usBase') : this.R(cap) });
          this.refreshTariff(ag);
          vol += Math.abs(ag.get('usEff') - before);
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
    for (const ag of this.env.getAgents()) {
      if (!ag.get('paused')) continue;
      const before = ag.get('usEff');
      ag.set('paused', false);
      this.refreshTariff(ag);
      vol += Math.abs(ag.get('usEff') - before);
      this.coerce(ag, ag.get('usEff') - before);
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
    for (const ag of this.env.getAgents()) {
      const ru = ag.get('retUntil'), uu = ag.get('usrUntil');
      if ((ru >= 0 && t >= ru) || (uu >= 0 && t >= uu)) this.liftEnded(ag, t);
      const a = ag.get('alignment'), a0 = ag.get('align0');
      // the China pole: a deal with anti-China clauses (one draw), or a move toward the US
      if (ag.get('antiChinaDeal') === 1) {
        ag.set('antiChinaDeal', 2);
        if (P.retEnabled === 1 && !ag.get('retByRule') && this.rng.next() < P.retOnDeal) { this.punish(ag, t, 1); imposedCN++; }
      } else if (P.retEnabled === 1 && !ag.get('retByRule') && (a - a0 > P.retThreshold || ag.get('ownTariff') - ag.get('ownTariff0') > P.retOwnTariff)) {
        if (this.rng.next() < pCN) { this.punish(ag, t, 1); imposedCN++; }
      }
      // the US pole: a joint statement with China (one draw), or a move toward China
      if (ag.get('newStatement')) {
        ag.set('newStatement', false);
        if (P.usRetEnabled === 1 && !ag.get('usrByRule') && this.rng.next() < P.usRetOnStatement) { this.punish(ag, t, 0); imposedUS++; }
      } else if (P.usRetEnabled === 1 && !ag.get('usrByRule') && (a0 - a > P.usRetThreshold || ag.get('suspicion') > 0.5)) {
        if (this.rng.next() < pUS) { this.punish(ag, t, 0); imposedUS++; }
      }
      // deals
      const ou = ag.get('offerUntil');
      if (ou >= 0 && t > ou) { ag.set({ offerUntil: -1, cooldownUntil: t + P.dealCooldown }); this.tally.deal_expired++; }
      const tu = ag.get('talksUntil');
      if (tu >= 0 && t >= tu) this.offerDeal(ag, t);
      if (P.dealEnabled === 1 && !ag.get('deal') && ag.get('offerUntil') < 0 && ag.get('talksUntil') < 0 && t >= ag.get('cooldownUntil') && a >= P.dealMinAlignment
        && (ag.get('crackdown') >= P.dealMinCrackdown - 0.005 || ag.get('q') <= P.dealMaxTransshipment) && ag.get('lossUSExp') > dealLoss) {
        if (P.dealNegotiation <= 0) this.offerDeal(ag, t);
        else { ag.set('talksUntil', t + P.dealNegotiation); this.tally.talks_started++; }
      }
    }
    this.credibility = this.credibility * (1 - P.credibilityDecay) + imposedCN;
    this.usCredibility = this.usCredibility * (1 - P.credibilityDecay) + imposedUS;
  }

  private liftEnded(ag: A, t: number): void {
    const kept: Measure[] = [];
    for (const m of ag.get('measures') as Measure[]) {
      if (m.until <= t) { if (m.pole === 1) this.tally.retaliation_lifted++; else this.tally.retribution_lifted++; } else kept.push(m);
    }
    ag.set('measures', kept);
    this.refreshMeasures(ag);
  }

  private punish(ag: A, t: number, pole: 0 | 1): void {
    const P = this.w.params;
    if (pole === 1) { this.impose(ag, { pole, rate: P.retRate, share: P.retShare, until: t + P.retDuration, rule: true }); this.tally.retaliation_imposed++; }
    else { this.impose(ag, { pole, rate: P.usRetRate, share: P.usRetShare, until: t + P.usRetDuration, rule: true }); this.tally.retribution_imposed++; }
  }

  private offerDeal(ag: A, t: number): void {
    const P = this.w.params;
    ag.set('talksUntil', -1);
    this.offer(ag, t, P.dealRate, P.dealPenalty, P.dealAntiChina === 1, P.dealExpires);
    this.tally.deal_offered++;
  }

  // ------------------------------------------------------------ phase 3: the decisions

  private partnersMean(ag: A): number {
    const partners: A[] = ag.get('partners'), weights: number[] | null = ag.get('weights');
    if (partners.length === 0) return ag.get('alignment');
    let acc = 0;
    if (weights) { for (let j = 0; j < partners.length; j++) acc += weights[j] * partners[j].get('alignment'); return acc; }
    for (const p of partners) acc += p.get('alignment');
    return acc / partners.length;
  }

  /** The coefficients of the alignment terms of the agent this step (spec.ts, alignment, lets), into this.L. */
  private alignmentCoefficients(ag: A): AlignmentCoefficients {
    const P = this.w.params, S = this.S, L = this.L;
    const tUS = ag.get('trustUS'), tCN = ag.get('trustCN'), eUS = ag.get('eUS'), eCN = ag.get('eCN'), mCN = ag.get('mCN'), o = ag.get('ownTariff');
    L.security = P.securityWeight * (ag.get('affUS') * tUS - ag.get('affCN') * tCN);
    L.promises = P.promiseWeight * 100 * (tUS * eUS * (1 - ag.get('lossUSExp')) - tCN * eCN * (1 - ag.get('chinaLoss')) * S.cnBonus);
    L.retaliation = S.riskRet * 100 * eCN * P.retShare * S.lossRet;
    L.retribution = S.riskUsr * 100 * eUS * P.usRetShare * S.lossUsr;
    L.dumping = P.dumpingWeight * 100 * mCN * (P.chinaUsShare * S.lossUC * P.diversion) * (1 - P.elasticity * o / (1 + P.elasticity * o));
    L.inducement = S.indOn * 100 * eCN * ag.get('inducement') * tCN;
    L.exportControls = S.ecOn * 100 * mCN * P.ecCost;
    L.hedging = P.hedgeValue * 100 * (eUS < eCN ? eUS : eCN) / (1 + P.bandShrink * (ag.get('usEff') + (S.pRet * P.retRate + S.pUsr * P.usRetRate)));
    L.peers = (ag.get('partners') as A[]).length > 0 ? P.peerWeight : 0;
    return L;
  }

  /** The value of alignment x (spec.ts, alignment, terms); `calibrating`: without the perceived risks and the commitment curvature. */
  private alignmentValue(ag: A, L: AlignmentCoefficients, x: number, abar: number, calibrating: boolean): number {
    const P = this.w.params, a0 = ag.get('align0');
    let u = ag.get('phi') * x + L.security * x + L.promises * x;
    if (!calibrating) {
      const suspicion = ag.get('suspicion');
      const retribution = smooth((a0 - x - P.usRetThreshold) / (2 * P.usRetWidth) + 0.5);
      u = u - L.retaliation * smooth((x - a0 - P.retThreshold) / (2 * P.retWidth) + 0.5)
        - L.retribution * (retribution < suspicion ? suspicion : retribution);
    }
    u = u - L.dumping * (1 - x) * 0.5 + L.inducement * (1 - x) * 0.5 - L.exportControls * (1 + x) * 0.5
      + L.hedging * (1 - x * x) - L.peers * (x - abar) * (x - abar);
    if (!calibrating) u = u - 0.5 * P.commitment * (x - a0) * (x - a0);
    return u;
  }

  /** Rerouting's net rent and the deal credit of a crackdown (spec.ts, crackdown, lets), into this.rent. */
  private crackdownCoefficients(ag: A): { net: number; credit: number } {
    const P = this.w.params, S = this.S, out = this.rent;
    const q = ag.get('q'), eUS = ag.get('eUS');
    const g = this.tauUC - ag.get('usEff'), gap = 0 < g ? g : 0;
    out.net = 100 * q * eUS * gap / (gap + P.transshipmentGapHalf) * (P.transshipmentMargin - P.detection * (ag.get('lossUSPen') - ag.get('lossUS')));
    const saving = ag.get('lossUSExp') - S.lossDeal;
    out.credit = ag.get('deal') ? 0
      : P.dealCredit * (q / (q + 0.05)) * ag.get('trustUS') * 100 * eUS * (0 < saving ? saving : 0) * gap / (gap + P.transshipmentGapHalf);
    return out;
  }

  /** The value of crackdown x (spec.ts, crackdown, terms). */
  private crackdownValue(ag: A, net: number, credit: number, x: number, calibrating: boolean): number {
    const P = this.w.params;
    const u = ag.get('psi') * x + net * (1 - x) + credit * x - P.enforcementCost * x;
    if (calibrating) return u;
    const k0 = ag.get('crackdown0');
    return u - 0.5 * P.crackdownCommitment * (x - k0) * (x - k0);
  }

  /** The dumping an own tariff would stop (spec.ts, own_tariff, lets: harm). */
  private ownTariffHarm(ag: A): number {
    const P = this.w.params, S = this.S;
    return P.dumpingWeight * 100 * ag.get('mCN') * (P.chinaUsShare * S.lossUC * P.diversion) * (1 - ag.get('alignment')) * 0.5;
  }

  /** The value of an own tariff x on Chinese goods (spec.ts, own_tariff, terms). */
  private ownTariffValue(ag: A, harm: number, x: number, calibrating: boolean): number {
    const P = this.w.params, S = this.S, eps = P.elasticity;
    let u = ag.get('chi') * x - harm * (1 - eps * x / (1 + eps * x)) - 100 * ag.get('mCN') * P.ownTariffCost * 0.5 * eps * x * x
      + P.usGoodwill * ag.get('trustUS') * 100 * ag.get('eUS') * x;
    if (!calibrating) {
      const o0 = ag.get('ownTariff0');
      u = u - S.riskRet * 100 * ag.get('eCN') * P.retShare * S.lossRet * smooth((x - o0 - P.retOwnTariff) / Math.max(P.retOwnTariff, 0.001) + 0.5)
        - 0.5 * P.ownTariffCommitment * (x - o0) * (x - o0);
    }
    return u;
  }

  // the three options: one step down (not below -1 or the floor), stay, one step up
  private alignmentOptions(a: number): [number, number, number] {
    const d = this.w.params.stepSize;
    return [a - d < -1 ? -1 : a - d, a, 1 < a + d ? 1 : a + d];
  }
  private crackdownOptions(ag: A): [number, number, number] {
    const k = ag.get('crackdown'), f = ag.get('crackdownFloor'), dk = this.w.params.crackdownStep;
    return [k - dk < f ? f : k - dk, k, 1 < k + dk ? 1 : k + dk];
  }
  private ownTariffOptions(ag: A): [number, number, number] {
    const P = this.w.params, o = ag.get('ownTariff'), f = ag.get('ownTariffFloor');
    const top = P.ownTariffMax < f ? f : P.ownTariffMax;
    return [o - P.ownTariffStep < f ? f : o - P.ownTariffStep, o, top < o + P.ownTariffStep ? top : o + P.ownTariffStep];
  }

  /** Step 0: the fixed effects that make the agent's start a resting point (see plain-objects.ts, calibrate). */
  private calibrate(ag: A): void {
    const abar = this.partnersMean(ag);
    ag.set({ phi: 0, psi: 0, chi: 0 });
    const L = this.alignmentCoefficients(ag);
    const [a0, , a2] = this.alignmentOptions(ag.get('alignment'));
    const { net, credit } = this.crackdownCoefficients(ag);
    const [k0, , k2] = this.crackdownOptions(ag);
    const harm = this.ownTariffHarm(ag);
    const [o0, , o2] = this.ownTariffOptions(ag);
    ag.set({
      phi: a2 > a0 ? -(this.alignmentValue(ag, L, a2, abar, true) - this.alignmentValue(ag, L, a0, abar, true)) / (a2 - a0) : 0,
      psi: k2 > k0 ? -(this.crackdownValue(ag, net, credit, k2, true) - this.crackdownValue(ag, net, credit, k0, true)) / (k2 - k0) : 0,
      chi: o2 > o0 ? -(this.ownTariffValue(ag, harm, o2, true) - this.ownTariffValue(ag, harm, o0, true)) / (o2 - o0) : 0,
    });
  }

  /** The tick rule: returns the new alignment, crackdown and own tariff (flocc sets them after all agents ticked). */
  private decide(ag: A): { alignment: number; crackdown: number; ownTariff: number } {
    const P = this.w.params, lam = P.rationality, mu = P.inertia, rng = this.rng, t = this.t;
    // trust recovers, less the US pole's volatility; the US pole's suspicion fades
    const tUS = ag.get('trustUS') + P.trustRecovery * (ag.get('trustUS0') - ag.get('trustUS')) - P.volatilityTrustLoss * this.usVolatility;
    const tUSAbove0 = tUS < 0 ? 0 : tUS;
    ag.set({
      trustUS: 1 < tUSAbove0 ? 1 : tUSAbove0,
      trustCN: ag.get('trustCN') + P.trustRecovery * (ag.get('trustCN0') - ag.get('trustCN')),
      suspicion: ag.get('suspicion') * (1 - P.credibilityDecay),
    });

    // alignment, against the partners' alignments of last step
    const a = ag.get('alignment'), abar = this.partnersMean(ag);
    const L = this.alignmentCoefficients(ag);
    const xa = this.alignmentOptions(a);
    const xA = xa[choose3(
      this.alignmentValue(ag, L, xa[0], abar, false) - P.adjustmentCost * (xa[0] - a) * (xa[0] - a),
      this.alignmentValue(ag, L, xa[1], abar, false),
      this.alignmentValue(ag, L, xa[2], abar, false) - P.adjustmentCost * (xa[2] - a) * (xa[2] - a),
      lam, rng.next())];
    const alignment = a + mu * (xA - a);

    // crackdown on transshipment
    const k = ag.get('crackdown'), kFloor = ag.get('crackdownFloor');
    const { net, credit } = this.crackdownCoefficients(ag);
    const xk = this.crackdownOptions(ag);
    const xK = xk[choose3(
      this.crackdownValue(ag, net, credit, xk[0], false) - P.crackdownCost * (xk[0] - k) * (xk[0] - k),
      this.crackdownValue(ag, net, credit, xk[1], false),
      this.crackdownValue(ag, net, credit, xk[2], false) - P.crackdownCost * (xk[2] - k) * (xk[2] - k),
      lam, rng.next())];
    const kMoved = k + mu * (xK - k), crackdown = kMoved < kFloor ? kFloor : kMoved;

    // own tariff on Chinese goods
    const o = ag.get('ownTariff'), oFloor = ag.get('ownTariffFloor'), harm = this.ownTariffHarm(ag);
    const xo = this.ownTariffOptions(ag);
    const xO = xo[choose3(
      this.ownTariffValue(ag, harm, xo[0], false) - P.ownTariffAdjustment * (xo[0] - o) * (xo[0] - o),
      this.ownTariffValue(ag, harm, xo[1], false),
      this.ownTariffValue(ag, harm, xo[2], false) - P.ownTariffAdjustment * (xo[2] - o) * (xo[2] - o),
      lam, rng.next())];
    const oMoved = o + mu * (xO - o), ownTariff = oMoved < oFloor ? oFloor : oMoved;

    if ((k < 0.5) !== (crackdown < 0.5)) { if (k < 0.5) this.tally.crackdown_up++; else this.tally.crackdown_down++; }
    // a pending deal, weighed before the crackdown and own tariff move
    if (ag.get('offerUntil') >= 0) this.pendingDeal(ag, t, rng.next());
    return { alignment, crackdown, ownTariff };
  }

  private pendingDeal(ag: A, t: number, draw: number): void {
    const P = this.w.params, S = this.S;
    const eUS = ag.get('eUS'), pun = ag.get('punitive'), rate = ag.get('offerRate');
    const lOffer = tradeLoss(rate + pun, P.elasticity, P.passThrough);
    const saving = ag.get('trustUS') * 100 * eUS * (ag.get('lossUSExp') - lOffer);
    const anti = ag.get('offerAnti') && ag.get('antiChinaDeal') === 0 ? P.retOnDeal * 100 * ag.get('eCN') * P.retShare * S.lossRet : 0;
    const lPen = tradeLoss(rate + pun + ag.get('offerPenalty'), P.elasticity, P.passThrough);
    const clause = P.detection * 100 * ag.get('q') * eUS * (1 - ag.get('crackdown')) * (lPen - lOffer);
    if (acceptDeal(saving - anti - clause, P.rationality, draw)) {
      if (ag.get('deal')) this.tally.deal_renegotiated++; else this.tally.deal_accepted++;
      const tr = ag.get('trustUS') + P.dealTrust;
      ag.set({ deal: true, dealRate: rate, penalty: ag.get('offerPenalty'), paused: false, offerUntil: -1, trustUS: tr < 0 ? 0 : tr > 1 ? 1 : tr });
      if (ag.get('offerAnti') && ag.get('antiChinaDeal') === 0) ag.set('antiChinaDeal', 1);
      this.refreshTariff(ag);
    } else if (ag.get('offerUntil') === t) {
      ag.set({ offerUntil: -1, cooldownUntil: t + P.dealCooldown });
      this.tally.deal_refused++;
    }
  }
}
