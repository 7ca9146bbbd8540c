/**
 * Metric expressions of sweeps: a small language over the series a run records,
 * evaluated after the run (and at each step for `stop_when`), e.g.
 *
 *   first_step(alignment[VNM] > 0.2)          the first step at which Vietnam leans US past 0.2
 *   max(n_hedge)                              the most countries hedging at any step
 *   mean(alignment[ASEAN], from: "2025-06-01")  ASEAN's mean alignment from June on
 *   count(events.deal_accepted)               how many deals were accepted
 *
 * Series (one value per step 0..steps):
 *   - a world measure by name: any world.csv column (n_hedge, isolation_china, ...)
 *     or share_us / share_hedge / share_china;
 *   - a country field indexed by a country id or a bloc: alignment[VNM],
 *     crackdown[ASEAN] (a bloc: the unweighted mean over its members, so deal[ASEAN]
 *     is the share of ASEAN members with a deal); fields: alignment, crackdown,
 *     us_tariff, china_tariff, trust_us, trust_china, deal, retaliated, hedge_band,
 *     stance (-1 china, 0 hedge, 1 us);
 *   - events.KIND, the number of events of that kind at each step, and
 *     events.KIND[X], those whose actor or target is X (a country id or the label of
 *     a scheduled event's target, e.g. a bloc);
 *   - t, the step number.
 * Arithmetic, comparisons (1 true, 0 false), and, or, not, cond ? a : b and the math
 * functions of scenario expressions apply step by step.
 *
 * Reductions to one number (a metric must be one number):
 *   final(x), at(x, S) (S a step or an ISO date), mean(x), min(x), max(x), sum(x),
 *   count(c) (steps where c holds; count(events.K) is the number of K events),
 *   first_step(c), last_step(c) (empty when c never holds);
 *   all but final and at take from: and to: (a step or an ISO date) to limit the steps.
 *   min and max with two or more arguments are the step-by-step minimum and maximum.
 *
 * The same sandbox as scenario expressions (sim/scenario/expr.ts: mathjs parses, a
 * whitelist of node types, functions and names, plain closures), the same limits
 * and the same located EXPR_* errors. Nothing is evaluated by mathjs: the node tree
 * is compiled once (at load, checked against the scenario's countries, blocs and
 * dates) into a small plan, then bound once per World into closures over
 * preallocated arrays. During a run only the series a metric names are recorded,
 * once per step (world measures computed once per step when some metric needs
 * one); events are counted from the run's event log after the run.
 */
import type { World } from '../world/world.ts';
import type { State } from '../model/state.ts';
import type { StepScalars } from '../model/utility.ts';
import type { EventRow } from '../model/log.ts';
import { WORLD_COLUMNS, worldMeasures } from '../model/measures.ts';
import { didYouMean } from '../errors.ts';
import { isValidDate } from '../scenario/dsl.ts';
import { ExprError, isForbiddenName, parseExprChecked, safeFunction, safeOperator, SAFE_FUNCTION_NAMES } from '../scenario/expr.ts';
import { countryGetter, worldGetter, type Getter } from './getters.ts';

/** World measures a series can name: the world.csv columns and the shares of countries by stance. */
export const SERIES_WORLD = [...WORLD_COLUMNS, 'share_us', 'share_hedge', 'share_china'] as const;
export const SERIES_FIELDS = ['alignment', 'crackdown', 'own_tariff', 'us_tariff', 'china_tariff', 'trust_us', 'trust_china', 'deal', 'retaliated', 'punished', 'hedge_band', 'stance'] as const;
/**
 * Kinds of events.csv rows (sim/model/events.ts, poles.ts, decide.ts, the kernel);
 * test/sweep/series-metrics.test.ts checks that this list holds every kind the model logs.
 */
export const EVENT_KINDS = [
  'tariff_set', 'pause', 'pause_ended', 'retaliation_imposed', 'retaliation_lifted', 'retribution_imposed', 'retribution_lifted',
  'talks_started', 'deal_offered', 'renegotiation_offered', 'deal_accepted', 'deal_renegotiated', 'deal_refused', 'deal_expired', 'deal_ended',
  'visit', 'joint_statement', 'crackdown_commitment', 'crackdown_up', 'crackdown_down', 'threat',
  'export_controls_on', 'export_controls_off', 'inducement_on', 'inducement_off',
] as const;
export const REDUCTIONS = ['final', 'at', 'mean', 'min', 'max', 'sum', 'count', 'first_step', 'last_step'] as const;
type Reduction = (typeof REDUCTIONS)[number];
const NAMED_ARGS = ['from', 'to'] as const;

/** What a metric expression can refer to, from the base scenario. */
export interface SeriesEnv {
  /** country ids; with `synthetic` ids are only checked when the World is built */
  countries: readonly string[];
  blocs: readonly string[];
  synthetic: boolean;
  steps: number;
  /** ISO date of step 0 and the step length in days (for from:/to:/at dates) */
  start: string;
  stepDays: number;
}

/** The compiled plan of an expression (plain data; bound to closures per World). */
export type Plan =
  | { k: 'num'; v: number }
  | { k: 'ref'; key: string; events: boolean }
  | { k: 't' }
  | { k: 'op'; fn: string; args: Plan[] }
  | { k: 'fn'; name: string; args: Plan[] }
  | { k: 'cond'; c: Plan; a: Plan; b: Plan }
  | { k: 'red'; name: Reduction; arg: Plan; from: number; to: number; at: number };

type Type = 'scalar' | 'series';
interface Typed { plan: Plan; type: Type; events: boolean }

export interface SeriesExpr {
  src: string;
  plan: Plan;
  /** the recorded series it needs (keys: world:NAME, country:FIELD:ID, bloc:FIELD:BLOC, events:KIND[:X]) */
  keys: string[];
  /** its value is a series (stop_when) or one number (metrics) */
  type: Type;
  usesEvents: boolean;
}

/** Where `word` first appears in `src` as a whole word (for error columns), 1-based; undefined if not found. */
function colOf(src: string, word: string): number | undefined {
  const re = new RegExp(`(^|[^A-Za-z0-9_])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`);
  const m = re.exec(src);
  return m ? m.index + m[1].length + 1 : undefined;
}

const DAY_MS = 86400000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/**
 * Compile a metric expression (`role` metric: it must reduce to one number) or a
 * stop condition (`role` stop: evaluated at each step; events are not available).
 * Throws ExprError with a code, a message that says how to fix it and, where it can
 * tell, the 1-based column. loadExprEngine() first.
 */
export function compileSeriesExpr(src: string, env: SeriesEnv, role: 'metric' | 'stop'): SeriesExpr {
  // `from: x` and `to: x` inside calls: mathjs reads them as `from= x` (same length, so columns hold)
  const text = src.replace(/\b(from|to)(\s*):/g, '$1$2=');
  const ast = parseExprChecked(text, 'use series names such as n_hedge or alignment[VNM], + - * / ^, comparisons, and reductions such as max(x), mean(x, from: "2025-06-01"), first_step(c), count(events.deal_accepted)');
  const keys = new Set<string>();
  const err = (code: ConstructorParameters<typeof ExprError>[0], msg: string, word?: string): never => {
    throw new ExprError(code, msg, word !== undefined ? colOf(src, word) : undefined);
  };
  const dateStep = (v: unknown, what: string, side: 'from' | 'to' | 'at'): number => {
    const word = String(v);
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0) err('EXPR_FORBIDDEN', `${what} takes a step (a whole number from 0 to ${env.steps}) or an ISO date, got ${v}`, word);
      if (v > env.steps) err('EXPR_FORBIDDEN', `${what}: step ${v} is after the last step of the scenario (${env.steps})`, word);
      return v as number;
    }
    if (typeof v !== 'string' || !isValidDate(v)) return err('EXPR_FORBIDDEN', `${what} takes a step or an ISO date such as "2025-06-01", got ${JSON.stringify(v)}`, word);
    const d = (dayOf(v as string) - dayOf(env.start)) / env.stepDays;
    const last = new Date((dayOf(env.start) + env.steps * env.stepDays) * DAY_MS).toISOString().slice(0, 10);
    const s = side === 'to' ? Math.floor(d + 1e-9) : Math.ceil(d - 1e-9);
    if (s > env.steps) err('EXPR_FORBIDDEN', `${what}: ${v} is after the last step of the scenario (${last})`, word);
    if (s < 0 && side !== 'from') err('EXPR_FORBIDDEN', `${what}: ${v} is before the scenario starts (${env.start})`, word);
    return Math.max(0, s);
  };
  const indexName = (idx: any, what: string): string => {
    if (idx?.type !== 'IndexNode' || idx.dimensions.length !== 1) err('EXPR_FORBIDDEN', `${what} takes one index: a country id or a bloc, e.g. ${what}[VNM]`);
    const d = idx.dimensions[0];
    if (d.type === 'SymbolNode') return d.name;
    if (d.type === 'ConstantNode' && typeof d.value === 'string') return d.value;
    return err('EXPR_FORBIDDEN', `${what}[...] takes a country id or a bloc, e.g. ${what}[VNM]; for a value at a step use at(${what}[VNM], step)`, what);
  };
  const checkId = (id: string, what: string, allowLabel: boolean): 'country' | 'bloc' => {
    if (env.countries.includes(id)) return 'country';
    if (env.blocs.includes(id)) return 'bloc';
    if (env.synthetic || allowLabel) return 'country';
    return err('EXPR_UNKNOWN_SYMBOL', `${what}: no country or bloc '${id}' in the scenario; ${didYouMean(id, [...env.countries, ...env.blocs]) || 'use a country id (VNM) or a bloc (ASEAN, EU)'}`, id);
  };

  const build = (n: any, d: number): Typed => {
    if (d > 32) err('EXPR_TOO_DEEP', 'the expression nests more than 32 levels; simplify it');
    switch (n.type) {
      case 'ConstantNode': {
        if (typeof n.value !== 'number' && typeof n.value !== 'boolean') err('EXPR_FORBIDDEN', `a text value (${JSON.stringify(n.value)}) is only allowed as a date in from:, to: or at()`);
        return { plan: { k: 'num', v: +n.value }, type: 'scalar', events: false };
      }
      case 'ParenthesisNode': return build(n.content, d + 1);
      case 'SymbolNode': {
        const name: string = n.name;
        if (isForbiddenName(name)) err('EXPR_FORBIDDEN', `'${name}' is not allowed in a metric expression`, name);
        if (name === 'pi') return { plan: { k: 'num', v: Math.PI }, type: 'scalar', events: false };
        if (name === 'e') return { plan: { k: 'num', v: Math.E }, type: 'scalar', events: false };
        if (name === 'true' || name === 'false') return { plan: { k: 'num', v: name === 'true' ? 1 : 0 }, type: 'scalar', events: false };
        if (name === 'steps') return { plan: { k: 'num', v: env.steps }, type: 'scalar', events: false };
        if (name === 't') return { plan: { k: 't' }, type: 'series', events: false };
        if ((SERIES_WORLD as readonly string[]).includes(name)) {
          keys.add(`world:${name}`);
          return { plan: { k: 'ref', key: `world:${name}`, events: false }, type: 'series', events: false };
        }
        if ((SERIES_FIELDS as readonly string[]).includes(name)) err('EXPR_FORBIDDEN', `${name} is a country field: index it with a country id or a bloc, e.g. ${name}[VNM] or ${name}[ASEAN]`, name);
        if (name === 'events') err('EXPR_FORBIDDEN', `name a kind of event: events.deal_accepted, events.retaliation_imposed, ... (${EVENT_KINDS.join(', ')})`, name);
        return err('EXPR_UNKNOWN_SYMBOL', `unknown name '${name}'; ${didYouMean(name, [...SERIES_WORLD, ...SERIES_FIELDS, 't', 'steps']) || 'use a world measure (n_hedge, isolation_china, ...), a country field with an index (alignment[VNM]), events.KIND or t'}`, name);
      }
      case 'AccessorNode': {
        const obj = n.object, idx = n.index;
        // events.KIND
        if (obj.type === 'SymbolNode' && obj.name === 'events' && idx?.dotNotation) {
          const kind = idx.dimensions[0]?.value as string;
          if (!(EVENT_KINDS as readonly string[]).includes(kind)) err('EXPR_UNKNOWN_SYMBOL', `no kind of event '${kind}'; ${didYouMean(kind, EVENT_KINDS) || `kinds: ${EVENT_KINDS.join(', ')}`}`, kind);
          if (role === 'stop') err('EXPR_FORBIDDEN', 'events are counted after the run, so stop_when cannot use them; use a world measure or a country field (e.g. deal[VNM] > 0)', 'events');
          keys.add(`events:${kind}`);
          return { plan: { k: 'ref', key: `events:${kind}`, events: true }, type: 'series', events: true };
        }
        // events.KIND[X]
        if (obj.type === 'AccessorNode' && obj.object?.type === 'SymbolNode' && obj.object.name === 'events' && obj.index?.dotNotation && !idx?.dotNotation) {
          const inner = build(obj, d + 1);
          const kind = (inner.plan as { key: string }).key.slice('events:'.length);
          const id = indexName(idx, `events.${kind}`);
          checkId(id, `events.${kind}[${id}]`, true);
          keys.delete(`events:${kind}`);
          keys.add(`events:${kind}:${id}`);
          return { plan: { k: 'ref', key: `events:${kind}:${id}`, events: true }, type: 'series', events: true };
        }
        if (obj.type === 'SymbolNode' && (SERIES_FIELDS as readonly string[]).includes(obj.name) && !idx?.dotNotation) {
          const id = indexName(idx, obj.name);
          const what = checkId(id, `${obj.name}[${id}]`, false);
          const key = `${what}:${obj.name}:${id}`;
          keys.add(key);
          return { plan: { k: 'ref', key, events: false }, type: 'series', events: false };
        }
        if (obj.type === 'SymbolNode' && (SERIES_WORLD as readonly string[]).includes(obj.name)) {
          err('EXPR_FORBIDDEN', `${obj.name} is a world measure and takes no index; for its value at a step use at(${obj.name}, step)`, obj.name);
        }
        return err('EXPR_FORBIDDEN', 'property access and indexing are only for country fields (alignment[VNM]) and events (events.deal_accepted)');
      }
      case 'OperatorNode': {
        const fn: string = n.fn;
        if (n.isPercentage) err('EXPR_FORBIDDEN', 'the % sign is not allowed: shares are fractions here (0.2), tariffs in percent (46); for the remainder use mod(a, b)');
        const args = (n.args as any[]).map((a) => build(a, d + 1));
        if (!safeOperator(fn, args.length)) err('EXPR_FORBIDDEN', `the operator '${n.op}' is not allowed; use + - * / ^, comparisons, and, or, not`);
        return { plan: { k: 'op', fn, args: args.map((a) => a.plan) }, type: args.some((a) => a.type === 'series') ? 'series' : 'scalar', events: false };
      }
      case 'ConditionalNode': {
        const c = build(n.condition, d + 1), a = build(n.trueExpr, d + 1), b = build(n.falseExpr, d + 1);
        return { plan: { k: 'cond', c: c.plan, a: a.plan, b: b.plan }, type: [c, a, b].some((x) => x.type === 'series') ? 'series' : 'scalar', events: false };
      }
      case 'FunctionNode': {
        const name: string | undefined = n.fn?.type === 'SymbolNode' ? n.fn.name : undefined;
        if (!name) return err('EXPR_FORBIDDEN', 'only calls of named functions are allowed');
        if (isForbiddenName(name)) err('EXPR_FORBIDDEN', `'${name}' is not allowed in a metric expression`, name);
        const all = n.args as any[];
        const named = all.filter((a) => a.type === 'AssignmentNode');
        const pos = all.filter((a) => a.type !== 'AssignmentNode');
        const isRed = (REDUCTIONS as readonly string[]).includes(name) && !((name === 'min' || name === 'max') && pos.length >= 2);
        if (!isRed) {
          if (named.length) err('EXPR_FORBIDDEN', `${name}() takes no named arguments; from: and to: go with mean, min, max, sum, count, first_step and last_step`, name);
          const f = safeFunction(name);
          if (!f) err('EXPR_FORBIDDEN', `the function '${name}' is not available; reductions: ${REDUCTIONS.join(', ')}; step-by-step functions: ${SAFE_FUNCTION_NAMES.join(', ')}`, name);
          const args = pos.map((a) => build(a, d + 1));
          return { plan: { k: 'fn', name, args: args.map((a) => a.plan) }, type: args.some((a) => a.type === 'series') ? 'series' : 'scalar', events: false };
        }
        const red = name as Reduction;
        const want = red === 'at' ? 2 : 1;
        if (pos.length !== want) err('EXPR_FORBIDDEN', red === 'at' ? 'at(x, S) takes a series and a step or an ISO date, e.g. at(n_hedge, 4) or at(alignment[VNM], "2025-05-01")' : `${red}() takes one series${red === 'min' || red === 'max' ? ' (or two or more values for the step-by-step ' + red + ')' : ''}, e.g. ${red}(n_hedge)`, name);
        const arg = build(pos[0], d + 1);
        let from = 0, to = env.steps, at = -1;
        if (red === 'at') {
          const s = pos[1];
          if (s.type !== 'ConstantNode') err('EXPR_FORBIDDEN', 'at(x, S): S must be a step number or an ISO date written out, e.g. at(n_hedge, 4)', name);
          at = dateStep(s.value, 'at(x, S)', 'at');
        }
        for (const a of named) {
          const key: string = a.object?.name ?? a.name;
          if (!(NAMED_ARGS as readonly string[]).includes(key)) err('EXPR_FORBIDDEN', `${red}() takes from: and to:, got ${key}:`, key);
          if (red === 'final' || red === 'at') err('EXPR_FORBIDDEN', `${red}() takes no from: or to:; use ${red === 'final' ? 'at(x, S)' : 'mean(x, from: ..., to: ...)'}`, key);
          if (a.value?.type !== 'ConstantNode') err('EXPR_FORBIDDEN', `${key}: takes a step or an ISO date written out, e.g. ${key}: "2025-06-01"`, key);
          if (key === 'from') from = dateStep(a.value.value, `${red}(..., from:)`, 'from');
          else to = dateStep(a.value.value, `${red}(..., to:)`, 'to');
        }
        if (from > to) err('EXPR_FORBIDDEN', `${red}(): from: is after to: (steps ${from} > ${to})`, name);
        return { plan: { k: 'red', name: red, arg: arg.plan, from, to, at }, type: 'scalar', events: false };
      }
      case 'AssignmentNode': case 'FunctionAssignmentNode':
        return err('EXPR_FORBIDDEN', 'assignments and function definitions are not allowed; from: and to: go inside a reduction, e.g. mean(x, from: 4)');
      default:
        return err('EXPR_FORBIDDEN', `${String(n.type).replace('Node', '').toLowerCase()} syntax is not allowed in a metric expression; use series, arithmetic, comparisons and reductions`);
    }
  };
  const top = build(ast, 0);
  if (role === 'metric' && top.type !== 'scalar') {
    err('EXPR_FORBIDDEN', 'this is a series (one value per step); a metric is one number per run: reduce it with final(), mean(), max(), min(), sum(), count(), first_step() or at(x, step)');
  }
  return { src, plan: top.plan, keys: [...keys], type: top.type, usesEvents: [...keys].some((k) => k.startsWith('events:')) };
}

// ------------------------------------------------------------------ per World: recording and evaluation

/**
 * Records the series some expressions need during a run of one World (pass
 * `onStep` to runWorld) and evaluates the expressions. `reset()` before each run;
 * `events(rows)` after the run when an expression counts events; `values()` then
 * gives one number (or null: undefined, e.g. a first_step that never happens) per
 * metric expression.
 */
export class SeriesRun {
  private data = new Map<string, Float64Array>();
  private getters: { arr: Float64Array; get: Getter }[] = [];
  private eventKeys: { arr: Float64Array; kind: string; id?: string }[] = [];
  private needWorld = false;
  private row = new Float64Array(WORLD_COLUMNS.length);
  private band: Float64Array;
  /** the last step recorded */
  last = -1;
  private undef = false;
  private metricFns: (() => number)[];
  private stopFn?: () => number;
  readonly usesEvents: boolean;

  constructor(w: World, private metrics: readonly SeriesExpr[], stop?: SeriesExpr) {
    this.band = new Float64Array(w.n);
    const n = w.steps + 1;
    const all = new Set<string>([...metrics.flatMap((m) => m.keys), ...(stop?.keys ?? [])]);
    for (const key of all) {
      const arr = new Float64Array(n);
      this.data.set(key, arr);
      const [what, a, b] = key.split(':');
      if (what === 'world') { this.needWorld = true; this.getters.push({ arr, get: worldGetter(a) }); }
      else if (what === 'country') this.getters.push({ arr, get: countryGetter(w, b, a) });
      else if (what === 'bloc') {
        const members = w.blocs.get(b);
        if (!members || members.length === 0) throw new Error(`no bloc ${b} in this world`);
        const gs = Array.from(members, (i) => countryGetter(w, w.ids[i], a));
        const inv = 1 / gs.length;
        this.getters.push({ arr, get: (ww, st, S, row) => { let s = 0; for (const g of gs) s += g(ww, st, S, row); return s * inv; } });
      } else if (what === 'events') this.eventKeys.push({ arr, kind: a, id: b });
    }
    this.usesEvents = this.eventKeys.length > 0;
    this.metricFns = metrics.map((m) => this.bind(m.plan) as () => number);
    if (stop) {
      const f = this.bind(stop.plan);
      this.stopFn = stop.type === 'series' ? () => (f as (t: number) => number)(this.last) : (f as () => number);
    }
  }

  reset(): void {
    this.last = -1;
    for (const e of this.eventKeys) e.arr.fill(0);
  }

  onStep = (w: World, st: State, S: StepScalars, t: number): void => {
    if (this.needWorld) worldMeasures(w, st, S, this.row, this.band);
    for (const g of this.getters) g.arr[t] = g.get(w, st, S, this.row);
    this.last = t;
  };

  /** Does the stop condition hold at the last recorded step? (false without one) */
  stopNow(): boolean {
    if (!this.stopFn) return false;
    this.undef = false;
    const v = this.stopFn();
    return v !== 0 && !Number.isNaN(v);
  }

  /** Count the run's events (rows of its event log) into the events series. */
  events(rows: readonly EventRow[]): void {
    for (const e of this.eventKeys) e.arr.fill(0);
    for (const r of rows) {
      if (r.step > this.last) continue;
      for (const e of this.eventKeys) {
        if (r.kind === e.kind && (e.id === undefined || r.actor === e.id || r.target === e.id)) e.arr[r.step]++;
      }
    }
  }

  /** One value per metric expression; null when undefined. Throws for a value that is not finite. */
  values(): (number | null)[] {
    return this.metricFns.map((f, i) => {
      this.undef = false;
      const v = f();
      if (Number.isFinite(v)) return v;
      if (this.undef && Number.isNaN(v)) return null;
      throw new RangeError(`the metric expression ${JSON.stringify(this.metrics[i].src)} gives ${v}${Number.isNaN(v) ? '' : ' (a division by zero?)'}`);
    });
  }

  private bind(p: Plan): ((t: number) => number) | (() => number) {
    const self = this;
    const series = (q: Plan): ((t: number) => number) => {
      switch (q.k) {
        case 'num': { const v = q.v; return () => v; }
        case 't': return (t) => t;
        case 'ref': { const arr = this.data.get(q.key)!; return (t) => arr[t]; }
        case 'op': {
          const f = safeOperator(q.fn, q.args.length)!;
          const a = q.args.map(series);
          if (a.length === 1) { const x = a[0]; return (t) => f(x(t)); }
          const x = a[0], y = a[1];
          return (t) => f(x(t), y(t));
        }
        case 'fn': {
          const f = q.name === 'min' ? Math.min : q.name === 'max' ? Math.max : safeFunction(q.name)!;
          const a = q.args.map(series);
          return (t) => f(...a.map((g) => g(t)));
        }
        case 'cond': { const c = series(q.c), a = series(q.a), b = series(q.b); return (t) => (c(t) ? a(t) : b(t)); }
        case 'red': { const s = reduce(q); return () => s(); }
      }
    };
    const undef = () => { self.undef = true; return NaN; };
    const reduce = (q: Extract<Plan, { k: 'red' }>): (() => number) => {
      const x = series(q.arg);
      const isEvents = q.arg.k === 'ref' && q.arg.events;
      const range = (): [number, number] => [q.from, Math.min(q.to, self.last)];
      switch (q.name) {
        case 'final': return () => (self.last < 0 ? undef() : x(self.last));
        case 'at': return () => (q.at > self.last ? undef() : x(q.at));
        case 'mean': return () => { const [a, b] = range(); if (b < a) return undef(); let s = 0; for (let t = a; t <= b; t++) s += x(t); return s / (b - a + 1); };
        case 'sum': return () => { const [a, b] = range(); let s = 0; for (let t = a; t <= b; t++) s += x(t); return s; };
        case 'min': return () => { const [a, b] = range(); if (b < a) return undef(); let s = Infinity; for (let t = a; t <= b; t++) s = Math.min(s, x(t)); return s; };
        case 'max': return () => { const [a, b] = range(); if (b < a) return undef(); let s = -Infinity; for (let t = a; t <= b; t++) s = Math.max(s, x(t)); return s; };
        case 'count': return () => { const [a, b] = range(); let s = 0; for (let t = a; t <= b; t++) { const v = x(t); s += isEvents ? v : v !== 0 && !Number.isNaN(v) ? 1 : 0; } return s; };
        case 'first_step': return () => { const [a, b] = range(); for (let t = a; t <= b; t++) { const v = x(t); if (v !== 0 && !Number.isNaN(v)) return t; } return undef(); };
        case 'last_step': return () => { const [a, b] = range(); for (let t = b; t >= a; t--) { const v = x(t); if (v !== 0 && !Number.isNaN(v)) return t; } return undef(); };
      }
    };
    if (p.k === 'red') return reduce(p);
    const s = series(p);
    return s;
  }
}
