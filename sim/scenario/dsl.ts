/**
 * A small schema language: one definition gives the TypeScript types (Infer<S>),
 * the JSON Schema written to scenarios/*.schema.json, defaults, and validation with
 * positions. Validation walks located nodes (LNode), collects every issue and never
 * throws for a user's mistake.
 */
import { type Issue, type IssueCode, issue, didYouMean } from '../errors.ts';

export interface Loc { file?: string; line?: number; col?: number }

export type LNode =
  | { kind: 'scalar'; value: unknown; loc: Loc }
  | { kind: 'seq'; items: LNode[]; loc: Loc }
  | { kind: 'map'; entries: Map<string, { keyLoc: Loc; node: LNode }>; loc: Loc };

interface Meta { description?: string; unit?: string; examples?: unknown[] }

export interface NumS extends Meta {
  kind: 'number'; min?: number; max?: number; integer?: boolean;
  /** a rate or share written in percent (46 means 46%) */
  percent?: boolean;
  /** small percentages (below 1) are plausible here: no "did you mean" warning */
  fractionOk?: boolean;
  /** accept a string expression (mathjs subset) evaluated per step */
  expr?: boolean;
  /**
   * model units per unit written, when not 1 (percent fields: 0.01, so 46 becomes 0.46):
   * how sim/world/params.ts turns the written value into the model's Params
   */
  scale?: number;
  default?: number;
}
export interface StrS extends Meta { kind: 'string'; pattern?: string; patternHint?: string; maxLength?: number; default?: string }
export interface BoolS extends Meta { kind: 'boolean'; default?: boolean }
export interface EnumS<V extends string = string> extends Meta { kind: 'enum'; values: readonly V[]; default?: V }
export interface DateS extends Meta { kind: 'date'; default?: string }
export interface ArrS<I extends S = S> extends Meta { kind: 'array'; items: I; maxItems?: number; minItems?: number; default?: unknown[]; mergeBy?: string }
export interface ObjS<F extends Record<string, S> = Record<string, S>, R extends string = string> extends Meta {
  kind: 'object'; fields: F; required?: readonly R[];
}
export interface RecS<V extends S = S> extends Meta { kind: 'record'; values: V; keyPattern?: string; maxKeys?: number }
export interface UnionS<O extends readonly S[] = readonly S[]> extends Meta { kind: 'union'; options: O; default?: unknown }

export type S = NumS | StrS | BoolS | EnumS | DateS | ArrS<any> | ObjS<any> | RecS<any> | UnionS<any>;

/** An expression string kept as written, compiled later. */
export interface Expr { expr: string; loc: Loc }

type Flat<T> = { [K in keyof T]: T[K] };
type Req<F extends Record<string, S>> = { [K in keyof F]: F[K] extends { default: any } ? K : never }[keyof F];
export type Infer<T> =
  T extends NumS ? (T extends { expr: true } ? number | Expr : number)
  : T extends StrS ? string
  : T extends BoolS ? boolean
  : T extends EnumS<infer V> ? V
  : T extends DateS ? string
  : T extends ArrS<infer I> ? Infer<I>[]
  : T extends ObjS<infer F, infer R> ? Flat<{ [K in Req<F> | (string extends R ? never : R & keyof F)]: Infer<F[K]> } & { [K in Exclude<keyof F, Req<F> | R>]?: Infer<F[K]> }>
  : T extends RecS<infer V> ? Record<string, Infer<V>>
  : T extends UnionS<infer O> ? Infer<O[number]>
  : never;

export const num = <O extends Omit<NumS, 'kind'>>(o: O): O & { kind: 'number' } => ({ kind: 'number', ...o });
export const pct = <O extends Omit<NumS, 'kind' | 'percent'>>(o: O) => num({ unit: '%', min: 0, percent: true, ...o });
export const int = <O extends Omit<NumS, 'kind' | 'integer'>>(o: O) => num({ integer: true, ...o });
export const str = <O extends Omit<StrS, 'kind'>>(o: O): O & { kind: 'string' } => ({ kind: 'string', ...o });
export const bool = <O extends Omit<BoolS, 'kind'>>(o: O): O & { kind: 'boolean' } => ({ kind: 'boolean', ...o });
export const oneOf = <V extends string, O extends Omit<EnumS<V>, 'kind' | 'values'>>(values: readonly V[], o: O): O & EnumS<V> =>
  ({ kind: 'enum', values, ...o }) as O & EnumS<V>;
export const date = <O extends Omit<DateS, 'kind'>>(o: O): O & { kind: 'date' } => ({ kind: 'date', ...o });
export const arr = <I extends S, O extends Omit<ArrS<I>, 'kind' | 'items'>>(items: I, o: O): O & ArrS<I> =>
  ({ kind: 'array', items, ...o }) as O & ArrS<I>;
export const obj = <F extends Record<string, S>, const R extends keyof F & string = never>(fields: F, o: Meta & { required?: readonly R[] }): ObjS<F, R> =>
  ({ kind: 'object', fields, ...o }) as ObjS<F, R>;
export const rec = <V extends S, O extends Omit<RecS<V>, 'kind' | 'values'>>(values: V, o: O): O & RecS<V> =>
  ({ kind: 'record', values, ...o }) as O & RecS<V>;
export const union = <Os extends readonly S[], O extends Omit<UnionS<Os>, 'kind' | 'options'>>(options: Os, o: O): O & UnionS<Os> =>
  ({ kind: 'union', options, ...o }) as O & UnionS<Os>;

// ---------------------------------------------------------------- JSON Schema

function metaOf(s: S): Record<string, unknown> {
  const m: Record<string, unknown> = {};
  let d = s.description ?? '';
  if (s.unit) d += `${d ? ' ' : ''}[unit: ${s.unit}]`;
  if (s.kind === 'number' && (s.min !== undefined || s.max !== undefined)) {
    d += ` [range: ${s.min ?? '-inf'} to ${s.max ?? 'inf'}]`;
  }
  if (d) m.description = d;
  if ('default' in s && s.default !== undefined) m.default = s.default;
  if (s.examples) m.examples = s.examples;
  return m;
}

export function toJsonSchema(s: S): Record<string, unknown> {
  const m = metaOf(s);
  switch (s.kind) {
    case 'number': {
      const n: Record<string, unknown> = { type: s.integer ? 'integer' : 'number' };
      if (s.min !== undefined) n.minimum = s.min;
      if (s.max !== undefined) n.maximum = s.max;
      if (s.expr) {
        return { ...m, anyOf: [n, { type: 'string', minLength: 1, maxLength: 500, description: 'an expression in t (step), day, year and named parameters, e.g. "10 + 36 * min(1, t / 4)"' }] };
      }
      return { ...m, ...n };
    }
    case 'string': return { ...m, type: 'string', ...(s.pattern ? { pattern: s.pattern } : {}), ...(s.maxLength ? { maxLength: s.maxLength } : {}) };
    case 'boolean': return { ...m, type: 'boolean' };
    case 'enum': return { ...m, enum: [...s.values] };
    case 'date': return { ...m, type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
    case 'array': {
      let items = toJsonSchema(s.items);
      // items merged by id with extends may be partial: an id alone overrides or removes one
      if (s.mergeBy && items.required) {
        const { required, ...rest } = items;
        const req = required as string[];
        items = req.includes(s.mergeBy) ? items : { ...rest, anyOf: [{ required: req }, { required: [s.mergeBy] }] };
      }
      return { ...m, type: 'array', items, ...(s.maxItems ? { maxItems: s.maxItems } : {}), ...(s.minItems ? { minItems: s.minItems } : {}) };
    }
    case 'object': {
      const props: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.fields)) props[k] = toJsonSchema(v as S);
      return { ...m, type: 'object', properties: props, additionalProperties: false, ...(s.required?.length ? { required: [...s.required] } : {}) };
    }
    case 'record': return { ...m, type: 'object', additionalProperties: toJsonSchema(s.values), ...(s.keyPattern ? { propertyNames: { pattern: s.keyPattern } } : {}) };
    case 'union': return { ...m, anyOf: (s.options as S[]).map(toJsonSchema) };
  }
}

// ---------------------------------------------------------------- validation

export interface Ctx {
  issues: Issue[];
  /** called for every expression string accepted by an expr field */
  onExpr?: (e: Expr, path: string, schema: NumS) => void;
}

const typeName = (n: LNode): string =>
  n.kind === 'map' ? 'a map' : n.kind === 'seq' ? 'a list' : n.value === null ? 'nothing (null)' : `${typeof n.value} ${show(n.value)}`;

export function show(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

const join = (path: string, k: string | number) =>
  typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k;

function push(ctx: Ctx, code: IssueCode, path: string, msg: string, loc: Loc, sev: 'error' | 'warning' = 'error') {
  ctx.issues.push(issue(code, path, msg, loc, sev));
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Quiet check used by unions: does the node fit this option's shape at the top level? */
function fits(s: S, n: LNode): boolean {
  switch (s.kind) {
    case 'number': return (n.kind === 'scalar' && typeof n.value === 'number') || (!!s.expr && n.kind === 'scalar' && typeof n.value === 'string');
    case 'string': case 'date': case 'enum': return n.kind === 'scalar' && typeof n.value === 'string';
    case 'boolean': return n.kind === 'scalar' && typeof n.value === 'boolean';
    case 'array': return n.kind === 'seq';
    case 'object': case 'record': return n.kind === 'map';
    case 'union': return (s.options as S[]).some((o) => fits(o, n));
  }
}

function expected(s: S): string {
  switch (s.kind) {
    case 'number': return s.expr ? 'a number or an expression string' : s.integer ? 'a whole number' : 'a number';
    case 'string': return 'a string';
    case 'boolean': return 'true or false';
    case 'enum': return `one of ${s.values.join(', ')}`;
    case 'date': return 'a date YYYY-MM-DD';
    case 'array': return 'a list';
    case 'object': case 'record': return 'a map';
    case 'union': return (s.options as S[]).map(expected).join(' or ');
  }
}

/**
 * Validate a node against a schema; returns the value with defaults applied
 * (undefined when the node is unusable; issues say why).
 */
export function check(s: S, n: LNode | undefined, path: string, ctx: Ctx): unknown {
  if (n === undefined) return defaultOf(s);
  if (s.kind === 'union') {
    const opt = (s.options as S[]).find((o) => fits(o, n));
    if (!opt) {
      push(ctx, 'WRONG_TYPE', path, `expected ${expected(s)}, got ${typeName(n)}`, n.loc);
      return undefined;
    }
    return check(opt, n, path, ctx);
  }
  if (!fits(s, n)) {
    push(ctx, 'WRONG_TYPE', path, `expected ${expected(s)}, got ${typeName(n)}${hintFor(s, n)}`, n.loc);
    return undefined;
  }
  switch (s.kind) {
    case 'number': {
      if (n.kind !== 'scalar') return undefined;
      if (typeof n.value === 'string') {
        if (/^\s*-?\d+(\.\d+)?\s*%\s*$/.test(n.value)) {
          push(ctx, 'WRONG_TYPE', path, `expected ${expected(s)}, got ${typeName(n)}${hintFor(s, n)}`, n.loc);
          return undefined;
        }
        const e: Expr = { expr: n.value, loc: n.loc };
        ctx.onExpr?.(e, path, s);
        return e;
      }
      const v = n.value as number;
      if (!Number.isFinite(v)) { push(ctx, 'OUT_OF_RANGE', path, `expected a finite number, got ${show(v)}`, n.loc); return undefined; }
      if (s.integer && !Number.isInteger(v)) { push(ctx, 'NOT_INTEGER', path, `expected a whole number, got ${show(v)}; round it`, n.loc); return undefined; }
      if (s.percent && v < 0) {
        push(ctx, 'NEGATIVE_RATE', path, `a rate or share cannot be negative, got ${show(v)}; write it in percent from 0${s.max !== undefined ? ` to ${s.max}` : ''}`, n.loc);
        return undefined;
      }
      if ((s.min !== undefined && v < s.min) || (s.max !== undefined && v > s.max)) {
        push(ctx, 'OUT_OF_RANGE', path, `expected ${s.min ?? '-inf'} to ${s.max ?? 'inf'}${s.unit ? ` ${s.unit}` : ''}, got ${show(v)}`, n.loc);
        return undefined;
      }
      if (s.percent && !s.fractionOk && v > 0 && v < 1) {
        push(ctx, 'PERCENT_AS_FRACTION', path, `this is written in percent (46 means 46%), got ${show(v)}; did you mean ${+(v * 100).toPrecision(6)}?`, n.loc, 'warning');
      }
      return v;
    }
    case 'string': {
      const v = (n as { value: string }).value;
      if (s.maxLength && v.length > s.maxLength) { push(ctx, 'OUT_OF_RANGE', path, `at most ${s.maxLength} characters, got ${v.length}`, n.loc); return undefined; }
      if (s.pattern && !new RegExp(s.pattern).test(v)) { push(ctx, 'BAD_PATTERN', path, `got ${show(v)}; ${s.patternHint ?? `must match ${s.pattern}`}`, n.loc); return undefined; }
      return v;
    }
    case 'boolean': return (n as { value: boolean }).value;
    case 'enum': {
      const v = (n as { value: string }).value;
      if (!s.values.includes(v)) { push(ctx, 'BAD_ENUM', path, `got ${show(v)}; ${didYouMean(v, s.values) || `expected one of ${s.values.join(', ')}`}`, n.loc); return undefined; }
      return v;
    }
    case 'date': {
      const v = (n as { value: string }).value;
      if (!isValidDate(v)) { push(ctx, 'BAD_DATE', path, `got ${show(v)}; write a calendar date as YYYY-MM-DD, e.g. 2025-04-02`, n.loc); return undefined; }
      return v;
    }
    case 'array': {
      const items = (n as { items: LNode[] }).items;
      if (s.maxItems !== undefined && items.length > s.maxItems) { push(ctx, 'TOO_MANY_ITEMS', path, `at most ${s.maxItems} items, got ${items.length}`, n.loc); return undefined; }
      if (s.minItems !== undefined && items.length < s.minItems) { push(ctx, 'TOO_FEW_ITEMS', path, `at least ${s.minItems} item(s), got ${items.length}`, n.loc); return undefined; }
      return items.map((it, i) => check(s.items, it, join(path, i), ctx));
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      const entries = (n as { entries: Map<string, { keyLoc: Loc; node: LNode }> }).entries;
      if (s.maxKeys !== undefined && entries.size > s.maxKeys) push(ctx, 'TOO_MANY_ITEMS', path, `at most ${s.maxKeys} keys, got ${entries.size}`, n.loc);
      for (const [k, { keyLoc, node }] of entries) {
        if (s.keyPattern && !new RegExp(s.keyPattern).test(k)) { push(ctx, 'BAD_PATTERN', join(path, k), `the name ${show(k)} is not allowed; use letters, digits and _ and start with a letter`, keyLoc); continue; }
        if (k in Object.prototype) { push(ctx, 'BAD_PATTERN', join(path, k), `the name ${show(k)} is reserved (a built-in property of JavaScript objects); choose another name`, keyLoc); continue; }
        out[k] = check(s.values, node, join(path, k), ctx);
      }
      return out;
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      const entries = (n as { entries: Map<string, { keyLoc: Loc; node: LNode }> }).entries;
      const allowed = Object.keys(s.fields);
      for (const [k, { keyLoc }] of entries) {
        if (!Object.hasOwn(s.fields, k)) { // own keys only: constructor, __proto__, toString are not fields
          push(ctx, 'UNKNOWN_KEY', join(path, k), `unknown key ${show(k)}; ${didYouMean(k, allowed) || `allowed here: ${allowed.join(', ')}`}`, keyLoc);
        }
      }
      for (const [k, fs] of Object.entries(s.fields) as [string, S][]) {
        const e = entries.get(k);
        if (!e) {
          if (s.required?.includes(k)) push(ctx, 'MISSING_KEY', join(path, k), `missing; add ${k}: ${expected(fs)}${fs.description ? ` (${fs.description})` : ''}`, n.loc);
          const d = defaultOf(fs);
          if (d !== undefined) out[k] = d;
          continue;
        }
        const v = check(fs, e.node, join(path, k), ctx);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
  }
}

function hintFor(s: S, n: LNode): string {
  if (n.kind !== 'scalar') return '';
  if (s.kind === 'number' && typeof n.value === 'string' && /^\s*-?\d+(\.\d+)?\s*%\s*$/.test(n.value)) {
    return `; write the number without %, e.g. ${n.value.replace('%', '').trim()}`;
  }
  if (s.kind === 'date' && n.value instanceof Date) return '; quote it as YYYY-MM-DD';
  if (s.kind === 'string' && typeof n.value === 'number') return `; put it in quotes: "${n.value}"`;
  return '';
}

export function defaultOf(s: S): unknown {
  if (s.kind === 'object') {
    // an optional object whose fields all have defaults materialises with those defaults
    const out: Record<string, unknown> = {};
    let any = false;
    for (const [k, f] of Object.entries(s.fields) as [string, S][]) {
      const d = defaultOf(f);
      if (d !== undefined) { out[k] = d; any = true; }
    }
    return any ? out : undefined;
  }
  if ('default' in s && s.default !== undefined) return structuredClone(s.default);
  return undefined;
}

/** Schema node at a dotted path (for --set and sweep parameters). */
export function schemaAt(root: S, path: string[]): S | undefined {
  let s: S | undefined = root;
  for (const seg of path) {
    if (!s) return undefined;
    if (s.kind === 'object') s = Object.hasOwn(s.fields, seg) ? (s.fields as Record<string, S>)[seg] : undefined;
    else if (s.kind === 'record') s = s.values;
    else if (s.kind === 'array' && /^\d+$/.test(seg)) s = s.items;
    else if (s.kind === 'union') {
      const opts = s.options as S[];
      s = opts.map((o) => schemaAt(o, [seg])).find((x) => x !== undefined);
    } else return undefined;
  }
  return s;
}

export function fieldNames(s: S): string[] {
  return s.kind === 'object' ? Object.keys(s.fields) : [];
}
