/**
 * One declaration per option. A command lists its positionals and options once, in
 * a table; `defineCommand` turns that table into the yargs builder (for parsing and
 * --help), into the TypeScript type of the parsed arguments (what the handler gets),
 * and into the checks of the values (whole numbers, ranges, control characters),
 * which `main` runs after parsing and before the handler, so that every usage error
 * comes before any work, file or job.
 *
 * Numbers are parsed here, not by yargs (which turns `--seed abc` into NaN), so the
 * message can quote what was typed.
 */
import type { Argv } from 'yargs';
import { UsageError } from '../errors.ts';
import type { CliIO } from '../io/console.ts';

interface Base { describe: string; alias?: string; positional?: boolean; required?: boolean; hidden?: boolean }
export interface StrOpt extends Base { kind: 'string'; choices?: readonly string[]; default?: string }
export interface StrsOpt extends Base { kind: 'strings' }
export interface NumOpt extends Base { kind: 'number' | 'int'; min?: number; max?: number; default?: number }
export interface BoolOpt extends Base { kind: 'boolean'; default?: boolean }
export type Opt = StrOpt | StrsOpt | NumOpt | BoolOpt;
export type Options = Record<string, Opt>;

type ValueOf<O extends Opt> =
  O extends { kind: 'string'; choices: readonly (infer C)[] } ? C
  : O extends { kind: 'string' } ? string
  : O extends { kind: 'strings' } ? string[]
  : O extends { kind: 'number' | 'int' } ? number
  : boolean;
type Given<O extends Opt> = O extends { required: true } ? true : O extends { default: string | number | boolean } ? true : false;
/** The parsed arguments of a command, typed from its options table. */
export type ArgsOf<T extends Options> =
  { [K in keyof T as Given<T[K]> extends true ? K : never]: ValueOf<T[K]> } &
  { [K in keyof T as Given<T[K]> extends true ? never : K]?: ValueOf<T[K]> };

export interface CommandDef {
  /** yargs command string, e.g. 'run <scenario>' */
  name: string;
  describe: string;
  /** the option names (for "did you mean") */
  optionNames: string[];
  builder: (y: Argv) => Argv<any>;
  /** the parsed values checked and converted (numbers, control characters); throws UsageError */
  check: (raw: Record<string, unknown>) => Record<string, unknown>;
  /** returns the exit code; `argv` is the raw argument list (for manifests) */
  handler: (args: Record<string, unknown>, io: CliIO, argv: string[]) => Promise<number>;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const flag = (k: string) => (k.length === 1 ? `-${k}` : `--${k}`);

function checkValue(name: string, o: Opt, v: unknown): unknown {
  const what = o.positional ? name.toUpperCase() : flag(name);
  if (v === undefined) return undefined;
  if (o.kind === 'boolean') return v;
  if (o.kind === 'strings') {
    const a = (Array.isArray(v) ? v : [v]).map(String);
    for (const s of a) if (CONTROL.test(s)) throw new UsageError(`${what} must not contain control characters (newline, tab, escape), got ${JSON.stringify(s)}`);
    return a;
  }
  if (Array.isArray(v)) throw new UsageError(`${what} is given ${v.length} times; give it once`);
  const s = String(v);
  if (CONTROL.test(s)) throw new UsageError(`${what} must not contain control characters (newline, tab, escape), got ${JSON.stringify(s)}`);
  if (o.kind === 'string') {
    if (o.choices && !o.choices.includes(s)) throw new UsageError(`${what} takes one of ${o.choices.join(', ')}, got ${JSON.stringify(s)}`);
    return s;
  }
  const t = s.trim();
  const x = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : NaN;
  const range = o.min !== undefined && o.max !== undefined ? ` from ${o.min} to ${o.max}` : o.min !== undefined ? ` >= ${o.min}` : o.max !== undefined ? ` <= ${o.max}` : '';
  const kind = o.kind === 'int' ? 'a whole number' : 'a number';
  if (!Number.isFinite(x) || (o.kind === 'int' && !Number.isInteger(x)) || (o.min !== undefined && x < o.min) || (o.max !== undefined && x > o.max)) {
    throw new UsageError(`${what} takes ${kind}${range}, got ${JSON.stringify(s)}`);
  }
  return x;
}

export function defineCommand<const T extends Options>(c: {
  name: string;
  describe: string;
  options: T;
  examples?: [string, string][];
  handler: (args: ArgsOf<T>, io: CliIO, argv: string[]) => Promise<number>;
}): CommandDef {
  return {
    name: c.name,
    describe: c.describe,
    optionNames: Object.entries(c.options).filter(([, o]) => !o.positional).map(([k]) => k),
    builder: (y) => {
      let b = y;
      for (const [k, o] of Object.entries(c.options) as [string, Opt][]) {
        // numbers are read as text and checked by `check` (which can quote what was typed)
        const type = o.kind === 'boolean' ? 'boolean' : 'string';
        const common = { describe: o.describe, type, ...(o.kind === 'strings' ? { array: true } : {}),
          ...(o.kind === 'string' && o.choices ? { choices: [...o.choices] } : {}),
          ...('default' in o && o.default !== undefined ? { default: o.default } : {}) } as const;
        if (o.positional) b = b.positional(k, { ...common, demandOption: !!o.required });
        else b = b.option(k, { ...common, ...(o.alias ? { alias: o.alias } : {}), ...(o.required ? { demandOption: true } : {}), ...(o.hidden ? { hidden: true } : {}),
          ...(o.kind !== 'boolean' ? { requiresArg: true } : {}) });
      }
      for (const [cmd, what] of c.examples ?? []) b = b.example(cmd, what);
      return b;
    },
    check: (raw) => {
      const out: Record<string, unknown> = {};
      for (const [k, o] of Object.entries(c.options) as [string, Opt][]) {
        const v = checkValue(k, o, Object.hasOwn(raw, k) ? raw[k] : undefined);
        if (v === undefined && o.required) throw new UsageError(`${o.positional ? k.toUpperCase() : flag(k)} is missing; ${o.describe}`);
        if (v !== undefined) out[k] = v;
      }
      return out;
    },
    handler: (args, io, argv) => c.handler(args as ArgsOf<T>, io, argv),
  };
}
