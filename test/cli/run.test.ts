import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { BASELINE, ROOT, cli, tmpDir, writeScenario, read } from '../helpers.ts';

describe('hedgesim run', () => {
  it('runs the baseline, prints the summary table, honours --every and --set', async () => {
    const out = join(tmpDir(), 'r');
    const r = await cli(['run', BASELINE, '--out', out, '--every', '5', '--set', 'model.elasticity=2', '--steps', '26']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/country\s+stance\s+alignment/);
    expect(r.out).toMatch(/^VNM\s+(us|hedge|china)/m);
    expect(r.out).toMatch(/China isolation/);
    const steps = read(join(out, 'world.csv')).trim().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(steps).toEqual(['0', '5', '10', '15', '20', '25', '26']);
    expect(JSON.parse(read(join(out, 'manifest.json'))).resolved.model.elasticity).toBe(2);
  });

  it('refuses bad input with exit 3, file:line:col and no output folder', async () => {
    const dir = tmpDir();
    const p = writeScenario('name: bad\nsteps: 10\nmodel:\n  elastcity: 2\n', dir);
    const out = join(dir, 'out');
    const r = await cli(['run', p, '--out', out]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/scenario\.yaml:4:3: error UNKNOWN_KEY model\.elastcity: .*did you mean 'elasticity'/);
    expect(r.err).toMatch(/\^/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(existsSync(out)).toBe(false);
    const q = writeScenario('name: bad2\nsteps: 10\ncountries:\n  - {id: VNM, gdp: 476}\nevents:\n  - {step: 40, kind: tariff, actor: USA, target: VNN, rate: 10}\n', dir, 'b.yaml');
    const r2 = await cli(['run', q, '--out', out]);
    expect(r2.code).toBe(3);
    expect(r2.err).toMatch(/b\.yaml:6:\d+: warning EVENT_OUTSIDE_HORIZON/); // a warning, reported with the error
    expect(r2.err).toMatch(/UNKNOWN_COUNTRY events\[0\]\.target: .*did you mean VNM/);
    expect(existsSync(out)).toBe(false);
  });

  it('a bad --set is a clear input error; a bad option is a usage error', async () => {
    const r = await cli(['run', BASELINE, '--set', 'model.elastisity=2', '--out', join(tmpDir(), 'x')]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/BAD_OVERRIDE.*did you mean 'elasticity'/);
    const u = await cli(['run', BASELINE, '--no-such-option']);
    expect(u.code).toBe(2);
    const none = await cli([]);
    expect(none.code).toBe(2);
  });

  it('--help lists every command with examples', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/hedgesim run <scenario>/);
    const rr = await cli(['run', '--help']);
    expect(rr.out).toMatch(/Examples:/);
  });

  it('the built CLI runs from a fresh process (npx hedgesim)', () => {
    const out = join(tmpDir(), 'b');
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), 'run', BASELINE, '--out', out, '-q'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['countries.csv', 'events.csv', 'manifest.json', 'world.csv']);
  });
});
