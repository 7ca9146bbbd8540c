/**
 * plan: a checked sweep → design points (unit coordinates and parameter values) and
 * run specs. Pure and deterministic: the same sweep file gives the same plan on any
 * machine, whatever the number of workers or shards. A run's seed is
 * hashSeed(base seed, point, replicate), never a function of execution order; in a
 * policy sweep hashSeed(base seed, scenario, replicate), the same for every policy
 * (common random numbers).
 *
 * Growing a sweep (hedgesim sweep --extend) keeps every existing point where it is:
 * random, sobol and morris samples only append points when n grows (a sobol design
 * is laid out base sample by base sample: A_j, B_j, AB_1j, ..., AB_kj), an lhs with
 * grown_from is nested, and a policy sweep numbers its points scenario by scenario
 * (point = scenario x policies + policy), so more scenarios come after the others.
 */
import { Rng, hashSeed } from '../rng.ts';
import { extendLhs, gridDesign, lhsDesign, morrisDesign, randomDesign, saltelliDesign } from './designs.ts';
import { quantile, type Dist } from './distributions.ts';
import type { DesignOf, ParamInfo, Scalar, Sweep } from './spec.ts';
import { BYTES_PER_ROW, checkEstimate, count, designBytes, human, recordedSteps, type Estimate } from '../io/limits.ts';

export interface PlanParam {
  path: string;
  /** the distribution the values come from (grid: the list of levels) */
  dist: Dist | { kind: 'grid'; values: Scalar[] };
  levels?: number;
  integer: boolean;
}

export interface Plan {
  type: Sweep['spec']['design']['type'];
  params: PlanParam[];
  k: number;
  points: number;
  replications: number;
  runs: number;
  baseSeed: number;
  /** units[point][c]: unit coordinate of parameter c */
  units: Float64Array[];
  /** values[point][c]: the value used */
  values: Scalar[][];
  /** extra points.csv columns (design bookkeeping), header and one row per point */
  extraHeader: string[];
  extra: string[][];
  sobol?: { n: number; k: number; skip: number };
  morris?: { r: number; k: number; levels: number; delta: number };
  /** a policy sweep: `policies` lever points x `scenarios` uncertainty points, point = scenario x policies + policy */
  policy?: { policies: number; scenarios: number; levers: number; leverType: string; scenarioType: string };
}

export interface RunSpec { runId: number; point: number; replicate: number; seed: number; policy?: number; scenario?: number }

/** Values shown in CSV are the values used: numbers are kept to 6 significant digits. */
export function roundValue(v: number, integer: boolean): number {
  if (integer) return Math.round(v);
  if (v === 0 || Number.isInteger(v)) return v;
  const r = Number(v.toPrecision(6));
  return Object.is(r, -0) ? 0 : r;
}

function distOf(p: ParamInfo): Dist {
  const s = p.spec;
  if (s.values) return { kind: 'discrete', values: s.values as Scalar[] };
  const [min, max] = s.range ?? [undefined, undefined];
  switch (s.distribution ?? 'uniform') {
    case 'uniform': return { kind: 'uniform', min: min!, max: max! };
    case 'loguniform': return { kind: 'loguniform', min: min!, max: max! };
    case 'triangular': return { kind: 'triangular', min: min!, mode: s.mode!, max: max! };
    case 'integer': return { kind: 'integer', min: min!, max: max! };
    case 'normal': {
      const d: Dist = { kind: 'normal', mean: s.mean!, sd: s.sd! };
      if (min !== undefined) { d.min = min; d.max = max; }
      return d;
    }
  }
}

function gridValues(p: ParamInfo): Scalar[] {
  const s = p.spec;
  if (s.values) return s.values as Scalar[];
  const L = s.levels!;
  const integer = p.leaf.kind === 'number' && !!p.leaf.integer;
  if (s.range && (s.distribution ?? 'uniform') === 'uniform') {
    const [min, max] = s.range;
    return Array.from({ length: L }, (_, l) => roundValue(L === 1 ? min : min + (l * (max - min)) / (L - 1), integer));
  }
  const d = distOf(p);
  return Array.from({ length: L }, (_, l) => {
    const v = quantile(d, (l + 0.5) / L);
    return typeof v === 'number' ? roundValue(v, integer) : v;
  });
}

interface Built {
  units: Float64Array[];
  values: Scalar[][];
  params: PlanParam[];
  extraHeader: string[];
  extra: string[][];
  sobol?: Plan['sobol'];
  morris?: Plan['morris'];
}

/** The points of one design over some parameters. */
function buildDesign(ps: ParamInfo[], d: DesignOf, rng: Rng): Built {
  const k = ps.length;
  const isInt = (p: ParamInfo) => p.leaf.kind === 'number' && !!p.leaf.integer;
  let units: Float64Array[];
  let values: Scalar[][];
  const extraHeader: string[] = [];
  const extra: string[][] = [];
  const params: PlanParam[] = [];
  let sobol: Plan['sobol'], morris: Plan['morris'];
  if (d.type === 'grid') {
    const lv = ps.map(gridValues);
    const g = gridDesign(lv.map((v) => v.length));
    units = g.points;
    values = g.indices.map((idx) => Array.from(idx, (l, c) => lv[c][l]));
    ps.forEach((p, c) => params.push({ path: p.path, dist: { kind: 'grid', values: lv[c] }, levels: lv[c].length, integer: isInt(p) }));
    return { units, values, params, extraHeader, extra };
  }
  const dists = ps.map(distOf);
  ps.forEach((p, c) => params.push({ path: p.path, dist: dists[c], integer: isInt(p) }));
  const n = d.n!;
  if (d.type === 'random') units = randomDesign(n, k, rng);
  else if (d.type === 'lhs') {
    // a nested Latin hypercube when it grew: the first size, then each stratum split
    const sizes = [...(d.grown_from ?? []), n];
    units = lhsDesign(sizes[0], k, rng);
    for (let g = 1; g < sizes.length; g++) units = extendLhs(units, sizes[g], rng);
  } else if (d.type === 'sobol') {
    const s = saltelliDesign(n, k, { skip: d.skip });
    // base sample by base sample (A_j, B_j, AB_0j, ..., AB_(k-1)j): a larger N only appends
    units = [];
    extraHeader.push('block', 'index', 'base');
    for (let j = 0; j < n; j++) {
      for (const row of [j, n + j, ...Array.from({ length: k }, (_, i) => (2 + i) * n + j)]) {
        const l = s.labels[row];
        units.push(s.points[row]);
        extra.push([l.block, l.block === 'AB' ? String(l.i) : '', String(l.j)]);
      }
    }
    sobol = { n, k, skip: d.skip };
  } else {
    const m = morrisDesign(n, k, d.levels, rng);
    units = m.points;
    extraHeader.push('trajectory', 'position');
    for (let t = 0; t < n; t++) for (let s = 0; s <= k; s++) extra.push([String(t), String(s)]);
    morris = { r: n, k, levels: d.levels, delta: m.delta };
  }
  values = units.map((u) => Array.from(u, (x, c) => {
    const v = quantile(dists[c], x);
    return typeof v === 'number' ? roundValue(v, params[c].integer) : v;
  }));
  return { units, values, params, extraHeader, extra, sobol, morris };
}

export function planSweep(sw: Sweep): Plan {
  const spec = sw.spec;
  const reps = sw.reps;
  if (sw.policy) {
    // levers x uncertainties: every policy against the same scenarios (the uncertainties
    // are drawn as a plain sweep over them would draw them: same stream, same seeds)
    const L = buildDesign(sw.params.slice(0, sw.policy.levers), spec.levers!.design, new Rng(hashSeed(spec.seed, 'design', 'levers')));
    const U = buildDesign(sw.params.slice(sw.policy.levers), spec.uncertainties!.design, new Rng(hashSeed(spec.seed, 'design')));
    const P = L.units.length, S = U.units.length;
    const units: Float64Array[] = [], values: Scalar[][] = [], extra: string[][] = [];
    for (let s = 0; s < S; s++) {
      for (let p = 0; p < P; p++) {
        const u = new Float64Array(L.params.length + U.params.length);
        u.set(L.units[p]); u.set(U.units[s], L.params.length);
        units.push(u);
        values.push([...L.values[p], ...U.values[s]]);
        extra.push([String(p), String(s), ...(U.extra[s] ?? [])]);
      }
    }
    const points = P * S;
    return {
      type: spec.uncertainties!.design.type, params: [...L.params, ...U.params], k: sw.params.length, points, replications: reps, runs: points * reps,
      baseSeed: spec.seed, units, values, extraHeader: ['policy', 'scenario', ...U.extraHeader], extra, sobol: U.sobol, morris: U.morris,
      policy: { policies: P, scenarios: S, levers: L.params.length, leverType: spec.levers!.design.type, scenarioType: spec.uncertainties!.design.type },
    };
  }
  const b = buildDesign(sw.params, spec.design, new Rng(hashSeed(spec.seed, 'design')));
  const points = b.units.length;
  return {
    type: spec.design.type, params: b.params, k: sw.params.length, points, replications: reps, runs: points * reps, baseSeed: spec.seed,
    units: b.units, values: b.values, extraHeader: b.extraHeader, extra: b.extra, sobol: b.sobol, morris: b.morris,
  };
}

export function runSpec(plan: Pick<Plan, 'replications' | 'baseSeed' | 'policy'>, runId: number): RunSpec {
  const point = Math.floor(runId / plan.replications);
  const replicate = runId - point * plan.replications;
  if (plan.policy) {
    const scenario = Math.floor(point / plan.policy.policies), policy = point - scenario * plan.policy.policies;
    return { runId, point, replicate, seed: hashSeed(plan.baseSeed, scenario, replicate), policy, scenario };
  }
  return { runId, point, replicate, seed: hashSeed(plan.baseSeed, point, replicate) };
}

/** `path=value` overrides for one design point, as `hedgesim run --set` takes them. */
export function setsOf(plan: Pick<Plan, 'params'>, values: Scalar[]): string[] {
  return plan.params.map((p, c) => `${p.path}=${JSON.stringify(values[c])}`);
}

/** Design points of a design over these parameters, from the spec alone. */
function designPoints(d: DesignOf, params: ParamInfo[]): number {
  const k = params.length;
  if (d.type === 'grid') return params.reduce((n, p) => n * (p.spec.values?.length ?? p.spec.levels ?? 1), 1);
  const n = d.n ?? 0;
  return d.type === 'sobol' ? n * (k + 2) : d.type === 'morris' ? n * (k + 1) : n;
}

/** Design points of a sweep, from its spec alone (no plan made): what the size checks use. A policy sweep: policies x scenarios. */
export function pointsOf(sw: Sweep): number {
  if (sw.policy && sw.spec.levers && sw.spec.uncertainties) {
    return designPoints(sw.spec.levers.design, sw.params.slice(0, sw.policy.levers)) * designPoints(sw.spec.uncertainties.design, sw.params.slice(sw.policy.levers));
  }
  return designPoints(sw.spec.design, sw.params);
}

/** Points, runs, rows, bytes and memory of a sweep, estimated before any work. */
export function estimateSweep(sw: Sweep): Estimate & { points: number; runs: number } {
  const k = sw.params.length;
  const points = pointsOf(sw);
  const runs = points * sw.reps;
  const sc = sw.scenario.spec;
  const n = sc.world?.type === 'synthetic' ? (sc.world.countries ?? 1000) : sw.scenario.countries.length;
  const steps = recordedSteps(sc.steps, sw.spec.record.every);
  const t = sw.spec.record.tables;
  const wrows = t.includes('world') ? runs * steps : 0;
  const crows = t.includes('countries') ? runs * n * steps : 0;
  const cols = 6 + k + sw.spec.metrics.length;
  const bytes = runs * cols * BYTES_PER_ROW.runsPerColumn + wrows * BYTES_PER_ROW.world +
    crows * (sw.spec.record.components ? BYTES_PER_ROW.countriesWithComponents : BYTES_PER_ROW.countries);
  const memory = designBytes(points, k);
  const text = `${count(points)} design points x ${sw.spec.replications} replications = ${count(runs)} runs, ${count(runs + wrows + crows)} rows, about ${human(bytes)} on disk and ${human(memory)} of memory for the design`;
  return { points, runs, rows: runs + wrows + crows, bytes, memory, text };
}

/** Refuse (exit 3) a sweep above the size limits unless `force` (sim/io/limits.ts). */
export function checkSweepSize(sw: Sweep, force?: boolean): void {
  checkEstimate(estimateSweep(sw), force, sw.file);
}
