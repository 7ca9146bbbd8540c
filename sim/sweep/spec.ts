/**
 * Sweep files: schema (one definition gives the types, validation with positions and
 * scenarios/sweep.schema.json), loading, and the checks across fields: parameter
 * paths are resolved against the scenario schema (with "did you mean"), ids against
 * the base scenario, value ranges against the schema's bounds, metrics against the
 * measures hedgesim computes. Nothing is thrown for a user's mistake.
 */
import { createHash } from 'node:crypto';
import { dirname, relative, resolve } from 'node:path';
import { type Issue, issue, hasErrors, didYouMean } from '../errors.ts';
import { arr, bool, check, int, num, obj, oneOf, str, union, show, toJsonSchema, type Infer, type LNode, type Loc, type S } from '../scenario/dsl.ts';
import { scenarioSchema } from '../scenario/schema.ts';
import { readText, parseYaml } from '../scenario/yaml.ts';
import { loadScenario, type Scenario } from '../scenario/load.ts';
import { WORLD_COLUMNS } from '../model/measures.ts';
import { ExprError, loadExprEngine } from '../scenario/expr.ts';
import { compileSeriesExpr, type SeriesEnv, type SeriesExpr } from './series-metrics.ts';

export const DESIGN_TYPES = ['grid', 'random', 'lhs', 'sobol', 'morris'] as const;
export const DISTRIBUTIONS = ['uniform', 'loguniform', 'normal', 'triangular', 'integer'] as const;
/** World measures a metric can use: the world.csv columns plus shares of countries by stance. */
export const WORLD_METRICS = [...WORLD_COLUMNS, 'share_us', 'share_hedge', 'share_china'] as const;
export const COUNTRY_FIELDS = ['alignment', 'crackdown', 'own_tariff', 'us_tariff', 'china_tariff', 'trust_us', 'trust_china', 'deal', 'retaliated', 'punished', 'hedge_band', 'stance'] as const;
export const STATS = ['final', 'mean', 'min', 'max', 'at_step', 'first_above', 'first_below'] as const;
export const TABLES = ['world', 'countries'] as const;
export const GOALS = ['maximize', 'minimize'] as const;
/** Design types that list policies (the levers of a policy sweep). */
export const LEVER_DESIGNS = ['grid', 'random', 'lhs'] as const;

const paramSchema = obj({
  path: str({ description: 'dotted path of the scenario setting to vary, as for `hedgesim run --set` (e.g. retaliation.probability, countries.VNM.transshipment, events.<id>.rate, parameters.<name>)', maxLength: 300 }),
  values: arr(union([num({}), str({ maxLength: 500 }), bool({})] as const, {}), { description: 'the values to use (grid: each one; other designs: an equal-weight choice)', minItems: 1, maxItems: 100000 }),
  range: arr(num({}), { description: '[min, max]: with levels, a grid from min to max inclusive; otherwise the support of the distribution', minItems: 2, maxItems: 2 }),
  levels: int({ description: 'grid designs: number of evenly spaced levels over range (or quantiles of the distribution)', min: 1, max: 100000 }),
  distribution: oneOf(DISTRIBUTIONS, { description: 'distribution over range for random, lhs, sobol and morris designs (default uniform)' }),
  mean: num({ description: 'normal: mean' }),
  sd: num({ description: 'normal: standard deviation', min: 0 }),
  mode: num({ description: 'triangular: the peak' }),
}, { required: ['path'] });

const metricSchema = obj({
  name: str({ description: 'column name in runs.csv (snake_case)', pattern: '^[a-z][a-z0-9_]{0,62}$', patternHint: 'use snake_case: lower-case letters, digits and _, starting with a letter' }),
  description: str({ description: 'what the metric means', maxLength: 500 }),
  expr: str({ description: 'an expression over the run\'s series, reduced to one number, e.g. "first_step(alignment[VNM] > 0.2)", "max(n_hedge)", "mean(alignment[ASEAN], from: \\"2025-06-01\\")", "count(events.deal_accepted)" (sim/sweep/README.md, Metric expressions); instead of world/country/field/stat', maxLength: 500 }),
  world: oneOf(WORLD_METRICS, { description: 'a world measure (a world.csv column, or share_us / share_hedge / share_china: share of countries by stance)' }),
  country: str({ description: 'a country id (with field)', pattern: '^[A-Za-z0-9_]{1,32}$' }),
  field: oneOf(COUNTRY_FIELDS, { description: 'with country: alignment, crackdown (0..1), own_tariff (%), us_tariff (%), china_tariff (%), trust_us, trust_china, deal (0/1), retaliated (0/1: under a measure of the China pole), punished (0/1: under a measure of the US pole), hedge_band, stance (-1 china, 0 hedge, 1 us)' }),
  stat: oneOf(STATS, { description: 'summary over steps 0..steps: final, mean, min, max, at_step (with step), first_above / first_below (with level: first step the value is >= / <= level; empty if never)', default: 'final' }),
  step: int({ description: 'for at_step: the step', min: 0, max: 100000 }),
  level: num({ description: 'for first_above / first_below: the level' }),
  goal: oneOf(GOALS, { description: 'policy sweeps: whether more (maximize) or less (minimize) is better; hedgesim summarize then writes the robustness of each policy for this metric' }),
  threshold: num({ description: 'with goal: the level a policy should reach (>= to maximize, <= to minimize) in a scenario; the satisficing share counts the scenarios where it does' }),
}, { required: ['name'] });

const designSchema = obj({
  type: oneOf(DESIGN_TYPES, { description: 'grid (every combination), random, lhs (Latin hypercube), sobol (Saltelli design for Sobol indices) or morris (elementary effects)', default: 'grid' }),
  n: int({ description: 'random and lhs: number of points; sobol: base sample size N (points = N (k + 2)); morris: number of trajectories r (points = r (k + 1))', min: 1, max: 10_000_000 }),
  levels: int({ description: 'morris: number of grid levels p (even)', min: 2, max: 1000, default: 4 }),
  skip: int({ description: 'sobol: indices of the Sobol sequence skipped before the base sample', min: 0, max: 1_000_000, default: 1 }),
  grown_from: arr(int({ min: 1, max: 10_000_000 }), { description: 'lhs: the sizes this sample grew from (hedgesim sweep --extend), e.g. [50] for n: 100: a nested Latin hypercube, each size a multiple of the one before', maxItems: 32 }),
}, {});

const blockSchema = (what: string) => obj({
  design: designSchema,
  parameters: arr(paramSchema, { description: `the ${what}`, minItems: 1, maxItems: 32 }),
}, { required: ['parameters'], description: what });

const untilSchema = obj({
  metric: str({ description: 'the metric whose interval must be narrow enough', pattern: '^[a-z][a-z0-9_]{0,62}$', patternHint: 'the name of a metric of this sweep' }),
  half_width: num({ description: 'stop when the half width of the interval of the metric\'s mean is at most this', min: 0 }),
  max: int({ description: 'at most this many replications per design point', min: 2, max: 1_000_000 }),
  min: int({ description: 'at least this many replications per design point before the first check', min: 2, max: 1_000_000, default: 5 }),
  level: num({ description: 'confidence level of the Student t interval', min: 0.5, max: 0.9999, default: 0.95 }),
}, { required: ['metric', 'half_width', 'max'] });

export const sweepSchema = obj({
  name: str({ description: 'sweep name, used for the default output folder', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', patternHint: 'use 1 to 64 letters, digits, _ . - (no spaces)' }),
  description: str({ description: 'what the sweep asks', maxLength: 4000 }),
  scenario: str({ description: 'base scenario file, relative to this file', maxLength: 500 }),
  set: arr(str({ maxLength: 1000 }), { description: 'fixed overrides applied to every run, as path=value (like hedgesim run --set)', maxItems: 1000 }),
  design: designSchema,
  parameters: arr(paramSchema, { description: 'the parameters to vary', minItems: 1, maxItems: 32 }),
  levers: blockSchema('levers of a policy sweep: what a government chooses (a deal rate, a crackdown floor, a tariff); each combination is a policy, run against every scenario'),
  uncertainties: blockSchema('uncertainties of a policy sweep: the scenarios every policy is run against, with the same seeds'),
  replications: union([
    int({ min: 1, max: 1_000_000 }),
    obj({ until: untilSchema }, { required: ['until'], description: 'adaptive: replicate each design point until the interval of a metric is narrow enough' }),
  ] as const, { description: 'runs per design point, each with its own seed; or {until: {metric, half_width, max}} to replicate until the interval of a metric is narrow enough', default: 1 }),
  seed: int({ description: 'base seed: run seeds are hashSeed(seed, point, replicate)', min: 0, max: 4294967295, default: 1 }),
  metrics: arr(metricSchema, { description: 'per-run metrics, one column each in runs.csv', minItems: 1, maxItems: 500 }),
  stop_when: str({ description: 'a condition over the run\'s series checked after every step, e.g. "share_hedge < 0.1"; the run ends at the first step where it holds (column stop_step in runs.csv)', maxLength: 500 }),
  record: obj({
    tables: arr(oneOf(TABLES, {}), { description: 'time series tables to write with a run_id column (none by default: summary metrics only)', maxItems: 2, default: [] }),
    every: int({ description: 'record every K-th step (step 0 and the last always)', min: 1, max: 100000, default: 1 }),
    components: bool({ description: 'include utility components in countries.csv', default: false }),
  }, {}),
}, { required: ['scenario', 'metrics'] });

export type SweepIn = Infer<typeof sweepSchema>;
export type ParamIn = Infer<typeof paramSchema>;
export type MetricIn = Infer<typeof metricSchema>;

export type Scalar = number | string | boolean;

/** A varied parameter after checking: its path and what the schema says about it. */
export interface ParamInfo {
  path: string;
  spec: ParamIn;
  /** the schema leaf: bounds, integer, percent, expression allowed */
  leaf: S;
  /** can be set directly on the resolved scenario (no re-read of the YAML) */
  fast: boolean;
}

export interface Sweep {
  file: string;
  /** the sweep as resolved (defaults applied); what manifests store and resumes compare */
  spec: Omit<SweepIn, 'levers' | 'uncertainties'> & { design: DesignOf; levers?: Block; uncertainties?: Block; seed: number; record: { tables: (typeof TABLES)[number][]; every: number; components: boolean } };
  /** scenario path as given to loadScenario (relative to the current folder when inside it) */
  scenarioPath: string;
  scenario: Scenario;
  /** the varied parameters; in a policy sweep the levers first, then the uncertainties */
  params: ParamInfo[];
  sha256: string;
  sources: Map<string, string>;
  /** replications per design point (adaptive: the most), the stride of run ids: run_id = point x reps + replicate */
  reps: number;
  /** replications: {until: ...}: replicate each point until the interval of `metric` is narrow enough */
  adaptive?: { metric: string; halfWidth: number; max: number; min: number; level: number };
  /** the compiled expression of each metric (undefined for world/country metrics) */
  exprs: (SeriesExpr | undefined)[];
  /** the compiled stop_when */
  stop?: SeriesExpr;
  /** a policy sweep: params[0..levers) are the levers, the rest the uncertainties */
  policy?: { levers: number };
}

export type DesignOf = { type: (typeof DESIGN_TYPES)[number]; levels: number; skip: number; n?: number; grown_from?: number[] };
/** levers: or uncertainties: of a policy sweep, as resolved */
export type Block = { design: DesignOf; parameters: ParamIn[] };

export interface SweepLoad { sweep?: Sweep; issues: Issue[]; sources: Map<string, string> }

const rel = (p: string) => {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
};

/** Sections whose numeric settings compileWorld reads directly (no cross-field rules). */
const FAST_SECTIONS = new Set(['model', 'retaliation', 'deals', 'inducements', 'export_controls', 'tariffs', 'parameters']);

/** Load and check a sweep file and its base scenario. */
export async function loadSweep(file: string): Promise<SweepLoad> {
  const sources = new Map<string, string>();
  const shown = rel(resolve(file));
  const { text, issues: readIssues } = readText(file, 'sweep', shown);
  if (text === undefined) return { issues: readIssues, sources };
  sources.set(shown, text);
  const { node, issues } = parseYaml(text, shown);
  if (!node) return { issues, sources };
  const spec = check(sweepSchema, node, '', { issues }) as Sweep['spec'];
  if (hasErrors(issues) || !spec) return { issues, sources };
  const at = (path: (string | number)[]): Loc => locAt(node, path) ?? { file: shown };

  // the base scenario, with the fixed overrides
  const scenarioPath = rel(resolve(dirname(resolve(file)), spec.scenario));
  const sl = await loadScenario(scenarioPath, { set: spec.set });
  for (const [k, v] of sl.sources) sources.set(k, v);
  if (!sl.scenario) {
    issues.push(issue('SWEEP_BAD_PATH', 'scenario', `the base scenario ${scenarioPath} has errors (listed below); fix them first`, at(['scenario'])));
    issues.push(...sl.issues);
    return { issues, sources };
  }
  const sc = sl.scenario;

  // parameters: one list, or the levers and the uncertainties of a policy sweep
  const params: ParamInfo[] = [];
  const seen = new Set<string>();
  const addParams = (list: ParamIn[], base: (string | number)[], type: string) => {
    const pre = base.join('.');
    list.forEach((p, i) => {
      const where = at([...base, i, 'path']);
      if (seen.has(p.path)) { issues.push(issue('DUPLICATE_ID', `${pre}[${i}].path`, `the path ${show(p.path)} is varied twice; keep one entry`, where)); return; }
      seen.add(p.path);
      const r = resolveParamPath(p.path, sc);
      if ('error' in r) { issues.push(issue('SWEEP_BAD_PATH', `${pre}[${i}].path`, r.error, where)); return; }
      const before = issues.length;
      checkParam(p, i, r.leaf, type, issues, (k) => at([...base, i, k]), pre);
      if (issues.length > before && hasErrors(issues.slice(before))) return;
      const hasString = (p.values ?? []).some((v) => typeof v === 'string');
      params.push({ path: p.path, spec: p, leaf: r.leaf, fast: FAST_SECTIONS.has(p.path.split('.')[0]) && !hasString });
    });
  };
  const checkDesign = (d: DesignOf, k: number, base: string[], leversOnly = false) => {
    const pre = base.length ? `${base.join('.')}.` : '';
    if (leversOnly && !(LEVER_DESIGNS as readonly string[]).includes(d.type)) {
      issues.push(issue('SWEEP_BAD_DESIGN', `${pre}design.type`, `the levers list policies: use a grid, random or lhs design, got ${d.type}`, at([...base, 'design', 'type'])));
    }
    if (d.type === 'grid') {
      if (d.n !== undefined) issues.push(issue('SWEEP_BAD_DESIGN', `${pre}design.n`, 'a grid design takes its size from the parameters\' values or levels; remove n', at([...base, 'design', 'n'])));
    } else if (d.n === undefined) {
      const what = d.type === 'sobol' ? 'the base sample size N (points = N (k + 2); a power of two such as 64)' : d.type === 'morris' ? 'the number of trajectories r (points = r (k + 1); 10 to 50 is usual)' : 'the number of points';
      issues.push(issue('MISSING_KEY', `${pre}design.n`, `missing; a ${d.type} design needs n: ${what}`, at([...base, 'design'])));
    }
    if (d.type === 'morris' && d.levels % 2 !== 0) issues.push(issue('SWEEP_BAD_DESIGN', `${pre}design.levels`, `Morris designs need an even number of levels, got ${d.levels}; use ${d.levels + 1}`, at([...base, 'design', 'levels'])));
    if (d.type === 'sobol' && k > 32) issues.push(issue('SWEEP_BAD_DESIGN', `${pre}parameters`, `a sobol design handles at most 32 parameters, got ${k}`, at([...base, 'parameters'])));
    if (d.grown_from !== undefined) {
      const where = at([...base, 'design', 'grown_from']);
      const sizes = [...d.grown_from, d.n ?? 0];
      if (d.type !== 'lhs') issues.push(issue('SWEEP_BAD_DESIGN', `${pre}design.grown_from`, `grown_from is for lhs designs (a random, sobol or morris sample grows by continuing its sequence); remove it`, where));
      else if (!d.grown_from.length || sizes.some((x, i) => i > 0 && (x <= sizes[i - 1] || x % sizes[i - 1] !== 0))) {
        issues.push(issue('SWEEP_BAD_DESIGN', `${pre}design.grown_from`, `each size must be a multiple of the one before and n the largest, got [${d.grown_from.join(', ')}] then n: ${d.n}; e.g. grown_from: [50] with n: 100`, where));
      }
    }
  };
  // blocks absent from the file are not materialised from their defaults
  if (!has(node, ['levers'])) delete spec.levers;
  if (!has(node, ['uncertainties'])) delete spec.uncertainties;
  const policy = spec.levers !== undefined || spec.uncertainties !== undefined;
  let nLevers = 0;
  if (policy) {
    if (!spec.levers || !spec.uncertainties) {
      const missing = spec.levers ? 'uncertainties' : 'levers';
      issues.push(issue('MISSING_KEY', missing, `a policy sweep needs both levers: (the policies) and uncertainties: (the scenarios); add ${missing}:, or use parameters: for a plain sweep`, at([])));
    }
    if (spec.parameters !== undefined) issues.push(issue('SWEEP_BAD_DESIGN', 'parameters', 'a policy sweep lists its parameters under levers: and uncertainties:; move these there', at(['parameters'])));
    if (has(node, ['design'])) issues.push(issue('SWEEP_BAD_DESIGN', 'design', 'a policy sweep gives a design to levers: and to uncertainties: each; move it there', at(['design'])));
    delete (spec as { design?: unknown }).design;
    if (spec.levers) { addParams(spec.levers.parameters, ['levers', 'parameters'], spec.levers.design.type); checkDesign(spec.levers.design, spec.levers.parameters.length, ['levers'], true); nLevers = params.length; }
    if (spec.uncertainties) { addParams(spec.uncertainties.parameters, ['uncertainties', 'parameters'], spec.uncertainties.design.type); checkDesign(spec.uncertainties.design, spec.uncertainties.parameters.length, ['uncertainties']); }
  } else if (spec.parameters === undefined) {
    issues.push(issue('MISSING_KEY', 'parameters', 'missing; add parameters: [{path: ..., values: [...]}] (or levers: and uncertainties: for a policy sweep)', at([])));
  } else {
    addParams(spec.parameters, ['parameters'], spec.design.type);
    checkDesign(spec.design, spec.parameters.length, []);
  }

  // replications: a number, or until an interval is narrow enough
  let reps = 1;
  let adaptive: Sweep['adaptive'];
  if (typeof spec.replications === 'number') reps = spec.replications;
  else {
    const u = spec.replications.until;
    reps = u.max;
    adaptive = { metric: u.metric, halfWidth: u.half_width, max: u.max, min: u.min, level: u.level };
    if (u.min > u.max) issues.push(issue('OUT_OF_RANGE', 'replications.until.min', `min (${u.min}) is more than max (${u.max})`, at(['replications', 'until', 'min'])));
    if (!spec.metrics.some((m) => m.name === u.metric)) {
      issues.push(issue('UNKNOWN_KEY', 'replications.until.metric', `no metric ${show(u.metric)} in this sweep; ${didYouMean(u.metric, spec.metrics.map((m) => m.name))}`, at(['replications', 'until', 'metric'])));
    }
  }

  // expressions (metrics and stop_when) are compiled with the scenario's ids, blocs and dates
  const env: SeriesEnv = {
    countries: sc.countries.map((c) => c.id),
    blocs: [...new Set(sc.countries.flatMap((c) => c.blocs ?? []))],
    synthetic: sc.spec.world?.type === 'synthetic',
    steps: sc.spec.steps, start: sc.spec.start, stepDays: sc.spec.step_days,
  };
  const exprs: (SeriesExpr | undefined)[] = spec.metrics.map(() => undefined);
  let stop: SeriesExpr | undefined;
  if (spec.metrics.some((m) => m.expr !== undefined) || spec.stop_when !== undefined) await loadExprEngine();
  const compile = (src: string, role: 'metric' | 'stop', path: string, base: (string | number)[]): SeriesExpr | undefined => {
    try {
      return compileSeriesExpr(src, env, role);
    } catch (e) {
      if (!(e instanceof ExprError)) throw e;
      const loc = at(base);
      issues.push(issue(e.code, path, e.message, { ...loc, col: exprColumn(sources.get(loc.file ?? '') ?? text, loc, e.col) }));
      return undefined;
    }
  };
  if (spec.stop_when !== undefined) stop = compile(spec.stop_when, 'stop', 'stop_when', ['stop_when']);

  // metrics
  const names = new Set<string>();
  // policy and scenario are run columns for the analysis commands, whatever the sweep
  const cols = new Set(['run_id', 'point', 'replicate', 'seed', 'status', 'error', 'policy', 'scenario', ...params.map((p) => p.path),
    ...(spec.stop_when !== undefined ? ['stop_step'] : [])]);
  spec.metrics.forEach((m, i) => {
    const w = (key: string) => at(['metrics', i, key]);
    if (names.has(m.name) || cols.has(m.name)) issues.push(issue('DUPLICATE_ID', `metrics[${i}].name`, `the name ${show(m.name)} is already a column of runs.csv; pick another`, w('name')));
    names.add(m.name);
    if (m.threshold !== undefined && m.goal === undefined) issues.push(issue('MISSING_KEY', `metrics[${i}].goal`, 'a threshold goes with goal: maximize or goal: minimize', w('threshold')));
    if (m.expr !== undefined) {
      const extra = (['world', 'country', 'field', 'stat', 'step', 'level'] as const).filter((key) => has(node, ['metrics', i, key]));
      if (extra.length) issues.push(issue('UNKNOWN_KEY', `metrics[${i}].${extra[0]}`, `an expr metric says everything in its expression; remove ${extra.join(', ')}`, w(extra[0])));
      delete (m as { stat?: string }).stat;
      exprs[i] = compile(m.expr, 'metric', `metrics[${i}].expr`, ['metrics', i, 'expr']);
      return;
    }
    if ((m.world === undefined) === (m.country === undefined)) {
      issues.push(issue('MISSING_KEY', `metrics[${i}]`, 'give either world: <measure>, country: <id> with field: <field>, or expr: "<expression>"', at(['metrics', i])));
    }
    if (m.country !== undefined) {
      if (m.field === undefined) issues.push(issue('MISSING_KEY', `metrics[${i}].field`, `missing; add field: one of ${COUNTRY_FIELDS.join(', ')}`, at(['metrics', i])));
      const ids = sc.countries.map((c) => c.id);
      if (sc.spec.world?.type !== 'synthetic' && !ids.includes(m.country)) issues.push(issue('UNKNOWN_COUNTRY', `metrics[${i}].country`, `no country ${show(m.country)} in ${scenarioPath}; ${didYouMean(m.country, ids)}`, w('country')));
    } else if (m.field !== undefined) issues.push(issue('UNKNOWN_KEY', `metrics[${i}].field`, 'field goes with country:; for a world measure use world: alone', w('field')));
    if (m.stat === 'at_step') {
      if (m.step === undefined) issues.push(issue('MISSING_KEY', `metrics[${i}].step`, 'missing; at_step needs step: N', at(['metrics', i])));
      else if (m.step > sc.spec.steps) issues.push(issue('OUT_OF_RANGE', `metrics[${i}].step`, `the scenario has ${sc.spec.steps} steps, got step ${m.step}`, w('step')));
    } else if (m.step !== undefined) issues.push(issue('UNKNOWN_KEY', `metrics[${i}].step`, 'step goes with stat: at_step', w('step')));
    if (m.stat === 'first_above' || m.stat === 'first_below') {
      if (m.level === undefined) issues.push(issue('MISSING_KEY', `metrics[${i}].level`, `missing; ${m.stat} needs level: X`, at(['metrics', i])));
    } else if (m.level !== undefined) issues.push(issue('UNKNOWN_KEY', `metrics[${i}].level`, 'level goes with stat: first_above or first_below', w('level')));
  });
  if (hasErrors(issues)) return { issues, sources };
  // the resolved spec, with the scenario path as written (relative to the sweep file)
  const sha = createHash('sha256').update(text).digest('hex');
  return {
    sweep: {
      file: shown, spec, scenarioPath, scenario: sc, params, sha256: sha, sources, reps, adaptive, exprs, stop,
      policy: policy ? { levers: nLevers } : undefined,
    },
    issues, sources,
  };
}

/** Position of a node by path in the located tree (for issues). */
function locAt(n: LNode, path: (string | number)[]): Loc | undefined {
  let cur: LNode | undefined = n;
  let loc: Loc | undefined = n.loc;
  for (const seg of path) {
    if (!cur) break;
    if (typeof seg === 'number' && cur.kind === 'seq') cur = cur.items[seg];
    else if (typeof seg === 'string' && cur.kind === 'map') { const e = cur.entries.get(seg); if (!e) break; cur = e.node; }
    else break;
    if (cur) loc = cur.loc;
  }
  return loc;
}

/** Is the key at this path written in the file (not filled in by a default)? */
function has(n: LNode, path: (string | number)[]): boolean {
  let cur: LNode | undefined = n;
  for (const seg of path) {
    if (!cur) return false;
    if (typeof seg === 'number' && cur.kind === 'seq') cur = cur.items[seg];
    else if (typeof seg === 'string' && cur.kind === 'map') cur = cur.entries.get(seg)?.node;
    else return false;
  }
  return cur !== undefined;
}

/**
 * The column of character `col` (1-based) of an expression string that starts at
 * `loc` in the file: one more when the YAML scalar is quoted.
 */
function exprColumn(text: string, loc: Loc, col?: number): number | undefined {
  if (loc.col === undefined) return undefined;
  const line = loc.line !== undefined ? text.split(/\r?\n/)[loc.line - 1] ?? '' : '';
  const quoted = line[loc.col - 1] === '"' || line[loc.col - 1] === "'";
  return loc.col + (col !== undefined ? col - 1 + (quoted ? 1 : 0) : 0);
}

/**
 * Resolve a dotted path against the scenario schema and the base scenario: objects by
 * field name, lists (countries, events, links) by id or index, parameters by name.
 */
export function resolveParamPath(path: string, sc: Scenario): { leaf: S } | { error: string } {
  const segs = path.split('.');
  let s: S = scenarioSchema;
  const done: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const here = done.length ? done.join('.') : 'the top level';
    if (s.kind === 'object') {
      const f: S | undefined = Object.hasOwn(s.fields, seg) ? (s.fields as Record<string, S>)[seg] : undefined;
      if (!f) return { error: `no setting ${show([...done, seg].join('.'))} in the scenario schema; ${didYouMean(seg, Object.keys(s.fields)) || `settings under ${here}: ${Object.keys(s.fields).join(', ')}`}` };
      s = f;
    } else if (s.kind === 'record') {
      if (done[0] === 'parameters') {
        const names = Object.keys(sc.spec.parameters ?? {});
        if (!names.includes(seg)) return { error: `the scenario has no parameter ${show(seg)}; ${didYouMean(seg, names) || (names.length ? `its parameters: ${names.join(', ')}` : 'add it under parameters: in the scenario first')}` };
      }
      s = s.values;
    } else if (s.kind === 'array') {
      const list = done.join('.');
      const ids = list === 'countries' ? sc.countries.map((c) => c.id)
        : list === 'events' ? (sc.spec.events ?? []).map((e, j) => e.id ?? `${j}`)
        : [];
      if (!/^\d+$/.test(seg) && !ids.includes(seg)) {
        return { error: `no item ${show(seg)} in ${list}; ${didYouMean(seg, ids) || 'address items by id (or index)'}` };
      }
      if (/^\d+$/.test(seg) && list !== 'countries' && list !== 'events' && list !== 'links') return { error: `${list} is a list of values; vary the whole setting through the scenario instead` };
      s = s.items;
    } else if (s.kind === 'union') {
      const opt: S | undefined = (s.options as S[]).find((o) => o.kind === 'object' || o.kind === 'record');
      if (!opt) return { error: `${done.join('.')} is a value, not a map; remove ${show(segs.slice(i).join('.'))}` };
      s = opt;
      i--;
      continue;
    } else {
      return { error: `${done.join('.')} is a value, not a map; remove ${show(segs.slice(i).join('.'))}` };
    }
    done.push(seg);
  }
  if (s.kind === 'union') {
    const leafOpt = (s.options as S[]).find((o) => o.kind === 'number');
    if (leafOpt) s = leafOpt;
  }
  if (s.kind === 'object' || s.kind === 'record' || s.kind === 'array' || s.kind === 'union') {
    const fields = s.kind === 'object' ? Object.keys(s.fields) : [];
    return { error: `${show(path)} is a group of settings, not one value${fields.length ? `; name one of ${fields.map((f) => `${path}.${f}`).slice(0, 6).join(', ')}` : ''}` };
  }
  if (segs[0] === 'countries' && segs[2] === 'id') return { error: 'the id of a country cannot be varied' };
  if (segs[0] === 'events' && segs[2] === 'id') return { error: 'the id of an event cannot be varied' };
  return { leaf: s };
}

function checkParam(p: ParamIn, i: number, leaf: S, design: string, issues: Issue[], at: (k: string) => Loc, list = 'parameters') {
  const path = `${list}[${i}]`;
  const n = [p.values !== undefined, p.range !== undefined, p.distribution === 'normal' && p.mean !== undefined].filter(Boolean).length;
  if (p.values !== undefined && (p.range !== undefined || p.distribution !== undefined)) {
    issues.push(issue('SWEEP_BAD_DESIGN', path, 'give either values: [...] or range: [min, max] (with a distribution), not both', at('values')));
    return;
  }
  if (n === 0) {
    issues.push(issue('MISSING_KEY', path, `${p.path}: give values: [...] or range: [min, max]${design === 'grid' ? ' with levels: L' : ''}`, at('path')));
    return;
  }
  if (design === 'grid' && p.values === undefined && p.levels === undefined) {
    issues.push(issue('MISSING_KEY', `${path}.levels`, `a grid over a range needs levels: L (L evenly spaced values from min to max); or list values: [...]`, at('range')));
  }
  if (design !== 'grid' && p.levels !== undefined) issues.push(issue('SWEEP_BAD_DESIGN', `${path}.levels`, `levels is for grid designs; a ${design} design samples the distribution`, at('levels')));
  if (design === 'grid' && p.values !== undefined && p.levels !== undefined) issues.push(issue('SWEEP_BAD_DESIGN', `${path}.levels`, 'with values: the levels are the values; remove levels', at('levels')));
  const dist = p.distribution ?? 'uniform';
  if (p.range) {
    const [lo, hi] = p.range;
    if (!(lo <= hi) || (lo === hi && dist !== 'uniform')) issues.push(issue('OUT_OF_RANGE', `${path}.range`, `expected [min, max] with min < max, got [${lo}, ${hi}]`, at('range')));
    if (dist === 'loguniform' && lo <= 0) issues.push(issue('OUT_OF_RANGE', `${path}.range`, `a loguniform distribution needs min > 0, got ${lo}`, at('range')));
    if (dist === 'triangular' && (p.mode === undefined || p.mode < lo || p.mode > hi)) issues.push(issue('MISSING_KEY', `${path}.mode`, `a triangular distribution needs mode: between ${lo} and ${hi}`, at('range')));
    if (dist === 'integer' && (!Number.isInteger(lo) || !Number.isInteger(hi))) issues.push(issue('NOT_INTEGER', `${path}.range`, `an integer distribution needs whole-number bounds, got [${lo}, ${hi}]`, at('range')));
  }
  if (dist === 'normal' && (p.mean === undefined || p.sd === undefined || !(p.sd > 0))) {
    issues.push(issue('MISSING_KEY', path, 'a normal distribution needs mean: and sd: (sd > 0); range: [min, max] truncates it', at('distribution')));
  } else if (dist !== 'normal' && p.values === undefined && p.range === undefined) {
    issues.push(issue('MISSING_KEY', `${path}.range`, `a ${dist} distribution needs range: [min, max]`, at('distribution')));
  }
  if (dist !== 'normal' && (p.mean !== undefined || p.sd !== undefined)) issues.push(issue('UNKNOWN_KEY', path, 'mean and sd go with distribution: normal', at('mean')));
  if (dist !== 'triangular' && p.mode !== undefined) issues.push(issue('UNKNOWN_KEY', `${path}.mode`, 'mode goes with distribution: triangular', at('mode')));
  // values against the schema leaf
  const what = `${p.path}`;
  const bounds = leafBounds(leaf);
  const checkNum = (v: number, k: string) => {
    if (leaf.kind === 'number') {
      if ((bounds.min !== undefined && v < bounds.min) || (bounds.max !== undefined && v > bounds.max)) {
        issues.push(issue('OUT_OF_RANGE', `${path}.${k}`, `${what} takes ${bounds.min ?? '-inf'} to ${bounds.max ?? 'inf'}${leaf.unit ? ` ${leaf.unit}` : ''}, got ${v}`, at(k)));
        return false;
      }
    } else {
      issues.push(issue('WRONG_TYPE', `${path}.${k}`, `${what} is ${leaf.kind === 'enum' ? `one of ${leaf.values.join(', ')}` : `a ${leaf.kind}`}, not a number; list its values: [...]`, at(k)));
      return false;
    }
    return true;
  };
  for (const v of p.values ?? []) {
    if (typeof v === 'number') { if (!checkNum(v, 'values')) break; }
    else if (typeof v === 'boolean' && leaf.kind !== 'boolean') { issues.push(issue('WRONG_TYPE', `${path}.values`, `${what} does not take true/false, got ${v}`, at('values'))); break; }
    else if (typeof v === 'string') {
      if (leaf.kind === 'number' && !leaf.expr) { issues.push(issue('WRONG_TYPE', `${path}.values`, `${what} takes a number, got ${show(v)}`, at('values'))); break; }
      if (leaf.kind === 'enum' && !leaf.values.includes(v)) { issues.push(issue('BAD_ENUM', `${path}.values`, `got ${show(v)}; ${didYouMean(v, leaf.values)}`, at('values'))); break; }
      if (leaf.kind === 'boolean') { issues.push(issue('WRONG_TYPE', `${path}.values`, `${what} takes true or false, got ${show(v)}`, at('values'))); break; }
    }
  }
  if (p.range) { if (checkNum(p.range[0], 'range')) checkNum(p.range[1], 'range'); }
  if (leaf.kind === 'number' && leaf.integer && p.values === undefined && p.range && dist !== 'integer' && !(design === 'grid' && p.levels !== undefined)) {
    issues.push(issue('SWEEP_BAD_DESIGN', `${path}.distribution`, `${what} takes whole numbers; use distribution: integer (or list values)`, at('path')));
  }
  if (leaf.kind === 'number' && dist === 'normal' && p.values === undefined && (bounds.min !== undefined || bounds.max !== undefined) && !p.range) {
    issues.push(issue('MISSING_KEY', `${path}.range`, `${what} is bounded (${bounds.min ?? '-inf'} to ${bounds.max ?? 'inf'}); truncate the normal with range: [min, max]`, at('distribution')));
  }
}

export function leafBounds(leaf: S): { min?: number; max?: number; integer?: boolean } {
  if (leaf.kind !== 'number') return {};
  return { min: leaf.percent ? Math.max(0, leaf.min ?? 0) : leaf.min, max: leaf.max, integer: leaf.integer };
}

/** The JSON Schema of sweep files (scenarios/sweep.schema.json), from the same definition. */
export function sweepJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'hedgesim sweep file',
    description: 'A hedgesim sweep: a base scenario, the parameters to vary by dotted path, a design, replications, a base seed, per-run metrics and the tables to record. Generated from sim/sweep/spec.ts; do not edit by hand.',
    ...toJsonSchema(sweepSchema),
  };
}
