/**
 * Property tests with fast-check: random mutations of valid scenarios (deleted keys,
 * wrong types, random strings, numbers out of range, random expressions, unknown
 * keys, raw text edits) never make the loader throw or give an issue code outside
 * the closed list, and any mutated scenario that validates runs without NaN.
 *
 * Fixed seed, so CI is deterministic. To replay a failure, copy the seed and path that
 * fast-check prints:
 *   HEDGESIM_FC_SEED=<seed> HEDGESIM_FC_PATH=<path> npx vitest run test/scenario/mutations.test.ts
 * and to search wider: HEDGESIM_FC_RUNS=5000 HEDGESIM_FC_SEED=$RANDOM npx vitest run test/scenario/mutations.test.ts
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join, dirname } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { loadScenario } from '../../sim/scenario/load.ts';
import { loadExprEngine } from '../../sim/scenario/expr.ts';
import { ISSUE_CODES } from '../../sim/errors.ts';
import { compileWorld } from '../../sim/world/compile.ts';
import { runWorld } from '../../sim/engine.ts';
import { MIN } from './corpus.ts';
import { cleanup, tempDir } from './helpers.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SEED = Number(process.env.HEDGESIM_FC_SEED ?? 20250402);
const RUNS = Number(process.env.HEDGESIM_FC_RUNS ?? 150);
const PATH = process.env.HEDGESIM_FC_PATH;
const params = { seed: SEED, numRuns: RUNS, ...(PATH ? { path: PATH } : {}), endOnFailure: true };

afterAll(cleanup);
beforeAll(loadExprEngine);

const RICH = MIN.replace('steps: 10', 'steps: 12').replace('rate: 46}', 'rate: "peak * min(1, t / 4)"}') + `  - {id: e2, step: 3, kind: retaliation, actor: CHN, target: JPN, rate: 25, share: 5}
  - {id: e3, step: 4, kind: crackdown, target: VNM, level: 50}
  - {id: e4, date: 2025-03-20, kind: pause, actor: USA, target: ALL, rate: 10, duration: 4}
parameters:
  peak: 46
model:
  elasticity: "2 + t / 10"
  rationality: 10
retaliation:
  probability: "5 + 10 * ramp(t, 0, 6)"
  rate: 80
deals: {min_alignment: 0.2, rate: 10}
links:
  - {from: VNM, to: MYS, weight: 2}
`;
const baselineJS = () => {
  const o = parse(readFileSync(join(ROOT, 'scenarios', 'baseline-2025.yaml'), 'utf8'));
  o.countries_file = join(ROOT, 'scenarios', 'data', 'countries-2025.csv');
  o.links_file = join(ROOT, 'scenarios', 'data', 'links-2025.csv');
  return o;
};
const BASES: (() => unknown)[] = [() => parse(MIN), () => parse(RICH), baselineJS];

// ------------------------------------------------------------------ mutations

const TOKENS = ['t', 'peak', 'steps', 'year', '+', '-', '*', '/', '^', '(', ')', '0', '1', '46', '1e308', '-1', 'min(', 'max(', 'log(', 'sqrt(', 'ramp(', ',',
  'import(', 'evaluate(', 'createUnit(', 'f(x)=', '?', ':', '%', 'x', '=', '.', '"', "'", '[', ']', '{', '}', 'pi', '==', 'and', 'not', ' '];
const expr = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 14 }).map((a) => a.join(''));
const weird = fc.oneof(
  fc.constant(null), fc.boolean(), fc.string({ maxLength: 12 }), fc.integer({ min: -1e9, max: 1e9 }),
  fc.double({ noDefaultInfinity: false, noNaN: false }), fc.constantFrom(-1, 0, 0.5, 1e12, -0.0001, 1e-9, 101, 1001),
  fc.constantFrom('2025-02-30', '2025-04-02', 'ALL', 'VNM', 'CHN', 'USA', 'EU', '46%', 'true', ''),
  expr, fc.constant([]), fc.constant({}), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
);

type Path = (string | number)[];
function paths(v: unknown, p: Path = [], out: Path[] = []): Path[] {
  out.push(p);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...p, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...p, k], out);
  return out;
}
function getAt(o: any, p: Path): any { return p.reduce((a, k) => (a == null ? a : a[k]), o); }

type Mut = { kind: 'delete' | 'set' | 'addKey' | 'dupItem'; pick: number; value: unknown; key: string };
const mutation: fc.Arbitrary<Mut> = fc.record({
  kind: fc.constantFrom('delete', 'set', 'set', 'set', 'addKey', 'dupItem') as fc.Arbitrary<Mut['kind']>,
  pick: fc.nat(),
  value: weird,
  key: fc.constantFrom('stpes', 'rate', 'kind', 'id', 'remove', 'extends', 'gdp', 'world', 'target', 'date', 'step', 'x y', '__proto__', 'constructor'),
});

function apply(o: any, m: Mut): any {
  const all = paths(o).filter((p) => p.length > 0);
  if (!all.length) return o;
  const p = all[m.pick % all.length];
  const parent = getAt(o, p.slice(0, -1));
  const k = p[p.length - 1];
  if (parent == null || typeof parent !== 'object') return o;
  switch (m.kind) {
    case 'delete': if (Array.isArray(parent)) parent.splice(k as number, 1); else delete parent[k]; break;
    case 'set': parent[k] = m.value; break;
    case 'addKey': { const t = getAt(o, p); if (t && typeof t === 'object' && !Array.isArray(t)) Object.defineProperty(t, m.key, { value: m.value, enumerable: true, writable: true, configurable: true }); break; }
    case 'dupItem': if (Array.isArray(parent)) parent.push(structuredClone(parent[k as number])); break;
  }
  return o;
}

// raw text edits: keep the YAML layer honest too
const textEdit = fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'deleteLine', 'dupLine', 'indent'), ch: fc.constantFrom('\t', ':', '-', '[', '{', '&a', '*a', '"', '#', ' ', '\n', '!!str', '? ', '|', '>', '%', '@', '\u00a0', '\ufeff') });
function editText(s: string, e: { at: number; kind: string; ch: string }): string {
  const lines = s.split('\n');
  const i = e.at % lines.length;
  switch (e.kind) {
    case 'insert': { const pos = e.at % (s.length + 1); return s.slice(0, pos) + e.ch + s.slice(pos); }
    case 'deleteLine': lines.splice(i, 1); break;
    case 'dupLine': lines.splice(i, 0, lines[i]); break;
    case 'indent': lines[i] = '  ' + lines[i]; break;
  }
  return lines.join('\n');
}

// ------------------------------------------------------------------ the property

const KNOWN = new Set<string>(ISSUE_CODES);
let dir = '';
let n = 0;
let valid = 0;
let ran = 0;

async function check(text: string): Promise<void> {
  const f = join(dir, `m${n++ % 50}.yaml`);
  writeFileSync(f, text);
  const r = await loadScenario(f); // must not throw
  for (const i of r.issues) {
    expect(KNOWN.has(i.code), i.code).toBe(true);
    expect(typeof i.message).toBe('string');
    if (i.severity === 'error') expect(r.scenario).toBeUndefined();
  }
  if (!r.scenario) return;
  valid++;
  const s = r.scenario.spec;
  const size = (s.world?.type === 'synthetic' ? s.world.countries ?? 1000 : r.scenario.countries.length) * s.steps;
  if (size > 100_000) return; // validated, but too big to run inside a unit test
  ran++;
  const w = compileWorld(r.scenario);
  const res = runWorld(w, {
    onStep: (_w, st, _S, t) => { for (let i = 0; i < st.a.length; i++) if (!Number.isFinite(st.a[i])) throw new Error(`alignment of country ${i} is ${st.a[i]} at step ${t}`); },
  });
  for (const [k, v] of Object.entries(res.state)) {
    if (v instanceof Float64Array) for (let i = 0; i < v.length; i++) if (Number.isNaN(v[i])) throw new Error(`state.${k}[${i}] is NaN`);
  }
}

describe('random mutations of valid scenarios', () => {
  beforeAll(() => { dir = tempDir(); });

  it('never make the loader throw, and what validates runs without NaN', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(BASES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (b, muts) => {
      let o = BASES[b]();
      for (const m of muts) o = apply(o, m);
      await check(stringify(o));
    }), params);
    await fc.assert(fc.asyncProperty(fc.constantFrom(MIN, RICH), fc.array(textEdit, { minLength: 1, maxLength: 4 }), async (base, edits) => {
      await check(edits.reduce(editText, base));
    }), params);
    // the generators must reach both outcomes, or the property says little
    expect(valid).toBeGreaterThan(RUNS / 10);
    expect(valid).toBeLessThan(2 * RUNS);
    expect(ran).toBeGreaterThan(0);
  });

  it('the unmutated bases are valid and run', async () => {
    for (const b of BASES) {
      valid = 0;
      await check(stringify(b()));
      expect(valid).toBe(1);
    }
  });
});
