/** Atomic small-file writes: write to an unpredictable temporary name (created exclusively, no link followed), then rename. */
import { closeSync, mkdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createExclusive } from './files.ts';

export function writeFileAtomic(path: string, data: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const [fd, tmp] = createExclusive(path);
  try {
    const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let at = 0; at < b.length;) at += writeSync(fd, b, at, b.length - at);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (e) {
    try { closeSync(fd); } catch { /* closed */ }
    rmSync(tmp, { force: true });
    throw e;
  }
}
