/** manifest.json: how every row of an output folder was made. */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

declare const __HEDGESIM_VERSION__: string | undefined;
export const VERSION: string = typeof __HEDGESIM_VERSION__ === 'string' ? __HEDGESIM_VERSION__ : '0.1.0';

let commit: string | null | undefined;
/** The git commit of the hedgesim checkout, when there is one (null otherwise). */
export function gitCommit(): string | null {
  if (commit !== undefined) return commit;
  commit = null;
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    let dir = here;
    for (let i = 0; i < 4 && !existsSync(join(dir, '.git')); i++) dir = dirname(dir);
    if (!existsSync(join(dir, '.git'))) return commit;
    const r = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', timeout: 2000 });
    if (r.status === 0) {
      const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: dir, encoding: 'utf8', timeout: 2000 });
      commit = r.stdout.trim() + (dirty.status === 0 && dirty.stdout.trim() ? '-dirty' : '');
    }
  } catch { /* no git */ }
  return commit;
}
