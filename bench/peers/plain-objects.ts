/**
 * Peer: the hedging model written the way most agent-based models are written in
 * JavaScript: an array of country objects, each with its own fields and a list of
 * partner objects; the step loops over the objects and calls small functions.
 *
 * Same model as the engine (sim/model/*.ts, equations in sim/model/utility.ts),
 * same phases in the same order (scheduled events, the poles' rules and trust, the
 * decisions, swap), the same random stream (sim/rng.ts, same seed, same draws in the
 * same order) and the same arithmetic in the same order, so it gives the same numbers
 * (test/bench/agreement.test.ts). It takes the compiled World as input: the world
 * generator and the compiler are shared, the step is what is compared. Scheduled
 * events must have numeric values (no expressions of time).
 */
import type { World, CompiledEvent, Num } from '../../sim/world/world.ts';
import { EV } from '../../sim/world/world.ts';
import { Rng } from '../../sim/rng.ts';
import { softStep, tradeLoss, logit3, logit2 } from '../../sim/model/math.ts';
import { stepScalars } from '../../sim/model/utility.ts';

interface Country {
  eUS: number; eCN: number; mCN: number; q: number; affUS: number; affCN: number; hedgeExp: number;
  trustUS0: number; trustCN0: number;
  alignment: number; nextAlignment: number; crackdown: number; nextCrackdown: number; kFloor: number;
  trustUS: number; trustCN: number;
  usBase: number; usRecip: number; usSpecific: number; paused: boolean;
  usEff: number; usExp: number; lossUS: number; lossUSExp: number; lossUSPen: number;
  deal: boolean; dealRate: number; dealSince: number; penalty: number; antiDeal: number;
  offerUntil: number; offerRate: number; offerPenalty: number; offerAnti: boolean; cooldownUntil: number;
  retRate: number; retShare: number; retUntil: number;
  partners: Country[]; weights: number[] | null;
}

interface Scalars { pRet: number; riskRet: number; lossRet: number; lossUC: number; lossDeal: number; indOn: number; ecOn: number }

export interface PeerResult { alignment: Float64Array; crackdown: Float64Array; trustUS: Float64Array; deals: number; retaliations: number }

export class PlainObjectsModel {
  countries: Country[] = [];
  tauUC = 0; tauCU = 0; credibility = 0; ecActive = 0; indActive = 0; usVolatility = 0; pauseUntil = -1;
  rng: Rng;
  /** the engine keeps rates and losses in Float32Array in synthetic worlds (sim/model/state.ts): the same rounding here */
  private R: (x: number) => number;
  private S: Scalars = { pRet: 0, riskRet: 0, lossRet: 0, lossUC: 0, lossDeal: 0, indOn: 0, ecOn: 0 };

  constructor(private w: World, seed = w.seed) {
    if (w.timeParams.length) throw new Error('the plain-objects peer does not support parameters that vary with time');
    this.rng = new Rng(seed);
    this.R = w.usBase0 instanceof Float32Array ? Math.fround : (x: number) => x;
    const P = w.params;
    for (let i = 0; i < w.n; i++) {
      this.countries.push({
        eUS: w.eUS[i], eCN: w.eCN[i], mCN: w.mCN[i], q: w.q[i], affUS: w.affUS[i], affCN: w.affCN[i], hedgeExp: w.hedgeExp[i],
        trustUS0: w.trustUS0[i], trustCN0: w.trustCN0[i],
        alignment: w.align0[i], nextAlignment: 0, crackdown: 0, nextCrackdown: 0, kFloor: 0,
        trustUS: w.trustUS0[i], trustCN: w.trustCN0[i],
        usBase: w.usBase0[i], usRecip: w.usRecip0[i], usSpecific: w.usSpecific0[i], paused: false,
        usEff: 0, usExp: 0, lossUS: 0, lossUSExp: 0, lossUSPen: 0,
        deal: false, dealRate: 0, dealSince: -1, penalty: this.R(P.transshipmentPenalty), antiDeal: 0,
        offerUntil: -1, offerRate: 0, offerPenalty: 0, offerAnti: false, cooldownUntil: 0,
        retRate: 0, retShare: 0, retUntil: -1,
        partners: [], weights: null,
      });
    }
    for (let i = 0; i < w.n; i++) {
      const c = this.countries[i];
      for (let j = w.linkStart[i]; j < w.linkStart[i + 1]; j++) c.partners.push(this.countries[w.linkTo[j]]);
      if (w.linkW) c.weights = Array.from(w.linkW.subarray(w.linkStart[i], w.linkStart[i + 1]));
    }
    this.tauUC = w.tauUC0; this.tauCU = w.tauCU0; this.ecActive = P.ecActive; this.indActive = P.indEnabled;
  }

  /** Step 0 (events dated on the start) and steps 1..steps. */
  run(steps = this.w.steps): PeerResult {
    for (const c of this.countries) this.refresh(c);
    this.events(0);
    this.scalars();
    for (let t = 1; t <= steps; t++) this.step(t);
    return this.result();
  }

  step(t: number): void {
    this.events(t);
    this.poleRules(t);
    this.scalars();
    for (const c of this.countries) this.decide(c, t);
    for (const c of this.countries) { c.alignment = c.nextAlignment; c.crackdown = c.nextCrackdown; }
  }

  result(): PeerResult {
    const cs = this.countries;
    return {
      alignment: Float64Array.from(cs, (c) => c.alignment), crackdown: Float64Array.from(cs, (c) => c.crackdown),
      trustUS: Float64Array.from(cs, (c) => c.trustUS),
      deals: cs.filter((c) => c.deal).length, retaliations: cs.filter((c) => c.retUntil >= 0).length,
    };
  }

  private refresh(c: Country): void {
    const P = this.w.params;
    const sched = (c.usRecip > c.usBase ? c.usRecip : c.usBase) + c.usSpecific;
    let eff: number;
    if (c.deal) eff = c.dealRate + c.usSpecific;
    else if (c.paused) eff = c.usBase + c.usSpecific;
    else eff = sched;
    c.usEff = this.R(eff);
    c.usExp = c.paused && !c.deal ? eff + P.pauseRisk * (sched - eff) : eff;
    c.lossUS = this.R(tradeLoss(eff, P.elasticity, P.passThrough));
    c.lossUSExp = this.R(tradeLoss(c.usExp, P.elasticity, P.passThrough));
    c.lossUSPen = this.R(tradeLoss(eff + c.penalty, P.elasticity, P.passThrough));
  }

  private coerce(c: Country, rise: number): void {
    if (rise > 0) {
      const v = c.trustUS - this.w.params.coercionTrustLoss * rise;
      c.trustUS = v > 0 ? v : 0;
    }
  }

  private retaliate(c: Country, rate: number, share: number, until: number): void {
    c.retRate = this.R(rate); c.retShare = this.R(share); c.retUntil = until;
    const v = c.trustCN - this.w.params.coercionTrustLoss * rate * share;
    c.trustCN = v > 0 ? v : 0;
  }

  private offer(c: Country, t: number, rate: number, penalty: number, anti: boolean, expires: number): void {
    c.offerUntil = t + expires; c.offerRate = this.R(rate); c.offerPenalty = this.R(penalty); c.offerAnti = anti;
  }

  private resumeAll(): number {
    let vol = 0;
    for (const c of this.countries) {
      if (!c.paused) continue;
      const before = c.usEff;
      c.paused = false;
      this.refresh(c);
      vol += Math.abs(c.usEff - before);
      this.coerce(c, c.usEff - before);
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
      if (typeof x !== 'number') throw new Error('the plain-objects peer does not support event values that vary with time');
      return x;
    };
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
          this.refresh(c);
          vol += Math.abs(c.usEff - before);
          this.coerce(c, c.usEff - before);
        }
        break;
      }
      case EV.pause:
        for (const c of targets) {
          const before = c.usEff;
          c.paused = true;
          this.refresh(c);
          vol += Math.abs(c.usEff - before);
        }
        this.pauseUntil = ev.duration ? t + ev.duration : -1;
        break;
      case EV.resume:
        vol += this.resumeAll();
        break;
      case EV.retaliation: {
        const rate = num(ev.rate, P.retRate), share = num(ev.share, P.retShare);
        const until = ev.duration === 0 ? this.w.steps + 1 : t + (ev.duration ?? P.retDuration);
        for (const c of targets) this.retaliate(c, rate, share, until);
        this.credibility += 1;
        break;
      }
      case EV.deal_offer: {
        const rate = num(ev.rate, P.dealRate), pen = num(ev.penalty, P.dealPenalty);
        for (const c of targets) if (!c.deal) this.offer(c, t, rate, pen, ev.antiChina ?? !!P.dealAntiChina, ev.expires ?? P.dealExpires);
        break;
      }
      case EV.visit: {
        const d = (ev.trust ?? 10) / 100;
        for (const c of targets) {
          if (ev.actor === 1) c.trustCN = Math.min(1, Math.max(0, c.trustCN + d));
          else c.trustUS = Math.min(1, Math.max(0, c.trustUS + d));
        }
        break;
      }
      case EV.crackdown: {
        const level = num(ev.level, 0.5);
        for (const c of targets) { c.kFloor = level; if (c.crackdown < level) c.crackdown = level; }
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
    for (const c of this.countries) {
      if (c.retUntil >= 0 && t >= c.retUntil) { c.retUntil = -1; c.retRate = 0; c.retShare = 0; }
      if (c.antiDeal === 1) {
        c.antiDeal = 2;
        if (P.retEnabled === 1 && c.retUntil < 0 && this.rng.next() < P.retOnDeal) { this.retaliate(c, P.retRate, P.retShare, until); imposed++; }
      } else if (P.retEnabled === 1 && c.retUntil < 0 && c.alignment > P.retThreshold) {
        if (this.rng.next() < P.retProbability) { this.retaliate(c, P.retRate, P.retShare, until); imposed++; }
      }
      if (c.offerUntil >= 0 && t > c.offerUntil) { c.offerUntil = -1; c.cooldownUntil = t + P.dealCooldown; }
      if (P.dealEnabled === 1 && !c.deal && c.offerUntil < 0 && t >= c.cooldownUntil && c.alignment >= P.dealMinAlignment
        && (c.crackdown >= P.dealMinCrackdown - 0.005 || c.q <= P.dealMaxTransshipment) && c.lossUSExp > tradeLoss(P.dealRate, P.elasticity, P.passThrough)) {
        this.offer(c, t, P.dealRate, P.dealPenalty, P.dealAntiChina === 1, P.dealExpires);
      }
      const tu = c.trustUS + P.trustRecovery * (c.trustUS0 - c.trustUS) - P.volatilityTrustLoss * this.usVolatility;
      c.trustUS = tu < 0 ? 0 : tu > 1 ? 1 : tu;
      c.trustCN += P.trustRecovery * (c.trustCN0 - c.trustCN);
    }
    this.credibility = this.credibility * (1 - P.credibilityDecay) + imposed;
  }

  /** World-level scalars of the step: the engine's own function (the peers re-implement the per-country work). */
  private scalars(): void {
    stepScalars(this.w.params, this, this.S);
  }


  /** U(x) without peers and adjustment (utility.ts alignUtility), from the country's fields. */
  private utility(c: Country, x: number): number {
    const P = this.w.params, S = this.S;
    const sUS = P.securityWeight * c.affUS * c.trustUS, sCN = P.securityWeight * c.affCN * c.trustCN;
    const pUS = P.promiseWeight * 100 * c.trustUS * c.eUS, pCN = P.promiseWeight * 100 * c.trustCN * c.eCN;
    const ret = S.riskRet * 100 * c.eCN * P.retShare * S.lossRet;
    const dump = P.dumpingWeight * 100 * c.mCN * P.chinaUsShare * S.lossUC * P.diversion;
    const ind = S.indOn * 100 * c.eCN * P.indGain * c.trustCN;
    const ec = S.ecOn * 100 * c.mCN * P.ecCost;
    const hedge = P.hedgeValue * 100 * c.hedgeExp;
    return (x > 0 ? (sUS + pUS) * x : -(sCN + pCN) * x)
      - ret * softStep(x, P.retThreshold, P.retWidth)
      - dump * (1 - x) * 0.5
      + ind * (1 - softStep(x, P.indMaxAlignment, P.retWidth))
      - ec * softStep(x, P.ecThreshold, P.retWidth)
      + hedge * (1 - x * x);
  }

  private peerMean(c: Country): number {
    const ps = c.partners;
    if (ps.length === 0) return c.alignment;
    let acc = 0;
    if (c.weights) { for (let j = 0; j < ps.length; j++) acc += c.weights[j] * ps[j].alignment; return acc; }
    for (const p of ps) acc += p.alignment;
    return acc / ps.length;
  }

  private decide(c: Country, t: number): void {
    const P = this.w.params, S = this.S;
    const a = c.alignment, d = P.stepSize;
    const abar = this.peerMean(c);
    const pw = c.partners.length > 0 ? P.peerWeight : 0;
    const x0 = a - d < -1 ? -1 : a - d;
    const x2 = a + d > 1 ? 1 : a + d;
    const u0 = this.utility(c, x0) - pw * (x0 - abar) * (x0 - abar) - P.adjustmentCost * (x0 - a) * (x0 - a);
    const u1 = this.utility(c, a) - pw * (a - abar) * (a - abar);
    const u2 = this.utility(c, x2) - pw * (x2 - abar) * (x2 - abar) - P.adjustmentCost * (x2 - a) * (x2 - a);
    const pick = logit3(u0, u1, u2, P.rationality, this.rng.next());
    const x = pick === 0 ? x0 : pick === 1 ? a : x2;
    c.nextAlignment = a + P.inertia * (x - a);
    // crackdown
    const k = c.crackdown, f = c.kFloor, kc = P.crackdownCost;
    const gap = this.tauUC - c.usEff;
    const rent = 100 * c.q * c.eUS * P.transshipmentMargin * (gap > 0 ? gap : 0);
    const risk = P.detection * 100 * c.q * c.eUS * (c.lossUSPen - c.lossUS);
    const gain = c.lossUSExp - S.lossDeal;
    const credit = c.deal ? 0 : P.dealCredit * (c.q / (c.q + 0.05)) * c.trustUS * 100 * c.eUS * (gain > 0 ? gain : 0);
    const keep = rent - risk, earn = credit - P.enforcementCost;
    const c1 = 0.5 * (f + 1);
    const v0 = keep * (1 - f) + earn * f - kc * (f - k) * (f - k);
    const v1 = keep * (1 - c1) + earn * c1 - kc * (c1 - k) * (c1 - k);
    const v2 = earn - kc * (1 - k) * (1 - k);
    const kp = logit3(v0, v1, v2, P.rationality, this.rng.next());
    const target = kp === 0 ? f : kp === 1 ? c1 : 1;
    const kn = k + P.inertia * (target - k);
    c.nextCrackdown = kn < f ? f : kn;
    // a pending deal
    if (c.offerUntil >= 0) {
      const lOffer = tradeLoss(c.offerRate + c.usSpecific, P.elasticity, P.passThrough);
      const saving = c.trustUS * 100 * c.eUS * (c.lossUSExp - lOffer);
      const anti = c.offerAnti ? P.retOnDeal * 100 * c.eCN * P.retShare * S.lossRet : 0;
      const lPen = tradeLoss(c.offerRate + c.usSpecific + c.offerPenalty, P.elasticity, P.passThrough);
      const clause = P.detection * 100 * c.q * c.eUS * (1 - c.crackdown) * (lPen - lOffer);
      if (logit2(0, saving - anti - clause, P.rationality, this.rng.next()) === 1) {
        c.deal = true; c.dealRate = c.offerRate; c.dealSince = t; c.penalty = c.offerPenalty; c.paused = false;
        if (c.offerAnti) c.antiDeal = 1;
        c.offerUntil = -1;
        this.refresh(c);
      } else if (c.offerUntil === t) {
        c.offerUntil = -1;
        c.cooldownUntil = t + P.dealCooldown;
      }
    }
  }
}
