/**
 * Sweep files: validation with positions and "did you mean", the JSON Schema kept in
 * sync with the definition, the plan (sizes, seeds, shards) and the fast path that
 * sets values on the resolved scenario agreeing with loadScenario --set.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import AjvModule from 'ajv';
import { parse } from 'yaml';
import { loadSweep, sweepJsonSchema } from '../../sim/sweep/spec.ts';
import { planSweep, runSpec } from '../../sim/sweep/plan.ts';
import { shardRange, parseShard } from '../../sim/sweep/runner.ts';
import { Executor } from '../../sim/sweep/exec.ts';
import { hashSeed } from '../../sim/rng.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { compileWorld } from '../../sim/world/compile.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BASE = join(ROOT, 'scenarios', 'baseline-2025.yaml');

async function load(body: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hedgesim-spec-'));
  const f = join(dir, 'sweep.yaml');
  writeFileSync(f, `scenario: ${BASE}\n${body}`);
  return loadSweep(f);
}
const codes = (r: { issues: { code: string; severity: string }[] }) => r.issues.filter((i) => i.severity === 'error').map((i) => i.code);

describe('sweep file validation', () => {
  it('accepts a good file', async () => {
    const r = await load('parameters: [{path: model.elasticity, values: [1, 2]}]\nmetrics: [{name: s, world: share_us}]\n');
    expect(codes(r)).toEqual([]);
    expect(r.sweep!.params[0].fast).toBe(true);
  });
  it('refuses an unknown path with did-you-mean and the line', async () => {
    const r = await load('parameters:\n  - {path: model.elastcity, values: [1, 2]}\nmetrics: [{name: s, world: share_us}]\n');
    expect(codes(r)).toEqual(['SWEEP_BAD_PATH']);
    expect(r.issues[0].message).toMatch(/did you mean 'elasticity'/);
    expect(r.issues[0].line).toBe(3);
  });
  it('refuses unknown countries and events by id with did-you-mean', async () => {
    const r = await load('parameters:\n  - {path: countries.VNN.transshipment, values: [1]}\n  - {path: events.rate-VNX.rate, values: [10]}\nmetrics: [{name: s, world: share_us}]\n');
    expect(codes(r)).toEqual(['SWEEP_BAD_PATH', 'SWEEP_BAD_PATH']);
    expect(r.issues[0].message).toMatch(/'VNM'/);
    expect(r.issues[1].message).toMatch(/'rate-VNM'/);
  });
  it('refuses values outside the setting\'s range, a group path, and a grid range without levels', async () => {
    const r = await load('parameters:\n  - {path: retaliation.probability, values: [5, 150]}\n  - {path: model, values: [1]}\n  - {path: model.inertia, range: [0.1, 0.9]}\nmetrics: [{name: s, world: share_us}]\n');
    expect(codes(r)).toEqual(['OUT_OF_RANGE', 'SWEEP_BAD_PATH', 'MISSING_KEY']);
    expect(r.issues[0].message).toMatch(/got 150/);
  });
  it('checks designs and metrics', async () => {
    const e = await load('parameters: [{path: model.elasticity, values: [1, 3]}]\nmetrics:\n  - {name: s, world: share_uss}\n');
    expect(codes(e)).toEqual(['BAD_ENUM']);
    expect(e.issues[0].message).toMatch(/did you mean 'share_us'/);
    const r = await load('design: {type: sobol}\nparameters: [{path: model.elasticity, range: [1, 3]}]\nmetrics:\n  - {name: v, country: VNX, field: crackdown}\n  - {name: w, world: deals, stat: first_above}\n');
    expect(codes(r).sort()).toEqual(['MISSING_KEY', 'MISSING_KEY', 'UNKNOWN_COUNTRY'].sort());
  });
  it('scenarios/sweep.schema.json is in sync with the definition and accepts the example sweeps', () => {
    const file = JSON.parse(readFileSync(join(ROOT, 'scenarios', 'sweep.schema.json'), 'utf8'));
    expect(file).toEqual(sweepJsonSchema());
    const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as new (o: object) => { compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown } };
    const ajv = new Ajv({ strict: false });
    const validate = ajv.compile(file);
    for (const f of ['sweep-retaliation.yaml', 'sweep-sobol.yaml', 'sweep-policies.yaml']) {
      expect(validate(parse(readFileSync(join(ROOT, 'scenarios', f), 'utf8'))), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate({ scenario: 'x.yaml', parameters: [{ path: 'a', valuez: [1] }], metrics: [{ name: 's', world: 'share_us' }] })).toBe(false);
  });
});

describe('plans', () => {
  it('sizes: grid product, sobol N (k + 2), morris r (k + 1); seeds hash (base, point, replicate)', async () => {
    const g = await load('parameters:\n  - {path: model.elasticity, values: [1, 2, 3]}\n  - {path: deals.min_crackdown, range: [20, 80], levels: 4}\nreplications: 5\nseed: 42\nmetrics: [{name: s, world: share_us}]\n');
    const p = planSweep(g.sweep!);
    expect([p.points, p.runs]).toEqual([12, 60]);
    expect(p.values[1]).toEqual([1, 40]);
    expect(runSpec(p, 57)).toEqual({ runId: 57, point: 11, replicate: 2, seed: hashSeed(42, 11, 2) });
    const s = await load('design: {type: sobol, n: 8}\nparameters:\n  - {path: model.elasticity, range: [1, 3]}\n  - {path: retaliation.duration, range: [1, 52], distribution: integer}\nmetrics: [{name: s, world: share_us}]\n');
    const ps = planSweep(s.sweep!);
    expect(ps.points).toBe(8 * 4);
    // base sample by base sample: A_0, B_0, AB_0,0, AB_1,0, A_1, ...
    expect(ps.extra.slice(0, 5)).toEqual([['A', '', '0'], ['B', '', '0'], ['AB', '0', '0'], ['AB', '1', '0'], ['A', '', '1']]);
    expect(ps.values.every((v) => Number.isInteger(v[1]))).toBe(true);
    const m = await load('design: {type: morris, n: 3, levels: 4}\nparameters:\n  - {path: model.elasticity, range: [1, 3]}\n  - {path: model.inertia, range: [0.1, 0.9]}\nmetrics: [{name: s, world: share_us}]\n');
    expect(planSweep(m.sweep!).points).toBe(9);
  });
  it('shards cover every run once', () => {
    for (const n of [1, 3, 8]) {
      const got: number[] = [];
      for (let i = 1; i <= n; i++) { const [a, b] = shardRange(101, parseShard(`${i}/${n}`)); for (let r = a; r < b; r++) got.push(r); }
      expect(got).toEqual(Array.from({ length: 101 }, (_, i) => i));
    }
    expect(() => parseShard('0/8')).toThrow(/1 <= i <= n/);
  });
  it('the fast path gives the same World params as loadScenario --set', async () => {
    const r = await load('design: {type: lhs, n: 3}\nparameters:\n  - {path: model.elasticity, range: [1, 3]}\n  - {path: retaliation.probability, range: [0, 30]}\n  - {path: deals.anti_china, values: [true, false]}\nmetrics: [{name: s, world: share_us}]\n');
    const sw = r.sweep!;
    const plan = planSweep(sw);
    const ex = new Executor(sw, plan);
    for (let p = 0; p < plan.points; p++) {
      const fast = compileWorld(await ex.scenarioOf(p), { seed: 1 });
      const sets = plan.params.map((q, c) => `${q.path}=${JSON.stringify(plan.values[p][c])}`);
      const slow = compileWorld((await loadScenario(BASE, { set: sets })).scenario!, { seed: 1 });
      expect(fast.params).toEqual(slow.params);
    }
  });
});
