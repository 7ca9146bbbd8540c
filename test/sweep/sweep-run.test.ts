/**
 * Sweeps end to end through the CLI (dist/): bytes identical for --jobs 1 and 2 and
 * for shards + merge; failures recorded with status, message and replay command and
 * exit code 4; replay reproduces a run's metrics; resume refuses a changed file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ensureBuilt, expectSameFiles, tmp, ROOT } from './helpers.ts';

const SMALL = 'test/sweep/fixtures/small-sweep.yaml';
let base = '';
let one = '';

beforeAll(() => {
  ensureBuilt();
  base = tmp('run');
  one = join(base, 'jobs1');
  const r = cli(['sweep', SMALL, '--jobs', '1', '--out', one]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}, 60_000);

describe('hedgesim sweep', () => {
  it('writes runs.csv in run-id order with the contract columns', () => {
    const lines = readFileSync(join(one, 'runs.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,point,replicate,seed,retaliation.probability,countries.VNM.transshipment,share_us,isolation_china,vnm_crackdown_week,status,error');
    expect(lines.length).toBe(1 + 6 * 3);
    lines.slice(1).forEach((l, i) => {
      const c = l.split(',');
      expect(+c[0]).toBe(i);
      expect(+c[1]).toBe(Math.floor(i / 3));
      expect(+c[2]).toBe(i % 3);
      expect(c.at(-2)).toBe('ok');
    });
    const w = readFileSync(join(one, 'world.csv'), 'utf8').split('\n');
    expect(w[0].startsWith('run_id,step,date,mean_alignment')).toBe(true);
    // steps 0, 3, 6, 9, 10 for each of 18 runs
    expect(w.filter(Boolean).length).toBe(1 + 18 * 5);
    const m = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8'));
    expect(m.kind).toBe('sweep');
    expect(m.design).toMatchObject({ type: 'lhs', points: 6, replications: 3, runs: 18, base_seed: 9 });
    expect(m.counts).toEqual({ runs: 18, ok: 18, failed: 0 });
    expect(existsSync(join(one, '.chunks'))).toBe(false);
  });

  it('gives the same bytes with --jobs 2', () => {
    const two = join(base, 'jobs2');
    expect(cli(['sweep', SMALL, '--jobs', '2', '--out', two]).code).toBe(0);
    expectSameFiles(one, two, expect);
  }, 60_000);

  it('gives the same bytes for 3 shards merged (given in any order)', () => {
    const parts = [1, 2, 3].map((i) => join(base, `part-${i}`));
    for (const i of [3, 1, 2]) expect(cli(['sweep', SMALL, '--shard', `${i}/3`, '--jobs', '1', '--out', parts[i - 1]]).code).toBe(0);
    const merged = join(base, 'merged');
    const r = cli(['merge', parts[2], parts[0], parts[1], '--out', merged]);
    expect(r.code).toBe(0);
    expectSameFiles(one, merged, expect);
    // a missing shard is refused
    const bad = cli(['merge', parts[0], parts[2], '--out', join(base, 'bad')]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/missing/);
  }, 60_000);

  it('replays a run with full time series and the same metrics', () => {
    const r = cli(['replay', one, '--run', '7']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/same as runs\.csv/);
    expect(r.stdout).toMatch(/hedgesim run scenarios\/baseline-2025\.yaml --seed \d+ --set steps=10 --set retaliation\.probability=/);
    for (const f of ['countries.csv', 'world.csv', 'events.csv', 'manifest.json']) expect(existsSync(join(one, 'replay-7', f))).toBe(true);
  }, 60_000);

  it('refuses to resume with a changed sweep file, and says why', () => {
    const dir = tmp('changed');
    const file = join(dir, 'sweep.yaml');
    const text = readFileSync(join(ROOT, SMALL), 'utf8').replace('../../../scenarios/', join(ROOT, 'scenarios') + '/');
    writeFileSync(file, text);
    const out = join(dir, 'out');
    expect(cli(['sweep', file, '--out', out, '--jobs', '1']).code).toBe(0);
    writeFileSync(file, text.replace('seed: 9', 'seed: 10'));
    const r = cli(['sweep', file, '--out', out, '--resume']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/SWEEP_RESUME_MISMATCH/);
    expect(r.stderr).toMatch(/changed: seed/);
    // without --resume an existing sweep folder is refused too
    writeFileSync(file, text);
    const again = cli(['sweep', file, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--resume/);
    // an unchanged resume of a finished sweep is a no-op
    const same = cli(['sweep', file, '--out', out, '--resume']);
    expect(same.code).toBe(0);
    expect(same.stderr).toMatch(/already complete/);
  }, 60_000);
});

describe('failures', () => {
  it('records a run that throws as failed with its message, goes on, and exits 4', () => {
    const out = join(tmp('fail'), 'out');
    const r = cli(['sweep', 'test/sweep/fixtures/fail-sweep.yaml', '--out', out, '--jobs', '2']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/4 of 8 runs failed/);
    expect(r.stderr).toMatch(/hedgesim replay .* --run 2/);
    const rows = readFileSync(join(out, 'runs.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.map((c) => c[6])).toEqual(['ok', 'ok', 'failed', 'failed', 'ok', 'ok', 'failed', 'failed']);
    // k = 3: the point is refused before it runs, with the message hedgesim run --set parameters.k=3 gives
    const msg = 'test/sweep/fixtures/expr-scenario.yaml:8:15: error EXPR_NOT_FINITE model.elasticity: "2 + 1 / (t - k)" gives Infinity at step 3 (2025-03-22); guard divisions and logarithms, e.g. x / max(1, t)';
    expect(rows[2][7]).toBe(`"${msg.split(',')[0].replace(/"/g, '""')}`);
    expect(rows[2][5]).toBe('');
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m.counts).toEqual({ runs: 8, ok: 4, failed: 4 });
    expect(m.failed[0]).toEqual({ run_id: 2, error: msg, replay: 'hedgesim replay <sweep folder> --run 2' });
    const rp = cli(['replay', out, '--run', '2']);
    expect(rp.code).toBe(4);
    expect(rp.stderr).toMatch(/Infinity at step 3/);
  }, 60_000);
});

describe('the example sweeps', () => {
  it('scenarios/sweep-*.yaml validate (checked by a dry merge of their plans)', async () => {
    const { loadSweep } = await import('../../sim/sweep/spec.ts');
    const { planSweep } = await import('../../sim/sweep/plan.ts');
    const runs: Record<string, number> = { 'sweep-retaliation.yaml': 5 * 4 * 10, 'sweep-sobol.yaml': 64 * 6, 'sweep-policies.yaml': 4 * 40 * 2 };
    for (const f of Object.keys(runs)) {
      const { sweep, issues } = await loadSweep(join(ROOT, 'scenarios', f));
      expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
      const plan = planSweep(sweep!);
      expect(plan.runs).toBe(runs[f]);
    }
  });
});
void cpSync;
