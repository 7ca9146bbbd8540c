/**
 * merge: finished shard folders → one sweep folder, in run-id order. Checks that
 * every part comes from the same sweep, that the parts cover every run once, and
 * writes the same bytes as an unsharded sweep (manifest included).
 */
import { existsSync, mkdirSync, readFileSync, copyFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, issue, EXIT } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
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
    try { m = JSON.parse(readFileSync(mp, 'utf8')); } catch { bad(`${mp} is not valid JSON; re-run that shard`, mp); }
    if (m.kind !== 'sweep') bad(`${p} holds a ${m.kind ?? 'single run'} output, not a sweep shard`, p);
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
  mkdirSync(out, { recursive: true });
  const old = existsSync(join(out, 'manifest.json')) ? (() => { try { return JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')); } catch { return undefined; } })() : undefined;
  if (old && old.sweep_id !== id) bad(`${out} already holds a different sweep; choose another --out`, out);
  const files: Record<string, { rows: number }> = {};
  const dirs = ms.map((x) => x.dir);
  files['runs.csv'] = { rows: concatInto(join(out, 'runs.csv'), headerOf(join(dirs[0], 'runs.csv')), dirs.map((d) => join(d, 'runs.csv')), true) };
  copyFileSync(join(dirs[0], 'points.csv'), join(out, 'points.csv.partial'));
  renameSync(join(out, 'points.csv.partial'), join(out, 'points.csv'));
  files['points.csv'] = { rows: ms[0].m.files['points.csv'].rows };
  for (const t of ['world.csv', 'countries.csv']) {
    if (ms[0].m.files[t]) files[t] = { rows: concatInto(join(out, t), headerOf(join(dirs[0], t)), dirs.map((d) => join(d, t)), true) };
  }
  concatInto(join(out, 'timing.csv'), ['run_id', 'wall_ms'], dirs.map((d) => join(d, 'timing.csv')), true);
  let ok = 0, failed = 0;
  const failedList: FailedRun[] = [];
  for (const x of ms) {
    ok += x.m.counts.ok; failed += x.m.counts.failed;
    for (const f of x.m.failed ?? []) if (failedList.length < MAX_FAILED_LISTED) failedList.push(f);
  }
  writeFileAtomic(join(out, 'manifest.json'), finishManifest(ms[0].m, { runs: total, ok, failed }, failedList, files));
  const timings = ms.map((x) => { try { return JSON.parse(readFileSync(join(x.dir, 'timing.json'), 'utf8')); } catch { return {}; } });
  writeFileAtomic(join(out, 'timing.json'), JSON.stringify({
    command: argv ? ['hedgesim', ...argv].join(' ') : undefined, merged_at: new Date().toISOString(), parts: ms.length,
    part_seconds: timings.map((t) => t.seconds ?? null), part_runs_per_second: timings.map((t) => t.runs_per_second ?? null),
  }, null, 2) + '\n');
  return { code: failed ? EXIT.run : EXIT.ok, runs: total, ok, failed, parts: ms.length };
}
