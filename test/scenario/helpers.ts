/** Helpers for the scenario tests: temporary folders of files, loading, an in-process CLI. */
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../sim/scenario/load.ts';
import type { Issue } from '../../sim/errors.ts';
import { main } from '../../sim/cli/main.ts';
import type { CliIO } from '../../sim/io/console.ts';

const dirs: string[] = [];

/** A fresh folder under the system's temporary folder, removed by cleanup(). */
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'hedgesim-scenario-'));
  dirs.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Write files into a fresh folder; returns the folder. */
export function writeFiles(files: Record<string, string | Buffer>): string {
  const d = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

/** The line (1-based) of the first line ending with the marker `#<`. */
export function markedLine(text: string | Buffer): number | undefined {
  if (typeof text !== 'string') return undefined;
  const i = text.split('\n').findIndex((l) => /#<\s*$/.test(l) && !/^\s*#</.test(l));
  return i >= 0 ? i + 1 : undefined;
}

export async function loadText(text: string, set?: string[]): Promise<{ issues: Issue[]; ok: boolean }> {
  const d = writeFiles({ 'scenario.yaml': text });
  const r = await loadScenario(join(d, 'scenario.yaml'), { set });
  return { issues: r.issues, ok: !!r.scenario };
}

/** Run the CLI in-process, capturing what it prints. */
export async function cli(args: string[], cwd?: string): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { out: (s) => { out += s.endsWith('\n') ? s : s + '\n'; }, err: (s) => { err += s.endsWith('\n') ? s : s + '\n'; }, isTTY: false };
  const old = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(args, io);
    return { code, out, err };
  } finally {
    if (cwd) process.chdir(old);
  }
}
