/**
 * Policy sweeps (levers x uncertainties): the plan runs every policy against the
 * same scenarios with the same seeds (common random numbers), the scenarios are
 * those a plain sweep over the uncertainties draws, runs.csv says which policy and
 * scenario each run is, and `hedgesim summarize` writes robustness.csv whose
 * numbers are recomputed here from runs.csv (means per policy and scenario, then
 * regret and satisficing as defined in sim/analysis/robustness.ts, whose own test
 * checks a table computed by hand). Also the checks of the new sweep-file keys.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadSweep } from '../../sim/sweep/spec.ts';
import { planSweep, runSpec } from '../../sim/sweep/plan.ts';
import { cli, ensureBuilt, tmp, ROOT } from './helpers.ts';

const BASE = join(ROOT, 'scenarios', 'baseline-2025.yaml');
const LEVERS = 'levers:\n  design: {type: grid}\n  parameters:\n    - {path: deals.rate, values: [5, 15]}\n    - {path: deals.min_crackdown, values: [25, 75]}\n';
const UNC = 'uncertainties:\n  design: {type: lhs, n: 6}\n  parameters:\n    - {path: model.elasticity, range: [1, 4]}\n    - {path: model.hedge_value, range: [0.1, 1.5]}\n';

async function load(body: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hedgesim-pol-'));
  const f = join(dir, 'sweep.yaml');
  writeFileSync(f, `scenario: ${BASE}\nseed: 3\n${body}`);
  return loadSweep(f);
}
const codes = (r: { issues: { code: string; severity: string; path: string }[] }) => r.issues.filter((i) => i.severity === 'error').map((i) => `${i.code} ${i.path}`);

describe('the plan of a policy sweep', () => {
  it('every policy meets every scenario with the same seeds; the scenarios are the plain sweep\'s', async () => {
    const r = await load(`${LEVERS}${UNC}replications: 2\nmetrics: [{name: s, world: share_us}]\n`);
    expect(codes(r)).toEqual([]);
    const plan = planSweep(r.sweep!);
    expect(plan.policy).toMatchObject({ policies: 4, scenarios: 6, levers: 2 });
    expect([plan.points, plan.runs]).toEqual([24, 48]);
    const plain = await load(`design: {type: lhs, n: 6}\nparameters:\n  - {path: model.elasticity, range: [1, 4]}\n  - {path: model.hedge_value, range: [0.1, 1.5]}\nreplications: 2\nmetrics: [{name: s, world: share_us}]\n`);
    const pp = planSweep(plain.sweep!);
    for (let s = 0; s < 6; s++) {
      for (let p = 0; p < 4; p++) {
        const point = s * 4 + p;
        expect(plan.values[point].slice(2)).toEqual(pp.values[s]);
        expect(plan.values[point].slice(0, 2)).toEqual([[5, 25], [5, 75], [15, 25], [15, 75]][p]);
        for (let rep = 0; rep < 2; rep++) {
          const x = runSpec(plan, point * 2 + rep);
          expect(x).toMatchObject({ point, replicate: rep, policy: p, scenario: s });
          expect(x.seed).toBe(runSpec(pp, s * 2 + rep).seed);
        }
      }
    }
  });
  it('checks the new keys with positions', async () => {
    expect(codes(await load(`${LEVERS}${UNC}parameters: [{path: model.rationality, values: [1]}]\nmetrics: [{name: s, world: share_us}]\n`))).toEqual(['SWEEP_BAD_DESIGN parameters']);
    expect(codes(await load(`${LEVERS}metrics: [{name: s, world: share_us}]\n`))).toEqual(['MISSING_KEY uncertainties']);
    expect(codes(await load(`${LEVERS.replace('type: grid', 'type: sobol, n: 4').replace(/values: \[5, 15\]/, 'range: [5, 15]').replace(/values: \[25, 75\]/, 'range: [25, 75]')}${UNC}metrics: [{name: s, world: share_us}]\n`))).toEqual(['SWEEP_BAD_DESIGN levers.design.type']);
    expect(codes(await load(`${LEVERS}${UNC}metrics: [{name: s, world: share_us}, {name: s, expr: "max(n_us)"}]\n`))).toEqual(['DUPLICATE_ID metrics[1].name']);
    expect(codes(await load(`${LEVERS}${UNC}metrics: [{name: policy, world: share_us}]\n`))).toEqual(['DUPLICATE_ID metrics[0].name']);
    expect(codes(await load(`${LEVERS}${UNC}metrics: [{name: s, world: share_us, threshold: 0.3}]\n`))).toEqual(['MISSING_KEY metrics[0].goal']);
    const u = await load('parameters: [{path: model.elasticity, values: [1, 2]}]\nreplications: {until: {metric: shar_us, half_width: 0.01, max: 50}}\nmetrics: [{name: share_us, world: share_us}]\n');
    expect(codes(u)).toEqual(['UNKNOWN_KEY replications.until.metric']);
    expect(u.issues[0].message).toMatch(/did you mean 'share_us'/);
    expect(u.issues[0].line).toBe(4);
    expect(codes(await load('design: {type: lhs, n: 10, grown_from: [4]}\nparameters: [{path: model.elasticity, range: [1, 2]}]\nmetrics: [{name: s, world: share_us}]\n'))).toEqual(['SWEEP_BAD_DESIGN design.grown_from']);
  });
});

describe('a policy sweep through the CLI', () => {
  const dir = tmp('policies');
  const out = join(dir, 'out');
  beforeAll(() => {
    ensureBuilt();
    const f = join(dir, 'sweep.yaml');
    writeFileSync(f, `name: pol\nscenario: ${BASE}\nseed: 3\n${LEVERS}${UNC}replications: 2\nmetrics:\n  - {name: share_us, world: share_us, goal: maximize, threshold: 0.4}\n  - {name: deals, expr: "count(events.deal_accepted)", goal: minimize}\n`);
    expect(cli(['sweep', f, '--out', out, '-q']).code).toBe(0);
    const r = cli(['summarize', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/robustness of each policy/);
  }, 120_000);

  it('runs.csv names the policy and the scenario of every run', () => {
    const lines = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('run_id,point,replicate,seed,policy,scenario,deals.rate,deals.min_crackdown,model.elasticity,model.hedge_value,share_us,deals,status,error');
    expect(lines).toHaveLength(1 + 48);
    const seeds = new Map<string, Set<string>>();
    for (const l of lines.slice(1)) { const c = l.split(','); const k = `${c[5]}/${c[2]}`; (seeds.get(k) ?? seeds.set(k, new Set()).get(k)!).add(c[3]); }
    expect([...seeds.values()].every((s) => s.size === 1)).toBe(true); // one seed per (scenario, replicate)
    expect(seeds.size).toBe(12);
  });

  it('robustness.csv: mean, percentiles, maximum regret and satisficing share recomputed from runs.csv', () => {
    const runs = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    const rob = readFileSync(join(out, 'robustness.csv'), 'utf8').trim().split('\n');
    expect(rob[0]).toBe('metric,goal,threshold,policy,deals.rate,deals.min_crackdown,scenarios,mean,p10,p90,max_regret,satisficing');
    expect(rob).toHaveLength(1 + 2 * 4);
    for (const [metric, col, goal, thr] of [['share_us', 10, 'maximize', 0.4], ['deals', 11, 'minimize', undefined]] as const) {
      const mean = (p: number, s: number) => { const v = runs.filter((r) => +r[4] === p && +r[5] === s).map((r) => +r[col]); return v.reduce((a, b) => a + b, 0) / v.length; };
      const table = [0, 1, 2, 3].map((p) => [0, 1, 2, 3, 4, 5].map((s) => mean(p, s)));
      const best = [0, 1, 2, 3, 4, 5].map((s) => (goal === 'maximize' ? Math.max : Math.min)(...table.map((t) => t[s])));
      for (let p = 0; p < 4; p++) {
        const row = rob.find((l) => l.startsWith(`${metric},${goal},${thr ?? ''},${p},`))!.split(',');
        const regret = Math.max(...table[p].map((v, s) => (goal === 'maximize' ? best[s] - v : v - best[s])));
        // the CSV holds 6 significant digits: equal to within half a unit of the sixth
        const close6 = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(5e-6 * Math.max(1, Math.abs(want)));
        close6(+row[10], regret);
        close6(+row[7], table[p].reduce((a, b) => a + b, 0) / 6);
        expect(+row[6]).toBe(6);
        if (thr !== undefined) expect(+row[11]).toBeCloseTo(table[p].filter((v) => v >= thr).length / 6, 5); // 6 significant digits in the CSV
        else expect(row[11]).toBe('');
      }
    }
  });

  it('--robust overrides the goals; a plain sweep refuses it', () => {
    const r = cli(['summarize', out, '--robust', 'share_us:min:0.3', '-q']);
    expect(r.code, r.stderr).toBe(0);
    const rob = readFileSync(join(out, 'robustness.csv'), 'utf8').trim().split('\n');
    expect(rob.slice(1).every((l) => l.startsWith('share_us,minimize,0.3,'))).toBe(true);
    expect(cli(['summarize', out, '--robust', 'share_us:best']).code).toBe(2);
    const plain = cli(['summarize', join(ROOT, 'results', 'examples', 'sweep-small'), '--robust', 'share_us:max', '--out', join(dir, 'x.csv')]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/needs a policy sweep/);
  });
});
