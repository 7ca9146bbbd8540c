/**
 * The model's parameters (Params), resolved from the scenario schema: one entry per
 * numeric or boolean field of the sections below, named by a rule, in model units.
 * A new parameter is a field in sim/scenario/schema.ts and nothing here.
 *
 *   name:  the section's prefix + the field in camelCase (retaliation.on_deal -> retOnDeal;
 *          model.hedge_value -> hedgeValue)
 *   value: written value x scale (percent fields: 0.01, so 46 becomes 0.46; others as
 *          the field's `scale` says, else 1); booleans 1 or 0
 *   time:  a field written as an expression of time is re-evaluated at the start of each
 *          step (World.timeParams); a constant expression is evaluated once here
 */
import { scenarioSchema, type ScenarioIn } from '../scenario/schema.ts';
import type { BoolS, Expr, NumS, S } from '../scenario/dsl.ts';
import type { CompiledExpr, Scope } from '../scenario/expr.ts';

/** Schema sections whose fields are model parameters, with the prefix of their names. */
export const PARAM_SECTIONS = { model: '', retaliation: 'ret', retribution: 'usRet', deals: 'deal', inducements: 'ind', export_controls: 'ec' } as const;
type Sections = typeof PARAM_SECTIONS;

type Camel<T extends string> = T extends `${infer H}_${infer R}` ? `${H}${Capitalize<Camel<R>>}` : T;
type Named<K extends string, P extends string> = P extends '' ? Camel<K> : `${P}${Capitalize<Camel<K>>}`;
type SectionParams<T, P extends string> = { -readonly [K in keyof T & string as Named<K, P>]-?: number };

/** Parameters in model units (see the header). */
export type Params = SectionParams<NonNullable<ScenarioIn['model']>, Sections['model']>
  & SectionParams<NonNullable<ScenarioIn['retaliation']>, Sections['retaliation']>
  & SectionParams<NonNullable<ScenarioIn['retribution']>, Sections['retribution']>
  & SectionParams<NonNullable<ScenarioIn['deals']>, Sections['deals']>
  & SectionParams<NonNullable<ScenarioIn['inducements']>, Sections['inducements']>
  & SectionParams<NonNullable<ScenarioIn['export_controls']>, Sections['export_controls']>;

export type ParamKey = keyof Params & string;

/** One parameter: its name in Params, its dotted path in a scenario, the schema field and its scale. */
export interface ParamInfo { key: ParamKey; path: string; section: keyof Sections; field: string; schema: NumS | BoolS; scale: number }

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function buildInfo(): ParamInfo[] {
  const out: ParamInfo[] = [];
  const seen = new Set<string>();
  for (const [sec, prefix] of Object.entries(PARAM_SECTIONS) as [keyof Sections, string][]) {
    const s = (scenarioSchema.fields as Record<string, S>)[sec];
    if (s.kind !== 'object') throw new Error(`schema section ${sec} is not an object`);
    for (const [field, fs] of Object.entries(s.fields as Record<string, S>)) {
      if (fs.kind !== 'number' && fs.kind !== 'boolean') throw new Error(`${sec}.${field}: a parameter is a number or a boolean`);
      const c = camel(field);
      const key = (prefix ? prefix + c[0].toUpperCase() + c.slice(1) : c) as ParamKey;
      if (seen.has(key)) throw new Error(`two parameters are named ${key}`);
      seen.add(key);
      const scale = fs.kind === 'number' ? fs.scale ?? (fs.percent ? 0.01 : 1) : 1;
      out.push({ key, path: `${sec}.${field}`, section: sec, field, schema: fs, scale });
    }
  }
  return out;
}

/** Every parameter, in schema order. */
export const PARAMS: readonly ParamInfo[] = buildInfo();
export const PARAM_BY_KEY: ReadonlyMap<string, ParamInfo> = new Map(PARAMS.map((p) => [p.key, p]));

/** A parameter that varies with time: recomputed at the start of each step. */
export interface TimeParam { key: ParamKey; fn: CompiledExpr['fn']; scale: number }

/**
 * The Params of a resolved scenario spec (defaults applied by the loader). Expressions
 * that use time are evaluated at scope0 and pushed to `timeParams`.
 */
export function resolveParams(spec: Pick<ScenarioIn, keyof Sections>, exprs: Map<string, CompiledExpr>, scope0: Scope, timeParams: TimeParam[]): Params {
  const P = {} as Record<string, number>;
  for (const p of PARAMS) {
    const v = (spec[p.section] as Record<string, unknown> | undefined)?.[p.field];
    if (p.schema.kind === 'boolean') { P[p.key] = v ? 1 : 0; continue; }
    let x: number;
    if (typeof v === 'number') x = v;
    else if (v === undefined) {
      if (p.schema.default === undefined) throw new Error(`${p.path} has no value and no default`);
      x = p.schema.default;
    } else {
      const c = exprs.get((v as Expr).expr);
      if (!c) throw new Error(`${p.path}: the expression ${(v as Expr).expr} was not compiled`);
      if (c.usesTime) timeParams.push({ key: p.key, fn: c.fn, scale: p.scale });
      x = c.fn(scope0);
    }
    P[p.key] = x * p.scale;
  }
  return P as unknown as Params;
}
