/**
 * How to call hedgesim in printed commands: `npx hedgesim` when this CLI runs from a
 * clone of the project (as the README says), `hedgesim` when it is installed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

let name: string | undefined;
export function cliCommand(): string {
  if (name !== undefined) return name;
  name = 'hedgesim';
  const script = process.argv[1] ? resolve(process.argv[1]) : '';
  if (!script || script.split(/[\\/]/).includes('node_modules')) return name;
  // dist/cli.mjs of a checkout: package.json named hedgesim one folder up
  const pj = join(dirname(dirname(script)), 'package.json');
  try { if (existsSync(pj) && JSON.parse(readFileSync(pj, 'utf8')).name === 'hedgesim') name = 'npx hedgesim'; } catch { /* not a checkout */ }
  return name;
}

/** Quote a value for a POSIX shell: as it is when it is plainly safe, otherwise in single quotes. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
