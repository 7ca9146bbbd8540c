/**
 * `hedgesim compare A [B]` (sim/cli/compare.ts): a paired comparison with common
 * random numbers. Checked here:
 * - the pairing is real: A against an unchanged copy of itself gives differences of
 *   exactly 0 with an interval [0, 0] (different seeds in the two arms would not);
 * - the means are those of `hedgesim run` with the seeds the manifest names;
 * - a change has an effect, and each row's diff is mean_a - mean_b;
 * - the output folder rules (a run's folder is refused and left as it was) and the
 *   usage errors, before any run;
 * - two sweep folders run with the same sweep file and seeds: per point and overall.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli, tmpDir } from '../helpers.ts';
import { cli as spawnCli, ensureBuilt } from '../sweep/helpers.ts';
import { hashSeed } from '../../sim/rng.ts';

const SMALL = join(ROOT, 'test', 'golden', 'small.yaml');
const rows = (f: string) => readFileSync(f, 'utf8').trim().split('\n').map((l) => l.split(','));

describe('hedgesim compare, two scenarios', () => {
  it('A against an unchanged A: every difference is exactly 0 (both arms ran with the same seeds)', async () => {
    const out = join(tmpDir(), 'same');
    const r = await cli(['compare', SMALL, SMALL, '-r', '4', '--out', out, '-q']);
    expect(r.code, r.err).toBe(0);
    const t = rows(join(out, 'compare.csv'));
    expect(t[0]).toEqual(['measure', 'country', 'mean_a', 'mean_b', 'diff', 'ci_lo', 'ci_hi', 'n']);
    expect(t.length).toBeGreaterThan(3 * 20); // 3 countries x (state + utility terms) + world measures
    for (const row of t.slice(1)) {
      expect(row[2]).toBe(row[3]);
      expect(+row[4]).toBe(0);
      expect(row[7]).toBe('4');
    }
    // the alignment moved within each arm (the comparison is not of constants)
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ kind: 'compare', mode: 'scenarios', replications: 4, seed: 1, countries: 3 });
  });

  it('means are those of hedgesim run with the seeds the manifest names; a change has an effect', async () => {
    const dir = tmpDir();
    const out = join(dir, 'cmp');
    const r = await cli(['compare', SMALL, '--set-b', 'retaliation.enabled=false', '--set-b', 'model.hedge_value=0.2', '-r', '3', '--seed', '9', '--out', out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/world measure\s+A\s+B\s+A - B\s+95% interval/);
    const t = rows(join(out, 'compare.csv'));
    const mean = t.find((x) => x[0] === 'mean_alignment' && x[1] === '')!;
    // the same three runs by hand
    let sum = 0;
    for (let k = 0; k < 3; k++) {
      const o = join(dir, `run${k}`);
      const rr = await cli(['run', SMALL, '--seed', String(hashSeed(9, 0, k)), '--out', o, '-q']);
      expect(rr.code, rr.err).toBe(0);
      const w = rows(join(o, 'world.csv'));
      sum += +w[w.length - 1][w[0].indexOf('mean_alignment')];
    }
    expect(Math.abs(+mean[2] - sum / 3)).toBeLessThan(1e-5);
    // each diff is mean_a - mean_b; at least one measure moved, with an interval around it
    let moved = 0;
    for (const row of t.slice(1)) {
      expect(Math.abs(+row[4] - (+row[2] - +row[3]))).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(+row[2]), Math.abs(+row[3])));
      if (+row[4] !== 0) { moved++; expect(+row[5]).toBeLessThanOrEqual(+row[4]); expect(+row[6]).toBeGreaterThanOrEqual(+row[4]); }
    }
    expect(moved).toBeGreaterThan(0);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m.b.set).toEqual(['retaliation.enabled=false', 'model.hedge_value=0.2']);
    expect(m.files['compare.csv'].rows).toBe(t.length - 1);
  });

  it('refuses a folder another command wrote, and leaves it as it was', async () => {
    const dir = tmpDir();
    const run = join(dir, 'run');
    expect((await cli(['run', SMALL, '--out', run, '-q'])).code).toBe(0);
    const before = readdirSync(run).sort().map((f) => [f, readFileSync(join(run, f), 'utf8')]);
    const r = await cli(['compare', SMALL, '--set-b', 'retaliation.enabled=false', '-r', '2', '--out', run]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/holds the output of hedgesim run; hedgesim compare replaces only a folder that hedgesim compare wrote/);
    expect(readdirSync(run).sort().map((f) => [f, readFileSync(join(run, f), 'utf8')])).toEqual(before);
    // a folder compare wrote is replaced
    const c = join(dir, 'c');
    expect((await cli(['compare', SMALL, '--set-b', 'retaliation.enabled=false', '-r', '2', '--out', c, '-q'])).code).toBe(0);
    expect((await cli(['compare', SMALL, '--set-b', 'model.hedge_value=0.2', '-r', '2', '--out', c, '-q'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(c, 'manifest.json'), 'utf8')).b.set).toEqual(['model.hedge_value=0.2']);
  });

  it('usage errors before any run: no B and no change, a scenario against a folder, a bad level', async () => {
    const dir = tmpDir();
    const out = join(dir, 'x');
    for (const [args, msg] of [
      [['compare', SMALL], /give scenario B, or change A with --set-b/],
      [['compare', SMALL, dir], /two scenario files, or two sweep folders/],
      [['compare', SMALL, SMALL, '--level', '1.5'], /--level takes a number from 0 to 1/],
    ] as const) {
      const r = await cli([...args, '--out', out]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    }
    const bad = await cli(['compare', SMALL, '--set-b', 'model.elastcity=2', '--out', out]);
    expect(bad.code).toBe(3);
    expect(bad.err).toMatch(/did you mean 'elasticity'/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('hedgesim compare, two sweep folders', () => {
  const dir = tmpDir();
  beforeAll(() => {
    ensureBuilt();
    const sweep = (scenario: string) => `name: cmp\nscenario: ${scenario}\ndesign: {type: grid}\nparameters: [{path: model.elasticity, values: [1, 3]}]\n` +
      'replications: 3\nseed: 4\nmetrics:\n  - {name: mean_al, world: mean_alignment}\n  - {name: aaa, country: AAA, field: alignment}\nrecord: {tables: []}\n';
    writeFileSync(join(dir, 'a.yaml'), sweep(SMALL));
    writeFileSync(join(dir, 'b.yaml'), sweep(SMALL).replace('values: [1, 3]', 'values: [1, 3]}, {path: retaliation.enabled, values: [false]'));
    for (const x of ['a', 'b']) expect(spawnCli(['sweep', join(dir, `${x}.yaml`), '--out', join(dir, x), '-q']).code).toBe(0);
  }, 120_000);

  it('pairs runs by run_id and seed: per point and over all points, recomputed from runs.csv', async () => {
    const out = join(dir, 'cmp');
    const r = await cli(['compare', join(dir, 'a'), join(dir, 'b'), '--out', out, '-q']);
    expect(r.code, r.err).toBe(0);
    const t = rows(join(out, 'compare.csv'));
    expect(t[0]).toEqual(['point', 'metric', 'mean_a', 'mean_b', 'diff', 'ci_lo', 'ci_hi', 'n']);
    const ra = rows(join(dir, 'a', 'runs.csv')), rb = rows(join(dir, 'b', 'runs.csv'));
    const col = (h: string[], n: string) => h.indexOf(n);
    for (const metric of ['mean_al', 'aaa']) {
      const ja = col(ra[0], metric), jb = col(rb[0], metric);
      const all = t.find((x) => x[0] === 'ALL' && x[1] === metric)!;
      expect(all[7]).toBe('6');
      const d = ra.slice(1).map((x, k) => +x[ja] - +rb[k + 1][jb]);
      expect(Math.abs(+all[4] - d.reduce((s, v) => s + v, 0) / 6)).toBeLessThanOrEqual(1e-5);
      for (const p of ['0', '1']) expect(t.find((x) => x[0] === p && x[1] === metric)![7]).toBe('3');
    }
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({ kind: 'compare', mode: 'sweeps', paired_runs: 6 });
  });

  it('refuses sweeps whose seeds differ (not paired)', async () => {
    writeFileSync(join(dir, 'c.yaml'), readFileSync(join(dir, 'a.yaml'), 'utf8').replace('seed: 4', 'seed: 5'));
    expect(spawnCli(['sweep', join(dir, 'c.yaml'), '--out', join(dir, 'c'), '-q']).code).toBe(0);
    const r = await cli(['compare', join(dir, 'a'), join(dir, 'c'), '--out', join(dir, 'cmp2')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/the two sweeps are not paired/);
    expect(existsSync(join(dir, 'cmp2'))).toBe(false);
  });
});
