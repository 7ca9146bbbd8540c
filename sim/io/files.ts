/**
 * Safe file access for hostile paths. Reads: only regular files (a FIFO, /dev/zero or
 * /dev/urandom would block or grow without bound), opened without blocking, with a
 * size cap checked on the open file. Writes: temporary files get an unpredictable
 * name and are created exclusively without following symbolic links (a planted link
 * cannot redirect a write outside the output folder); an output path that exists must
 * be a regular file or a folder, as asked.
 */
import { closeSync, constants, fstatSync, statSync, openSync, readSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.ts';

export type ReadProblem = 'missing' | 'folder' | 'not-regular' | 'too-large' | 'unreadable';

export class FileReadError extends Error {
  constructor(public problem: ReadProblem, public path: string, message: string, public size?: number) { super(message); this.name = 'FileReadError'; }
}

/** The bytes of a regular file of at most `maxBytes`; throws FileReadError (never blocks on a FIFO or a device). */
export function readRegularFile(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new FileReadError('missing', path, `${path}: no such file`);
    if (code === 'EISDIR') throw new FileReadError('folder', path, `${path} is a folder, not a file`);
    throw new FileReadError('unreadable', path, `${path}: cannot read it (${code ?? (e as Error).message}); check its permissions`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new FileReadError('folder', path, `${path} is a folder, not a file`);
    if (!st.isFile()) throw new FileReadError('not-regular', path, `${path} is not a regular file (a device, a pipe or a socket); give the path of a file`);
    if (st.size > maxBytes) throw new FileReadError('too-large', path, `${path} has ${st.size} bytes, more than the ${maxBytes} allowed`, st.size);
    const buf = Buffer.allocUnsafe(st.size + 1);
    let n = 0;
    // read at most maxBytes + 1: a file that grows while it is read cannot exceed the cap
    for (;;) {
      if (n === buf.length) break;
      let r: number;
      try { r = readSync(fd, buf, n, buf.length - n, n); } catch (e) {
        throw new FileReadError('unreadable', path, `${path}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      if (r === 0) break;
      n += r;
    }
    if (n > maxBytes) throw new FileReadError('too-large', path, `${path} has more than the ${maxBytes} bytes allowed`, n);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** JSON of a small regular file, or undefined when it is missing or not valid. */
export function readJsonFile(path: string, maxBytes = 64 << 20): any {
  try { return JSON.parse(readRegularFile(path, maxBytes).toString('utf8')); } catch { return undefined; }
}

/** An unpredictable temporary name beside `path`. */
export const tempName = (path: string) => `${path}.${randomBytes(6).toString('hex')}.partial`;

/** Create a new file for writing: exclusively, never through a symbolic link. Returns [fd, its path]. */
export function createExclusive(path: string): [number, string] {
  const tmp = tempName(path);
  const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  return [fd, tmp];
}

/**
 * An output path given by the user: when it exists it must be a regular file (kind
 * 'file') or a folder (kind 'folder'), never a device, a pipe or a link to one
 * (`--out /dev/stdout` would otherwise be replaced by a regular file).
 */
export function checkOutputPath(path: string, kind: 'file' | 'folder', option = '--out'): void {
  let st;
  try { st = statSync(path); } catch { return; } // absent (or a dangling link): created as a new file
  if (kind === 'file' && !st.isFile()) throw new UsageError(`${option} ${path} is ${st.isDirectory() ? 'a folder' : 'not a regular file (a device, a pipe or a socket)'}; give the path of a file to write`);
  if (kind === 'folder' && !st.isDirectory()) throw new UsageError(`${option} ${path} is ${st.isFile() ? 'a file' : 'not a folder (a device, a pipe or a socket)'}; give the path of a folder`);
}
