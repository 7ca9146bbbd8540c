/**
 * The model spec (sim/model/spec.ts) parsed and checked: every formula a tree, every
 * name it uses known, in the order the generated loops compute them. Both emitters
 * (js.ts, as.ts) work from this plan.
 */
import type { DimSpec, ModelSpec, TermSpec } from '../spec.ts';
import { parseFormula, symbols, FormulaError, type N } from './formula.ts';

/** Per-country values the loop's skeleton provides. */
export const INPUTS = ['abar', 'peered'] as const;

export interface PTerm { name: string; sign: 1 | -1; n: N; record?: false; calibrate?: false }
export interface PDim {
  spec: DimSpec;
  index: number;
  lets: { name: string; n: N }[];
  options: N[];
  terms: PTerm[];
  moveTerms: PTerm[];
  next: N;
}
export interface Plan {
  spec: ModelSpec;
  updates: { col: string; n: N }[];
  dims: PDim[];
  /** scalars read by the generated code (the skeleton's `lam` included) */
  scalarsUsed: string[];
  /** columns read by the generated code */
  columnsUsed: string[];
}

export function planModel(spec: ModelSpec): Plan {
  const cols = new Set(Object.keys(spec.columns));
  const scal = new Set(Object.keys(spec.scalars));
  for (const s of scal) if (cols.has(s)) throw new FormulaError(`${s} is both a column and a scalar`);
  for (const s of INPUTS) if (cols.has(s) || scal.has(s)) throw new FormulaError(`${s} is provided by the loop; choose another name`);
  if (!scal.has('lam')) throw new FormulaError('the model must define the scalar lam (logit rationality)');
  const scalarsUsed = new Set<string>(['lam']);
  const columnsUsed = new Set<string>();
  const check = (where: string, n: N, extra: Set<string>) => {
    for (const s of symbols(n)) {
      if (extra.has(s) || (INPUTS as readonly string[]).includes(s)) continue;
      if (scal.has(s)) { scalarsUsed.add(s); continue; }
      if (cols.has(s)) { columnsUsed.add(s); continue; }
      throw new FormulaError(`${where}: unknown name ${s} (not a column, a scalar, an input or a let defined before)`);
    }
    return n;
  };
  const updates = spec.updates.map(([col, f]) => {
    const c = spec.columns[col];
    if (!c || c.from !== 'state' || (c.type !== 'f64' && c.type !== 'C')) throw new FormulaError(`update ${col}: only f64 or C state columns can be updated`);
    columnsUsed.add(col);
    return { col, n: check(`update ${col}`, parseFormula(f), new Set()) };
  });
  const dims = spec.dims.map((d, index): PDim => {
    const c = spec.columns[d.column];
    if (!c || c.from !== 'state' || c.type !== 'f64') throw new FormulaError(`dimension ${d.name}: its column ${d.column} must be an f64 state column`);
    columnsUsed.add(d.column);
    if (d.fe) {
      const f = spec.columns[d.fe];
      if (!f || f.from !== 'state' || (f.type !== 'f64' && f.type !== 'C')) throw new FormulaError(`dimension ${d.name}: its fixed effect ${d.fe} must be a state column`);
      if (!d.terms.some((t) => t.f.replace(/\s/g, '') === `${d.fe}*x`)) throw new FormulaError(`dimension ${d.name}: a fixed effect needs the term ${d.fe} * x`);
      columnsUsed.add(d.fe);
    }
    const known = new Set<string>();
    const lets = d.lets.map(([name, f]) => {
      if (cols.has(name) || scal.has(name) || known.has(name) || name === 'x' || name === 'v') throw new FormulaError(`dimension ${d.name}: let ${name} shadows another name`);
      const n = check(`${d.name}.${name}`, parseFormula(f), known);
      known.add(name);
      return { name, n };
    });
    const options = d.options.map((f, k) => check(`${d.name} option ${k}`, parseFormula(f), known));
    const withX = new Set([...known, 'x']);
    const term = (t: TermSpec): PTerm => ({ name: t.name, sign: t.sign, record: t.record, calibrate: t.calibrate, n: check(`${d.name} term ${t.name}`, parseFormula(t.f), withX) });
    return {
      spec: d, index, lets, options,
      terms: d.terms.map(term), moveTerms: d.moveTerms.map(term),
      next: check(`${d.name} next`, parseFormula(d.next), new Set([...known, 'x', 'v'])),
    };
  });
  if (!dims.length || dims[0].spec.column !== 'a') throw new FormulaError('the first dimension must be alignment (column a): the loop updates it with the partners\' means');
  return { spec, updates, dims, scalarsUsed: [...scalarsUsed], columnsUsed: [...columnsUsed] };
}
