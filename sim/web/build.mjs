// Build the playground into dist/web/ with Vite, when its inputs changed since the
// last build (a hash of the sources, scenarios and lock file is kept in dist/web/.inputs).
// `node sim/web/build.mjs` builds if needed; `--force` always builds.
import { build } from 'vite';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { config, ROOT, OUT } from './config.mjs';

const INPUTS = ['sim', 'scenarios', 'package-lock.json', 'package.json'];

function walk(p, out) {
  const st = statSync(p);
  if (st.isDirectory()) { for (const f of readdirSync(p).sort()) walk(join(p, f), out); }
  else if (!/\.(md|as\.ts)$/.test(p)) out.push(p);
  return out;
}

/** Hash of every input of the build, and of the commit it is built from. */
export function inputsHash() {
  const h = createHash('sha256');
  for (const f of INPUTS.flatMap((x) => walk(join(ROOT, x), []))) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

/** Build dist/web unless it is up to date; returns true when it built. */
export async function ensureBuilt({ force = false, quiet = false } = {}) {
  const stamp = join(OUT, '.inputs');
  const want = inputsHash();
  if (!force && existsSync(join(OUT, 'index.html')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return false;
  const t0 = performance.now();
  if (!quiet) process.stderr.write('building the playground into dist/web/ ...\n');
  await build(config());
  writeFileSync(stamp, want);
  if (!quiet) process.stderr.write(`built dist/web/ in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  ensureBuilt({ force: process.argv.includes('--force') }).catch((e) => { console.error(e); process.exit(1); });
}
