/** Helpers for sweep tests: build dist/ when stale (worker threads need JS), run the CLI. */
import { spawnSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.mjs');

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Build dist/ if any source is newer than dist/worker.mjs (one builder at a time). */
export function ensureBuilt(): void {
  const w = join(ROOT, 'dist', 'worker.mjs');
  const c = join(ROOT, 'dist', 'cli.mjs');
  const fresh = () => existsSync(w) && existsSync(c) && Math.min(statSync(w).mtimeMs, statSync(c).mtimeMs) >= newestSource(join(ROOT, 'sim'));
  if (fresh()) return;
  const lock = join(ROOT, 'dist', '.build-lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let i = 0; i < 600; i++) {
    try { mkdirSync(lock); break; } catch { spawnSync('sleep', ['0.1']); if (fresh()) return; }
  }
  try {
    if (!fresh()) {
      const r = spawnSync(process.execPath, [join(ROOT, 'sim', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
    }
  } finally {
    try { rmdirSync(lock); } catch { /* gone */ }
  }
}

export interface CliResult { code: number; stdout: string; stderr: string }
export function cli(args: string[], opts: { cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
export function cliSpawn(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

export const tmp = (name: string) => mkdtempSync(join(tmpdir(), `hedgesim-${name}-`));

/** The files whose bytes must not depend on workers, shards or interruptions. */
export const DETERMINISTIC = ['runs.csv', 'points.csv', 'world.csv', 'countries.csv', 'manifest.json'];

export function expectSameFiles(a: string, b: string, expect: (x: unknown) => any): void {
  for (const f of DETERMINISTIC) {
    const ea = existsSync(join(a, f)), eb = existsSync(join(b, f));
    expect(`${f} ${ea}`).toBe(`${f} ${eb}`);
    if (ea) expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f))) ? `${f} same` : `${f} differs`).toBe(`${f} same`);
  }
}
