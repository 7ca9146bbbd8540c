/**
 * `hedgesim sweep --extend` (sim/sweep/extend.ts): a finished sweep grown in place
 * must be byte-identical (every file but timing.*) to the larger sweep run from the
 * start, run only the new runs, and refuse what cannot grow. Cases: more
 * replications and a larger sobol N at once (the sequence continues), an lhs grown
 * to twice its size with grown_from (nested: still a Latin hypercube), a policy
 * sweep with more scenarios, and an extension interrupted after its first chunk.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSweep } from '../../sim/sweep/runner.ts';
import { cli, ensureBuilt, expectSameFiles, tmp, ROOT } from './helpers.ts';

const quiet = () => { const errs: string[] = []; return { errs, out: () => {}, err: (s: string) => { errs.push(s); }, isTTY: false }; };
const BASE = join(ROOT, 'scenarios', 'baseline-2025.yaml');

function sweepFile(dir: string, body: string): string {
  const f = join(dir, 'sweep.yaml');
  writeFileSync(f, `name: grow\nscenario: ${BASE}\nset: [steps=8]\nseed: 5\n${body}`);
  return f;
}
const rows = (dir: string) => readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n').slice(1);

/** Run `small`, extend it to `large` in place, run `large` from scratch; compare. */
function grow(name: string, small: string, large: string) {
  const dir = tmp(`extend-${name}`);
  const f = sweepFile(dir, small);
  const a = join(dir, 'grown'), b = join(dir, 'scratch');
  expect(cli(['sweep', f, '--out', a, '--jobs', '2', '-q']).code).toBe(0);
  const before = rows(a);
  writeFileSync(f, readFileSync(f, 'utf8').replace(small, large));
  const r = cli(['sweep', f, '--out', a, '--extend', '--jobs', '2']);
  expect(r.code, r.stderr).toBe(0);
  expect(cli(['sweep', f, '--out', b, '--jobs', '1', '-q']).code).toBe(0);
  expectSameFiles(a, b, expect);
  return { dir, f, a, b, before, stderr: r.stderr };
}

beforeAll(() => ensureBuilt(), 120_000);

describe('--extend', () => {
  it('more replications and a larger sobol N: same bytes as from scratch, old runs kept and renumbered', () => {
    const metrics = 'metrics:\n  - {name: share_us, world: share_us}\n  - {name: deals, expr: "count(events.deal_accepted)"}\nrecord: {tables: [world], every: 3}\n';
    const g = grow('sobol',
      `design: {type: sobol, n: 4}\nparameters:\n  - {path: retaliation.probability, range: [0, 30]}\n  - {path: model.elasticity, range: [1, 4]}\nreplications: 2\n${metrics}`,
      `design: {type: sobol, n: 8}\nparameters:\n  - {path: retaliation.probability, range: [0, 30]}\n  - {path: model.elasticity, range: [1, 4]}\nreplications: 3\n${metrics}`);
    // 16 points x 2 kept, 96 runs in all: only 64 ran
    expect(g.stderr).toMatch(/16 x 2 runs kept .*64 new runs \(32 points x 3 replications\)/);
    expect(g.stderr).toMatch(/resuming: 32 of 96 runs already done/);
    const after = rows(g.a);
    expect(after).toHaveLength(96);
    // old run (point p, replicate r) was run_id p*2+r, is now p*3+r, same values
    for (const [p, r] of [[0, 0], [5, 1], [15, 1]]) {
      expect(after[p * 3 + r].split(',').slice(1)).toEqual(g.before[p * 2 + r].split(',').slice(1));
    }
  }, 120_000);

  it('an lhs grown with grown_from is nested and still a Latin hypercube; without grown_from it is refused', () => {
    const p = 'parameters:\n  - {path: retaliation.probability, range: [0, 30]}\n  - {path: model.elasticity, range: [1, 4]}\nreplications: 1\nmetrics: [{name: share_us, world: share_us}]\n';
    const dir = tmp('extend-lhs-refused');
    const f = sweepFile(dir, `design: {type: lhs, n: 6}\n${p}`);
    expect(cli(['sweep', f, '--out', join(dir, 'a'), '-q']).code).toBe(0);
    writeFileSync(f, readFileSync(f, 'utf8').replace('n: 6}', 'n: 12}'));
    const r = cli(['sweep', f, '--out', join(dir, 'a'), '--extend']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/grown_from: \[6\]/);
    const g = grow('lhs', `design: {type: lhs, n: 6}\n${p}`, `design: {type: lhs, n: 12, grown_from: [6]}\n${p}`);
    const u = readFileSync(join(g.a, 'points.csv'), 'utf8').trim().split('\n');
    const head = u[0].split(',');
    for (const c of ['u.retaliation.probability', 'u.model.elasticity']) {
      const j = head.indexOf(c);
      const strata = u.slice(1).map((l) => Math.floor(Number(l.split(',')[j]) * 12)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: 12 }, (_, i) => i));
    }
    expect(rows(g.a).slice(0, 6)).toEqual(g.before);
  }, 120_000);

  it('a policy sweep with more scenarios: every policy keeps its runs and seeds', () => {
    const levers = 'levers:\n  design: {type: grid}\n  parameters: [{path: deals.rate, values: [5, 15]}]\n';
    const unc = (n: number) => `uncertainties:\n  design: {type: random, n: ${n}}\n  parameters: [{path: model.elasticity, range: [1, 4]}, {path: model.hedge_value, range: [0.1, 1.5]}]\nreplications: 2\nmetrics: [{name: share_us, world: share_us, goal: maximize}]\n`;
    const g = grow('policy', levers + unc(5), levers + unc(9));
    const after = rows(g.a);
    expect(after).toHaveLength(2 * 9 * 2);
    expect(after.slice(0, 20)).toEqual(g.before);
  }, 120_000);

  it('refuses changes other than growth, with exit 3 and nothing changed', () => {
    const dir = tmp('extend-refuse');
    const f = sweepFile(dir, 'design: {type: grid}\nparameters: [{path: retaliation.probability, values: [0, 30]}]\nreplications: 2\nmetrics: [{name: share_us, world: share_us}]\n');
    const a = join(dir, 'a');
    expect(cli(['sweep', f, '--out', a, '-q']).code).toBe(0);
    const runs = readFileSync(join(a, 'runs.csv'));
    for (const [from, to, msg] of [['values: [0, 30]', 'values: [0, 20]', /parameters changed/], ['replications: 2', 'replications: 1', /replications went down/]] as const) {
      writeFileSync(f, readFileSync(f, 'utf8').replace(from, to));
      const r = cli(['sweep', f, '--out', a, '--extend']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(msg);
      writeFileSync(f, readFileSync(f, 'utf8').replace(to, from));
    }
    expect(readFileSync(join(a, 'runs.csv')).equals(runs)).toBe(true);
    expect(cli(['sweep', f, '--out', join(dir, 'nothing'), '--extend']).code).toBe(2);
  }, 120_000);

  it('an extension interrupted midway completes with --resume, same bytes', async () => {
    const dir = tmp('extend-crash');
    const body = (r: number) => `design: {type: random, n: 5}\nparameters: [{path: retaliation.probability, range: [0, 30]}]\nreplications: ${r}\nmetrics: [{name: share_us, world: share_us}]\nrecord: {tables: [world], every: 3}\n`;
    const f = sweepFile(dir, body(2));
    const a = join(dir, 'a'), b = join(dir, 'b');
    expect(cli(['sweep', f, '--out', a, '-q']).code).toBe(0);
    writeFileSync(f, readFileSync(f, 'utf8').replace(body(2), body(6)));
    const x = await runSweep({ file: f, out: a, jobs: 1, io: quiet(), chunk: 3, extend: true, stopAfterChunks: 1 });
    expect(x.interrupted).toBe(true);
    const y = await runSweep({ file: f, out: a, jobs: 2, io: quiet(), resume: true });
    expect(y.done).toBe(true);
    expect(cli(['sweep', f, '--out', b, '-q']).code).toBe(0);
    expectSameFiles(a, b, expect);
  }, 120_000);
});
