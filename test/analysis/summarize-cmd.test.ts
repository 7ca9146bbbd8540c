/** `hedgesim summarize` on generated sweep folders (hand-checked intervals) and on a run folder. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { cli, tmpDir } from '../helpers.ts';
import { writeSweepFixture } from './fixtures.ts';

const params = [{ path: 'model.a', lo: 0, hi: 1 }, { path: 'model.b', lo: 0, hi: 2 }];

describe('summarize a sweep', () => {
  it('gives mean, sd and the t interval per (point, metric), checked by hand', async () => {
    const dir = join(tmpDir(), 'grid');
    // y = 10 a + (replicate + 1): at a = 0 the replications are 1, 2, 3
    writeSweepFixture(dir, { type: 'grid', levels: 2, replications: 3, params, model: (x, _r, rep) => ({ y: 10 * x[0] + rep + 1, z: x[1] }) });
    const r = await cli(['summarize', dir]);
    expect(r.code, r.err).toBe(0);
    const lines = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('point,model.a,model.b,metric,n,n_failed,mean,sd,ci_lo,ci_hi');
    expect(lines).toHaveLength(1 + 4 * 2);
    // mean 2, sd 1, half width t(0.975, 2) / sqrt(3) = 4.302653 / 1.732051 = 2.484138;
    // R: t.test(c(1, 2, 3))$conf.int = -0.4841377 4.4841377
    expect(lines[1]).toBe('0,0,0,y,3,0,2,1,-0.484138,4.48414');
    expect(lines[2]).toBe('0,0,0,z,3,0,0,0,0,0');
    // a = 1 (point 2): 11, 12, 13
    expect(lines[5]).toBe('2,1,0,y,3,0,12,1,9.51586,14.4841');
    expect(r.out).toMatch(/4 design points x 2 metrics/);
  });

  it('leaves sd and the interval empty (not NaN) with one replication, and counts failed runs', async () => {
    const dir = join(tmpDir(), 'one');
    writeSweepFixture(dir, { type: 'grid', levels: 2, replications: 2, params, model: (x) => ({ y: x[0] }), fail: [1] });
    const r = await cli(['summarize', dir, '-m', 'y']);
    expect(r.code, r.err).toBe(0);
    const lines = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
    expect(lines[1]).toBe('0,0,0,y,1,1,0,,,');
    expect(lines[2]).toBe('1,0,2,y,2,0,0,0,0,0');
    expect(r.out).toMatch(/1 failed runs left out/);
    expect(readFileSync(join(dir, 'summary.csv'), 'utf8')).not.toMatch(/NaN|Infinity/);
  });

  it('honours --out and --level', async () => {
    const dir = join(tmpDir(), 'lvl');
    writeSweepFixture(dir, { type: 'grid', levels: 1, replications: 3, params, model: (_x, _r, rep) => ({ y: rep + 1 }) });
    const out = join(dir, 'ninety.csv');
    const r = await cli(['summarize', dir, '--level', '0.9', '--out', out]);
    expect(r.code, r.err).toBe(0);
    // t(0.95, 2) = 2.919986; half = 1.685854 (R: t.test(1:3, conf.level = 0.9))
    expect(readFileSync(out, 'utf8').trim().split('\n')[1]).toBe('0,0.5,1,y,3,0,2,1,0.314146,3.68585');
    expect((await cli(['summarize', dir, '--level', '95'])).code).toBe(2);
  });
});

describe('summarize a run folder', () => {
  it('writes the final state per country', async () => {
    const dir = tmpDir();
    expect((await cli(['run', join('scenarios', 'baseline-2025.yaml'), '--out', dir, '-q'])).code).toBe(0);
    const r = await cli(['summarize', dir]);
    expect(r.code, r.err).toBe(0);
    const lines = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
    const countries = readFileSync(join(dir, 'countries.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe(countries[0]);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(lines).toHaveLength(1 + manifest.countries);
    expect(lines.slice(1).every((l) => l.startsWith(`${manifest.steps},`))).toBe(true);
    expect(countries.slice(-manifest.countries)).toEqual(lines.slice(1));
  });
});
