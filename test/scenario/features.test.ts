/**
 * The format's features: extends (deep merge, merge by id, removal, chains, relative
 * paths), expressions (compiled once to plain functions, sandboxed, checked over the
 * horizon), parameters (used by expressions, varied by --set), and all problems of a
 * file reported at once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadScenario } from '../../sim/scenario/load.ts';
import { compileExpr, loadExprEngine, ExprError } from '../../sim/scenario/expr.ts';
import { MIN } from './corpus.ts';
import { cleanup, tempDir, writeFiles } from './helpers.ts';

afterAll(cleanup);

const load = async (files: Record<string, string>, main = 'scenario.yaml', set?: string[]) => {
  const d = writeFiles(files);
  return loadScenario(join(d, main), { set });
};
const codes = (r: { issues: { code: string; path: string }[] }) => r.issues.map((i) => `${i.code} ${i.path}`);

describe('extends', () => {
  it('merges maps deeply, countries and events by id, and replaces other lists', async () => {
    const base = MIN + 'model: {elasticity: 3, rationality: 5}\nlinks:\n  - {from: VNM, to: MYS}\n';
    const r = await load({
      'base.yaml': base,
      'scenario.yaml': [
        'extends: base.yaml',
        'name: child',
        'model: {rationality: 7}',
        'countries:',
        '  - {id: VNM, alignment: 0.2}',
        '  - {id: KOR, gdp: 1870}',
        'events:',
        '  - {id: e1, rate: 30}',
        '  - {id: e2, date: 2025-03-20, kind: tariff, actor: USA, target: JPN, rate: 24}',
        'links:',
        '  - {from: JPN, to: KOR}',
      ].join('\n'),
    });
    expect(r.issues).toEqual([]);
    const s = r.scenario!.spec;
    expect(s.name).toBe('child');
    expect(s.model.elasticity).toBe(3);
    expect(s.model.rationality).toBe(7);
    expect(r.scenario!.countries.map((c) => c.id)).toEqual(['VNM', 'MYS', 'JPN', 'KOR']);
    expect(r.scenario!.countries[0]).toMatchObject({ id: 'VNM', gdp: 476, alignment: 0.2 });
    expect(s.events!.map((e) => [e.id, e.rate, e.target])).toEqual([['e1', 30, 'VNM'], ['e2', 24, 'JPN']]);
    expect(s.links).toEqual([{ from: 'JPN', to: 'KOR', weight: 1 }]);
  });

  it('removes inherited events and countries', async () => {
    const r = await load({
      'base.yaml': MIN,
      'scenario.yaml': 'extends: base.yaml\nevents:\n  - {id: e1, remove: true}\ncountries:\n  - {id: MYS, remove: true}\n',
    });
    expect(r.issues).toEqual([]);
    expect(r.scenario!.spec.events).toEqual([]);
    expect(r.scenario!.countries.map((c) => c.id)).toEqual(['VNM', 'JPN']);
  });

  it('follows chains, with paths relative to each file', async () => {
    const d = tempDir();
    mkdirSync(join(d, 'a'));
    mkdirSync(join(d, 'a', 'b'));
    writeFileSync(join(d, 'root.yaml'), MIN.replace(/countries:[\s\S]*?events:/, 'countries_file: data/c.csv\nevents:'));
    mkdirSync(join(d, 'data'));
    writeFileSync(join(d, 'data', 'c.csv'), 'id,gdp\nVNM,476\nJPN,4030\n');
    writeFileSync(join(d, 'a', 'mid.yaml'), 'extends: ../root.yaml\nsteps: 12\n');
    writeFileSync(join(d, 'a', 'b', 'leaf.yaml'), 'extends: ../mid.yaml\nseed: 9\n');
    const r = await loadScenario(join(d, 'a', 'b', 'leaf.yaml'));
    expect(r.issues).toEqual([]);
    expect(r.scenario!.spec).toMatchObject({ steps: 12, seed: 9, name: 't' });
    expect(r.scenario!.countries.map((c) => c.id)).toEqual(['VNM', 'JPN']);
  });

  it('reports a cycle at the extends that closes it, and a three-file cycle', async () => {
    const r = await load({ 'scenario.yaml': 'extends: b.yaml\n', 'b.yaml': 'extends: c.yaml\n', 'c.yaml': 'extends: b.yaml\n' });
    expect(codes(r)).toEqual(['EXTENDS_CYCLE extends']);
    expect(r.issues[0].file).toMatch(/c\.yaml$/);
    expect(r.issues[0].line).toBe(1);
  });
});

describe('expressions', () => {
  it('compile once to plain functions of the step and the parameters', async () => {
    await loadExprEngine();
    const c = compileExpr('10 + 36 * min(1, t / 4)', []);
    expect([0, 2, 4, 8].map((t) => c.fn({ t }))).toEqual([10, 28, 46, 46]);
    expect(c.usesTime).toBe(true);
    const p = compileExpr('peak > 40 ? peak : 40', ['peak']);
    expect(p.fn({ peak: 46 })).toBe(46);
    expect(p.usesTime).toBe(false);
    expect(compileExpr('clamp(ramp(t, 2, 6) * 100, 0, 50) + logistic(0) + mod(7, 3)', []).fn({ t: 4 })).toBe(51.5);
  });

  it('refuse everything but arithmetic, comparisons, conditionals and safe functions', async () => {
    await loadExprEngine();
    const refused = ['import({}, {})', 'createUnit("x")', 'evaluate("1")', 'parse("1")', 'compile("1")', 'simplify("x")',
      'derivative("x^2", "x")', 'x = 1', 'f(x) = x', 't.constructor', '[1, 2]', '{a: 1}', '"text"', '2 inch', 'cos(t)[1]',
      'eval("1")', 'Function("return 1")', 'this', 'process', '1:3', 'a ? b', 'sqrt(-1) + i', '50%'];
    for (const src of refused) {
      let err: unknown;
      try { compileExpr(src, ['a', 'b', 'x']); } catch (e) { err = e; }
      expect(err, src).toBeInstanceOf(ExprError);
      expect(['EXPR_FORBIDDEN', 'EXPR_SYNTAX', 'EXPR_UNKNOWN_SYMBOL'], src).toContain((err as ExprError).code);
    }
  });

  it('are evaluated over the horizon at load time: where they leave the range is reported', async () => {
    const r = await load({ 'scenario.yaml': MIN.replace('steps: 10', 'steps: 30') + 'retaliation:\n  probability: "t * 4"\n' });
    expect(codes(r)).toEqual(['OUT_OF_RANGE retaliation.probability']);
    expect(r.issues[0].message).toMatch(/gives 104 at step 26 \(2025-08-30\)/);
    expect(r.issues[0].line).toBe(11);
    // the same expression within a shorter horizon is fine
    expect((await load({ 'scenario.yaml': MIN + 'retaliation:\n  probability: "t * 4"\n' })).issues).toEqual([]);
  });

  it('in an event are checked at the event\'s step (from it on for a tariff rate)', async () => {
    // 100 / (t - 1)^2 is infinite at step 1, but this event fires at step 2 and the run ends at 10
    const ok = await load({ 'scenario.yaml': MIN.replace('rate: 46}', 'rate: "100 / (t - 1) ^ 2"}') });
    expect(ok.issues).toEqual([]);
    const bad = await load({ 'scenario.yaml': MIN.replace('rate: 46}', 'rate: "100 / (t - 5) ^ 2"}') });
    expect(codes(bad)).toEqual(['EXPR_NOT_FINITE events[0].rate']);
  });
});

describe('parameters', () => {
  const P = MIN.replace('rate: 46}', 'rate: "peak * ramp(t, 0, 4)"}') + 'parameters:\n  peak: 46\n';
  it('are used by expressions and varied by --set', async () => {
    const r = await load({ 'scenario.yaml': P }, 'scenario.yaml', ['parameters.peak=60']);
    expect(r.issues).toEqual([]);
    expect(r.scenario!.spec.parameters).toEqual({ peak: 60 });
  });
  it('out of range once varied are reported', async () => {
    const r = await load({ 'scenario.yaml': P }, 'scenario.yaml', ['parameters.peak=2000']);
    expect(codes(r)).toEqual(['OUT_OF_RANGE events[0].rate']);
  });
  it('that are not defined are refused in expressions and in --set', async () => {
    const r = await load({ 'scenario.yaml': P.replace('peak: 46', 'peek: 46') });
    expect(codes(r)).toEqual(['EXPR_UNKNOWN_SYMBOL events[0].rate']);
    expect(r.issues[0].message).toMatch(/peek/);
  });
});

describe('all problems at once', () => {
  it('reports schema, rule and expression problems of one file together, without cascades', async () => {
    const text = [
      'name: t',
      'start: 2025-03-01',
      'stpes: 10',
      'countries:',
      '  - {id: VNM, gdp: 476, alignment: 3}',
      '  - {id: JPN, gdp: 1}',
      '  - {id: JPN, gdp: 2}',
      'model:',
      '  elasticity: "2 + shock"',
      'events:',
      '  - {date: 2025-03-15, kind: tarif, actor: USA, target: VNM, rate: 46}',
      '  - {date: 2026-03-15, kind: tariff, actor: USA, target: JPN, rate: 10}',
      '',
    ].join('\n');
    const r = await load({ 'scenario.yaml': text });
    expect(codes(r).sort()).toEqual([
      'BAD_ENUM events[0].kind', 'DUPLICATE_ID countries[2].id', 'EVENT_OUTSIDE_HORIZON events[1].date',
      'EXPR_UNKNOWN_SYMBOL model.elasticity', 'OUT_OF_RANGE countries[0].alignment', 'UNKNOWN_KEY stpes',
    ]);
    expect(r.issues.map((i) => i.line).sort((a, b) => a! - b!)).toEqual([3, 5, 7, 9, 11, 12]);
  });
});
