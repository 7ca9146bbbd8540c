/** manifest.json: how every row of an output folder was made. */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { UserError, EXIT, issue } from '../errors.ts';

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

/** What a manifest records of each file it lists: data rows (lines after the header), bytes and sha256. */
export interface FileRecord { rows: number; bytes?: number; sha256?: string }

/** Rows (lines after the header), bytes and sha256 of a file, read once in blocks. */
export function digestFile(path: string): Required<FileRecord> {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file`);
    const h = createHash('sha256');
    const buf = Buffer.allocUnsafe(1 << 20);
    let bytes = 0, lines = 0;
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0;) {
      const b = buf.subarray(0, n);
      h.update(b);
      bytes += n;
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) lines++;
    }
    return { rows: Math.max(0, lines - 1), bytes, sha256: h.digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/**
 * Check every file a manifest lists against its record (rows; bytes and sha256 when
 * recorded). Returns the problems found, one line each (empty when all agree).
 */
export function checkFiles(dir: string, files: Record<string, FileRecord> | undefined): string[] {
  const problems: string[] = [];
  for (const [name, rec] of Object.entries(files ?? {})) {
    if (!rec || typeof rec !== 'object' || name.includes('/') || name.includes('\\') || name.startsWith('.')) { problems.push(`${name}: not a file record`); continue; }
    const p = join(dir, name);
    let st;
    try { st = statSync(p); } catch { problems.push(`${name} is missing`); continue; }
    if (!st.isFile()) { problems.push(`${name} is not a regular file`); continue; }
    if (rec.bytes !== undefined && st.size !== rec.bytes) { problems.push(`${name} has ${st.size} bytes, the manifest says ${rec.bytes}`); continue; }
    const d = digestFile(p);
    if (d.rows !== rec.rows) problems.push(`${name} has ${d.rows} rows, the manifest says ${rec.rows}`);
    else if (rec.sha256 !== undefined && d.sha256 !== rec.sha256) problems.push(`${name} has other content than the manifest records (sha256 differs)`);
  }
  return problems;
}

/** Refuse (exit 3) a folder whose files do not match its manifest; `fix` says what to do. */
export function verifyFiles(dir: string, files: Record<string, FileRecord> | undefined, fix: string): void {
  const problems = checkFiles(dir, files);
  if (!problems.length) return;
  const msg = `${dir} is damaged: ${problems.join('; ')}. ${fix}`;
  throw new UserError(msg, [issue('OUTPUT_DAMAGED', '', msg, { file: join(dir, 'manifest.json') })], EXIT.input);
}
