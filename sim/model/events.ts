/**
 * Phase 1 of a step: the scheduled events of the timeline. What each kind does, and
 * what happens when two events touch the same thing, is EVENT_DOCS in
 * sim/scenario/schema.ts (and scenarios/README.md, generated from it).
 */
import { EV, type CompiledEvent, type Num, type World } from '../world/world.ts';
import type { Measure, State } from './state.ts';
import type { EventSink } from './log.ts';
import { refreshTariff, refreshMeasures } from './utility.ts';

export interface Scope { t: number; step: number; day: number; year: number; steps: number; [k: string]: number }

const valueOf = (x: Num | undefined, scope: Scope, dflt: number) => (x === undefined ? dflt : typeof x === 'number' ? x : x(scope));
const pct = (x: number, digits = 6) => +(x * 100).toPrecision(digits);

/** The events of step t (and the tariffs that follow an expression of time, and the end of a pause). */
export function applyEvents(w: World, st: State, t: number, scope: Scope, log: EventSink): void {
  let volSum = 0;
  for (let e = w.eventStart[t]; e < w.eventStart[t + 1]; e++) volSum += applyEvent(w, st, w.events[e], t, scope, log);
  // tariffs written as expressions of time follow their expression every step
  for (let j = 0; j < st.live.length; j++) {
    const ev = st.live[j];
    if (ev.step !== t) volSum += applyTariff(w, st, ev, t, scope, log, false);
  }
  if (st.pauseUntil >= 0 && t >= st.pauseUntil) volSum += resumeAll(w, st, t, log, 'rule', 'the pause ends');
  st.usVolatility = volSum / (w.n + 1);
}

/** The history (events dated before the start), applied at step 0 before the model is calibrated. */
export function applyHistory(w: World, st: State, scope: Scope, log: EventSink): void {
  for (const ev of w.history) applyEvent(w, st, ev, 0, scope, log);
  st.usVolatility = 0;
}

function resumeAll(w: World, st: State, t: number, log: EventSink, source: 'rule' | 'scheduled', note: string): number {
  let vol = 0;
  for (let i = 0; i < w.n; i++) {
    if (!st.paused[i]) continue;
    const before = st.usEff[i];
    st.paused[i] = 0;
    refreshTariff(st, w.params, i);
    vol += Math.abs(st.usEff[i] - before);
    coerceUS(w, st, i, st.usEff[i] - before);
  }
  st.pauseUntil = -1;
  log.push(t, 'pause_ended', w.poles.us, 'ALL', null, source, note);
  return vol;
}

/** A tariff increase on i is coercion: it lowers i's trust in the US pole. */
function coerceUS(w: World, st: State, i: number, rise: number) {
  if (rise > 0) {
    const v = st.trustUS[i] - w.params.coercionTrustLoss * rise;
    st.trustUS[i] = v > 0 ? v : 0;
  }
}

function row(ev: CompiledEvent, note = ev.note) {
  return ev.history ? `history (${ev.date})${note ? ': ' + note : ''}` : note;
}

function applyEvent(w: World, st: State, ev: CompiledEvent, t: number, scope: Scope, log: EventSink): number {
  const P = w.params, T = ev.targets;
  let vol = 0;
  switch (ev.kind) {
    case EV.tariff: {
      // a new tariff on the same targets and layer ends a live (time-varying) one
      st.live = st.live.filter((x) => !(x.layer === ev.layer && x.targetsPole === ev.targetsPole && x.actor === ev.actor && x.actorIndex === ev.actorIndex && overlaps(x.targets, T, x.targetLabel, ev.targetLabel)));
      if (typeof ev.rate === 'function' || typeof ev.coverage === 'function') st.live.push(ev);
      vol += applyTariff(w, st, ev, t, scope, log, true);
      break;
    }
    case EV.pause: {
      const cap = valueOf(ev.rate, scope, -1);
      for (let j = 0; j < T.length; j++) {
        const i = T[j];
        if (st.deal[i]) continue;
        const before = st.usEff[i];
        st.paused[i] = 1;
        st.pauseCap[i] = cap < 0 ? st.usBase[i] : cap;
        refreshTariff(st, P, i);
        vol += Math.abs(st.usEff[i] - before);
      }
      st.pauseUntil = ev.duration ? t + ev.duration : -1;
      log.push(t, 'pause', ev.actorId, ev.targetLabel, ev.duration ?? null, 'scheduled', row(ev, ev.note || (cap >= 0 ? `country rates capped at ${pct(cap)}%` : '')));
      break;
    }
    case EV.resume:
      vol += resumeAll(w, st, t, log, 'scheduled', row(ev));
      break;
    case EV.retaliation: {
      const us = ev.actor === 0;
      const rate = valueOf(ev.rate, scope, us ? P.usRetRate : P.retRate), share = valueOf(ev.share, scope, us ? P.usRetShare : P.retShare);
      const until = ev.duration === 0 ? w.steps + 1 : t + (ev.duration ?? (us ? P.usRetDuration : P.retDuration));
      for (let j = 0; j < T.length; j++) {
        const i = T[j];
        imposeMeasure(w, st, i, { pole: us ? 0 : 1, rate, share, until, rule: false });
        log.push(t, us ? 'retribution_imposed' : 'retaliation_imposed', ev.actorId, w.ids[i], pct(rate), 'scheduled',
          row(ev, ev.note || `on ${pct(share, 4)}% of exports to ${us ? w.poles.us : w.poles.china}`));
      }
      if (us) st.usCredibility += 1; else st.credibility += 1;
      break;
    }
    case EV.deal_offer: {
      const rate = valueOf(ev.rate, scope, P.dealRate), pen = valueOf(ev.penalty, scope, P.dealPenalty);
      for (let j = 0; j < T.length; j++) {
        const i = T[j];
        st.talksUntil[i] = -1;
        offer(st, i, t, rate, pen, ev.antiChina ?? !!P.dealAntiChina, ev.expires ?? P.dealExpires);
        log.push(t, st.deal[i] ? 'renegotiation_offered' : 'deal_offered', ev.actorId, w.ids[i], pct(rate), 'scheduled', row(ev));
      }
      break;
    }
    case EV.deal_end: {
      for (let j = 0; j < T.length; j++) {
        const i = T[j];
        if (!st.deal[i]) continue;
        const before = st.usEff[i];
        st.deal[i] = 0;
        st.antiDeal[i] = 0;
        refreshTariff(st, P, i);
        vol += Math.abs(st.usEff[i] - before);
        coerceUS(w, st, i, st.usEff[i] - before);
        log.push(t, 'deal_ended', ev.actorId, w.ids[i], null, 'scheduled', row(ev));
      }
      break;
    }
    case EV.visit:
    case EV.joint_statement: {
      const d = (ev.trust ?? 10) / 100;
      const tr = ev.actor === 1 ? st.trustCN : st.trustUS;
      for (let j = 0; j < T.length; j++) {
        const i = T[j];
        tr[i] = Math.min(1, Math.max(0, tr[i] + d));
        if (ev.kind === EV.joint_statement) { st.stmt[i] = 1; st.stmtNew[i] = 1; }
      }
      log.push(t, ev.kindName, ev.actorId, ev.targetLabel, ev.trust ?? 10, 'scheduled', row(ev));
      break;
    }
    case EV.crackdown: {
      const level = valueOf(ev.level, scope, 0.5);
      for (let j = 0; j < T.length; j++) {
        const i = T[j];
        st.kFloor[i] = level;
        if (st.k[i] < level) st.k[i] = level;
      }
      log.push(t, 'crackdown_commitment', ev.targetLabel, ev.targetLabel, pct(level), 'scheduled', row(ev));
      break;
    }
    case EV.threat:
      if (ev.actor === 0) st.usCredibility += ev.value ?? 1; else st.credibility += ev.value ?? 1;
      log.push(t, 'threat', ev.actorId, ev.targetLabel || 'ALL', ev.value ?? 1, 'scheduled', row(ev));
      break;
    case EV.export_control:
      st.ecActive = ev.active ? 1 : 0;
      log.push(t, ev.active ? 'export_controls_on' : 'export_controls_off', ev.actorId, ev.targetLabel || 'ALL', null, 'scheduled', row(ev));
      break;
    case EV.inducement: {
      const g = ev.active ? valueOf(ev.gain, scope, P.indGain) : 0;
      for (let j = 0; j < T.length; j++) st.indGain[T[j]] = g;
      log.push(t, ev.active ? 'inducement_on' : 'inducement_off', ev.actorId, ev.targetLabel || 'ALL', ev.active ? pct(g) : null, 'scheduled', row(ev));
      break;
    }
  }
  return vol;
}

function overlaps(a: Int32Array, b: Int32Array, la: string, lb: string): boolean {
  if (a.length === 0 || b.length === 0) return la === lb; // pole-to-pole tariffs
  const s = new Set(a);
  for (let j = 0; j < b.length; j++) if (s.has(b[j])) return true;
  return false;
}

function applyTariff(w: World, st: State, ev: CompiledEvent, t: number, scope: Scope, log: EventSink, first: boolean): number {
  const rate = valueOf(ev.rate, scope, 0) * valueOf(ev.coverage, scope, 1);
  if (!Number.isFinite(rate) || rate < 0) throw new RangeError(`the tariff rate of event ${ev.id} is ${rate * 100}% at step ${t}; an expression must give a rate of 0 or more`);
  const P = w.params;
  const note = row(ev);
  if (ev.actor === 2) {
    // a country's own tariff on the China pole: a commitment (its floor)
    const i = ev.actorIndex;
    const changed = st.o[i] !== rate || st.oFloor[i] !== rate;
    st.oFloor[i] = rate;
    st.o[i] = rate;
    if (first || changed) log.push(t, 'tariff_set', w.ids[i], w.poles.china, pct(rate), 'scheduled', note);
    return 0;
  }
  if (ev.targetsPole) {
    const before = ev.actor === 0 ? st.tauUC : st.tauCU;
    let vol = 0;
    if (ev.actor === 0) { vol += Math.abs(rate - st.tauUC); st.tauUC = rate; } else st.tauCU = rate;
    if (first || rate !== before) log.push(t, 'tariff_set', ev.actorId, ev.targetLabel, pct(rate), 'scheduled', note);
    return vol;
  }
  const T = ev.targets;
  let changed = false, vol = 0;
  for (let j = 0; j < T.length; j++) {
    const i = T[j];
    const before = st.usEff[i];
    if (ev.layer === 'baseline') st.usBase[i] = rate;
    else if (ev.layer === 'specific') st.usSpecific[i] = rate;
    else st.usRecip[i] = rate;
    refreshTariff(st, P, i);
    if (st.usEff[i] !== before) changed = true;
    vol += Math.abs(st.usEff[i] - before);
    coerceUS(w, st, i, st.usEff[i] - before);
  }
  if (first || changed) log.push(t, 'tariff_set', ev.actorId, ev.targetLabel, pct(rate), 'scheduled', note);
  return vol;
}

/**
 * A measure against i: it joins the measures in force (they stack), the sums are
 * updated, and i's trust in the pole that imposed it falls (coercion).
 */
export function imposeMeasure(w: World, st: State, i: number, m: Measure): void {
  let list = st.measures.get(i);
  if (!list) st.measures.set(i, (list = []));
  list.push(m);
  refreshMeasures(w, st, i);
  const tr = m.pole === 1 ? st.trustCN : st.trustUS;
  const v = tr[i] - w.params.coercionTrustLoss * m.rate * m.share;
  tr[i] = v > 0 ? v : 0;
}

/** Measures against i that have ended by step t go; returns how many, by pole [US, China]. */
export function liftEnded(w: World, st: State, i: number, t: number): [number, number] {
  const list = st.measures.get(i);
  if (!list) return [0, 0];
  const out: [number, number] = [0, 0];
  const keep = list.filter((m) => { if (m.until <= t) { out[m.pole]++; return false; } return true; });
  if (keep.length) st.measures.set(i, keep); else st.measures.delete(i);
  refreshMeasures(w, st, i);
  return out;
}

export function offer(st: State, i: number, t: number, rate: number, penalty: number, anti: boolean, expires: number) {
  st.offerUntil[i] = t + expires;
  st.offerRate[i] = rate;
  st.offerPenalty[i] = penalty;
  st.offerAnti[i] = anti ? 1 : 0;
}
