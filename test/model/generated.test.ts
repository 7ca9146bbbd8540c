/**
 * The decision loops are generated from sim/model/spec.ts (sim/model/gen): the
 * committed JavaScript reference and the committed WebAssembly module must be what the
 * spec gives today (`npm run model:build` after a change), and the generator must
 * refuse a spec it cannot compile faithfully.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generate, compileKernel, FILES } from '../../sim/model/gen/build.ts';
import { MODEL, type ModelSpec } from '../../sim/model/spec.ts';
import { planModel } from '../../sim/model/gen/plan.ts';
import { parseFormula, emit } from '../../sim/model/gen/formula.ts';
import { LAYOUT, layoutOf } from '../../sim/kernel/layout.ts';

describe('the generated decision loops', () => {
  it('sim/model/decide.gen.ts is what the spec gives', () => {
    expect(readFileSync(FILES.js, 'utf8'), 'run `npm run model:build` after editing sim/model/spec.ts').toBe(generate().js);
  });

  it('sim/kernel/decide.wasm.ts is what the spec and sim/kernel/as/ compile to', async () => {
    const fresh = await compileKernel(generate());
    expect(fresh.length).toBeGreaterThan(10_000);
    expect(readFileSync(FILES.wasm, 'utf8'), 'run `npm run model:build` after editing sim/model/spec.ts or sim/kernel/as/').toBe(fresh);
  });

  it('every scalar and column of the spec has its slot, and no two share one', () => {
    const slots = LAYOUT.ptrs.map((p) => p.slot);
    expect(new Set(slots).size).toBe(slots.length);
    expect(Math.min(...slots)).toBeGreaterThan(0); // slot 0 means "no column"
    expect(Math.max(...slots)).toBeLessThan(LAYOUT.nptrs);
    for (const c of Object.keys(MODEL.columns)) expect(LAYOUT.ptrs.some((p) => p.name === c), c).toBe(true);
    for (const s of Object.keys(MODEL.scalars)) expect(LAYOUT.scalars.some((x) => x.name === s), s).toBe(true);
    expect(new Set(LAYOUT.scalars.map((s) => s.slot)).size).toBe(LAYOUT.nscalars);
    expect(LAYOUT.ctxBytes).toBe(LAYOUT.nptrs * 4 + LAYOUT.nscalars * 8);
    expect(LAYOUT.nptrs % 2).toBe(0); // the f64 scalars start 8-aligned
  });

  it('a new scalar moves the layout: sizes follow the table', () => {
    const more: ModelSpec = { ...MODEL, scalars: { ...MODEL.scalars, extra: { fill: () => 1, doc: 'test' } } };
    expect(layoutOf(more).ctxBytes).toBe(LAYOUT.ctxBytes + 8);
  });

  it('refuses unknown names, shadowing and functions outside the language', () => {
    const bad = (f: string) => () => planModel({ ...MODEL, dims: [{ ...MODEL.dims[0], terms: [...MODEL.dims[0].terms, { name: 'u_x', sign: 1, f }] }, ...MODEL.dims.slice(1)] });
    expect(bad('nosuchname * x')).toThrow(/unknown name nosuchname/);
    expect(bad('exp(x)')).toThrow(/unknown function exp/);
    expect(bad('2x')).toThrow(/multiplication/);
    expect(() => planModel({ ...MODEL, dims: [{ ...MODEL.dims[0], lets: [['eUS', '1']] }, ...MODEL.dims.slice(1)] })).toThrow(/shadows/);
  });

  it('writes min, max and conditionals the same way for every target', () => {
    const n = parseFormula('x > 0 ? min(a, b) : max(a, b)');
    const ref = (s: string) => s;
    expect(emit(n, 'js', ref)).toBe('((x > 0.0) ? min2(a, b) : max2(a, b))');
    expect(emit(n, 'pair', ref)).toBe('v128.bitselect(f64x2.pmin(a, b), f64x2.pmax(a, b), f64x2.gt(x, f64x2(0.0, 0.0)))');
  });
});
