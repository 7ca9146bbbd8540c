/**
 * Peer: the hedging model written with the `flocc` agent-based modelling library
 * (npm, flocc 0.7): one flocc Agent per country holding its fields as agent data
 * (agent.get / agent.set), an Environment that ticks the agents, and flocc's
 * synchronous update for the decisions (the tick rule returns the new alignment
 * and crackdown, which flocc applies after every agent has ticked: the engine's
 * double buffer).
 *
 * Same model, same phases, same random stream and the same arithmetic in the same
 * order as the engine, so it gives the same numbers (test/bench/agreement.test.ts).
 * Partners are a list of agents in each agent's data: flocc's Network keeps a dense
 * n x n adjacency matrix rebuilt on every addAgent (O(n^3) to build), which cannot
 * hold a 10,000-country world. Scheduled events must have numeric values.
 */
import flocc from 'flocc';
import type { Agent as FAgent, Environment as FEnvironment } from 'flocc';
import type { World, CompiledEvent, Num } from '../../sim/world/world.ts';
import { EV } from '../../sim/world/world.ts';
import { Rng } from '../../sim/rng.ts';
import { softStep, tradeLoss, logit3, logit2 } from '../../sim/model/math.ts';
import { stepScalars } from '../../sim/model/utility.ts';
import type { PeerResult } from './plain-objects.ts';

const { Agent, Environment } = flocc as unknown as { Agent: typeof FAgent; Environment: typeof FEnvironment };
type A = FAgent;

export class FloccModel {
  env: FEnvironment;
  agents: A[];
  rng: Rng;
  tauUC: number; tauCU = 0; credibility = 0; ecActive: number; indActive: number; usVolatility = 0; pauseUntil = -1;
  S = { pRet: 0, riskRet: 0, lossRet: 0, lossUC: 0, lossDeal: 0, indOn: 0, ecOn: 0 };
  t = 0;
  /** the engine keeps rates and losses in Float32Array in synthetic worlds (sim/model/state.ts): the same rounding here */
  private R: (x: number) => number;

  constructor(private w: World, seed = w.seed) {
    if (w.timeParams.length) throw new Error('the flocc peer does not support parameters that vary with time');
    this.rng = new Rng(seed);
    this.R = w.usBase0 instanceof Float32Array ? Math.fround : (x: number) => x;
    const P = w.params;
    this.env = new Environment();
    this.agents = [];
    for (let i = 0; i < w.n; i++) {
      const ag = new Agent({
        eUS: w.eUS[i], eCN: w.eCN[i], mCN: w.mCN[i], q: w.q[i], affUS: w.affUS[i], affCN: w.affCN[i], hedgeExp: w.hedgeExp[i],
        trustUS0: w.trustUS0[i], trustCN0: w.trustCN0[i],
        alignment: w.align0[i], crackdown: 0, kFloor: 0, trustUS: w.trustUS0[i], trustCN: w.trustCN0[i],
        usBase: w.usBase0[i], usRecip: w.usRecip0[i], usSpecific: w.usSpecific0[i], paused: false,
        usEff: 0, usExp: 0, lossUS: 0, lossUSExp: 0, lossUSPen: 0,
        deal: false, dealRate: 0, dealSince: -1, penalty: this.R(P.transshipmentPenalty), antiDeal: 0,
        offerUntil: -1, offerRate: 0, offerPenalty: 0, offerAnti: false, cooldownUntil: 0,
        retRate: 0, retShare: 0, retUntil: -1,
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
    this.tauUC = w.tauUC0; this.tauCU = w.tauCU0; this.ecActive = P.ecActive; this.indActive = P.indEnabled;
  }

  run(steps = this.w.steps): PeerResult {
    for (const ag of this.env.getAgents()) this.refresh(ag);
    this.events(0);
    this.scalars();
    for (let t = 1; t <= steps; t++) {
      this.t = t;
      this.events(t);
      this.poleRules(t);
      this.scalars();
      this.env.tick({ randomizeOrder: false });
    }
    const ags = this.env.getAgents();
    return {
      alignment: Float64Array.from(ags, (a) => a.get('alignment')), crackdown: Float64Array.from(ags, (a) => a.get('crackdown')),
      trustUS: Float64Array.from(ags, (a) => a.get('trustUS')),
      deals: ags.filter((a) => a.get('deal')).length, retaliations: ags.filter((a) => a.get('retUntil') >= 0).length,
    };
  }

  private refresh(ag: A): void {
    const P = this.w.params;
    const base = ag.get('usBase'), recip = ag.get('usRecip'), spec = ag.get('usSpecific');
    const deal = ag.get('deal'), paused = ag.get('paused');
    const sched = (recip > base ? recip : base) + spec;
    const eff = deal ? ag.get('dealRate') + spec : paused ? base + spec : sched;
    const exp = paused && !deal ? eff + P.pauseRisk * (sched - eff) : eff;
    ag.set('usEff', this.R(eff));
    ag.set('usExp', exp);
    ag.set('lossUS', this.R(tradeLoss(eff, P.elasticity, P.passThrough)));
    ag.set('lossUSExp', this.R(tradeLoss(exp, P.elasticity, P.passThrough)));
    ag.set('lossUSPen', this.R(tradeLoss(eff + ag.get('penalty'), P.elasticity, P.passThrough)));
  }

  private coerce(ag: A, rise: number): void {
    if (rise > 0) {
      const v = ag.get('trustUS') - this.w.params.coercionTrustLoss * rise;
      ag.set('trustUS', v > 0 ? v : 0);
    }
  }

  private retaliate(ag: A, rate: number, share: number, until: number): void {
    ag.set({ retRate: this.R(rate), retShare: this.R(share), retUntil: until });
    const v = ag.get('trustCN') - this.w.params.coercionTrustLoss * rate * share;
    ag.set('trustCN', v > 0 ? v : 0);
  }

  private offer(ag: A, t: number, rate: number, penalty: number, anti: boolean, expires: number): void {
    ag.set({ offerUntil: t + expires, offerRate: this.R(rate), offerPenalty: this.R(penalty), offerAnti: anti });
  }

  private resumeAll(): number {
    let vol = 0;
    for (const ag of this.env.getAgents()) {
      if (!ag.get('paused')) continue;
      const before = ag.get('usEff');
      ag.set('paused', false);
      this.refresh(ag);
      vol += Math.abs(ag.get('usEff') - before);
      this.coerce(ag, ag.get('usEff') - before);
    }
    this.pauseUntil = -1;
    return vol;
  }

  private events(t: number): void {
    const w = this.w;
    let vol = 0;
    for (let e = w.eventStart[t]; e < w.eventStart[t + 1]; e++) vol += this.event(w.events[e], t);
    if (this.pauseUntil >= 0 && t >= this.pauseUntil) vol += this.resumeAll();
    this.usVolatility = vol / (w.n + 1);
  }

  private event(ev: CompiledEvent, t: number): number {
    const P = this.w.params;
    const num = (x: Num | undefined, dflt: number): number => {
      if (x === undefined) return dflt;
      if (typeof x !== 'number') throw new Error('the flocc peer does not support event values that vary with time');
      return x;
    };
    const targets = Array.from(ev.targets, (i) => this.agents[i]);
    let vol = 0;
    switch (ev.kind) {
      case EV.tariff: {
        const rate = num(ev.rate, 0) * num(ev.coverage, 1);
        if (ev.targetsPole) {
          if (ev.actor === 0) { vol += Math.abs(rate - this.tauUC); this.tauUC = rate; } else this.tauCU = rate;
          break;
        }
        const key = ev.layer === 'baseline' ? 'usBase' : ev.layer === 'specific' ? 'usSpecific' : 'usRecip';
        for (const ag of targets) {
          const before = ag.get('usEff');
          ag.set(key, this.R(rate));
          this.refresh(ag);
          vol += Math.abs(ag.get('usEff') - before);
          this.coerce(ag, ag.get('usEff') - before);
        }
        break;
      }
      case EV.pause:
        for (const ag of targets) {
          const before = ag.get('usEff');
          ag.set('paused', true);
          this.refresh(ag);
          vol += Math.abs(ag.get('usEff') - before);
        }
        this.pauseUntil = ev.duration ? t + ev.duration : -1;
        break;
      case EV.resume:
        vol += this.resumeAll();
        break;
      case EV.retaliation: {
        const rate = num(ev.rate, P.retRate), share = num(ev.share, P.retShare);
        const until = ev.duration === 0 ? this.w.steps + 1 : t + (ev.duration ?? P.retDuration);
        for (const ag of targets) this.retaliate(ag, rate, share, until);
        this.credibility += 1;
        break;
      }
      case EV.deal_offer: {
        const rate = num(ev.rate, P.dealRate), pen = num(ev.penalty, P.dealPenalty);
        for (const ag of targets) if (!ag.get('deal')) this.offer(ag, t, rate, pen, ev.antiChina ?? !!P.dealAntiChina, ev.expires ?? P.dealExpires);
        break;
      }
      case EV.visit: {
        const d = (ev.trust ?? 10) / 100, key = ev.actor === 1 ? 'trustCN' : 'trustUS';
        for (const ag of targets) ag.set(key, Math.min(1, Math.max(0, ag.get(key) + d)));
        break;
      }
      case EV.crackdown: {
        const level = num(ev.level, 0.5);
        for (const ag of targets) { ag.set('kFloor', level); if (ag.get('crackdown') < level) ag.set('crackdown', level); }
        break;
      }
      case EV.threat: this.credibility += ev.value ?? 1; break;
      case EV.export_control: this.ecActive = ev.active ? 1 : 0; break;
      case EV.inducement: this.indActive = ev.active ? 1 : 0; break;
    }
    return vol;
  }

  private poleRules(t: number): void {
    const P = this.w.params;
    const until = t + P.retDuration;
    let imposed = 0;
    for (const ag of this.env.getAgents()) {
      const ru = ag.get('retUntil');
      if (ru >= 0 && t >= ru) ag.set({ retUntil: -1, retRate: 0, retShare: 0 });
      if (ag.get('antiDeal') === 1) {
        ag.set('antiDeal', 2);
        if (P.retEnabled === 1 && ag.get('retUntil') < 0 && this.rng.next() < P.retOnDeal) { this.retaliate(ag, P.retRate, P.retShare, until); imposed++; }
      } else if (P.retEnabled === 1 && ag.get('retUntil') < 0 && ag.get('alignment') > P.retThreshold) {
        if (this.rng.next() < P.retProbability) { this.retaliate(ag, P.retRate, P.retShare, until); imposed++; }
      }
      const ou = ag.get('offerUntil');
      if (ou >= 0 && t > ou) ag.set({ offerUntil: -1, cooldownUntil: t + P.dealCooldown });
      if (P.dealEnabled === 1 && !ag.get('deal') && ag.get('offerUntil') < 0 && t >= ag.get('cooldownUntil')
        && ag.get('alignment') >= P.dealMinAlignment && (ag.get('crackdown') >= P.dealMinCrackdown - 0.005 || ag.get('q') <= P.dealMaxTransshipment)
        && ag.get('lossUSExp') > tradeLoss(P.dealRate, P.elasticity, P.passThrough)) {
        this.offer(ag, t, P.dealRate, P.dealPenalty, P.dealAntiChina === 1, P.dealExpires);
      }
      const tu = ag.get('trustUS') + P.trustRecovery * (ag.get('trustUS0') - ag.get('trustUS')) - P.volatilityTrustLoss * this.usVolatility;
      ag.set('trustUS', tu < 0 ? 0 : tu > 1 ? 1 : tu);
      ag.set('trustCN', ag.get('trustCN') + P.trustRecovery * (ag.get('trustCN0') - ag.get('trustCN')));
    }
    this.credibility = this.credibility * (1 - P.credibilityDecay) + imposed;
  }

  /** World-level scalars of the step: the engine's own function (the peers re-implement the per-country work). */
  private scalars(): void {
    stepScalars(this.w.params, this, this.S);
  }


  private utility(ag: A, x: number): number {
    const P = this.w.params, S = this.S;
    const tUS = ag.get('trustUS'), tCN = ag.get('trustCN'), eCN = ag.get('eCN'), mCN = ag.get('mCN');
    const sUS = P.securityWeight * ag.get('affUS') * tUS, sCN = P.securityWeight * ag.get('affCN') * tCN;
    const pUS = P.promiseWeight * 100 * tUS * ag.get('eUS'), pCN = P.promiseWeight * 100 * tCN * eCN;
    const ret = S.riskRet * 100 * eCN * P.retShare * S.lossRet;
    const dump = P.dumpingWeight * 100 * mCN * P.chinaUsShare * S.lossUC * P.diversion;
    const ind = S.indOn * 100 * eCN * P.indGain * tCN;
    const ec = S.ecOn * 100 * mCN * P.ecCost;
    const hedge = P.hedgeValue * 100 * ag.get('hedgeExp');
    return (x > 0 ? (sUS + pUS) * x : -(sCN + pCN) * x)
      - ret * softStep(x, P.retThreshold, P.retWidth)
      - dump * (1 - x) * 0.5
      + ind * (1 - softStep(x, P.indMaxAlignment, P.retWidth))
      - ec * softStep(x, P.ecThreshold, P.retWidth)
      + hedge * (1 - x * x);
  }

  /** The tick rule: returns the new alignment and crackdown (applied after all agents ticked). */
  private decide(ag: A): { alignment: number; crackdown: number } {
    const P = this.w.params, S = this.S, t = this.t;
    const a = ag.get('alignment'), d = P.stepSize;
    const partners: A[] = ag.get('partners'), weights: number[] | null = ag.get('weights');
    let abar = a;
    if (partners.length > 0) {
      let acc = 0;
      if (weights) { for (let j = 0; j < partners.length; j++) acc += weights[j] * partners[j].get('alignment'); abar = acc; }
      else { for (const p of partners) acc += p.get('alignment'); abar = acc / partners.length; }
    }
    const pw = partners.length > 0 ? P.peerWeight : 0;
    const x0 = a - d < -1 ? -1 : a - d;
    const x2 = a + d > 1 ? 1 : a + d;
    const u0 = this.utility(ag, x0) - pw * (x0 - abar) * (x0 - abar) - P.adjustmentCost * (x0 - a) * (x0 - a);
    const u1 = this.utility(ag, a) - pw * (a - abar) * (a - abar);
    const u2 = this.utility(ag, x2) - pw * (x2 - abar) * (x2 - abar) - P.adjustmentCost * (x2 - a) * (x2 - a);
    const pick = logit3(u0, u1, u2, P.rationality, this.rng.next());
    const x = pick === 0 ? x0 : pick === 1 ? a : x2;
    const alignment = a + P.inertia * (x - a);
    const k = ag.get('crackdown'), f = ag.get('kFloor'), kc = P.crackdownCost;
    const q = ag.get('q'), eUS = ag.get('eUS'), tUS = ag.get('trustUS');
    const gap = this.tauUC - ag.get('usEff');
    const rent = 100 * q * eUS * P.transshipmentMargin * (gap > 0 ? gap : 0);
    const risk = P.detection * 100 * q * eUS * (ag.get('lossUSPen') - ag.get('lossUS'));
    const gain = ag.get('lossUSExp') - S.lossDeal;
    const credit = ag.get('deal') ? 0 : P.dealCredit * (q / (q + 0.05)) * tUS * 100 * eUS * (gain > 0 ? gain : 0);
    const keep = rent - risk, earn = credit - P.enforcementCost;
    const c1 = 0.5 * (f + 1);
    const v0 = keep * (1 - f) + earn * f - kc * (f - k) * (f - k);
    const v1 = keep * (1 - c1) + earn * c1 - kc * (c1 - k) * (c1 - k);
    const v2 = earn - kc * (1 - k) * (1 - k);
    const kp = logit3(v0, v1, v2, P.rationality, this.rng.next());
    const target = kp === 0 ? f : kp === 1 ? c1 : 1;
    const kn = k + P.inertia * (target - k);
    const crackdown = kn < f ? f : kn;
    if (ag.get('offerUntil') >= 0) {
      const spec = ag.get('usSpecific'), rate = ag.get('offerRate');
      const lOffer = tradeLoss(rate + spec, P.elasticity, P.passThrough);
      const saving = tUS * 100 * eUS * (ag.get('lossUSExp') - lOffer);
      const anti = ag.get('offerAnti') ? P.retOnDeal * 100 * ag.get('eCN') * P.retShare * S.lossRet : 0;
      const lPen = tradeLoss(rate + spec + ag.get('offerPenalty'), P.elasticity, P.passThrough);
      const clause = P.detection * 100 * q * eUS * (1 - k) * (lPen - lOffer);
      if (logit2(0, saving - anti - clause, P.rationality, this.rng.next()) === 1) {
        ag.set({ deal: true, dealRate: rate, dealSince: t, penalty: ag.get('offerPenalty'), paused: false, offerUntil: -1 });
        if (ag.get('offerAnti')) ag.set('antiDeal', 1);
        this.refresh(ag);
      } else if (ag.get('offerUntil') === t) {
        ag.set({ offerUntil: -1, cooldownUntil: t + P.dealCooldown });
      }
    }
    return { alignment, crackdown };
  }
}
