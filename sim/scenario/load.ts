/**
 * load: scenario file(s) → Scenario (typed, defaults applied, positions kept for
 * errors). Stages: read and parse each file of the `extends` chain, merge, apply
 * command-line overrides, check against the schema, read the countries CSV, check
 * the rules across fields, compile expressions. Every stage collects issues; nothing
 * is thrown for a user's mistake.
 */
import { createHash } from 'node:crypto';
import { dirname, resolve, relative } from 'node:path';
import { parse as parseYamlValue } from 'yaml';
import { type Issue, issue, hasErrors, closest, didYouMean } from '../errors.ts';
import { check, schemaAt, show, defaultOf, type LNode, type Loc, type Expr, type NumS, fieldNames } from './dsl.ts';
import { scenarioSchema, countrySchema, linkSchema, type ScenarioIn, type CountryIn, type EventIn, type LinkIn } from './schema.ts';
import { readText, parseYaml, fromJS, MAX_CSV_BYTES } from './yaml.ts';
import { compileExpr, loadExprEngine, ExprError, type CompiledExpr, type Scope } from './expr.ts';
import { resolveRules, itemLoc, stepOfDate, dateToDay, dayToDate } from './rules.ts';
import type { Scenario } from './types.ts';

export type { Scenario } from './types.ts';

export const MAX_EXTENDS_DEPTH = 16;


export interface LoadOptions {
  /** dotted-path overrides, e.g. ["model.elasticity=2"] */
  set?: string[];
  /** explicit overrides applied after `set` (from CLI flags such as --steps) */
  overrides?: Record<string, unknown>;
}

export interface LoadResult { scenario?: Scenario; issues: Issue[]; sources: Map<string, string> }

export async function loadScenario(file: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const sources = new Map<string, string>();
  const issues: Issue[] = [];
  const hash = createHash('sha256');
  const root = loadChain(resolve(file), [], sources, issues, hash, rel(file));
  if (!root || hasErrors(issues)) return { issues, sources };

  // command-line overrides
  for (const s of opts.set ?? []) applySet(root, s, issues);
  for (const [k, v] of Object.entries(opts.overrides ?? {})) if (v !== undefined) applyPath(root, k, v, { file: '--' + k.split('.').pop() }, issues);
  dropUnmatchedRemovals(root, issues);

  // schema
  const exprList: ExprAt[] = [];
  const spec = check(scenarioSchema, root, '', { issues, onExpr: (e, path, schema) => exprList.push({ e, path, schema }) }) as Scenario['spec'];
  if (!spec) return { issues, sources };
  // After schema errors, the later stages still run (all problems at once) on what was
  // valid; their issues that follow from an error already reported are dropped below.
  const schemaIssues = issues.length;
  const schemaFailed = hasErrors(issues);
  if (schemaFailed) {
    for (const k of ['start', 'steps', 'step_days'] as const) if (spec[k] === undefined) (spec as Record<string, unknown>)[k] = defaultOf(scenarioSchema.fields[k]);
    // items with an error of their own are left out of the later checks
    const bad = issues.filter((i) => i.severity === 'error').map((i) => i.path);
    const sp = spec as Record<string, unknown>;
    for (const list of ['countries', 'events', 'links']) {
      const arr = sp[list];
      if (Array.isArray(arr)) arr.forEach((_x, i) => { if (bad.some((b) => b === `${list}[${i}]` || b.startsWith(`${list}[${i}].`))) arr[i] = undefined; });
    }
    for (const k of ['world', 'poles']) if (bad.some((b) => b === k || b.startsWith(k + '.'))) delete sp[k];
  }

  // countries: CSV, then the inline list merged by id
  const baseDir = dirname(resolve(file));
  let countries: CountryIn[] = [];
  const csvLocs = new Map<string, Loc>();
  const poles = { us: spec.poles?.us ?? 'USA', china: spec.poles?.china ?? 'CHN' };
  if (spec.countries_file) {
    const csvDir = fileDirOf(root, 'countries_file') ?? baseDir;
    const csvPath = resolve(csvDir, spec.countries_file);
    // papaparse loads only for scenarios with a countries table (synthetic worlds do without it)
    const Papa = (await import('papaparse')).default;
    countries = readCountriesCsv(Papa, csvPath, rel(csvPath), issues, sources, hash, poles, exprList, csvLocs);
  }
  const inline = (spec.countries ?? []) as CountryIn[];
  const byId = new Map(countries.map((c, i) => [c.id, i]));
  inline.forEach((c, k) => {
    if (!c || c.id === undefined) return;
    const i = byId.get(c.id);
    if (c.remove) {
      if (i !== undefined && countries[i]) countries[i] = undefined as unknown as CountryIn;
      else issues.push(issue('REMOVE_UNKNOWN', `countries[${k}].id`, `no inherited country with id ${show(c.id)} to remove; check the id in the scenario this one extends or in countries_file`, itemLoc(root, 'countries', k, 'id')));
      return;
    }
    if (i !== undefined) countries[i] = { ...countries[i], ...c };
    else { byId.set(c.id, countries.length); countries.push(c); }
  });
  countries = countries.filter((c) => c && c.id !== undefined);

  // select: keep only the listed countries (ids, or blocs for all their members)
  const dropped = new Set<string>();
  if (spec.select && countries.length) countries = selectCountries(countries, spec.select, root, poles, issues, dropped);

  // links_file: links from a CSV, after those listed under links: (those to a country left out by select are dropped)
  const linkLocs = new Map<number, Loc>();
  if (spec.links_file) {
    const linksPath = resolve(fileDirOf(root, 'links_file') ?? baseDir, spec.links_file);
    const Papa = (await import('papaparse')).default;
    const read = readLinksCsv(Papa, linksPath, rel(linksPath), issues, sources, hash).filter(({ link }) => !dropped.has(link.from) && !dropped.has(link.to));
    const listed = (spec.links ?? []) as LinkIn[];
    read.forEach(({ loc }, k) => linkLocs.set(listed.length + k, loc));
    spec.links = [...listed, ...read.map(({ link }) => link)];
  }

  // expressions
  const params = Object.keys(spec.parameters ?? {});
  const exprs = new Map<string, CompiledExpr>();
  if (exprList.length) {
    await loadExprEngine();
    for (const x of exprList) {
      const { e, path } = x;
      try {
        const c = exprs.get(e.expr) ?? compileExpr(e.expr, params);
        exprs.set(e.expr, c);
        checkExprValues(x, c, spec, issues);
      } catch (err) {
        if (err instanceof ExprError) issues.push(issue(err.code, path, err.message, { ...e.loc, col: (e.loc.col ?? 1) + (err.col ? err.col : 0) }));
        else throw err;
      }
    }
  }

  const scenario: Scenario = { spec, countries, file: rel(file), sources, hash: hash.digest('hex'), exprs, poles };
  resolveRules(scenario, root, issues, csvLocs, { dropped, linkLocs });
  if (schemaFailed) dropConsequences(issues, schemaIssues);
  // a horizon shortened on the command line (--steps, --set steps=...) leaves the later events
  // out on purpose: the file is not wrong, so there is nothing to warn about
  const horizonSet = (opts.set ?? []).some((s) => /^\s*(steps|start|step_days)\s*=/.test(s))
    || (['steps', 'start', 'step_days'] as const).some((k) => opts.overrides?.[k] !== undefined);
  if (horizonSet) for (let i = issues.length - 1; i >= 0; i--) if (issues[i].code === 'EVENT_OUTSIDE_HORIZON' && issues[i].severity === 'warning') issues.splice(i, 1);
  return { scenario: hasErrors(issues) ? undefined : scenario, issues, sources };
}

/**
 * Event removals (`- {id: x, remove: true}`) left after merging matched no inherited
 * event: report each and drop it, so that it is not checked as an event of its own.
 */
function dropUnmatchedRemovals(root: LNode, issues: Issue[]) {
  if (root.kind !== 'map') return;
  const seq = root.entries.get('events')?.node;
  if (!seq || seq.kind !== 'seq') return;
  seq.items = seq.items.filter((it, i) => {
    if (it.kind !== 'map') return true;
    const rm = it.entries.get('remove')?.node;
    if (!(rm?.kind === 'scalar' && rm.value === true)) return true;
    const id = it.entries.get('id');
    issues.push(issue('REMOVE_UNKNOWN', `events[${i}].id`, `no inherited event with id ${show(id?.node.kind === 'scalar' ? id.node.value : '')} to remove; check the id in the scenario this one extends`, id?.node.loc ?? it.loc));
    return false;
  });
}

/**
 * Issues found after the schema check failed, that follow from an error already
 * reported (an item refused by the schema is missing from the rules' view): drop
 * those at or under a path already in error, and the cross-reference checks of a list
 * that lost items.
 */
function dropConsequences(issues: Issue[], from: number) {
  const bad = issues.slice(0, from).filter((i) => i.severity === 'error').map((i) => i.path);
  const under = (p: string, q: string) => p === q || p.startsWith(q + '.') || p.startsWith(q + '[') || q.startsWith(p + '.') || q.startsWith(p + '[');
  const lost = (list: string) => bad.some((b) => b === list || b.startsWith(list + '['));
  const timeBad = bad.some((b) => b === 'start' || b === 'steps' || b === 'step_days');
  const later = issues.slice(from).filter((i) => {
    if (bad.some((b) => under(i.path, b))) return false;
    if ((i.code === 'UNKNOWN_COUNTRY' || i.code === 'BAD_LINK' || i.code === 'NO_COUNTRIES' || i.code === 'EVENT_BAD_TARGET' || i.code === 'POLE_AS_COUNTRY' || i.code === 'MISSING_KEY' || i.code === 'WRONG_TYPE')
      && (lost('countries') || lost('countries_file') || lost('world') || lost('poles') || bad.some((b) => b.startsWith('poles.') || b.startsWith('world.')))) return false;
    if (i.code === 'UNKNOWN_POLE' && bad.some((b) => b.startsWith('poles'))) return false;
    if (i.code === 'EVENT_OUTSIDE_HORIZON' && timeBad) return false;
    if (i.code === 'EXPR_UNKNOWN_SYMBOL' && bad.some((b) => b.startsWith('parameters'))) return false;
    return true;
  });
  issues.splice(from, issues.length - from, ...later);
}

interface ExprAt { e: Expr; path: string; schema: NumS }

/**
 * Evaluate a compiled expression where the run will: at every step 0..steps for a
 * time-varying setting, once for a constant one, at the event's own step for an
 * event field (from it to the end for a tariff's rate and coverage, which stay live). The first value that is not finite (EXPR_NOT_FINITE) or is outside the
 * field's range (OUT_OF_RANGE) is reported at the expression, so nothing fails mid-run.
 */
function checkExprValues({ e, path, schema }: ExprAt, c: CompiledExpr, spec: Scenario['spec'], issues: Issue[]): void {
  const startDay = dateToDay(spec.start);
  const scope: Scope = { ...(spec.parameters ?? {}), t: 0, step: 0, day: 0, year: 0, steps: spec.steps };
  let from = 0, to = c.usesTime ? spec.steps : 0;
  const ev = /^events\[(\d+)\]\./.exec(path);
  if (ev) {
    const x = spec.events?.[+ev[1]];
    const s = x?.step ?? (x?.date !== undefined ? stepOfDate(spec.start, spec.step_days, x.date) : undefined);
    if (s === undefined || s < 0 || s > spec.steps) return; // the rules report the event's time
    // a tariff's rate and coverage written in t follow their expression every step from then on
    if (c.usesTime) { from = s; to = x?.kind === 'tariff' && /\.(rate|coverage)$/.test(path) ? spec.steps : s; }
  }
  if (c.symbols.some((x) => scope[x] === undefined && !['t', 'step', 'day', 'year'].includes(x))) return; // a parameter refused by the schema check
  // the date is written only into a message (formatting it for every step made long horizons slow)
  const whenOf = (t: number) => { if (!c.usesTime) return ''; exprCheckStats.datesFormatted++; return ` at step ${t} (${dayToDate(startDay + t * spec.step_days)})`; };
  exprCheckStats.checks++;
  for (let t = from; t <= to; t++) {
    scope.t = scope.step = t;
    scope.day = t * spec.step_days;
    scope.year = 1970 + (startDay + t * spec.step_days) / 365.2425;
    const v = c.fn(scope);
    exprCheckStats.evaluations++;
    if (typeof v !== 'number' || !Number.isFinite(v) || (schema.min !== undefined && v < schema.min) || (schema.max !== undefined && v > schema.max)) {
      reportExprValue(e, path, schema, v, whenOf(t), issues);
      return;
    }
  }
}

/** Counts of expression checks and evaluations (tests use them to see which path ran). */
export const exprCheckStats = { checks: 0, evaluations: 0, datesFormatted: 0 };

function reportExprValue(e: Expr, path: string, schema: NumS, v: unknown, when: string, issues: Issue[]): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    issues.push(issue('EXPR_NOT_FINITE', path, `${show(e.expr)} gives ${String(v)}${when}; guard divisions and logarithms, e.g. x / max(1, t)`, e.loc));
    return;
  }
  const lo = schema.min ?? '-inf', hi = schema.max ?? 'inf';
  issues.push(issue('OUT_OF_RANGE', path, `${show(e.expr)} gives ${+v.toPrecision(6)}${when}, outside ${lo} to ${hi}${schema.unit ? ` ${schema.unit}` : ''}; bound it, e.g. clamp(..., ${lo}, ${hi})`, e.loc));
}

/**
 * Check every expression of a resolved scenario again, with its current parameters
 * (a sweep that varies parameters.x sets the values on the resolved scenario; the
 * expressions that use x must give values in their range for the run, as
 * `hedgesim run --set parameters.x=...` requires). Returns the issues found.
 */
export function recheckExpressions(sc: Pick<Scenario, 'spec' | 'exprs'>): Issue[] {
  const found: ExprAt[] = [];
  const walk = (v: unknown, segs: string[], path: string) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, [...segs, String(i)], `${path}[${i}]`)); return; }
    const o = v as Record<string, unknown>;
    if (typeof o.expr === 'string' && o.loc && typeof o.loc === 'object') {
      const schema = schemaAt(scenarioSchema, segs);
      if (schema?.kind === 'number') found.push({ e: o as unknown as Expr, path, schema });
      return;
    }
    for (const k of Object.keys(o)) walk(o[k], [...segs, k], path ? `${path}.${k}` : k);
  };
  walk(sc.spec, [], '');
  const issues: Issue[] = [];
  for (const x of found) {
    const c = sc.exprs.get(x.e.expr);
    if (c) checkExprValues(x, c, sc.spec, issues);
  }
  return issues;
}

const rel = (p: string) => {
  const r = relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
};

// ------------------------------------------------------------------ extends

const origins = new WeakMap<LNode, { dir: string }>();

function loadChain(abs: string, chain: string[], sources: Map<string, string>, issues: Issue[], hash: ReturnType<typeof createHash>, shown: string, from?: Loc): LNode | undefined {
  if (chain.includes(abs)) {
    issues.push(issue('EXTENDS_CYCLE', 'extends', `inheritance goes round in a circle: ${[...chain, abs].map(rel).join(' -> ')}; remove one extends`, from));
    return undefined;
  }
  if (chain.length >= MAX_EXTENDS_DEPTH) {
    issues.push(issue('EXTENDS_TOO_DEEP', 'extends', `more than ${MAX_EXTENDS_DEPTH} levels of extends; flatten the chain`, from));
    return undefined;
  }
  const { text, issues: readIssues } = readText(abs, 'scenario', shown);
  if (text === undefined) {
    if (from) for (const r of readIssues) issues.push(r.code === 'FILE_NOT_FOUND' ? { ...r, code: 'EXTENDS_NOT_FOUND', path: 'extends', message: `cannot find ${shown}; the path is relative to the file that extends it`, file: from.file, line: from.line, col: from.col } : r);
    else issues.push(...readIssues);
    return undefined;
  }
  sources.set(shown, text);
  hash.update(text);
  const { node, issues: yamlIssues } = parseYaml(text, shown);
  issues.push(...yamlIssues);
  if (!node || node.kind !== 'map') return undefined;
  markDir(node, dirname(abs));
  const ext = node.entries.get('extends');
  if (!ext) return node;
  if (ext.node.kind !== 'scalar' || typeof ext.node.value !== 'string') {
    issues.push(issue('WRONG_TYPE', 'extends', 'expected the path of a scenario file', ext.node.loc));
    return undefined;
  }
  const parentAbs = resolve(dirname(abs), ext.node.value);
  const parent = loadChain(parentAbs, [...chain, abs], sources, issues, hash, rel(parentAbs), ext.node.loc);
  if (!parent) return undefined;
  node.entries.delete('extends');
  return mergeNodes(parent, node, '');
}

function markDir(n: LNode, dir: string) {
  origins.set(n, { dir });
  if (n.kind === 'map') for (const { node } of n.entries.values()) markDir(node, dir);
  else if (n.kind === 'seq') for (const it of n.items) markDir(it, dir);
}

function fileDirOf(root: LNode, key: string): string | undefined {
  if (root.kind !== 'map') return undefined;
  const e = root.entries.get(key);
  return e ? origins.get(e.node)?.dir : undefined;
}

const MERGE_BY_ID = new Set(['countries', 'events']);

/** Deep merge: maps merge, countries and events merge by id, other lists are replaced. */
export function mergeNodes(base: LNode, over: LNode, path: string): LNode {
  if (base.kind === 'map' && over.kind === 'map') {
    const entries = new Map(base.entries);
    for (const [k, v] of over.entries) {
      const b = entries.get(k);
      entries.set(k, b ? { keyLoc: v.keyLoc, node: mergeNodes(b.node, v.node, path ? `${path}.${k}` : k) } : v);
    }
    const out: LNode = { kind: 'map', entries, loc: over.loc };
    origins.set(out, origins.get(over) ?? origins.get(base)!);
    return out;
  }
  if (base.kind === 'seq' && over.kind === 'seq' && MERGE_BY_ID.has(path)) {
    const items = [...base.items];
    const idOf = (n: LNode) => (n.kind === 'map' ? n.entries.get('id')?.node : undefined);
    for (const it of over.items) {
      const id = idOf(it);
      const idv = id?.kind === 'scalar' ? id.value : undefined;
      const at = idv === undefined ? -1 : items.findIndex((b) => { const x = idOf(b); return x?.kind === 'scalar' && x.value === idv; });
      const removal = it.kind === 'map' && (it.entries.get('remove')?.node as { value?: unknown } | undefined)?.value === true;
      if (at >= 0) {
        if (removal) items.splice(at, 1);
        else items[at] = mergeNodes(items[at], it, '');
      } else items.push(it); // a removal of an unknown id is reported by the rules
    }
    return { kind: 'seq', items, loc: over.loc };
  }
  return over;
}

// ------------------------------------------------------------------ overrides

function applySet(root: LNode, s: string, issues: Issue[]) {
  const eq = s.indexOf('=');
  const loc = { file: '--set' };
  if (eq <= 0) {
    issues.push(issue('BAD_OVERRIDE', s, `--set takes path=value, e.g. --set model.elasticity=2; got ${show(s)}`, loc));
    return;
  }
  const path = s.slice(0, eq).trim();
  const raw = s.slice(eq + 1);
  let value: unknown;
  try { value = parseYamlValue(raw); } catch { value = raw; }
  applyPath(root, path, value, loc, issues);
}

/** Set a value at a dotted path in the merged tree; list items are addressed by id or index. */
export function applyPath(root: LNode, path: string, value: unknown, loc: Loc, issues: Issue[]) {
  const segs = path.split('.');
  let n = root;
  const schemaSegs: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i];
    const last = i === segs.length - 1;
    if (n.kind === 'map') {
      const known = schemaAt(scenarioSchema, [...schemaSegs, seg]);
      const parentSchema = schemaAt(scenarioSchema, schemaSegs);
      if (!known && parentSchema?.kind !== 'record') {
        const allowed = parentSchema ? fieldNames(parentSchema) : [];
        issues.push(issue('BAD_OVERRIDE', path, `no setting ${show(segs.slice(0, i + 1).join('.'))}; ${didYouMean(seg, allowed) || 'see `hedgesim schema`'}`, loc));
        return;
      }
      if (schemaSegs.length === 1 && schemaSegs[0] === 'parameters' && !n.entries.has(seg)) {
        const names = [...n.entries.keys()];
        issues.push(issue('UNKNOWN_PARAMETER', path, `the scenario has no parameter ${show(seg)}; ${didYouMean(seg, names) || (names.length ? '' : 'define it under parameters: first')}`.replace(/; $/, ''), loc));
        return;
      }
      schemaSegs.push(seg);
      if (last) { n.entries.set(seg, { keyLoc: loc, node: fromJS(value, loc) }); return; }
      let next = n.entries.get(seg)?.node;
      if (!next || next.kind === 'scalar') {
        const isList = known?.kind === 'array';
        next = isList ? { kind: 'seq', items: [], loc } : { kind: 'map', entries: new Map(), loc };
        n.entries.set(seg, { keyLoc: loc, node: next });
      }
      n = next;
    } else if (n.kind === 'seq') {
      let item: LNode | undefined;
      if (/^\d+$/.test(seg)) item = n.items[+seg];
      else {
        item = n.items.find((it) => it.kind === 'map' && (it.entries.get('id')?.node as { value?: unknown })?.value === seg);
        if (!item && schemaSegs[schemaSegs.length - 1] === 'countries') {
          // a country that comes from the CSV: add an inline entry merged by id
          item = fromJS({ id: seg }, loc);
          n.items.push(item);
        }
      }
      if (!item || item.kind !== 'map') {
        const ids = n.items.map((it) => (it.kind === 'map' ? String((it.entries.get('id')?.node as { value?: unknown })?.value) : '')).filter(Boolean);
        issues.push(issue('BAD_OVERRIDE', path, `no item ${show(seg)} in ${schemaSegs.join('.')}; ${didYouMean(seg, ids) || 'address items by id or index'}`, loc));
        return;
      }
      schemaSegs.push('0');
      if (last) { issues.push(issue('BAD_OVERRIDE', path, 'name a field of the item, e.g. countries.VNM.alignment', loc)); return; }
      n = item;
    } else {
      issues.push(issue('BAD_OVERRIDE', path, `${segs.slice(0, i).join('.')} is a value, not a map`, loc));
      return;
    }
  }
}

// ------------------------------------------------------------------ CSV

/**
 * Columns of a countries CSV that are kept for people and ignored by the model: notes,
 * sources, and the inputs from which scenarios/data/countries-2025.csv derives its
 * starting alignment and affinities (scenarios/data/README.md, checked by test/data/).
 */
export const CSV_IGNORED_COLUMNS = ['note', 'notes', 'source', 'sources', 'ties', 'estimates', 'source_gdp', 'source_trade', 'source_ties',
  'unga_ideal', 'unga_year', 'us_tie', 'china_tie', 'china_dispute'];

/**
 * `select:`: keep only the countries named (by id, or by bloc for all its members), in
 * the order they already have; the ids left out go to `dropped`, so that the rules can
 * say why an event or link naming one of them no longer finds it.
 */
function selectCountries(countries: CountryIn[], select: string[], root: LNode, poles: { us: string; china: string }, issues: Issue[], dropped: Set<string>): CountryIn[] {
  const ids = new Set(countries.map((c) => c.id));
  const blocs = new Map<string, string[]>();
  for (const c of countries) for (const b of c.blocs ?? []) blocs.set(b, [...(blocs.get(b) ?? []), c.id]);
  const keep = new Set<string>();
  select.forEach((x, k) => {
    if (x === undefined) return; // refused by the schema check
    const at = itemLoc(root, 'select', k);
    if (ids.has(x)) keep.add(x);
    else if (blocs.has(x)) for (const m of blocs.get(x)!) keep.add(m);
    else if (x === poles.us || x === poles.china) issues.push(issue('POLE_AS_COUNTRY', `select[${k}]`, `${x} is a pole, not a country; the poles are always in the world: remove it from select:`, at));
    else {
      const near = closest(x, [...ids, ...blocs.keys()]);
      issues.push(issue('UNKNOWN_COUNTRY', `select[${k}]`, `unknown country or bloc ${show(x)} in select:${near.length ? `; did you mean ${near.join(' or ')}?` : '; list ids of countries_file or countries:, or bloc names'}`, at));
    }
  });
  for (const c of countries) if (!keep.has(c.id)) dropped.add(c.id);
  return countries.filter((c) => keep.has(c.id));
}

/**
 * A CSV table a scenario names (countries_file:, links_file:): read as a regular file with
 * a size cap, added to the sources and the scenario's hash, parsed with a header; syntax
 * errors, missing columns (`missing` gives their messages) and unknown columns (not in
 * `allowed` nor ignored) are reported at their line and column. Undefined when any is an error.
 */
function readCsvTable(Papa: typeof import('papaparse'), abs: string, shown: string, what: string, key: string, allowed: readonly string[], issues: Issue[],
  sources: Map<string, string>, hash: ReturnType<typeof createHash>, missing: (header: string[]) => string[]) {
  const { text, issues: readIssues } = readText(abs, what, shown, MAX_CSV_BYTES);
  if (text === undefined) {
    for (const r of readIssues) issues.push(r.code === 'FILE_NOT_FOUND' ? { ...r, path: key, message: `cannot find the ${what} ${shown}; the path is relative to the scenario file` } : r);
    return undefined;
  }
  sources.set(shown, text);
  hash.update(text);
  const before = issues.length;
  const parsed = Papa.parse<Record<string, string>>(text.replace(/\r\n/g, '\n'), { header: true, skipEmptyLines: 'greedy' });
  for (const e of parsed.errors) issues.push(issue('CSV_SYNTAX', key, `${e.message}; check quotes and the number of commas on this row`, { file: shown, line: (e.row ?? 0) + 2, col: 1 }));
  const header = parsed.meta.fields ?? [];
  for (const m of missing(header)) issues.push(issue('CSV_MISSING_COLUMN', key, m, { file: shown, line: 1, col: 1 }));
  header.forEach((h, ci) => {
    if (!allowed.includes(h) && !CSV_IGNORED_COLUMNS.includes(h)) {
      issues.push(issue('UNKNOWN_KEY', h, `unknown column ${show(h)}; ${didYouMean(h, allowed) || `allowed: ${allowed.join(', ')}`} (columns named ${CSV_IGNORED_COLUMNS.join(', ')} are ignored)`, { file: shown, line: 1, col: header.slice(0, ci).join(',').length + (ci ? 2 : 1) }));
    }
  });
  return hasErrors(issues.slice(before)) ? undefined : { text, parsed, header };
}

/** Columns of a links CSV (links_file:) besides the ignored ones. */
const LINK_COLUMNS = ['from', 'to', 'weight'];

function readLinksCsv(Papa: typeof import('papaparse'), abs: string, shown: string, issues: Issue[], sources: Map<string, string>, hash: ReturnType<typeof createHash>): { link: LinkIn; loc: Loc }[] {
  const t = readCsvTable(Papa, abs, shown, 'links CSV', 'links_file', LINK_COLUMNS, issues, sources, hash,
    (header) => ['from', 'to'].filter((c) => !header.includes(c)).map((c) => `the links CSV needs a ${c} column; columns: ${LINK_COLUMNS.join(', ')}`));
  if (!t) return [];
  const { text, parsed, header } = t;
  const lines = text.split('\n');
  const out: { link: LinkIn; loc: Loc }[] = [];
  let line = 1;
  parsed.data.forEach((row, r) => {
    // the line of this row: the next line that is not empty (papaparse skipped the empty ones)
    do line++; while (line <= lines.length && lines[line - 1].trim() === '');
    const loc = { file: shown, line, col: 1 };
    const obj: Record<string, unknown> = {};
    for (const h of LINK_COLUMNS) {
      const cell = (row[h] ?? '').trim();
      if (cell === '') continue;
      if (h !== 'weight') obj[h] = cell;
      else if (/^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell)) obj[h] = Number(cell);
      else {
        issues.push(issue('CSV_BAD_VALUE', `links_file[${r}].weight`, `expected a number of 0 or more, got ${show(cell)}; leave the cell empty for weight 1`, { file: shown, line, col: colOf(lines[line - 1], header.indexOf(h)) }));
        return;
      }
    }
    const v = check(linkSchema, fromJS(obj, loc), `links_file[${r}]`, { issues });
    if (v) out.push({ link: v as LinkIn, loc });
  });
  return out;
}

function readCountriesCsv(Papa: typeof import('papaparse'), abs: string, shown: string, issues: Issue[], sources: Map<string, string>, hash: ReturnType<typeof createHash>, poles: { us: string; china: string }, exprList: ExprAt[], locs: Map<string, Loc>): CountryIn[] {
  const allowed = fieldNames(countrySchema).filter((f) => f !== 'remove');
  const t = readCsvTable(Papa, abs, shown, 'countries CSV', 'countries_file', allowed, issues, sources, hash,
    (header) => (header.includes('id') ? [] : [`the CSV needs an id column; columns allowed: ${allowed.join(', ')}`]));
  if (!t) return [];
  const { text, parsed, header } = t;
  const out: CountryIn[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  parsed.data.forEach((row, r) => {
    const line = findLine(lines, row.id, r + 2);
    if (row.id === poles.us || row.id === poles.china) return; // pole rows describe the poles, not agents
    if (row.id && seen.has(row.id)) {
      issues.push(issue('DUPLICATE_ID', `countries.${row.id}`, `the id ${show(row.id)} appears twice in the CSV; keep one row per country`, { file: shown, line, col: 1 }));
      return;
    }
    if (row.id) seen.add(row.id);
    const obj: Record<string, unknown> = {};
    for (const h of header) {
      if (CSV_IGNORED_COLUMNS.includes(h)) continue;
      const cell = (row[h] ?? '').trim();
      if (cell === '') continue;
      if (h === 'blocs') obj.blocs = cell.split(/[;|]/).map((b) => b.trim()).filter(Boolean);
      else if (h === 'id' || h === 'name') obj[h] = cell;
      else if (/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell)) obj[h] = Number(cell);
      else if (h === 'remove') obj[h] = cell === 'true';
      else {
        issues.push(issue('CSV_BAD_VALUE', `countries[${row.id ?? r}].${h}`, `expected a number, got ${show(cell)}; leave the cell empty for the default`, { file: shown, line, col: colOf(lines[line - 1], header.indexOf(h)) }));
        return;
      }
    }
    const loc = { file: shown, line, col: 1 };
    const v = check(countrySchema, fromJS(obj, loc), `countries.${row.id ?? `row${r + 1}`}`, { issues, onExpr: (e, path, schema) => exprList.push({ e, path, schema }) });
    if (v) { out.push(v as CountryIn); if (row.id) locs.set(row.id, loc); }
  });
  return out;
}

function findLine(lines: string[], id: string | undefined, guess: number): number {
  if (id && lines[guess - 1]?.startsWith(id)) return guess;
  if (id) { const i = lines.findIndex((l) => l.startsWith(id + ',')); if (i >= 0) return i + 1; }
  return guess;
}

function colOf(line: string | undefined, field: number): number {
  if (!line) return 1;
  let col = 1, f = 0, q = false;
  for (let i = 0; i < line.length && f < field; i++) {
    if (line[i] === '"') q = !q;
    else if (line[i] === ',' && !q) { f++; col = i + 2; }
  }
  return col;
}

export { closest };
export type { EventIn };
