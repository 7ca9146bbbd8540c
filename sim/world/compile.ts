/**
 * compile: Scenario → World. Ids become indices, attributes become typed columns,
 * percent becomes fractions, bloc membership and listed links become one CSR
 * adjacency, events become a table by step. Unknown ids were refused by the rules,
 * so nothing here can fail mid-run.
 */
import type { Scenario } from '../scenario/types.ts';
import type { Expr } from '../scenario/dsl.ts';
import type { CompiledExpr } from '../scenario/expr.ts';
import { dateToDay, stepOfDate } from '../scenario/rules.ts';
import { EV, type CompiledEvent, type MemoryFactory, type Num, type Params, type TimeParam, type World } from './world.ts';
import { resolveParams } from './params.ts';
import { generateSynthetic } from './synthetic.ts';
import { hashSeed } from '../rng.ts';

type NumIn = number | Expr | undefined;

export interface CompileOptions {
  /** the run seed (default: the scenario's) */
  seed?: number;
  /** memory to generate a synthetic world into, with room for its first run (sim/kernel/arena.ts kernelMemory) */
  memory?: MemoryFactory;
}

export function compileWorld(sc: Scenario, opts: CompileOptions = {}): World {
  const s = sc.spec;
  const seed = opts.seed ?? s.seed;
  const parameters = { ...(s.parameters ?? {}) } as Record<string, number>;
  const startDay = dateToDay(s.start);
  const timeParams: TimeParam[] = [];
  const scope0 = { ...parameters, t: 0, step: 0, day: 0, year: yearOf(startDay), steps: s.steps };
  // a number, or an expression: constant ones are evaluated now, time-varying ones each step
  const val = (x: NumIn, scale: number, key?: keyof Params, dflt = 0): number => {
    if (x === undefined) return dflt * scale;
    if (typeof x === 'number') return x * scale;
    const c = sc.exprs.get(x.expr) as CompiledExpr;
    if (c.usesTime && key) timeParams.push({ key, fn: c.fn, scale });
    return c.fn(scope0) * scale;
  };
  const P = resolveParams(s, sc.exprs, scope0, timeParams);

  const w = s.world?.type === 'synthetic'
    ? generateSynthetic(s.world, s.world.seed ?? hashSeed(seed, 'world'), P, s, opts.memory)
    : listedWorld(sc, P);

  const tariffs = s.tariffs;
  const base: Omit<World, keyof typeof w> = {
    poles: sc.poles, steps: s.steps, stepDays: s.step_days, startDay, seed, params: P, timeParams, parameters,
    tauUC0: val(tariffs.us_on_china as NumIn, 0.01), tauCU0: val(tariffs.china_on_us as NumIn, 0.01),
    events: [], history: [], eventStart: new Int32Array(s.steps + 2),
    record: { ...s.record },
  };
  const world = Object.assign(w, base) as unknown as World; // keeps lazy getters of synthetic worlds
  compileEvents(sc, world);
  return world;
}

const yearOf = (day: number) => 1970 + day / 365.2425;

function listedWorld(sc: Scenario, P: Params) {
  const s = sc.spec;
  const cs = sc.countries;
  const n = cs.length;
  const col = () => new Float64Array(n);
  const gdp = col(), eUS = col(), eCN = col(), mCN = col(), q = col(), affUS = col(), affCN = col(), hedgeExp = col(), cnWeight = col();
  const align0 = col(), trustUS0 = col(), trustCN0 = col(), usBase0 = col(), usRecip0 = col(), usSpecific0 = col();
  const baseline = typeof s.tariffs.us_baseline === 'number' ? s.tariffs.us_baseline / 100 : 0;
  const tUS = P.trustUs, tCN = P.trustChina;
  let cnTot = 0;
  cs.forEach((c, i) => {
    const x = (c.exports ?? 30) / 100;
    const imp = (c.imports ?? c.exports ?? 30) / 100;
    gdp[i] = c.gdp ?? 1;
    eUS[i] = x * (c.to_us ?? 0) / 100;
    eCN[i] = x * (c.to_china ?? 0) / 100;
    mCN[i] = imp * (c.imports_from_china ?? 0) / 100;
    q[i] = (c.transshipment ?? 0) / 100;
    affUS[i] = (c.affinity_us ?? 0) / 100;
    affCN[i] = (c.affinity_china ?? 0) / 100;
    hedgeExp[i] = Math.min(eUS[i], eCN[i]);
    align0[i] = c.alignment ?? 0;
    trustUS0[i] = c.trust_us !== undefined ? c.trust_us / 100 : tUS;
    trustCN0[i] = c.trust_china !== undefined ? c.trust_china / 100 : tCN;
    usBase0[i] = baseline;
    usRecip0[i] = c.us_tariff !== undefined ? c.us_tariff / 100 : 0;
    cnWeight[i] = eCN[i] * gdp[i];
    cnTot += cnWeight[i];
  });
  if (cnTot > 0) for (let i = 0; i < n; i++) cnWeight[i] /= cnTot;

  // blocs and links → CSR
  const index = new Map(cs.map((c, i) => [c.id, i]));
  const blocs = new Map<string, number[]>();
  cs.forEach((c, i) => { for (const b of c.blocs ?? []) { if (!blocs.has(b)) blocs.set(b, []); blocs.get(b)!.push(i); } });
  const adj: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const add = (i: number, j: number, wgt: number) => { if (i !== j) adj[i].set(j, (adj[i].get(j) ?? 0) + wgt); };
  const bw = P.blocWeight;
  if (bw > 0) {
    for (const members of blocs.values()) {
      if (members.length <= 64) {
        for (const i of members) for (const j of members) add(i, j, bw);
      } else {
        // large blocs: each member linked to its 8 neighbours on either side within the bloc
        members.forEach((i, a) => { for (let o = 1; o <= 8; o++) { const j = members[(a + o) % members.length]; add(i, j, bw); add(j, i, bw); } });
      }
    }
  }
  for (const l of s.links ?? []) {
    const i = index.get(l.from)!, j = index.get(l.to)!;
    add(i, j, l.weight ?? 1); add(j, i, l.weight ?? 1);
  }
  const linkStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) linkStart[i + 1] = linkStart[i] + adj[i].size;
  const linkTo = new Int32Array(linkStart[n]);
  const linkW = new Float32Array(linkStart[n]);
  for (let i = 0; i < n; i++) {
    const entries = [...adj[i]].sort((a, b) => a[0] - b[0]);
    let tot = 0;
    for (const [, v] of entries) tot += v;
    entries.forEach(([j, v], k) => { linkTo[linkStart[i] + k] = j; linkW[linkStart[i] + k] = v / tot; });
  }
  const blocIdx = new Map<string, Int32Array>();
  for (const [b, mem] of blocs) blocIdx.set(b, Int32Array.from(mem));
  return {
    n, ids: cs.map((c) => c.id), names: cs.map((c) => c.name ?? c.id),
    gdp, eUS, eCN, mCN, q, affUS, affCN, hedgeExp, cnWeight, align0, trustUS0, trustCN0, usBase0, usRecip0, usSpecific0,
    linkStart, linkTo, linkOff: null as Int8Array | null, linkW: linkW as Float32Array | null, blocs: blocIdx,
  };
}

function compileEvents(sc: Scenario, w: World) {
  const s = sc.spec;
  const n = w.n;
  // Synthetic worlds name their countries C<index> (zero-padded): resolved by pattern, so
  // their ids (a million strings in a large world) are never made here. Listed worlds get
  // an id index, built on first use.
  const synthetic = s.world?.type === 'synthetic';
  let index: Map<string, number> | null = null;
  // every country, in order: shared (read-only) by the events that target ALL
  let all: Int32Array | null = null;
  const everyone = (): Int32Array => {
    if (all === null) { all = new Int32Array(n); for (let i = 0; i < n; i++) all[i] = i; }
    return all;
  };
  const resolveIds = (t: string): ArrayLike<number> => {
    if (t === 'ALL') return everyone();
    const b = w.blocs.get(t);
    if (b) return b;
    if (!synthetic) {
      if (index === null) { index = new Map(); w.ids.forEach((id, i) => index!.set(id, i)); }
      const i = index.get(t);
      if (i !== undefined) return [i];
    }
    const m = /^C(\d+)$/.exec(t); // synthetic ids
    if (m && +m[1] < n) return [+m[1]];
    return [];
  };
  const num = (x: NumIn, scale = 0.01): Num | undefined => {
    if (x === undefined) return undefined;
    if (typeof x === 'number') return x * scale;
    const c = sc.exprs.get(x.expr)!;
    if (!c.usesTime) return c.fn({ ...w.parameters, t: 0, step: 0, day: 0, year: 0, steps: w.steps }) * scale;
    const fn = c.fn;
    return (scope) => fn(scope) * scale;
  };
  const list: CompiledEvent[] = [];
  (s.events ?? []).forEach((e, order) => {
    if (e.remove) return;
    const step = e.step ?? stepOfDate(s.start, s.step_days, e.date!);
    const tl = e.target === undefined ? [] : Array.isArray(e.target) ? e.target : [e.target];
    const poleIds = [w.poles.us, w.poles.china];
    const targetsPole = tl.some((t) => poleIds.includes(t));
    const exl = e.except ?? [];
    let targets: Int32Array;
    if ((e.kind === 'pause' && tl.length === 0) || (tl.includes('ALL') && !poleIds.includes('ALL'))) {
      // every country: the shared index array, or a pass over a mask of the exceptions
      if (exl.length === 0) targets = everyone();
      else {
        const out = new Uint8Array(n);
        for (const x of exl) { const r = resolveIds(x); for (let j = 0; j < r.length; j++) out[r[j]] = 1; }
        let c = 0;
        for (let i = 0; i < n; i++) c += out[i] ^ 1;
        targets = new Int32Array(c);
        for (let i = 0, j = 0; i < n; i++) if (out[i] === 0) targets[j++] = i;
      }
    } else {
      const ex = new Set<number>();
      for (const x of exl) { const r = resolveIds(x); for (let j = 0; j < r.length; j++) ex.add(r[j]); }
      const tset = new Set<number>();
      for (const t of tl) {
        if (poleIds.includes(t)) continue;
        const r = resolveIds(t);
        for (let j = 0; j < r.length; j++) if (!ex.has(r[j])) tset.add(r[j]);
      }
      targets = Int32Array.from([...tset].sort((a, b) => a - b));
    }
    const actorIdx = e.actor === w.poles.us ? 0 : e.actor === w.poles.china ? 1 : e.actor === undefined && (e.kind === 'retaliation' || e.kind === 'threat' || e.kind === 'joint_statement' || e.kind === 'inducement' || e.kind === 'export_control') ? 1 : e.actor === undefined && (e.kind === 'deal_offer' || e.kind === 'deal_end' || e.kind === 'pause' || e.kind === 'resume') ? 0 : 2;
    const actorIndex = actorIdx === 2 && e.actor !== undefined ? (resolveIds(e.actor)[0] ?? -1) : -1;
    const layer = e.layer ?? (tl.includes('ALL') ? 'baseline' : 'reciprocal');
    list.push({
      step: Math.max(0, step), kind: EV[e.kind], kindName: e.kind, actor: actorIdx, actorIndex,
      actorId: e.actor ?? (e.kind === 'crackdown' ? tl.join(';') : actorIdx === 0 ? w.poles.us : actorIdx === 1 ? w.poles.china : ''),
      history: step < 0, date: e.date, gain: num(e.gain as NumIn),
      targets, targetLabel: tl.join(';') + (e.except?.length ? ` except ${e.except.join(';')}` : ''), targetsPole, layer,
      rate: num(e.rate as NumIn), coverage: num(e.coverage as NumIn) ?? 1, share: num(e.share as NumIn), duration: e.duration,
      penalty: num(e.penalty as NumIn), antiChina: e.anti_china, expires: e.expires, level: num(e.level as NumIn),
      trust: e.trust, value: e.value, active: e.active, note: e.note ?? '', id: e.id ?? `e${order}`,
    });
    void order;
  });
  // history (dated before the start) apart, in date order; the rest by step (stable: same-step events keep file order)
  w.history = list.filter((e) => e.history).sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0));
  const run = list.filter((e) => !e.history);
  run.sort((a, b) => a.step - b.step);
  w.events = run;
  const listRun = run;
  const es = w.eventStart;
  let k = 0;
  for (let st = 0; st <= w.steps + 1; st++) {
    while (k < listRun.length && listRun[k].step < st) k++;
    es[st] = k;
  }
}
