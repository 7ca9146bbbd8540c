/**
 * node:fs in the browser: an in-memory file system (the bundle aliases `node:fs` to
 * this module). The page puts the shipped scenarios and their data files here, and
 * the scenario being edited; the loader reads them with its own code (limits, UTF-8
 * and binary checks, issue codes), and runToFolder writes the run's files here, with
 * the CLI's own CSV writer and manifest. Synchronous, like the calls it stands for.
 * Errors carry Node's codes (ENOENT, EISDIR, ENOTDIR, EEXIST, EBADF).
 */
const files = new Map<string, Uint8Array>();
const dirs = new Set<string>(['/']);
interface Fd { path: string; chunks: Uint8Array[]; size: number; write: boolean; pos: number }
const fds = new Map<number, Fd>();
let nextFd = 10;

/** Absolute, normalised path (the virtual current folder is /). */
export function norm(p: string | URL): string {
  let s = typeof p === 'string' ? p : p.pathname;
  if (!s.startsWith('/')) s = '/' + s;
  const out: string[] = [];
  for (const seg of s.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop(); else out.push(seg);
  }
  return '/' + out.join('/');
}
const parent = (p: string) => (p === '/' ? '/' : p.slice(0, p.lastIndexOf('/')) || '/');

function fsError(code: string, syscall: string, path: string): Error {
  const e = new Error(`${code}: ${syscall} '${path}'`) as Error & { code: string; syscall: string; path: string; errno: number };
  e.code = code; e.syscall = syscall; e.path = path; e.errno = -1;
  return e;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const bytesOf = (data: string | ArrayBufferView): Uint8Array =>
  typeof data === 'string' ? enc.encode(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();

/** What the page uses: put a file (making its folders), read one back, list and remove. */
export const vfs = {
  put(path: string, data: string | Uint8Array): void {
    const p = norm(path);
    mkdirSync(parent(p), { recursive: true });
    files.set(p, typeof data === 'string' ? enc.encode(data) : data);
  },
  get(path: string): Uint8Array | undefined { return files.get(norm(path)); },
  text(path: string): string | undefined { const b = files.get(norm(path)); return b && dec.decode(b); },
  list(dir: string): string[] {
    const d = norm(dir), pre = d === '/' ? '/' : d + '/';
    return [...files.keys()].filter((f) => f.startsWith(pre)).sort();
  },
  removeTree(dir: string): void {
    const d = norm(dir), pre = d + '/';
    for (const f of [...files.keys()]) if (f.startsWith(pre)) files.delete(f);
    for (const x of [...dirs]) if (x === d || x.startsWith(pre)) dirs.delete(x);
  },
};

export class Stats {
  constructor(private kind: 'file' | 'dir', public size: number) {}
  isFile() { return this.kind === 'file'; }
  isDirectory() { return this.kind === 'dir'; }
  isSymbolicLink() { return false; }
  isFIFO() { return false; }
  isSocket() { return false; }
  isCharacterDevice() { return false; }
  isBlockDevice() { return false; }
  get mode() { return this.kind === 'dir' ? 0o40755 : 0o100644; }
  mtimeMs = 0;
  get mtime() { return new Date(0); }
}

function statOf(path: string | URL, syscall: string): Stats {
  const p = norm(path);
  const f = files.get(p);
  if (f) return new Stats('file', f.length);
  if (dirs.has(p)) return new Stats('dir', 0);
  throw fsError('ENOENT', syscall, String(path));
}

export function statSync(path: string | URL, opts?: { throwIfNoEntry?: boolean }): Stats {
  if (opts?.throwIfNoEntry === false) { try { return statOf(path, 'stat'); } catch { return undefined as unknown as Stats; } }
  return statOf(path, 'stat');
}
export const lstatSync = statSync;
export function fstatSync(fd: number): Stats {
  const f = fds.get(fd);
  if (!f) throw fsError('EBADF', 'fstat', String(fd));
  return f.write ? new Stats('file', f.size) : statOf(f.path, 'fstat');
}
export function existsSync(path: string | URL): boolean {
  const p = norm(path);
  return files.has(p) || dirs.has(p);
}
export function realpathSync(path: string | URL): string {
  statOf(path, 'realpath');
  return norm(path);
}

export function readFileSync(path: string | URL | number, opts?: string | { encoding?: string | null }): any {
  let b: Uint8Array;
  if (typeof path === 'number') {
    const f = fds.get(path);
    if (!f) throw fsError('EBADF', 'read', String(path));
    b = files.get(f.path) ?? new Uint8Array();
  } else {
    const p = norm(path);
    const f = files.get(p);
    if (!f) throw fsError(dirs.has(p) ? 'EISDIR' : 'ENOENT', 'open', String(path));
    b = f;
  }
  const encoding = typeof opts === 'string' ? opts : opts?.encoding;
  if (encoding) return dec.decode(b);
  const B = (globalThis as { Buffer?: { from(x: Uint8Array): Uint8Array } }).Buffer;
  return B ? B.from(b) : b.slice();
}

export function mkdirSync(path: string | URL, opts?: { recursive?: boolean }): string | undefined {
  const p = norm(path);
  if (dirs.has(p)) { if (opts?.recursive) return undefined; throw fsError('EEXIST', 'mkdir', String(path)); }
  if (files.has(p)) throw fsError('EEXIST', 'mkdir', String(path));
  if (!dirs.has(parent(p))) {
    if (!opts?.recursive) throw fsError('ENOENT', 'mkdir', String(path));
    mkdirSync(parent(p), opts);
  }
  dirs.add(p);
  return p;
}

export function writeFileSync(path: string | URL | number, data: string | ArrayBufferView, opts?: string | { flag?: string }): void {
  if (typeof path === 'number') { writeSync(path, typeof data === 'string' ? data : bytesOf(data)); return; }
  const p = norm(path);
  if (!dirs.has(parent(p))) throw fsError('ENOENT', 'open', String(path));
  if (dirs.has(p)) throw fsError('EISDIR', 'open', String(path));
  const flag = typeof opts === 'object' ? opts?.flag : undefined;
  if (flag?.includes('x') && files.has(p)) throw fsError('EEXIST', 'open', String(path));
  files.set(p, bytesOf(data));
}

export function openSync(path: string | URL, flags: string | number = 'r'): number {
  const p = norm(path);
  const write = typeof flags === 'string' ? /[wa+]/.test(flags) : (flags & 3) !== 0;
  if (write) {
    if (!dirs.has(parent(p))) throw fsError('ENOENT', 'open', String(path));
    if (dirs.has(p)) throw fsError('EISDIR', 'open', String(path));
    if (typeof flags === 'string' && flags.includes('x') && files.has(p)) throw fsError('EEXIST', 'open', String(path));
    files.set(p, new Uint8Array());
  } else if (!files.has(p)) throw fsError(dirs.has(p) ? 'EISDIR' : 'ENOENT', 'open', String(path));
  const fd = nextFd++;
  fds.set(fd, { path: p, chunks: [], size: 0, write, pos: 0 });
  return fd;
}

export function writeSync(fd: number, data: string | ArrayBufferView, offset?: number | null, length?: number): number {
  const f = fds.get(fd);
  if (!f || !f.write) throw fsError('EBADF', 'write', String(fd));
  let b: Uint8Array;
  if (typeof data === 'string') b = enc.encode(data);
  else {
    const all = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const o = offset ?? 0;
    b = all.slice(o, length === undefined ? all.length : o + length);
  }
  f.chunks.push(b);
  f.size += b.length;
  return b.length;
}

export function readSync(fd: number, buf: ArrayBufferView, offset = 0, length?: number, position?: number | null): number {
  const f = fds.get(fd);
  if (!f) throw fsError('EBADF', 'read', String(fd));
  const src = files.get(f.path) ?? new Uint8Array();
  const dst = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  const at = position ?? f.pos;
  const n = Math.max(0, Math.min(length ?? dst.length - offset, src.length - at));
  dst.set(src.subarray(at, at + n), offset);
  if (position === null || position === undefined) f.pos += n;
  return n;
}

export function closeSync(fd: number): void {
  const f = fds.get(fd);
  if (!f) throw fsError('EBADF', 'close', String(fd));
  fds.delete(fd);
  if (!f.write) return;
  const out = new Uint8Array(f.size);
  let o = 0;
  for (const c of f.chunks) { out.set(c, o); o += c.length; }
  files.set(f.path, out);
}

export function renameSync(from: string | URL, to: string | URL): void {
  const a = norm(from), b = norm(to);
  const f = files.get(a);
  if (!f) throw fsError('ENOENT', 'rename', String(from));
  if (!dirs.has(parent(b))) throw fsError('ENOENT', 'rename', String(to));
  files.delete(a);
  files.set(b, f);
}

export function rmSync(path: string | URL, opts?: { force?: boolean; recursive?: boolean }): void {
  const p = norm(path);
  if (files.delete(p)) return;
  if (dirs.has(p)) {
    if (!opts?.recursive) throw fsError('EISDIR', 'rm', String(path));
    vfs.removeTree(p);
    return;
  }
  if (!opts?.force) throw fsError('ENOENT', 'rm', String(path));
}
export function unlinkSync(path: string | URL): void {
  if (!files.delete(norm(path))) throw fsError('ENOENT', 'unlink', String(path));
}

/** A new folder named prefix + 6 random characters, as Node's mkdtempSync makes. */
export function mkdtempSync(prefix: string): string {
  const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  for (;;) {
    const r = crypto.getRandomValues(new Uint8Array(6));
    const p = norm(prefix + Array.from(r, (b) => chars[b % chars.length]).join(''));
    if (existsSync(p)) continue;
    if (!dirs.has(parent(p))) throw fsError('ENOENT', 'mkdtemp', prefix);
    dirs.add(p);
    return p;
  }
}
/** Times are not kept in memory (every Stats says 0): checks that the path exists. */
export function utimesSync(path: string | URL, _atime: Date | number, _mtime: Date | number): void {
  statOf(path, 'utime');
}

export function readdirSync(path: string | URL): string[] {
  const p = norm(path);
  if (!dirs.has(p)) throw fsError('ENOENT', 'scandir', String(path));
  const pre = p === '/' ? '/' : p + '/';
  const names = new Set<string>();
  for (const x of [...files.keys(), ...dirs]) if (x !== p && x.startsWith(pre)) names.add(x.slice(pre.length).split('/')[0]);
  return [...names].sort();
}

export const constants = { O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024, O_NOFOLLOW: 131072, F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 };

export default {
  statSync, lstatSync, fstatSync, existsSync, realpathSync, readFileSync, mkdirSync, writeFileSync, openSync, writeSync,
  readSync, closeSync, renameSync, rmSync, unlinkSync, readdirSync, mkdtempSync, utimesSync, constants,
};
