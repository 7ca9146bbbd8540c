/**
 * The scenario commands driven in-process through main(argv, io): validate (text and
 * JSON, several files, exit codes 0/2/3, positions with the source line and a caret),
 * schema, and new (writes a scenario that validates and runs; never overwrites).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../sim/scenario/load.ts';
import { compileWorld } from '../../sim/world/compile.ts';
import { runWorld } from '../../sim/engine.ts';
import { MIN } from './corpus.ts';
import { cleanup, cli, tempDir, writeFiles } from './helpers.ts';

afterAll(cleanup);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BASELINE = join(ROOT, 'scenarios', 'baseline-2025.yaml');

describe('hedgesim validate', () => {
  it('exits 0 for valid files', async () => {
    const r = await cli(['validate', BASELINE]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok .*baseline-2025\.yaml$/m);
    expect(r.err).toBe('');
  });

  it('checks every shipped file, sweeps included, and exits 0', async () => {
    const dir = join(ROOT, 'scenarios');
    const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f));
    const r = await cli(['validate', ...files]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(files.length);
  });

  it('exits 3 and prints file:line:col, the source line and a caret', async () => {
    const d = writeFiles({ 'bad.yaml': MIN.replace('steps: 10', 'stpes: 10').replace('target: VNM', 'target: VMN') });
    const f = join(d, 'bad.yaml');
    const r = await cli(['validate', f]);
    expect(r.code).toBe(3);
    const lines = r.err.split('\n');
    const i = lines.findIndex((l) => l.includes('UNKNOWN_KEY'));
    expect(lines[i]).toMatch(/bad\.yaml:3:1: error UNKNOWN_KEY stpes: .*did you mean 'steps'/);
    expect(lines[i + 1]).toBe('   3 | stpes: 10');
    expect(lines[i + 2]).toBe(' '.repeat(7) + '^');
    const j = lines.findIndex((l) => l.includes('UNKNOWN_COUNTRY'));
    const m = /:(\d+):(\d+): /.exec(lines[j])!;
    expect(+m[1]).toBe(9);
    expect(lines[j + 2].indexOf('^')).toBe(7 + +m[2] - 1);
    expect(lines[j + 1].slice(7 + +m[2] - 1)).toMatch(/^VMN/);
    expect(r.out).toMatch(/^invalid .*bad\.yaml: 2 errors$/m);
  });

  it('checks several files and exits 3 when any is invalid', async () => {
    const d = writeFiles({ 'a.yaml': MIN, 'b.yaml': MIN.replace('steps: 10', 'steps: 0') });
    const r = await cli(['validate', join(d, 'a.yaml'), join(d, 'b.yaml')]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/^ok .*a\.yaml$/m);
    expect(r.out).toMatch(/^invalid .*b\.yaml/m);
  });

  it('exits 0 with warnings only', async () => {
    const d = writeFiles({ 'w.yaml': MIN.replace('rate: 46', 'rate: 0.46') });
    const r = await cli(['validate', join(d, 'w.yaml')]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning PERCENT_AS_FRACTION events\[0\]\.rate: .*did you mean 46\?/);
    expect(r.out).toMatch(/\(1 warning\)/);
  });

  it('prints the problems as JSON with --format json', async () => {
    const d = writeFiles({ 'a.yaml': MIN, 'b.yaml': MIN.replace('steps: 10', 'steps: 0').replace('rate: 46', 'rate: 0.46') });
    const r = await cli(['validate', '--format', 'json', join(d, 'a.yaml'), join(d, 'b.yaml'), join(d, 'missing.yaml')]);
    expect(r.code).toBe(3);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.valid).toBe(false);
    expect(j.files.map((f: any) => f.valid)).toEqual([true, false, false]);
    const b = j.files[1].issues.map((i: any) => [i.code, i.severity, i.path, i.line, i.col]);
    expect(b).toEqual(expect.arrayContaining([['OUT_OF_RANGE', 'error', 'steps', 3, 8], ['PERCENT_AS_FRACTION', 'warning', 'events[0].rate', 9, expect.any(Number)]]));
    expect(j.files[2].issues[0].code).toBe('FILE_NOT_FOUND');
    expect(j.errors).toBe(2);
    expect(j.warnings).toBe(1);
  });

  it('exits 2 for usage errors', async () => {
    expect((await cli(['validate'])).code).toBe(2);
    expect((await cli(['validate', '--format', 'xml', BASELINE])).code).toBe(2);
    expect((await cli(['validate', '--bogus', BASELINE])).code).toBe(2);
  });

  it('checks with --set overrides', async () => {
    expect((await cli(['validate', BASELINE, '--set', 'model.elasticity=3'])).code).toBe(0);
    const r = await cli(['validate', BASELINE, '--set', 'model.elastcity=3']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/BAD_OVERRIDE model\.elastcity: .*did you mean 'elasticity'/);
  });

  it('run refuses an invalid scenario with exit 3 and the same caret output', async () => {
    const d = writeFiles({ 'bad.yaml': MIN.replace('steps: 10', 'stpes: 10') });
    const r = await cli(['run', join(d, 'bad.yaml'), '--out', join(d, 'out')]);
    expect(r.code).toBe(3);
    expect(r.err).toContain('   3 | stpes: 10\n       ^');
    expect(existsSync(join(d, 'out'))).toBe(false);
  });
});

describe('hedgesim new', () => {
  const runs = async (file: string) => {
    const r = await loadScenario(file);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const res = runWorld(compileWorld(r.scenario!));
    for (const a of res.state.a) expect(Number.isFinite(a)).toBe(true);
    return r;
  };

  it('writes a commented stand-alone scenario that validates and runs', async () => {
    const d = tempDir();
    const r = await cli(['new', 'my-world', '--dir', d]);
    expect(r.code).toBe(0);
    const f = join(d, 'my-world.yaml');
    const text = readFileSync(f, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=\S+scenario\.schema\.json$/);
    expect(text).toMatch(/^name: my-world$/m);
    expect(text.split('\n').filter((l) => /#/.test(l)).length).toBeGreaterThan(10);
    const sc = await runs(f);
    expect(sc.scenario!.spec.parameters).toEqual({ peak: 46 });
    expect((await cli(['validate', f])).code).toBe(0);
  });

  it('writes a scenario that extends another and validates', async () => {
    const d = tempDir();
    const r = await cli(['new', 'what-if', '--from', BASELINE, '--dir', d]);
    expect(r.code).toBe(0);
    const f = join(d, 'what-if.yaml');
    const text = readFileSync(f, 'utf8');
    expect(text).toMatch(/^extends: \S+baseline-2025\.yaml$/m);
    const sc = await runs(f);
    // the override example changes an inherited tariff through the parameter
    const ev = sc.scenario!.spec.events!.find((e) => e.id === 'rate-VNM')!;
    expect(ev.rate).toEqual(expect.objectContaining({ expr: 'new_rate' }));
    // every commented example validates once uncommented
    const un = text.replace(/^(\s*)# (- \{id: [^}]+\})$/gm, '$1$2').replace(/^# (model:|countries:)$/gm, '$1').replace(/^# {3}(elasticity|- \{id)/gm, '  $1');
    expect(un).not.toBe(text);
    writeFileSync(join(d, 'uncommented.yaml'), un);
    const u = await loadScenario(join(d, 'uncommented.yaml'));
    expect(u.issues).toEqual([]);
    expect(u.scenario!.spec.events!.some((e) => e.id === 'my-tariff')).toBe(true);
  });

  it('never overwrites a file', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'mine.yaml'), 'name: mine\n');
    const r = await cli(['new', 'mine', '--dir', d]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/exists already/);
    expect(readFileSync(join(d, 'mine.yaml'), 'utf8')).toBe('name: mine\n');
  });

  it('refuses bad names (exit 2) and a missing base (exit 3)', async () => {
    const d = tempDir();
    for (const bad of ['my scenario', '../escape', '-x', 'a/b', '']) {
      expect((await cli(['new', bad, '--dir', d])).code, bad).toBe(2);
    }
    expect((await cli(['new', 'ok-name', '--from', 'no-such-base', '--dir', d])).code).toBe(3);
    expect(existsSync(join(d, 'ok-name.yaml'))).toBe(false);
  });

  it('accepts NAME.yaml and writes NAME.yaml', async () => {
    const d = tempDir();
    expect((await cli(['new', 'x1.yaml', '--dir', d])).code).toBe(0);
    expect(existsSync(join(d, 'x1.yaml'))).toBe(true);
  });
});
