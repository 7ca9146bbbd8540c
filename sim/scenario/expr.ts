/**
 * Expressions in scenario files: a string where a number is expected, e.g. a tariff
 * that ramps up, "10 + 36 * min(1, t / 4)". Parsed once with mathjs (loaded only
 * when a scenario has expressions), checked against a whitelist of node types and
 * functions (the sandboxing approach mathjs documents: no import, createUnit,
 * evaluate, parse, compile, simplify, derivative, no assignments, no function
 * definitions, no property access), then turned into a plain JS closure evaluated
 * once per step, never per agent.
 */
import { type IssueCode } from '../errors.ts';

export const EXPR_MAX_LENGTH = 500;
export const EXPR_MAX_DEPTH = 32;

/** Variables every expression can use, besides the scenario's parameters. */
export const EXPR_VARIABLES = ['t', 'step', 'day', 'year', 'steps', 'pi', 'e'] as const;

type Fn = (...a: number[]) => number;
const SAFE_FUNCTIONS: Record<string, Fn> = {
  abs: Math.abs, min: Math.min, max: Math.max, sqrt: Math.sqrt, exp: Math.exp, log: (x, b?) => (b === undefined ? Math.log(x) : Math.log(x) / Math.log(b)),
  log10: Math.log10, log2: Math.log2, floor: Math.floor, ceil: Math.ceil, round: (x, n = 0) => { const f = 10 ** n; return Math.round(x * f) / f; },
  sin: Math.sin, cos: Math.cos, tan: Math.tan, tanh: Math.tanh, sign: Math.sign, pow: Math.pow,
  clamp: (x, lo, hi) => Math.min(hi, Math.max(lo, x)),
  step: (x) => (x >= 0 ? 1 : 0),
  ramp: (t, t0, t1) => (t <= t0 ? 0 : t >= t1 ? 1 : (t - t0) / (t1 - t0)),
  logistic: (x) => 1 / (1 + Math.exp(-x)),
  mod: (a, b) => a - b * Math.floor(a / b),
};
export const SAFE_FUNCTION_NAMES = Object.keys(SAFE_FUNCTIONS);

const FORBIDDEN = new Set(['import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'derivative', 'resolve', 'reviver', 'chain', 'config', 'typed', 'help', 'rationalize']);

const BINARY: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b, subtract: (a, b) => a - b, multiply: (a, b) => a * b, divide: (a, b) => a / b,
  pow: (a, b) => a ** b, mod: (a, b) => a - b * Math.floor(a / b),
  smaller: (a, b) => +(a < b), larger: (a, b) => +(a > b), smallerEq: (a, b) => +(a <= b), largerEq: (a, b) => +(a >= b),
  equal: (a, b) => +(a === b), unequal: (a, b) => +(a !== b), and: (a, b) => +(!!a && !!b), or: (a, b) => +(!!a || !!b), xor: (a, b) => +(!!a !== !!b),
};
const UNARY: Record<string, (a: number) => number> = { unaryMinus: (a) => -a, unaryPlus: (a) => a, not: (a) => +!a };

export type Scope = Record<string, number>;
export type CompiledExpr = { fn: (scope: Scope) => number; symbols: string[]; usesTime: boolean };

export class ExprError extends Error {
  constructor(public code: IssueCode, message: string, public col?: number) { super(message); }
}

// mathjs, loaded lazily (it costs ~0.4 s to load)
let mathParse: ((s: string) => any) | undefined;
export async function loadExprEngine(): Promise<void> {
  if (!mathParse) {
    const m = await import('mathjs/number');
    mathParse = (m as any).parse;
  }
}
export const exprEngineLoaded = () => mathParse !== undefined;

/**
 * Compile an expression. `known` lists the parameter names in scope. Throws
 * ExprError (with an issue code) for anything refused. loadExprEngine() first.
 */
export function compileExpr(src: string, known: readonly string[]): CompiledExpr {
  if (!mathParse) throw new Error('internal: loadExprEngine() was not awaited');
  if (src.length > EXPR_MAX_LENGTH) throw new ExprError('EXPR_TOO_LONG', `an expression may have at most ${EXPR_MAX_LENGTH} characters, got ${src.length}; split it using parameters`);
  let depth = 0, maxDepth = 0;
  for (const ch of src) { if (ch === '(' || ch === '[' || ch === '{') maxDepth = Math.max(maxDepth, ++depth); else if (ch === ')' || ch === ']' || ch === '}') depth--; }
  if (maxDepth > EXPR_MAX_DEPTH) throw new ExprError('EXPR_TOO_DEEP', `parentheses nest ${maxDepth} deep; at most ${EXPR_MAX_DEPTH}`);
  let ast: any;
  try {
    ast = mathParse(src);
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    const m = /char (\d+)/.exec(msg);
    throw new ExprError('EXPR_SYNTAX', `cannot parse ${JSON.stringify(src)}: ${msg.replace(/\s*\(char \d+\)/, '')}; use numbers, + - * / ^, comparisons, cond ? a : b and functions such as min, max`, m ? +m[1] : undefined);
  }
  const symbols = new Set<string>();
  const allowedVars = new Set<string>([...EXPR_VARIABLES, ...known]);
  const build = (n: any, d: number): ((s: Scope) => number) => {
    if (d > EXPR_MAX_DEPTH) throw new ExprError('EXPR_TOO_DEEP', `the expression nests more than ${EXPR_MAX_DEPTH} levels; simplify it`);
    switch (n.type) {
      case 'ConstantNode': {
        const v = n.value;
        if (typeof v !== 'number' && typeof v !== 'boolean') throw new ExprError('EXPR_FORBIDDEN', `only numbers are allowed, got ${JSON.stringify(v)}`);
        const c = +v;
        return () => c;
      }
      case 'ParenthesisNode': return build(n.content, d + 1);
      case 'SymbolNode': {
        const name: string = n.name;
        if (FORBIDDEN.has(name)) throw new ExprError('EXPR_FORBIDDEN', `'${name}' is not allowed in a scenario expression`);
        if (name === 'pi') return () => Math.PI;
        if (name === 'e') return () => Math.E;
        if (name === 'true') return () => 1;
        if (name === 'false') return () => 0;
        if (!allowedVars.has(name)) {
          throw new ExprError('EXPR_UNKNOWN_SYMBOL', `unknown name '${name}'; use t (step), day, year, steps or a parameter defined under parameters (${known.length ? known.join(', ') : 'none defined'})`);
        }
        symbols.add(name);
        return (s) => s[name];
      }
      case 'OperatorNode': {
        const fnName: string = n.fn;
        if (n.isPercentage) throw new ExprError('EXPR_FORBIDDEN', 'the % sign is not allowed: rates are already written in percent (write 46, not 46%); for the remainder use mod(a, b)');
        const args = (n.args as any[]).map((a) => build(a, d + 1));
        if (args.length === 1 && Object.hasOwn(UNARY, fnName)) { const f = UNARY[fnName], a = args[0]; return (s) => f(a(s)); }
        if (args.length === 2 && Object.hasOwn(BINARY, fnName)) { const f = BINARY[fnName], a = args[0], b = args[1]; return (s) => f(a(s), b(s)); }
        throw new ExprError('EXPR_FORBIDDEN', `the operator '${n.op}' is not allowed; use + - * / ^ %, comparisons, and, or, not`);
      }
      case 'ConditionalNode': {
        const c = build(n.condition, d + 1), a = build(n.trueExpr, d + 1), b = build(n.falseExpr, d + 1);
        return (s) => (c(s) ? a(s) : b(s));
      }
      case 'FunctionNode': {
        const name: string | undefined = n.fn?.type === 'SymbolNode' ? n.fn.name : undefined;
        if (!name) throw new ExprError('EXPR_FORBIDDEN', 'only calls of named math functions are allowed');
        if (FORBIDDEN.has(name)) throw new ExprError('EXPR_FORBIDDEN', `'${name}' is not allowed in a scenario expression; only arithmetic and the functions ${SAFE_FUNCTION_NAMES.join(', ')}`);
        // own properties only: hasOwnProperty, valueOf, __defineGetter__ are not functions of the whitelist
        const f = Object.hasOwn(SAFE_FUNCTIONS, name) ? SAFE_FUNCTIONS[name] : undefined;
        if (!f) throw new ExprError('EXPR_FORBIDDEN', `the function '${name}' is not available; use one of ${SAFE_FUNCTION_NAMES.join(', ')}`);
        const args = (n.args as any[]).map((a) => build(a, d + 1));
        if (args.length === 1) { const a = args[0]; return (s) => f(a(s)); }
        if (args.length === 2) { const a = args[0], b = args[1]; return (s) => f(a(s), b(s)); }
        return (s) => f(...args.map((a) => a(s)));
      }
      case 'AssignmentNode': case 'FunctionAssignmentNode':
        throw new ExprError('EXPR_FORBIDDEN', 'assignments and function definitions are not allowed; define named numbers under parameters instead');
      default:
        throw new ExprError('EXPR_FORBIDDEN', `${String(n.type).replace('Node', '').toLowerCase()} syntax is not allowed; use arithmetic, comparisons, cond ? a : b and math functions`);
    }
  };
  const fn = build(ast, 0);
  const syms = [...symbols];
  return { fn, symbols: syms, usesTime: syms.some((s) => s === 't' || s === 'step' || s === 'day' || s === 'year') };
}

// ------------------------------------------------------------------ shared with sweep metric expressions
// (sim/sweep/series-metrics.ts uses the same parser, limits, errors and whitelist)

/**
 * Parse an expression with compileExpr's limits and errors (EXPR_TOO_LONG,
 * EXPR_TOO_DEEP, EXPR_SYNTAX with the column) and return the mathjs node tree,
 * for callers that build their own closures from it. loadExprEngine() first.
 */
export function parseExprChecked(src: string, hint = 'use numbers, + - * / ^, comparisons, cond ? a : b and functions such as min, max'): any {
  if (!mathParse) throw new Error('internal: loadExprEngine() was not awaited');
  if (src.length > EXPR_MAX_LENGTH) throw new ExprError('EXPR_TOO_LONG', `an expression may have at most ${EXPR_MAX_LENGTH} characters, got ${src.length}; split it`);
  let depth = 0, maxDepth = 0;
  for (const ch of src) { if (ch === '(' || ch === '[' || ch === '{') maxDepth = Math.max(maxDepth, ++depth); else if (ch === ')' || ch === ']' || ch === '}') depth--; }
  if (maxDepth > EXPR_MAX_DEPTH) throw new ExprError('EXPR_TOO_DEEP', `parentheses nest ${maxDepth} deep; at most ${EXPR_MAX_DEPTH}`);
  try {
    return mathParse(src);
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    const m = /char (\d+)/.exec(msg);
    throw new ExprError('EXPR_SYNTAX', `cannot parse ${JSON.stringify(src)}: ${msg.replace(/\s*\(char \d+\)/, '')}; ${hint}`, m ? +m[1] : undefined);
  }
}

/** A whitelisted math function by name (own keys only), or undefined. */
export function safeFunction(name: string): ((...a: number[]) => number) | undefined {
  return Object.hasOwn(SAFE_FUNCTIONS, name) ? SAFE_FUNCTIONS[name] : undefined;
}

/** Names refused outright in any expression (import, evaluate, parse, ...). */
export function isForbiddenName(name: string): boolean {
  return FORBIDDEN.has(name);
}

/** The whitelisted operators by mathjs name (own keys only), or undefined. */
export function safeOperator(fn: string, arity: number): ((...a: number[]) => number) | undefined {
  if (arity === 1) return Object.hasOwn(UNARY, fn) ? UNARY[fn] : undefined;
  if (arity === 2) return Object.hasOwn(BINARY, fn) ? BINARY[fn] as (...a: number[]) => number : undefined;
  return undefined;
}
