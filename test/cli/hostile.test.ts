/**
 * The hostile-input table of issue 12 ("Safe on real work"): each row drives the
 * built CLI (dist/cli.mjs) with one hostile input or fault and asserts the exit code,
 * the message, and that nothing was written or changed (the folder's files hashed
 * before and after). Linux only where it needs FIFOs, devices and symbolic links
 * (CI is Debian, as root). A generous `timeout` on each process guards against a
 * hang (a FIFO read blocks forever); no test asserts how fast anything is.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { CLI as BUILT, ROOT, ensureBuilt, tmp } from '../sweep/helpers.ts';

/** The CLI under test: the project's build, or another one (HEDGESIM_TEST_CLI=/path/to/dist/cli.mjs, e.g. an older version, to see each row fail there). */
const CLI = process.env.HEDGESIM_TEST_CLI ?? BUILT;
import { Eta } from '../../sim/sweep/runner.ts';
import { exprCheckStats, loadScenario } from '../../sim/scenario/load.ts';

interface R { code: number | null; stdout: string; stderr: string; signal: string | null }
function hs(args: string[], o: { cwd?: string; env?: Record<string, string>; timeout?: number; uid?: number } = {}): R {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: o.cwd ?? ROOT, encoding: 'utf8', timeout: o.timeout ?? 60_000, env: { ...process.env, CI: '1', ...o.env },
    ...(o.uid !== undefined ? { uid: o.uid, gid: o.uid } : {}),
  });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', signal: r.signal };
}

/** Every file and folder under `dir` (hidden ones too) with a hash of its content or its link target. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name), r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) out[r] = `link:${readlinkSync(p)}`;
      else if (e.isDirectory()) { out[r + '/'] = 'dir'; walk(p, r); }
      else if (e.isFile()) out[r] = createHash('sha256').update(readFileSync(p)).digest('hex');
      else out[r] = 'special';
    }
  };
  walk(dir, '');
  return out;
}

const BASE = join(ROOT, 'scenarios', 'baseline-2025.yaml');
const SMALL = join(ROOT, 'test', 'sweep', 'fixtures', 'small-sweep.yaml'); // lhs 6 points x 3 replications = 18 runs
const root = () => process.getuid?.() === 0;
const write = (p: string, s: string) => { writeFileSync(p, s); return p; };
const mkfifo = (p: string) => { execFileSync('mkfifo', [p]); return p; };

/** A small sweep over a scenario whose expressions use a parameter (item: sweeps skip the expression check). */
function exprSweep(dir: string): string {
  write(join(dir, 'sc.yaml'), `extends: ${BASE}\nparameters:\n  p: 1\nretaliation:\n  probability: "5 / p"\nmodel:\n  elasticity: "2 * p"\n  rationality: "10 * log(p) + 10"\n`);
  return write(join(dir, 'sw.yaml'), 'scenario: sc.yaml\ndesign: {type: grid}\nparameters:\n  - {path: parameters.p, values: [1, 0, -1, 1000]}\nmetrics:\n  - {name: ma, world: mean_alignment}\n');
}

const csvRows = (p: string) => readFileSync(p, 'utf8').trim().split('\n');

beforeAll(() => ensureBuilt(), 180_000);

describe('wrong results that look right', () => {
  it('a sweep checks the expressions of every design point as run --set does (failed runs, with the message)', () => {
    const d = tmp('h-expr');
    const sw = exprSweep(d);
    const r = hs(['sweep', sw, '--out', join(d, 'out'), '--jobs', '1'], { cwd: d });
    expect(r.code).toBe(4); // some runs failed
    const rows = csvRows(join(d, 'out', 'runs.csv')).slice(1).map((l) => l.split(','));
    expect(rows.map((x) => [x[4], x[6]])).toEqual([['1', 'ok'], ['0', 'failed'], ['-1', 'failed'], ['1000', 'failed']]);
    const text = readFileSync(join(d, 'out', 'runs.csv'), 'utf8');
    expect(text).toMatch(/EXPR_NOT_FINITE retaliation.probability: ""5 \/ p"" gives Infinity/);
    expect(text).toMatch(/OUT_OF_RANGE model.elasticity: ""2 \* p"" gives -2, outside 0 to 20/);
    expect(text).toMatch(/OUT_OF_RANGE model.elasticity: ""2 \* p"" gives 2000/);
    const m = JSON.parse(readFileSync(join(d, 'out', 'manifest.json'), 'utf8'));
    expect(m.counts).toEqual({ runs: 4, ok: 1, failed: 3 });
    // the same value given to run: refused before anything runs
    const one = hs(['run', join(d, 'sc.yaml'), '--set', 'parameters.p=0', '--out', join(d, 'run0')]);
    expect(one.code).toBe(3);
    expect(one.stderr).toMatch(/EXPR_NOT_FINITE/);
    expect(existsSync(join(d, 'run0'))).toBe(false);
  });

  describe('merge, --resume and summarize check files against the manifest', () => {
    let parts: string[] = [];
    let whole = '';
    const d = tmp('h-integrity');
    beforeAll(() => {
      parts = [1, 2].map((i) => join(d, `part-${i}`));
      for (const [i, p] of parts.entries()) expect(hs(['sweep', SMALL, '--shard', `${i + 1}/2`, '--out', p, '--jobs', '1']).code).toBe(0);
      whole = join(d, 'whole');
      expect(hs(['sweep', SMALL, '--out', whole, '--jobs', '1']).code).toBe(0);
    }, 120_000);

    it('manifests record rows, bytes and sha256 of each file', () => {
      const m = JSON.parse(readFileSync(join(whole, 'manifest.json'), 'utf8'));
      const runs = readFileSync(join(whole, 'runs.csv'));
      expect(m.files['runs.csv']).toEqual({ rows: 18, bytes: runs.length, sha256: createHash('sha256').update(runs).digest('hex') });
      expect(Object.keys(m.files).sort()).toEqual(['countries.csv', 'points.csv', 'runs.csv', 'world.csv']);
    });

    it('merge refuses a shard whose runs.csv was cut (a line spliced from two runs)', () => {
      const p = join(d, 'cut-part');
      execFileSync('cp', ['-r', parts[0], p]);
      const lines = csvRows(join(p, 'runs.csv'));
      // keep 2/3 of the rows, the last one spliced from two runs
      const keep = lines.slice(0, Math.ceil(lines.length * 2 / 3));
      keep[keep.length - 1] = keep[keep.length - 1].slice(0, 20) + lines[lines.length - 1].slice(20);
      writeFileSync(join(p, 'runs.csv'), keep.join('\n') + '\n');
      const out = join(d, 'merged-bad');
      const r = hs(['merge', p, parts[1], '--out', out]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/OUTPUT_DAMAGED|damaged/);
      expect(r.stderr).toMatch(/runs\.csv has \d+ (rows|bytes), the manifest says/);
      expect(r.stderr).toMatch(/Re-run that shard/);
      expect(existsSync(out)).toBe(false);
      // the good parts merge
      expect(hs(['merge', ...parts, '--out', join(d, 'merged')]).code).toBe(0);
    });

    it('--resume of a finished sweep whose runs.csv was cut is refused, not "already complete"', () => {
      const f = join(d, 'cut-whole');
      execFileSync('cp', ['-r', whole, f]);
      const lines = csvRows(join(f, 'runs.csv'));
      writeFileSync(join(f, 'runs.csv'), lines.slice(0, 12).join('\n') + '\n');
      const before = snapshot(f);
      const r = hs(['sweep', SMALL, '--out', f, '--resume', '--jobs', '1']);
      expect(r.code).toBe(3);
      expect(r.stderr).not.toMatch(/already complete/);
      expect(r.stderr).toMatch(/runs\.csv has \d+ bytes, the manifest says \d+/);
      expect(r.stderr).toMatch(/run the sweep again/);
      expect(snapshot(f)).toEqual(before);
    });

    it('summarize refuses a header-only runs.csv (and writes nothing)', () => {
      const f = join(d, 'header-only');
      execFileSync('cp', ['-r', whole, f]);
      writeFileSync(join(f, 'runs.csv'), csvRows(join(f, 'runs.csv'))[0] + '\n');
      const before = snapshot(f);
      for (const cmd of ['summarize', 'sensitivity', 'plot', 'report']) {
        const r = hs([cmd, f]);
        expect(r.code, cmd).toBe(3);
        expect(r.stderr, cmd).toMatch(/damaged: runs\.csv has \d+ bytes, the manifest says/);
      }
      expect(snapshot(f)).toEqual(before);
    });
  });

  describe('reused folders', () => {
    it('run refuses a finished sweep\'s folder (world.csv and manifest kept)', () => {
      const d = tmp('h-reuse1');
      const sw = join(d, 'sw');
      expect(hs(['sweep', SMALL, '--out', sw, '--jobs', '1']).code).toBe(0);
      const before = snapshot(sw);
      const r = hs(['run', BASE, '--out', sw, '--steps', '8']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/OUTPUT_FOLDER_IN_USE.*holds a finished sweep.*--force/);
      expect(snapshot(sw)).toEqual(before);
    });

    it('run refuses a folder with the user\'s own countries.csv; --force writes there', () => {
      const d = tmp('h-reuse2');
      write(join(d, 'countries.csv'), 'id,gdp\nAAA,1\n');
      const before = snapshot(d);
      const r = hs(['run', BASE, '--out', d, '--steps', '8']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/hedgesim run replaces only a folder that hedgesim run wrote/);
      expect(snapshot(d)).toEqual(before);
      expect(hs(['run', BASE, '--out', d, '--steps', '8', '--force', '-q']).code).toBe(0);
      expect(JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')).kind).toBe('run');
    });

    it('run replaces a folder that run wrote', () => {
      const d = join(tmp('h-reuse3'), 'r');
      expect(hs(['run', BASE, '--out', d, '--steps', '8', '-q']).code).toBe(0);
      expect(hs(['run', BASE, '--out', d, '--steps', '9', '-q']).code).toBe(0);
      expect(JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')).steps).toBe(9);
      expect(readdirSync(d).sort()).toEqual(['countries.csv', 'events.csv', 'manifest.json', 'world.csv']);
    });

    it('a sweep into a run folder is refused (plot and report would draw the run as design point 0)', () => {
      const d = join(tmp('h-reuse4'), 'r');
      expect(hs(['run', BASE, '--out', d, '--steps', '8', '-q']).code).toBe(0);
      const before = snapshot(d);
      const r = hs(['sweep', SMALL, '--out', d, '--jobs', '1']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/holds the output of hedgesim run.*not a sweep/);
      expect(snapshot(d)).toEqual(before);
    });

    it('a sweep whose sweep-state.json was deleted is not mixed with a new one', async () => {
      const d = join(tmp('h-reuse5'), 'sw');
      // an interrupted sweep (killed once it has committed a chunk), then its state file removed by hand
      const p = spawn(process.execPath, [CLI, 'sweep', join(ROOT, 'test/sweep/fixtures/crash-sweep.yaml'), '--out', d, '--jobs', '1'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, CI: '1' } });
      const chunks = () => { try { return readdirSync(join(d, '.chunks')).filter((f) => f.endsWith('.chunk')).length; } catch { return 0; } };
      for (let i = 0; i < 600 && chunks() === 0; i++) await new Promise((res) => setTimeout(res, 50));
      p.kill('SIGKILL');
      await new Promise((res) => p.on('exit', res));
      expect(chunks()).toBeGreaterThan(0);
      expect(existsSync(join(d, 'manifest.json'))).toBe(false);
      rmSync(join(d, 'sweep-state.json'), { force: true });
      rmSync(join(d, '.hedgesim.lock'), { force: true });
      const before = snapshot(d);
      for (const extra of [[], ['--resume']]) {
        const r = hs(['sweep', SMALL, '--out', d, '--jobs', '1', ...extra]);
        expect(r.code).toBe(3);
        expect(r.stderr).toMatch(/sweep-state\.json is gone/);
        expect(snapshot(d)).toEqual(before);
      }
    });

    it('two processes on one folder: the second is refused by the lock; a dead holder\'s lock is taken over', () => {
      const d = join(tmp('h-lock'), 'r');
      expect(hs(['run', BASE, '--out', d, '--steps', '8', '-q']).code).toBe(0);
      const holder = spawn('sleep', ['60']);
      try {
        write(join(d, '.hedgesim.lock'), JSON.stringify({ pid: holder.pid, host: hostname(), command: 'hedgesim sweep x', started_at: 'now' }) + '\n');
        const before = snapshot(d);
        for (const args of [['run', BASE, '--out', d, '--steps', '8'], ['sweep', SMALL, '--out', d, '--force', '--jobs', '1']]) {
          const r = hs(args);
          expect(r.code, args[0]).toBe(3);
          expect(r.stderr).toMatch(new RegExp(`in use by another hedgesim process \\(pid ${holder.pid}`));
          expect(snapshot(d)).toEqual(before);
        }
      } finally { holder.kill(); }
      // a lock whose process is gone (same host) is stale
      write(join(d, '.hedgesim.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), command: 'x', started_at: 'then' }) + '\n');
      expect(hs(['run', BASE, '--out', d, '--steps', '8', '-q']).code).toBe(0);
      expect(existsSync(join(d, '.hedgesim.lock'))).toBe(false);
    });

    it('a run commits all its files or none: a write that fails leaves the old output as it was', () => {
      const d = join(tmp('h-commit'), 'r');
      expect(hs(['run', BASE, '--out', d, '--seed', '1', '-q']).code).toBe(0);
      const visible = () => Object.fromEntries(Object.entries(snapshot(d)).filter(([k]) => !k.startsWith('.')));
      const before = visible();
      // a file-size limit of 40 KiB: countries.csv (about 80 KB) cannot be written
      const r = spawnSync('bash', ['-c', `ulimit -f 40; exec "${process.execPath}" "${CLI}" run "${BASE}" --out "${d}" --seed 2 -q`], { encoding: 'utf8', env: { ...process.env, CI: '1' }, timeout: 60_000 });
      expect(r.status).toBe(4);
      expect(r.stderr).toMatch(/cannot write: EFBIG/);
      expect(r.stderr).not.toMatch(/internal error|    at /);
      expect(visible()).toEqual(before);
      expect(readdirSync(d).filter((f) => f.startsWith('.'))).toEqual([]);
    });
  });
});

describe('checked before the work is done', () => {
  it.each([
    ['run ... --stpes 3', (d: string) => ['run', BASE, '--stpes', '3', '--out', d], /Unknown argument: stpes; --stpes: did you mean '--steps'\?/],
    ['sweep ... --jbos 2', (d: string) => ['sweep', SMALL, '--jbos', '2', '--out', d], /Unknown argument: jbos; --jbos: did you mean '--jobs'\?/],
    ['slurm ... --cpu 2 --submit', (d: string) => ['slurm', SMALL, '-n', '2', '--cpu', '2', '--submit', '--out', d], /Unknown argument: cpu; --cpu: did you mean '--cpus'\?/],
    ['run with no scenario', (d: string) => ['run', '--out', d], /Missing required argument: scenario/],
    ['--seed abc', (d: string) => ['run', BASE, '--seed', 'abc', '--out', d], /--seed takes a whole number from 0 to 4294967295, got "abc"/],
    ['valdate', () => ['valdate', BASE], /unknown command "valdate"; did you mean 'validate'\?/],
    ['--time with a newline', (d: string) => ['slurm', SMALL, '-n', '2', '--time', '1:00\nrm -rf /', '--out', d], /--time must not contain control characters/],
  ])('%s: usage error (exit 2) before any work, file or job', (_n, args, msg) => {
    const d = join(tmp('h-usage'), 'out');
    const r = hs(args(d));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/internal error|TypeError|    at /);
    expect(existsSync(d)).toBe(false);
  });

  it('--set before the scenario path takes one value (the path is not swallowed)', () => {
    const d = join(tmp('h-set'), 'out');
    const r = hs(['run', '--set', 'model.elasticity=2', BASE, '--steps', '8', '--out', d, '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')).resolved.model.elasticity).toBe(2);
  });
});

describe('hangs and memory bombs from one line', () => {
  const d = tmp('h-files');
  const fifo = join(d, 'fifo.yaml');
  beforeAll(() => { mkfifo(fifo); });
  const cases: [string, () => string[], RegExp][] = [
    ['extends: /dev/zero', () => ['validate', write(join(d, 'ez.yaml'), 'extends: /dev/zero\nname: x\n')], /FILE_NOT_REGULAR/],
    ['extends: /dev/urandom', () => ['validate', write(join(d, 'eu.yaml'), 'extends: /dev/urandom\nname: x\n')], /FILE_NOT_REGULAR/],
    ['extends: a FIFO', () => ['validate', write(join(d, 'ef.yaml'), `extends: ${fifo}\nname: x\n`)], /FILE_NOT_REGULAR/],
    ['countries_file: /dev/zero', () => ['validate', write(join(d, 'cz.yaml'), 'name: x\ncountries_file: /dev/zero\n')], /FILE_NOT_REGULAR/],
    ['countries_file: a FIFO', () => ['validate', write(join(d, 'cf.yaml'), `name: x\ncountries_file: ${fifo}\n`)], /FILE_NOT_REGULAR/],
    ['a sweep\'s scenario: a FIFO', () => ['sweep', write(join(d, 'sf.yaml'), `scenario: ${fifo}\nparameters: [{path: seed, values: [1]}]\nmetrics: [{name: a, world: mean_alignment}]\n`), '--out', join(d, 'o1')], /FILE_NOT_REGULAR/],
    ['a sweep\'s scenario: /dev/zero', () => ['sweep', write(join(d, 'sz.yaml'), 'scenario: /dev/zero\nparameters: [{path: seed, values: [1]}]\nmetrics: [{name: a, world: mean_alignment}]\n'), '--out', join(d, 'o2')], /FILE_NOT_REGULAR/],
    ['the run argument: a FIFO', () => ['run', fifo, '--out', join(d, 'o3')], /FILE_NOT_REGULAR/],
    ['the run argument: /dev/zero', () => ['run', '/dev/zero', '--out', join(d, 'o4')], /FILE_NOT_REGULAR/],
    ['validate of a FIFO', () => ['validate', fifo], /FILE_NOT_REGULAR/],
  ];
  it.each(cases)('%s is refused (exit 3), never read', (_n, args, msg) => {
    const before = snapshot(d);
    const r = hs(args(), { cwd: d, timeout: 30_000 });
    expect(r.signal).toBeNull(); // not killed by the guard: it did not block
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(msg);
    const after = snapshot(d);
    for (const k of Object.keys(after)) if (!(k in before)) expect(k).toMatch(/^\w\w\.yaml$/); // only the file the row wrote
  });

  it('--jobs 1000 starts at most 4 workers per core, says so, and finishes', () => {
    const out = join(tmp('h-jobs'), 'o');
    const r = hs(['sweep', SMALL, '--jobs', '1000', '--out', out]);
    expect(r.stderr).toMatch(new RegExp(`--jobs 1000 is more than 4 per core; using ${4 * availableParallelism()} workers`));
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'timing.json'), 'utf8')).jobs).toBeLessThanOrEqual(Math.min(18, 4 * availableParallelism()));
  });

  it.each([
    ['random n = 1e7', 'design: {type: random, n: 10000000}', /10\.0 million design points x 1 replications.*memory.*more than the 2\.0 GiB allowed/],
    ['lhs n = 1e7', 'design: {type: lhs, n: 10000000}', /10\.0 million design points/],
    ['sobol N = 3e6', 'design: {type: sobol, n: 3000000}', /12\.0 million design points/],
  ])('a design within the row limit that would exhaust memory (%s) is refused with the estimate', (_n, design, msg) => {
    const dd = tmp('h-design');
    const f = write(join(dd, 'big.yaml'), `scenario: ${BASE}\n${design}\nparameters:\n  - {path: retaliation.probability, range: [0, 30]}\n  - {path: model.elasticity, range: [1, 5]}\nmetrics: [{name: a, world: mean_alignment}]\n`);
    const r = hs(['sweep', f, '--out', join(dd, 'o'), '--jobs', '1']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/TOO_LARGE/);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).toMatch(/--force/);
    expect(existsSync(join(dd, 'o'))).toBe(false);
  });

  it('a run that would write hundreds of GB (20,000 countries x 100,000 steps) is refused with the estimate', () => {
    const dd = tmp('h-bigrun');
    const f = write(join(dd, 'big.yaml'), 'name: big\nsteps: 100000\nworld: {type: synthetic, countries: 20000}\n');
    const r = hs(['run', f, '--out', join(dd, 'o')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/20000 countries x 100001 recorded steps = 2\.0 billion rows, about \d+\.\d GiB/);
    expect(r.stderr).toMatch(/more than the 20\.0 GiB allowed.*--force/);
    expect(existsSync(join(dd, 'o'))).toBe(false);
  });

  it('validate of 3,200 events with expressions over 100,000 steps formats no date (it did for every step)', async () => {
    const dd = tmp('h-validate');
    const lines = ['name: many-exprs', 'start: 2025-03-01', 'steps: 100000', 'step_days: 1', 'parameters:', '  peak: 46', 'countries:', '  - {id: VNM, gdp: 476}', '  - {id: MYS, gdp: 422}', 'events:'];
    // 3,200 events; each rate is checked from the event's step to the end (a tariff's rate in t stays live)
    for (let i = 0; i < 3200; i++) lines.push(`  - {id: e${i}, step: ${i * 30}, kind: tariff, actor: USA, target: VNM, rate: "peak * t / (t + ${i + 1})"}`);
    const f = write(join(dd, 'many.yaml'), lines.join('\n') + '\n');
    const s0 = { ...exprCheckStats };
    const r = await loadScenario(f);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(exprCheckStats.checks - s0.checks).toBe(3200);
    // every step of every check was evaluated: sum over events of (100000 - step + 1)
    let want = 0;
    for (let i = 0; i < 3200; i++) want += 100000 - i * 30 + 1;
    expect(exprCheckStats.evaluations - s0.evaluations).toBe(want);
    expect(exprCheckStats.datesFormatted - s0.datesFormatted).toBe(0);
  });
});

describe('security (local)', () => {
  it('a planted symbolic link at a temporary name does not redirect a run\'s write', () => {
    const d = join(tmp('h-link'), 'r');
    mkdirSync(d);
    const victim = write(join(tmp('h-victim'), 'victim.txt'), 'precious\n');
    // the names the old code used, and the folder the files are now staged in
    for (const f of ['countries.csv', 'world.csv', 'events.csv', 'manifest.json']) symlinkSync(victim, join(d, `${f}.partial`));
    const r = hs(['run', BASE, '--out', d, '--steps', '8', '--force', '-q']);
    expect(r.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('--out that is a device, a pipe or a link to one is refused (nothing replaced)', () => {
    const d = tmp('h-devout');
    execFileSync('cp', ['-r', join(ROOT, 'results', 'examples', 'sweep-small'), join(d, 'sw')]);
    const fifo = mkfifo(join(d, 'out.fifo'));
    symlinkSync('/dev/null', join(d, 'null.csv'));
    for (const [cmd, target] of [['summarize', fifo], ['summarize', join(d, 'null.csv')], ['sensitivity', join(d, 'null.csv')], ['report', fifo]] as const) {
      const r = hs([cmd, join(d, 'sw'), '--out', target]);
      expect(r.code, `${cmd} ${target}`).toBe(2);
      expect(r.stderr).toMatch(/is not a regular file \(a device, a pipe or a socket\)/);
    }
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(lstatSync(join(d, 'null.csv')).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('slurm scripts quote every value: $(...) in --out runs nothing, spaces do not split, and they work from any folder', () => {
    const d = tmp('h-slurm');
    const out = join(d, 'r with space/$(touch pwned)');
    const r = hs(['slurm', SMALL, '-n', '2', '--out', out, '--time', '00:10:00']);
    expect(r.code).toBe(0);
    // run the array script as Slurm would (task 2), from another folder, with a stand-in that prints its arguments
    const args = write(join(d, 'args.sh'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
    chmodSync(args, 0o755);
    const elsewhere = tmp('h-elsewhere');
    const x = spawnSync('bash', [join(out, 'slurm', 'sweep.sbatch')], { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, HEDGESIM: args, SLURM_ARRAY_TASK_ID: '2', SLURM_CPUS_PER_TASK: '1' } });
    expect(x.stderr).toBe('');
    expect(x.stdout.split('\n')).toEqual(['sweep', SMALL, '--shard', '2/2', '--out', join(out, 'parts', 'part-2'), '--jobs', '1', '--resume', '']);
    const m = spawnSync('bash', [join(out, 'slurm', 'merge.sbatch')], { cwd: elsewhere, encoding: 'utf8', env: { ...process.env, HEDGESIM: args } });
    expect(m.stdout.split('\n').slice(-3)).toEqual(['--out', out, '']);
    for (const dir of [d, elsewhere, ROOT, join(d, 'r with space')]) expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(readFileSync(join(out, 'slurm', 'submit.sh'), 'utf8')).toMatch(/--chdir=/);
  });

  it('expression names that reach Object.prototype are refused, not crashed on', () => {
    const d = tmp('h-proto');
    const exprs = ['hasOwnProperty(1)', 'valueOf(1)', '__defineGetter__(1, 2)', 'constructor(1)', 'toString(1)'];
    const files = exprs.map((x, i) => write(join(d, `x${i}.yaml`), `extends: ${BASE}\nretaliation:\n  probability: "${x}"\n`));
    const r = hs(['validate', ...files]);
    expect(r.code).toBe(3);
    expect(r.stderr).not.toMatch(/internal error|    at /);
    exprs.forEach((x, i) => expect(r.stderr, x).toMatch(new RegExp(`x${i}\\.yaml:3:16: error EXPR_FORBIDDEN`)));
    expect(r.stdout.match(/^invalid /gm)).toHaveLength(exprs.length);
  });

  it('schema keys constructor, __proto__, toString are unknown keys, not dropped silently', () => {
    const d = tmp('h-keys');
    const cases = [['retaliation: {__proto__: {probability: 99}}', 'retaliation.__proto__'], ['model: {constructor: 1}', 'model.constructor'], ['toString: 1', 'toString'], ['parameters: {__proto__: 1}', 'parameters.__proto__']];
    const files = cases.map(([yaml], i) => write(join(d, `k${i}.yaml`), `extends: ${BASE}\n${yaml}\n`));
    const r = hs(['validate', ...files]);
    expect(r.code).toBe(3);
    cases.forEach(([yaml, path], i) => expect(r.stderr, yaml).toMatch(new RegExp(`k${i}\\.yaml:2:\\d+: error (UNKNOWN_KEY|BAD_PATTERN) ${path.replace(/\./g, '\\.')}`)));
  });

  it('free text in CSV cannot be a spreadsheet formula; numbers stay numbers; replay commands are shell-quoted', () => {
    const d = tmp('h-csvinj');
    write(join(d, 'sc.yaml'), `extends: ${BASE}\nevents:\n  - {id: evil, step: 1, kind: visit, actor: CHN, target: VNM, note: "=HYPERLINK(\\"http://x\\",\\"y\\")"}\n  - {id: evil2, step: 2, kind: visit, actor: CHN, target: [VNM, MYS], note: "@SUM(1)"}\n`);
    const out = join(d, 'r');
    expect(hs(['run', join(d, 'sc.yaml'), '--out', out, '-q']).code).toBe(0);
    const ev = readFileSync(join(out, 'events.csv'), 'utf8');
    expect(ev).toMatch(/,"'=HYPERLINK\(""http:\/\/x"",""y""\)"\n/);
    expect(ev).toMatch(/,VNM,10,scheduled,'@SUM\(1\)\n/);
    expect(ev).toMatch(/,MYS,10,scheduled,'@SUM\(1\)\n/); // one row per target
    expect(ev).not.toMatch(/VNM;MYS/);
    // a string sweep value that starts with - (an expression), a number -0.5 as a number, and a crafted value in replay
    write(join(d, 'sw.yaml'), `scenario: sc.yaml\ndesign: {type: grid}\nparameters:\n  - {path: model.elasticity, values: ["-1 + 3 + 0 * t", "3' ; touch pwned ; echo '"]}\n  - {path: deals.min_alignment, values: [-0.5]}\nmetrics: [{name: a, world: mean_alignment}]\n`);
    const r = hs(['sweep', join(d, 'sw.yaml'), '--out', join(d, 'sw'), '--jobs', '1'], { cwd: d });
    expect(r.code).toBe(4); // the crafted value is not an expression: that run fails
    const rows = csvRows(join(d, 'sw', 'runs.csv'));
    expect(rows[1]).toMatch(/^0,0,0,\d+,'-1 \+ 3 \+ 0 \* t,-0\.5,/);
    const rp = hs(['replay', join(d, 'sw'), '--run', '1', '--out', join(d, 'replay')], { cwd: d });
    const line = /the same as:\n {2}(.+)\n/.exec(rp.stdout)?.[1] ?? '';
    expect(line).toMatch(/--set 'model\.elasticity=/);
    // paste it into a shell with hedgesim replaced by printf: one argument per --set value, nothing run
    const sh = spawnSync('bash', ['-c', line.replace(/^(npx )?hedgesim/, 'printf "%s\\n"')], { cwd: d, encoding: 'utf8' });
    expect(sh.stdout).toContain(`model.elasticity="3' ; touch pwned ; echo '"`);
    expect(existsSync(join(d, 'pwned'))).toBe(false);
  });
});

describe('smaller', () => {
  it('Slurm: the daemons started by the tests are stopped (test/sweep/slurm.test.ts afterAll); scripts use absolute paths', () => {
    const src = readFileSync(join(ROOT, 'test', 'sweep', 'slurm.test.ts'), 'utf8');
    expect(src).toMatch(/afterAll\([^]*cluster\.sh'\), 'stop'\]/);
  });

  it('progress prints a line every few seconds to stderr when it is not a terminal', () => {
    const out = join(tmp('h-progress'), 'o');
    const r = hs(['sweep', SMALL, '--out', out, '--jobs', '1'], { env: { HEDGESIM_PROGRESS_SECONDS: '0.001' } });
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('progress: '));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toMatch(/^progress: 18\/18 runs \(100\.0%\)/);
    expect(r.stderr).not.toMatch(/\r|\x1b\[/);
  });

  it('the ETA ignores start-up and waits for a few chunks (31 min for a 7 s sweep before)', () => {
    // 1000 runs; the workers take 3 s to start, then each chunk of 10 runs takes 70 ms
    const e = new Eta();
    let now = 3000;
    const lefts: (number | undefined)[] = [];
    for (let done = 10; done <= 100; done += 10) { now += 70; e.done(10, now); lefts.push(e.left(1000 - done, now)); }
    expect(lefts.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    // after 100 runs in 0.7 s: 900 runs left at 10 per 70 ms = 6.3 s
    expect(lefts.at(-1)).toBeCloseTo(6.3, 5);
  });

  it('printed commands say npx hedgesim when it runs from a clone', () => {
    const d = join(tmp('h-npx'), 'sw');
    const r = hs(['sweep', join(ROOT, 'test/sweep/fixtures/fail-sweep.yaml'), '--out', d, '--jobs', '1']);
    expect(r.stderr).toMatch(/^ {2}npx hedgesim replay /m);
  });

  it('Ctrl-C during a run leaves no temporary file and the folder as it was (it left 130 MB of .partial files)', async () => {
    const d = tmp('h-sigint');
    const out = join(d, 'r');
    expect(hs(['run', BASE, '--out', out, '-q']).code).toBe(0);
    const before = snapshot(out);
    const f = write(join(d, 'long.yaml'), 'name: long\nsteps: 2000\nworld: {type: synthetic, countries: 5000}\n');
    const p = spawn(process.execPath, [CLI, 'run', f, '--out', out, '--force'], { cwd: d, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
    let stderr = '';
    p.stderr.on('data', (b) => { stderr += b; });
    const exited = new Promise<number | null>((res) => p.on('exit', (c) => res(c)));
    // wait until the run has written into its temporary folder
    const staged = () => readdirSync(out).filter((e) => e.startsWith('.hedgesim-run-')).some((e) => readdirSync(join(out, e)).some((x) => statSync(join(out, e, x)).size > 0));
    for (let i = 0; i < 1200 && !staged(); i++) await new Promise((res) => setTimeout(res, 50));
    expect(staged()).toBe(true);
    p.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/stopped \(Ctrl-C\): nothing was written/);
    expect(snapshot(out)).toEqual(before);
  });

  it('an unreadable scenario is exit 3 "cannot read", not exit 4 "cannot write"', () => {
    const d = tmp('h-unread');
    chmodSync(d, 0o755);
    const f = write(join(d, 'secret.yaml'), readFileSync(BASE, 'utf8'));
    chmodSync(f, 0o000);
    // root reads anything: run the CLI as nobody then
    const r = hs(['validate', f], root() ? { uid: 65534 } : {});
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/FILE_UNREADABLE.*check its permissions/);
    expect(r.stderr).not.toMatch(/cannot write/);
  });
});
