/**
 * The formula language of sim/model/spec.ts: parsed with mathjs (at build time only)
 * into a small tree, then written out as code for three targets that do the same
 * floating-point operations in the same order:
 *   js    TypeScript numbers (the reference loop)
 *   as    AssemblyScript f64 (the kernel's scalar loop)
 *   pair  AssemblyScript f64x2 (the kernel's paired loop: two countries per instruction;
 *         a conditional computes both sides and selects lane by lane)
 * min(a, b) is b < a ? b : a and max(a, b) is a < b ? b : a in every target (WebAssembly's
 * f64x2.pmin and pmax), so the three agree bit for bit.
 */
import { parse, type MathNode } from 'mathjs';

export type N =
  | { k: 'num'; v: number }
  | { k: 'sym'; name: string }
  | { k: 'bin'; op: '+' | '-' | '*' | '/'; a: N; b: N }
  | { k: 'neg'; a: N }
  | { k: 'cmp'; op: '>' | '<' | '>=' | '<=' | '==' | '!='; a: N; b: N }
  | { k: 'logic'; op: 'and' | 'or'; a: N; b: N }
  | { k: 'not'; a: N }
  | { k: 'cond'; c: N; a: N; b: N }
  | { k: 'call'; fn: 'min' | 'max' | 'clamp' | 'smooth'; args: N[] };

const BIN: Record<string, '+' | '-' | '*' | '/'> = { add: '+', subtract: '-', multiply: '*', divide: '/' };
const CMP: Record<string, '>' | '<' | '>=' | '<=' | '==' | '!='> = { larger: '>', smaller: '<', largerEq: '>=', smallerEq: '<=', equal: '==', unequal: '!=' };
const ARITY = { min: 2, max: 2, clamp: 3, smooth: 1 } as const;

export class FormulaError extends Error {}

/** Parse a formula of sim/model/spec.ts (throws FormulaError with the formula in the message). */
export function parseFormula(src: string): N {
  const conv = (m: MathNode): N => {
    switch (m.type) {
      case 'ConstantNode': {
        const v = (m as unknown as { value: unknown }).value;
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new FormulaError(`${src}: ${String(v)} is not a finite number`);
        return { k: 'num', v };
      }
      case 'SymbolNode': return { k: 'sym', name: (m as unknown as { name: string }).name };
      case 'ParenthesisNode': return conv((m as unknown as { content: MathNode }).content);
      case 'ConditionalNode': {
        const c = m as unknown as { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
        return { k: 'cond', c: conv(c.condition), a: conv(c.trueExpr), b: conv(c.falseExpr) };
      }
      case 'OperatorNode': {
        const o = m as unknown as { fn: string; args: MathNode[]; implicit?: boolean };
        if (o.implicit) throw new FormulaError(`${src}: write multiplication with *`);
        if (o.fn === 'unaryMinus') return { k: 'neg', a: conv(o.args[0]) };
        if (o.fn === 'unaryPlus') return conv(o.args[0]);
        if (o.fn === 'not') return { k: 'not', a: conv(o.args[0]) };
        if (o.args.length !== 2) throw new FormulaError(`${src}: operator ${o.fn} needs two operands`);
        const a = conv(o.args[0]), b = conv(o.args[1]);
        if (BIN[o.fn]) return { k: 'bin', op: BIN[o.fn], a, b };
        if (CMP[o.fn]) return { k: 'cmp', op: CMP[o.fn], a, b };
        if (o.fn === 'and' || o.fn === 'or') return { k: 'logic', op: o.fn, a, b };
        throw new FormulaError(`${src}: the operator ${o.fn} is not part of the formula language`);
      }
      case 'FunctionNode': {
        const f = m as unknown as { fn: { name: string }; args: MathNode[] };
        const name = f.fn.name;
        if (!(name in ARITY)) throw new FormulaError(`${src}: unknown function ${name}; use min, max, clamp or smooth`);
        if (f.args.length !== ARITY[name as keyof typeof ARITY]) throw new FormulaError(`${src}: ${name} takes ${ARITY[name as keyof typeof ARITY]} arguments`);
        return { k: 'call', fn: name as keyof typeof ARITY, args: f.args.map(conv) };
      }
      default: throw new FormulaError(`${src}: ${m.type} is not part of the formula language`);
    }
  };
  try {
    return conv(parse(src));
  } catch (e) {
    if (e instanceof FormulaError) throw e;
    throw new FormulaError(`${src}: ${(e as Error).message}`);
  }
}

/** Names a formula reads, in order of first use. */
export function symbols(n: N, out: string[] = []): string[] {
  switch (n.k) {
    case 'num': break;
    case 'sym': if (!out.includes(n.name)) out.push(n.name); break;
    case 'bin': case 'cmp': case 'logic': symbols(n.a, out); symbols(n.b, out); break;
    case 'neg': case 'not': symbols(n.a, out); break;
    case 'cond': symbols(n.c, out); symbols(n.a, out); symbols(n.b, out); break;
    case 'call': for (const a of n.args) symbols(a, out); break;
  }
  return out;
}

/** Is the formula a plain name or a number (no operation)? */
export const isAtom = (n: N): boolean => n.k === 'num' || n.k === 'sym';

export type Target = 'js' | 'as' | 'pair';

/** A number literal that reads back as the same double (with a decimal point: f64 in AssemblyScript). */
export function lit(v: number): string {
  let s = String(v);
  if (Object.is(v, -0)) s = '-0.0';
  else if (!/[.eE]/.test(s)) s += '.0';
  return s;
}

/**
 * Code for a formula. `ref(name)` gives the code of a name for the target (a local, a
 * column load, a splatted scalar). Boolean-valued nodes (comparisons) give a JS/AS
 * boolean or, for pairs, a lane mask.
 */
export function emit(n: N, t: Target, ref: (name: string) => string, pre?: { fresh: () => string; out: string[] }): string {
  const e = (x: N) => emit(x, t, ref, pre);
  switch (n.k) {
    case 'num': return t === 'pair' ? `f64x2(${lit(n.v)}, ${lit(n.v)})` : lit(n.v);
    case 'sym': return ref(n.name);
    case 'bin': {
      if (t !== 'pair') return `(${e(n.a)} ${n.op} ${e(n.b)})`;
      const f = { '+': 'f64x2.add', '-': 'f64x2.sub', '*': 'f64x2.mul', '/': 'f64x2.div' }[n.op];
      return `${f}(${e(n.a)}, ${e(n.b)})`;
    }
    case 'neg': return t === 'pair' ? `f64x2.neg(${e(n.a)})` : `(-${e(n.a)})`;
    case 'cmp': {
      if (t !== 'pair') return `(${e(n.a)} ${n.op === '==' ? '==' : n.op === '!=' ? '!=' : n.op} ${e(n.b)})`;
      const f = { '>': 'gt', '<': 'lt', '>=': 'ge', '<=': 'le', '==': 'eq', '!=': 'ne' }[n.op];
      return `f64x2.${f}(${e(n.a)}, ${e(n.b)})`;
    }
    case 'logic':
      if (t === 'pair') return `v128.${n.op}(${e(n.a)}, ${e(n.b)})`;
      return `(${e(n.a)} ${n.op === 'and' ? '&&' : '||'} ${e(n.b)})`;
    case 'not': return t === 'pair' ? `v128.not(${e(n.a)})` : `(!${e(n.a)})`;
    case 'cond':
      if (t === 'pair') return `v128.bitselect(${e(n.a)}, ${e(n.b)}, ${e(n.c)})`;
      return `(${e(n.c)} ? ${e(n.a)} : ${e(n.b)})`;
    case 'call': {
      const [a, b, c] = n.args.map(e);
      if (t === 'pair') {
        if (n.fn === 'min') return `f64x2.pmin(${a}, ${b})`;
        if (n.fn === 'max') return `f64x2.pmax(${a}, ${b})`;
        if (n.fn === 'clamp') return `f64x2.pmin(f64x2.pmax(${a}, ${b}), ${c})`;
        return `smooth2(${a})`;
      }
      if (t === 'js' && pre) {
        // written out, their operands in constants declared before the statement (pure code:
        // computing a conditional's branch early changes nothing): V8 does not inline dozens of
        // helper calls into one loop
        const k = (x: string) => { if (/^[A-Za-z_][A-Za-z0-9_]*$|^-?[0-9.]+$/.test(x)) return x; const v = pre.fresh(); pre.out.push(`const ${v} = ${x};`); return v; };
        const p = k(a), q = n.args.length > 1 ? k(b) : '';
        if (n.fn === 'min') return `(${q} < ${p} ? ${q} : ${p})`;
        if (n.fn === 'max') return `(${p} < ${q} ? ${q} : ${p})`;
        if (n.fn === 'clamp') { const m = k(`(${p} < ${q} ? ${q} : ${p})`), r = k(c); return `(${r} < ${m} ? ${r} : ${m})`; }
        return `(${p} <= 0 ? 0 : ${p} >= 1 ? 1 : ${p} * ${p} * (3 - 2 * ${p}))`;
      }
      if (n.fn === 'min') return `min2(${a}, ${b})`;
      if (n.fn === 'max') return `max2(${a}, ${b})`;
      if (n.fn === 'clamp') return `min2(max2(${a}, ${b}), ${c})`;
      return `smooth(${a})`;
    }
  }
}
