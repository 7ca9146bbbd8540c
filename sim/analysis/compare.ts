/**
 * Paired comparison of two scenarios (common random numbers): both are run with the
 * same seeds, replication by replication, and every measure (per country and per world)
 * is compared as the mean of the paired differences A - B with its Student t interval.
 * This is how the model's claims are stated: an effect of a cause against a
 * counterfactual without it, never a level that would hold anyway.
 */
import { compileWorld } from '../world/compile.ts';
import { runWorld } from '../engine.ts';
import { replicationSeed } from '../rng.ts';
import { meanCI } from './stats.ts';
import { openFolder, STATUS_OK } from './folder.ts';
import { needCol, type Table } from './table.ts';
import { UserError } from '../errors.ts';
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
  /** base seed: replication r runs with replicationSeed(seed, r) in both arms (sim/rng.ts) */
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
  const seeds = Array.from({ length: R }, (_, r) => replicationSeed(base, r));
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

// ---------------------------------------------------------------- two sweeps

/**
 * Two sweep folders run with the same design and seeds (the same sweep file over two
 * scenarios, or with one setting changed): each run is paired with the run of the same
 * run_id, and every metric is compared per design point and over all points.
 */
export function compareSweepFolders(dirA: string, dirB: string, level = 0.95): { effects: (Effect & { point: string })[]; runs: number; metrics: string[] } {
  const A = openFolder(dirA), B = openFolder(dirB);
  if (A.kind !== 'sweep' || B.kind !== 'sweep') throw new UserError(`hedgesim compare takes two scenario files, or two sweep folders; ${A.kind !== 'sweep' ? dirA : dirB} is not a sweep folder`);
  const col = (t: Table, name: string) => { const j = needCol(t, name); return t.rows.map((r) => r[j]); };
  const seedsA = col(A.runs, 'seed'), seedsB = col(B.runs, 'seed'), idsA = col(A.runs, 'run_id'), idsB = col(B.runs, 'run_id');
  const byId = new Map<string, number>();
  idsB.forEach((id, r) => byId.set(id, r));
  const metrics = A.metrics.filter((m) => B.metrics.includes(m));
  if (!metrics.length) throw new UserError(`${dirA} and ${dirB} have no metric in common; run both with the same sweep metrics`);
  const pairs: [number, number][] = [];
  const stA = col(A.runs, 'status'), stB = col(B.runs, 'status');
  idsA.forEach((id, r) => {
    const k = byId.get(id);
    if (k === undefined) return;
    if (seedsA[r] !== seedsB[k]) throw new UserError(`run ${id} has seed ${seedsA[r]} in ${dirA} and ${seedsB[k]} in ${dirB}: the two sweeps are not paired (use the same sweep file with the same seed: and design)`);
    if (stA[r] === STATUS_OK && stB[k] === STATUS_OK) pairs.push([r, k]);
  });
  if (pairs.length < 2) throw new UserError(`${dirA} and ${dirB} share fewer than 2 finished runs with the same run_id; nothing to compare`);
  const points = col(A.runs, 'point');
  const effects: (Effect & { point: string })[] = [];
  for (const m of metrics) {
    const a = col(A.runs, m), b = col(B.runs, m);
    const groups = new Map<string, [number, number][]>([['ALL', []]]);
    for (const [r, k] of pairs) {
      if (a[r] === '' || b[k] === '') continue; // undefined in a run (a level never reached)
      groups.get('ALL')!.push([+a[r], +b[k]]);
      const p = points[r];
      if (!groups.has(p)) groups.set(p, []);
      groups.get(p)!.push([+a[r], +b[k]]);
    }
    for (const [point, xs] of groups) {
      if (xs.length < 2) continue;
      const d = Float64Array.from(xs, ([x, y]) => x - y);
      const ci = meanCI(d, level);
      effects.push({ point, measure: m, country: '', meanA: xs.reduce((s, [x]) => s + x, 0) / xs.length, meanB: xs.reduce((s, [, y]) => s + y, 0) / xs.length, diff: ci.mean, lo: ci.lo, hi: ci.hi, n: xs.length, d });
    }
  }
  return { effects, runs: pairs.length, metrics };
}
