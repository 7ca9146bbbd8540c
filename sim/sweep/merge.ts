/**
 * merge: finished shard folders → one sweep folder, in run-id order. Checks that
 * every part comes from the same sweep, that the parts cover every run once, that
 * every file of every part matches its manifest (rows, bytes, sha256) and that each
 * part's runs.csv has one row per run of its shard; writes the same bytes as an
 * unsharded sweep (manifest included), into a new or empty folder or one that holds
 * this sweep's earlier merge, under the folder's lock.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, issue, EXIT } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { readJsonFile, readRegularFile, checkOutputPath } from '../io/files.ts';
import { verifyFiles, type FileRecord } from '../io/manifest.ts';
import { acquireLock, describeKind, folderKind } from '../io/out-folder.ts';
import { cliCommand } from '../io/command-name.ts';
import { concatInto, finishManifest, MAX_FAILED_LISTED, type FailedRun } from './output.ts';
import { STATE_FILE } from './runner.ts';

export interface MergeResult { code: number; runs: number; ok: number; failed: number; parts: number }

function bad(msg: string, file = ''): never {
  throw new UserError(msg, [issue('SWEEP_RESUME_MISMATCH', '', msg, { file })], EXIT.input);
}

const headerOf = (path: string) => { const b = readFileSync(path); const nl = b.indexOf(10); return b.subarray(0, nl < 0 ? b.length : nl).toString('utf8').split(','); };

export function mergeParts(parts: string[], out: string, argv?: string[]): MergeResult {
  if (!parts.length) bad('name the shard folders to merge, e.g. hedgesim merge results/part-* --out results/sweep1');
  const ms = parts.map((p) => {
    const mp = join(p, 'manifest.json');
    if (!existsSync(mp)) {
      if (existsSync(join(p, STATE_FILE))) bad(`${p} is an unfinished shard; finish it first with hedgesim sweep ... --out ${p} --shard i/n --resume`, p);
      bad(`${p} is not a sweep folder (no manifest.json)`, p);
    }
    let m: any;
    try { m = JSON.parse(readRegularFile(mp, 64 << 20).toString('utf8')); } catch { bad(`${mp} is not valid JSON; re-run that shard`, mp); }
    if (m.kind !== 'sweep') bad(`${p} holds a ${m.kind ?? 'single run'} output, not a sweep shard`, p);
    const redo = `Re-run that shard into a new folder (${cliCommand()} sweep ${m.sweep?.path ?? 'SWEEP.yaml'}${m.shard ? ` --shard ${m.shard.index}/${m.shard.count}` : ''} --out NEW-FOLDER) and merge that one`;
    verifyFiles(p, m.files, redo);
    const runs = m.shard ? m.shard.end_run - m.shard.first_run : m.design?.runs;
    if (m.counts?.runs !== runs || m.files?.['runs.csv']?.rows !== runs) bad(`${p} is damaged: its shard has ${runs} runs, its manifest counts ${m.counts?.runs} and runs.csv ${m.files?.['runs.csv']?.rows}. ${redo}`, p);
    return { dir: p, m };
  });
  const id = ms[0].m.sweep_id;
  for (const x of ms) if (x.m.sweep_id !== id) bad(`${x.dir} comes from a different sweep than ${ms[0].dir} (sweep file or scenario differ); merge only shards of one sweep`, x.dir);
  const total = ms[0].m.design.runs as number;
  const range = (m: any): [number, number] => (m.shard ? [m.shard.first_run, m.shard.end_run] : [0, total]);
  ms.sort((a, b) => range(a.m)[0] - range(b.m)[0] || range(a.m)[1] - range(b.m)[1]);
  let at = 0;
  for (const x of ms) {
    const [a, b] = range(x.m);
    if (a < at) bad(`${x.dir} overlaps another part (runs ${a}..${b - 1}); each shard once, please`, x.dir);
    if (a > at) bad(`runs ${at}..${a - 1} are missing: no part covers them (shards ${ms.map((y) => y.m.shard ? `${y.m.shard.index}/${y.m.shard.count}` : 'all').join(', ')} given); add the missing shard folders`, x.dir);
    at = b;
  }
  if (at !== total) bad(`runs ${at}..${total - 1} are missing: no part covers them; add the missing shard folders`);
  // the output folder: new, empty, or this sweep's earlier merge
  checkOutputPath(out, 'folder');
  // `hedgesim slurm` puts its scripts and the parts in the merge's folder
  const k = folderKind(out, ['slurm', 'parts']);
  if (!(k.kind === 'absent' || k.kind === 'empty' || (k.kind === 'sweep' && k.manifest?.sweep_id === id && !k.manifest?.shard))) {
    bad(`${out} already holds ${k.kind === 'sweep' ? 'a different sweep (or a shard)' : describeKind(k.kind)}; merge into a new or empty folder (choose another --out)`, out);
  }
  mkdirSync(out, { recursive: true });
  const lock = acquireLock(out, argv ? ['hedgesim', ...argv].join(' ') : 'hedgesim merge');
  try {
    return writeMerged(ms, out, total, argv);
  } finally {
    lock.release();
  }
}

function writeMerged(ms: { dir: string; m: any }[], out: string, total: number, argv?: string[]): MergeResult {
  const files: Record<string, FileRecord> = {};
  const dirs = ms.map((x) => x.dir);
  files['runs.csv'] = concatInto(join(out, 'runs.csv'), headerOf(join(dirs[0], 'runs.csv')), dirs.map((d) => join(d, 'runs.csv')), true);
  if (files['runs.csv'].rows !== total) bad(`the parts' runs.csv files hold ${files['runs.csv'].rows} rows together, not ${total}; re-run the shards whose runs are missing`, out);
  writeFileAtomic(join(out, 'points.csv'), readRegularFile(join(dirs[0], 'points.csv'), 2 ** 31));
  files['points.csv'] = ms[0].m.files['points.csv'];
  for (const t of ['world.csv', 'countries.csv']) {
    if (ms[0].m.files[t]) files[t] = concatInto(join(out, t), headerOf(join(dirs[0], t)), dirs.map((d) => join(d, t)), true);
  }
  const timingCsv = dirs.map((d) => join(d, 'timing.csv')).filter((f) => existsSync(f));
  if (timingCsv.length === dirs.length) concatInto(join(out, 'timing.csv'), ['run_id', 'wall_ms'], timingCsv, true);
  let ok = 0, failed = 0;
  const failedList: FailedRun[] = [];
  for (const x of ms) {
    ok += x.m.counts.ok; failed += x.m.counts.failed;
    for (const f of x.m.failed ?? []) if (failedList.length < MAX_FAILED_LISTED) failedList.push(f);
  }
  writeFileAtomic(join(out, 'manifest.json'), finishManifest(ms[0].m, { runs: total, ok, failed }, failedList, files));
  const timings = ms.map((x) => readJsonFile(join(x.dir, 'timing.json')) ?? {});
  writeFileAtomic(join(out, 'timing.json'), JSON.stringify({
    command: argv ? ['hedgesim', ...argv].join(' ') : undefined, merged_at: new Date().toISOString(), parts: ms.length,
    part_seconds: timings.map((t) => t.seconds ?? null), part_runs_per_second: timings.map((t) => t.runs_per_second ?? null),
  }, null, 2) + '\n');
  return { code: failed ? EXIT.run : EXIT.ok, runs: total, ok, failed, parts: ms.length };
}
