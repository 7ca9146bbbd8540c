/**
 * Crash safety: a sweep killed with SIGKILL (twice, at different moments) and
 * finished with --resume has every run once and the same bytes as an uninterrupted
 * sweep; Ctrl-C (SIGINT) stops cleanly and says how to resume.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliSpawn, ensureBuilt, expectSameFiles, tmp } from './helpers.ts';

const FILE = 'test/sweep/fixtures/crash-sweep.yaml'; // 4000 runs
let ref = '';

beforeAll(() => {
  ensureBuilt();
  ref = join(tmp('crash-ref'), 'out');
  expect(cli(['sweep', FILE, '--out', ref, '--jobs', '2']).code).toBe(0);
}, 60_000);

/** Runs in committed chunk files (`LO-HI.chunk`; chunk sizes adapt, so count runs, not files). */
const doneRuns = (out: string) => {
  let n = 0;
  try {
    for (const f of readdirSync(join(out, '.chunks'))) { const m = /^(\d+)-(\d+)\.chunk$/.exec(f); if (m) n += +m[2] - +m[1]; }
  } catch { /* not there yet */ }
  return n;
};

/** Start the sweep, wait until `atLeast` runs are in chunk files, then send `signal`; resolves with the exit. */
async function interrupt(out: string, args: string[], atLeast: number, signal: NodeJS.Signals) {
  const p = cliSpawn(['sweep', FILE, '--out', out, '--jobs', '2', ...args]);
  let stderr = '';
  p.stderr!.on('data', (d) => { stderr += d; });
  const exited = new Promise<{ code: number | null; signal: string | null }>((res) => p.on('exit', (code, sig) => res({ code, signal: sig })));
  for (let i = 0; i < 4000 && doneRuns(out) < atLeast && p.exitCode === null; i++) await new Promise((r) => setTimeout(r, 5));
  p.kill(signal);
  const e = await exited;
  return { ...e, stderr };
}

describe('crash safety', () => {
  it('kill -9 twice, then --resume: same bytes, no run missing or duplicated', async () => {
    const out = join(tmp('crash'), 'out');
    const k1 = await interrupt(out, [], 100, 'SIGKILL');
    expect(k1.signal).toBe('SIGKILL');
    const after1 = doneRuns(out);
    expect(after1).toBeGreaterThan(0);
    expect(after1).toBeLessThan(4000);
    const k2 = await interrupt(out, ['--resume'], after1 + 800, 'SIGKILL');
    expect(k2.signal).toBe('SIGKILL');
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    expect(doneRuns(out)).toBeLessThan(4000);
    const r = cli(['sweep', FILE, '--out', out, '--resume', '--jobs', '2']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/resuming: \d+ of 4000 runs already done/);
    const ids = readFileSync(join(out, 'runs.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => +l.split(',')[0]);
    expect(ids.length).toBe(4000);
    expect(ids.every((id, i) => id === i)).toBe(true);
    expectSameFiles(ref, out, expect);
    expect(existsSync(join(out, '.chunks'))).toBe(false);
  }, 60_000);

  it('Ctrl-C stops cleanly and says how to resume', async () => {
    const out = join(tmp('sigint'), 'out');
    const k = await interrupt(out, [], 100, 'SIGINT');
    expect(k.code).toBe(130);
    expect(k.stderr).toMatch(/stopped: \d+ of 4000 runs done/);
    expect(k.stderr).toMatch(/--resume/);
    expect(readdirSync(join(out, '.chunks')).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(cli(['sweep', FILE, '--out', out, '--resume']).code).toBe(0);
    expectSameFiles(ref, out, expect);
  }, 60_000);
});
