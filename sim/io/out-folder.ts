/**
 * Output folders belong to one command's kind. `run` may replace a folder that a
 * `run` wrote; a sweep folder is reused only by `sweep --resume` with a matching
 * state; anything else (a user's own files, the other kind, the remains of a sweep
 * whose state file is gone) is refused unless --force. Two processes on one folder are
 * refused by a lock file (`.hedgesim.lock`): created exclusively, kept fresh by a
 * heartbeat, and taken over only when its holder is gone (same host: the process no
 * longer exists; another host, as on a cluster's shared file system: no heartbeat for
 * LOCK_STALE_MS).
 */
import { closeSync, constants, openSync, readdirSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError, EXIT, issue } from '../errors.ts';
import { checkOutputPath, readJsonFile } from './files.ts';

export const LOCK_FILE = '.hedgesim.lock';
export const LOCK_HEARTBEAT_MS = 5_000;
export const LOCK_STALE_MS = 120_000;
/** Files and folders a finished or unfinished sweep writes (removed by --force before a run, and the other way round). */
export const SWEEP_FILES = ['runs.csv', 'points.csv', 'world.csv', 'countries.csv', 'timing.csv', 'timing.json', 'manifest.json', 'sweep-state.json', 'sweep-resolved.json', '.chunks'];
export const RUN_FILES = ['countries.csv', 'world.csv', 'events.csv', 'manifest.json'];

export type FolderKind = 'absent' | 'empty' | 'run' | 'sweep' | 'unfinished-sweep' | 'compare' | 'other';
/** Files hedgesim compare writes. */
export const COMPARE_FILES = ['compare.csv', 'manifest.json'];

/** What an output folder holds now (`ignore`: entries that do not count, e.g. the slurm/ and parts/ that `hedgesim slurm` writes beside a merge). */
export function folderKind(dir: string, ignore: string[] = []): { kind: FolderKind; manifest?: any; entries: string[] } {
  let entries: string[];
  try { entries = readdirSync(dir).filter((e) => e !== LOCK_FILE && !ignore.includes(e)); } catch { return { kind: 'absent', entries: [] }; }
  if (!entries.length) return { kind: 'empty', entries };
  if (entries.includes('sweep-state.json')) return { kind: 'unfinished-sweep', entries };
  const manifest = entries.includes('manifest.json') ? readJsonFile(join(dir, 'manifest.json'), 16 << 20) : undefined;
  if (manifest?.kind === 'sweep' && !entries.includes('.chunks')) return { kind: 'sweep', manifest, entries };
  if (manifest?.kind === 'compare') return { kind: 'compare', manifest, entries };
  // a run's manifest: kind run (older ones had no kind, but a seed, steps and files)
  if (manifest && (manifest.kind === 'run' || (manifest.kind === undefined && typeof manifest.steps === 'number' && manifest.files))) return { kind: 'run', manifest, entries };
  return { kind: 'other', manifest, entries };
}

const KIND_TEXT: Record<FolderKind, string> = {
  absent: 'nothing', empty: 'nothing', run: 'the output of hedgesim run', sweep: 'a finished sweep',
  'unfinished-sweep': 'an unfinished sweep', compare: 'the output of hedgesim compare', other: 'files that hedgesim did not write as one output (or the remains of a sweep whose sweep-state.json is gone)',
};
export const describeKind = (k: FolderKind) => KIND_TEXT[k];

function refuse(msg: string, dir: string): never {
  throw new UserError(msg, [issue('OUTPUT_FOLDER_IN_USE', '', msg, { file: dir })], EXIT.input);
}

/** `run --out DIR`: refuses a folder of another kind unless `force`. */
export function checkRunFolder(dir: string, force = false): FolderKind {
  checkOutputPath(dir, 'folder');
  const k = folderKind(dir);
  if (k.kind === 'absent' || k.kind === 'empty' || k.kind === 'run' || force) return k.kind;
  refuse(`${dir} holds ${describeKind(k.kind)} (${k.entries.slice(0, 5).join(', ')}${k.entries.length > 5 ? ', ...' : ''}); hedgesim run replaces only a folder that hedgesim run wrote. Choose another --out, or add --force to write the run's files there anyway`, dir);
}

/** Remove the files of the other kind's output (with --force). */
export function clearKind(dir: string, files: string[]): void {
  for (const f of files) rmSync(join(dir, f), { recursive: true, force: true });
}

export interface Lock { release(): void }

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/**
 * Take the folder's lock (the folder must exist). Refuses (exit 3) while another live
 * process holds it; takes over a stale one. Released by release() or at exit.
 */
export function acquireLock(dir: string, command: string): Lock {
  const path = join(dir, LOCK_FILE);
  const me = { pid: process.pid, host: hostname(), command, started_at: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = readJsonFile(path, 1 << 16) as typeof me | undefined;
      let age = 0;
      try { age = Date.now() - statSync(path).mtimeMs; } catch { continue; } // gone meanwhile: try again
      const stale = held && held.host === me.host ? !alive(held.pid) : age > LOCK_STALE_MS;
      if (!stale) {
        refuse(`${dir} is in use by another hedgesim process (${held ? `pid ${held.pid} on ${held.host}: ${held.command}, since ${held.started_at}` : 'its lock file is being written'}); wait for it to finish, or use another --out. If no such process runs, delete ${path}`, dir);
      }
      rmSync(path, { force: true });
      continue;
    }
    writeSync(fd, JSON.stringify(me) + '\n');
    closeSync(fd);
    const beat = setInterval(() => { try { const t = new Date(); utimesSync(path, t, t); } catch { /* gone */ } }, LOCK_HEARTBEAT_MS);
    beat.unref();
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      clearInterval(beat);
      process.off('exit', release);
      const now = readJsonFile(path, 1 << 16);
      if (now?.pid === me.pid && now?.host === me.host) rmSync(path, { force: true });
    };
    process.on('exit', release);
    return { release };
  }
  refuse(`cannot take the lock ${path}; delete it if no hedgesim process uses ${dir}`, dir);
}
