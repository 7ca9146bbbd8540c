/**
 * Phase 1 of a step: the scheduled events of the timeline (tariff schedules, pause
 * and resume, scheduled retaliation, deal offers, visits, crackdown commitments,
 * threats, export controls, inducements).
 */
import { EV, type CompiledEvent, type Num, type World } from '../world/world.ts';
import type { State } from './state.ts';
import type { EventSink } from './log.ts';
import { refreshTariff } from './utility.ts';

export interface Scope { t: number; step: number; day: number; year: number; steps: number; [k: string]: number }

const valueOf = (x: Num | undefined, scope: Scope, dflt: number) => (x === undefined ? dflt : typeof x === 'number' ? x : x(scope));

export function applyEvents(w: World, st: State, t: number, scope: Scope, log: EventSink): void {
  const P = w.params;
  let volSum = 0;
  for (let e = w.eventStart[t]; e < w.eventStart[t + 1]; e++) {
    const ev = w.events[e];
    volSum += applyEvent(w, st, ev, t, scope, log, P);
  }
  // tariffs written as expressions of time follow their expression every step
  for (let j = 0; j < st.live.length; j++) {
    const ev = st.live[j];
    if (ev.step !== t) volSum += applyTariff(w, st, ev, t, scope, log, P, false);
  }
  if (st.pauseUntil >= 0 && t >= st.pauseUntil) {
    volSum += resumeAll(w, st, t, log, 'rule', 'the pause ends');
  }
  st.usVolatility = volSum / (w.n + 1);
}

function resumeAll(w: World, st: State, t: number, log: EventSink, source: 'rule' | 'scheduled', note: string): number {
  let vol = 0;
  for (let i = 0; i < w.n; i++) {
    if (!st.paused[i]) continue;
    const before = st.usEff[i];
    st.paused[i] = 0;
    refreshTariff(st, w.params, i);
    vol += Math.abs(st.usEff[i] - before);
    coerce(w, st, i, st.usEff[i] - before);
  }
  st.pauseUntil = -1;
  log.push(t, 'pause_ended', w.poles.us, 'ALL', null, source, note);
  return vol;
}

/** A tariff increase on i is coercion: it lowers i's trust in the US pole. */
function coerce(w: World, st: State, i: number, rise: number) {
  if (rise > 0) {
    const v = st.trustUS[i] - w.params.coercionTrustLoss * rise;
    st.trustUS[i] = v > 0 ? v : 0;
  }
}

function applyEvent(w: World, st: State, ev: CompiledEvent, t: number, scope: Scope, log: EventSink, P: World['params']): number {
  const T = ev.targets;
  let vol = 0;
  switch (ev.kind) {
    case EV.tariff: {
      // a new tariff on the same targets and layer ends a live (time-varying) one
      st.live = st.live.filter((x) => !(x.layer === ev.layer && x.targetsPole === ev.targetsPole && x.actor === ev.actor && overlaps(x.targets, T, x.targetLabel, ev.targetLabel)));
      if (typeof ev.rate === 'function' || typeof ev.coverage === 'function') st.live.push(ev);
      vol += applyTariff(w, st, ev, t, scope, log, P, true);
      break;
    }
    case EV.pause: {
      for (let j = 0; j < T.length; j++) {
        const i = T[j];
        const before = st.usEff[i];
        st.paused[i] = 1;
        refreshTariff(st, P, i);
        vol += Math.abs(st.usEff[i] - before);
      }
      st.pauseUntil = ev.duration ? t + ev.duration : -1;
      log.push(t, 'pause', ev.actorId, ev.targetLabel, ev.duration ?? null, 'scheduled', ev.note);
      break;
    }
    case EV.resume:
      vol += resumeAll(w, st, t, log, 'scheduled', ev.note);
      break;
    case EV.retaliation: {
      const rate = valueOf(ev.rate, scope, P.retRate), share = valueOf(ev.share, scope, P.retShare);
      const until = ev.duration === 0 ? w.steps + 1 : t + (ev.duration ?? P.retDuration);
      for (let j = 0; j < T.length; j++) imposeRetaliation(w, st, T[j], rate, share, until);
      st.credibility += 1;
      log.push(t, 'retaliation_imposed', ev.actorId || w.poles.china, ev.targetLabel, +(rate * 100).toPrecision(6), 'scheduled', ev.note || `on ${+(share * 100).toPrecision(4)}% of exports to ${w.poles.china}`);
      break;
    }
    case EV.deal_offer: {
      const rate = valueOf(ev.rate, scope, P.dealRate), pen = valueOf(ev.penalty, scope, P.dealPenalty);
      for (let j = 0; j < T.length; j++) {
        const i = T[j];
        if (st.deal[i]) continue;
        offer(st, i, t, rate, pen, ev.antiChina ?? !!P.dealAntiChina, ev.expires ?? P.dealExpires);
        log.push(t, 'deal_offered', ev.actorId, w.ids[i], +(rate * 100).toPrecision(6), 'scheduled', ev.note);
      }
      break;
    }
    case EV.visit: {
      const d = (ev.trust ?? 10) / 100;
      const tr = ev.actor === 1 ? st.trustCN : st.trustUS;
      for (let j = 0; j < T.length; j++) { const i = T[j]; tr[i] = Math.min(1, Math.max(0, tr[i] + d)); }
      log.push(t, 'visit', ev.actorId, ev.targetLabel, ev.trust ?? 10, 'scheduled', ev.note);
      break;
    }
    case EV.crackdown: {
      const level = valueOf(ev.level, scope, 0.5);
      for (let j = 0; j < T.length; j++) {
        const i = T[j];
        st.kFloor[i] = level;
        if (st.k[i] < level) st.k[i] = level;
      }
      log.push(t, 'crackdown_commitment', ev.targetLabel, ev.targetLabel, +(level * 100).toPrecision(6), 'scheduled', ev.note);
      break;
    }
    case EV.threat:
      st.credibility += ev.value ?? 1;
      log.push(t, 'threat', ev.actorId, ev.targetLabel || 'ALL', ev.value ?? 1, 'scheduled', ev.note);
      break;
    case EV.export_control:
      st.ecActive = ev.active ? 1 : 0;
      log.push(t, ev.active ? 'export_controls_on' : 'export_controls_off', ev.actorId, ev.targetLabel || 'ALL', null, 'scheduled', ev.note);
      break;
    case EV.inducement:
      st.indActive = ev.active ? 1 : 0;
      log.push(t, ev.active ? 'inducements_on' : 'inducements_off', ev.actorId, ev.targetLabel || 'ALL', null, 'scheduled', ev.note);
      break;
  }
  return vol;
}

function overlaps(a: Int32Array, b: Int32Array, la: string, lb: string): boolean {
  if (a.length === 0 || b.length === 0) return la === lb; // pole-to-pole tariffs
  const s = new Set(a);
  for (let j = 0; j < b.length; j++) if (s.has(b[j])) return true;
  return false;
}

function applyTariff(w: World, st: State, ev: CompiledEvent, t: number, scope: Scope, log: EventSink, P: World['params'], first: boolean): number {
  const rate = valueOf(ev.rate, scope, 0) * valueOf(ev.coverage, scope, 1);
  if (!Number.isFinite(rate) || rate < 0) throw new RangeError(`the tariff rate of event ${ev.id} is ${rate * 100}% at step ${t}; an expression must give a rate of 0 or more`);
  let vol = 0;
  if (ev.targetsPole) {
    const before = ev.actor === 0 ? st.tauUC : st.tauCU;
    if (ev.actor === 0) { vol += Math.abs(rate - st.tauUC); st.tauUC = rate; } else st.tauCU = rate;
    if (first || rate !== before) log.push(t, 'tariff_set', ev.actorId, ev.targetLabel, +(rate * 100).toPrecision(6), 'scheduled', ev.note);
    return vol;
  }
  const T = ev.targets;
  let changed = false;
  for (let j = 0; j < T.length; j++) {
    const i = T[j];
    const before = st.usEff[i];
    if (ev.layer === 'baseline') st.usBase[i] = rate;
    else if (ev.layer === 'specific') st.usSpecific[i] = rate;
    else st.usRecip[i] = rate;
    refreshTariff(st, P, i);
    if (st.usEff[i] !== before) changed = true;
    vol += Math.abs(st.usEff[i] - before);
    coerce(w, st, i, st.usEff[i] - before);
  }
  if (first || changed) log.push(t, 'tariff_set', ev.actorId, ev.targetLabel, +(rate * 100).toPrecision(6), 'scheduled', ev.note);
  return vol;
}

export function imposeRetaliation(w: World, st: State, i: number, rate: number, share: number, until: number) {
  st.retRate[i] = rate;
  st.retShare[i] = share;
  st.retUntil[i] = until;
  const v = st.trustCN[i] - w.params.coercionTrustLoss * rate * share;
  st.trustCN[i] = v > 0 ? v : 0;
}

export function offer(st: State, i: number, t: number, rate: number, penalty: number, anti: boolean, expires: number) {
  st.offerUntil[i] = t + expires;
  st.offerRate[i] = rate;
  st.offerPenalty[i] = penalty;
  st.offerAnti[i] = anti ? 1 : 0;
}
