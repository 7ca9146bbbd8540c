/**
 * Paired comparison of two scenarios (common random numbers): both are run with the
 * same seeds, replication by replication, and every measure (per country and per world)
 * is compared as the mean of the paired differences A - B with its Student t interval.
 * This is how the model's claims are stated: an effect of a cause against a
 * counterfactual without it, never a level that would hold anyway.
 */
import { compileWorld } from '../world/compile.ts';
import { runWorld } from '../engine.ts';
import { hashSeed } from '../rng.ts';
import { meanCI } from './stats.ts';
import { components, COMPONENTS as TERMS } from '../model/decide.gen.ts';
import { fixedComponents, hedgeBand, FIXED_COMPONENTS, type StepScalars } from '../model/utility.ts';
import { peerMean } from '../model/peers.ts';
import { WORLD_COLUMNS, stanceOf, worldMeasures } from '../model/measures.ts';
import type { Scenario } from '../scenario/types.ts';
import type { World } from '../world/world.ts';
import type { State } from '../model/state.ts';

/** Per-country measures compared: state columns, then the utility components. */
export const COUNTRY_MEASURES = [
  'alignment', 'us_stance', 'china_stance', 'crackdown', 'own_tariff', 'us_tariff', 'china_tariff', 'deal', 'trust_us', 'trust_china',
  'utility', ...TERMS, ...FIXED_COMPONENTS,
] as const;

export interface CompareOptions {
  replications?: number;
  /** base seed: replication r runs with hashSeed(seed, 'replication', r) in both arms */
  seed?: number;
  /** the step whose state is compared (default: the last) */
  at?: number;
  level?: number;
}

export interface Effect {
  measure: string;
  /** country id, or '' for a world measure */
  country: string;
  meanA: number; meanB: number;
  /** mean of the paired differences A - B, and its interval */
  diff: number; lo: number | null; hi: number | null;
  n: number;
  /** the paired differences, replication by replication */
  d: Float64Array;
}

export interface Comparison {
  effects: Effect[];
  replications: number; seed: number; at: number;
  /** the countries both scenarios have, in A's order */
  countries: string[];
}

/** The measures of one run at step `at`: world measures, then country x measure. */
class Snapshot {
  readonly world = new Float64Array(WORLD_COLUMNS.length);
  readonly countries: Float64Array;
  private band: Float64Array;
  private comp = new Float64Array(TERMS.length + FIXED_COMPONENTS.length);
  constructor(private w: World) {
    this.countries = new Float64Array(w.n * COUNTRY_MEASURES.length);
    this.band = new Float64Array(w.n);
  }
  take(st: State, S: StepScalars) {
    const w = this.w, M = COUNTRY_MEASURES.length, c = this.comp;
    worldMeasures(w, st, S, this.world, this.band);
    for (let i = 0; i < w.n; i++) {
      const o = i * M;
      const s = stanceOf(st.a[i], hedgeBand(st, w.params, S, i));
      let u = components(w, st, S, i, peerMean(w, st.a, i), c);
      fixedComponents(w, st, i, c, TERMS.length);
      for (let j = TERMS.length; j < c.length; j++) u += c[j];
      const v = [st.a[i], s === 1 ? 1 : 0, s === -1 ? 1 : 0, st.k[i], st.o[i] * 100, st.usEff[i] * 100, st.cnTariff[i] * 100, st.deal[i], st.trustUS[i], st.trustCN[i], u];
      for (let j = 0; j < v.length; j++) this.countries[o + j] = v[j];
      for (let j = 0; j < c.length; j++) this.countries[o + v.length + j] = c[j];
    }
  }
}

function runAll(sc: Scenario, seeds: number[], at: number | undefined): { w: World; snaps: Snapshot[]; at: number } {
  const w = compileWorld(sc);
  const step = at ?? w.steps;
  if (!(Number.isInteger(step) && step >= 0 && step <= w.steps)) throw new RangeError(`--at must be a step from 0 to ${w.steps}, got ${at}`);
  const snaps = seeds.map((seed) => {
    const s = new Snapshot(w);
    runWorld(w, { seed, keepEvents: false, onStep: (_w, st, S, t) => { if (t === step) s.take(st, S); } });
    return s;
  });
  return { w, snaps, at: step };
}

/** Compare scenario A with scenario B, paired by seed. */
export function comparePaired(a: Scenario, b: Scenario, opts: CompareOptions = {}): Comparison {
  const R = opts.replications ?? 50, base = opts.seed ?? 1, level = opts.level ?? 0.95;
  if (!(Number.isInteger(R) && R >= 2)) throw new RangeError(`replications must be a whole number of at least 2, got ${R}`);
  const seeds = Array.from({ length: R }, (_, r) => hashSeed(base, 'replication', r));
  const A = runAll(a, seeds, opts.at), B = runAll(b, seeds, opts.at);
  const idxB = new Map(B.w.ids.map((id, i) => [id, i]));
  const effects: Effect[] = [];
  const d = new Float64Array(R);
  const push = (measure: string, country: string, get: (x: typeof A, r: number) => number, getB: (r: number) => number) => {
    let sa = 0, sb = 0;
    for (let r = 0; r < R; r++) { const x = get(A, r), y = getB(r); sa += x; sb += y; d[r] = x - y; }
    const ci = meanCI(d, level);
    effects.push({ measure, country, meanA: sa / R, meanB: sb / R, diff: ci.mean, lo: ci.lo, hi: ci.hi, n: R, d: d.slice() });
  };
  WORLD_COLUMNS.forEach((c, j) => push(c, '', (x, r) => x.snaps[r].world[j], (r) => B.snaps[r].world[j]));
  const M = COUNTRY_MEASURES.length, countries: string[] = [];
  A.w.ids.forEach((id, i) => {
    const k = idxB.get(id);
    if (k === undefined) return;
    countries.push(id);
    COUNTRY_MEASURES.forEach((m, j) => push(m, id, (x, r) => x.snaps[r].countries[i * M + j], (r) => B.snaps[r].countries[k * M + j]));
  });
  return { effects, replications: R, seed: base, at: A.at, countries };
}

/** The effect on the mean of a measure over several countries (per replication, then paired). */
export function effectOfMean(c: Comparison, measure: string, countries: string[], level = 0.95): Effect {
  const es = countries.map((id) => effectOf(c, measure, id));
  const R = c.replications, d = new Float64Array(R);
  for (let r = 0; r < R; r++) { let s = 0; for (const e of es) s += e.d[r]; d[r] = s / es.length; }
  const ci = meanCI(d, level);
  const m = (k: 'meanA' | 'meanB') => es.reduce((s, e) => s + e[k], 0) / es.length;
  return { measure, country: countries.join(';'), meanA: m('meanA'), meanB: m('meanB'), diff: ci.mean, lo: ci.lo, hi: ci.hi, n: R, d };
}

/** The effect on one measure (a world measure when country is omitted). */
export function effectOf(c: Comparison, measure: string, country = ''): Effect {
  const e = c.effects.find((x) => x.measure === measure && x.country === country);
  if (!e) throw new Error(`no measure ${measure}${country ? ` for ${country}` : ''} in the comparison`);
  return e;
}
