/**
 * `hedgesim compare A [B]`: a paired comparison (common random numbers) of two
 * scenarios (sim/analysis/compare.ts comparePaired), or of two sweep folders
 * (compareSweepFolders). Writes compare.csv and manifest.json into an output folder of
 * its own kind, and prints a short table of the largest effects.
 */
import { basename, join } from 'node:path';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { loadScenario } from '../scenario/load.ts';
import { comparePaired, compareSweepFolders, type Effect } from '../analysis/compare.ts';
import { EXIT, UsageError, UserError, hasErrors, issue } from '../errors.ts';
import { printIssues } from './messages.ts';
import { fmt, text } from '../io/csv.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { checkOutputPath } from '../io/files.ts';
import { folderKind, describeKind, clearKind, acquireLock, RUN_FILES, SWEEP_FILES } from '../io/out-folder.ts';
import { VERSION, gitCommit, digestFile } from '../io/manifest.ts';
import type { CliIO } from '../io/console.ts';
import type { CompareArgs } from './options.ts';

const isDir = (p: string) => { try { return statSync(p).isDirectory(); } catch { return false; } };
const cell = (x: number | null) => (x === null ? '' : fmt(x));

function outFolder(out: string, force: boolean | undefined): void {
  checkOutputPath(out, 'folder');
  const k = folderKind(out);
  if (k.kind === 'absent' || k.kind === 'empty' || k.kind === 'compare') return;
  if (!force) {
    const msg = `${out} holds ${describeKind(k.kind)}; hedgesim compare replaces only a folder that hedgesim compare wrote. Choose another --out, or add --force`;
    throw new UserError(msg, [issue('OUTPUT_FOLDER_IN_USE', '', msg, { file: out })], EXIT.input);
  }
  clearKind(out, [...RUN_FILES, ...SWEEP_FILES]);
}

export async function compareCommand(a: CompareArgs, io: CliIO): Promise<number> {
  const level = a.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new UsageError(`--level must be between 0 and 1 (e.g. 0.95), got ${a.level}`);
  if (a.b === undefined && !(a['set-b']?.length)) throw new UsageError('give scenario B, or change A with --set-b PATH=VALUE (A against itself otherwise compares nothing)');
  const sweeps = isDir(a.a) && a.b !== undefined && isDir(a.b);
  if (isDir(a.a) !== (a.b !== undefined && isDir(a.b))) throw new UsageError('compare two scenario files, or two sweep folders, not one of each');
  const name = (p: string) => basename(p).replace(/\.ya?ml$/, '');
  const out = a.out ?? join('results', `compare-${name(a.a)}-vs-${a.b !== undefined ? name(a.b) : 'changed'}`);
  outFolder(out, a.force);
  const started = new Date();
  let header: string[], rows: string[], summary: string, made: Record<string, unknown>;
  if (sweeps) {
    const r = compareSweepFolders(a.a, a.b!, level);
    header = ['point', 'metric', 'mean_a', 'mean_b', 'diff', 'ci_lo', 'ci_hi', 'n'];
    rows = r.effects.map((e) => [text(e.point), text(e.measure), cell(e.meanA), cell(e.meanB), cell(e.diff), cell(e.lo), cell(e.hi), String(e.n)].join(','));
    summary = table(r.effects.filter((e) => e.point === 'ALL'), 'metric (all points)');
    made = { mode: 'sweeps', a: a.a, b: a.b, paired_runs: r.runs, metrics: r.metrics };
  } else {
    const load = async (file: string, set: string[]) => {
      const r = await loadScenario(file, { set });
      if (!r.scenario || hasErrors(r.issues)) { printIssues(io, r.issues, r.sources); throw new UserError(`${file} is not valid (see above)`, [], EXIT.input); }
      return r.scenario;
    };
    const sa = await load(a.a, [...(a.set ?? []), ...(a['set-a'] ?? [])]);
    const sb = await load(a.b ?? a.a, [...(a.set ?? []), ...(a['set-b'] ?? [])]);
    const c = comparePaired(sa, sb, { replications: a.replications, seed: a.seed, at: a.at, level });
    if (!c.countries.length) throw new UserError(`${a.a} and ${a.b} have no country in common; nothing to compare country by country`);
    header = ['measure', 'country', 'mean_a', 'mean_b', 'diff', 'ci_lo', 'ci_hi', 'n'];
    rows = c.effects.map((e) => [text(e.measure), text(e.country), cell(e.meanA), cell(e.meanB), cell(e.diff), cell(e.lo), cell(e.hi), String(e.n)].join(','));
    summary = table(c.effects.filter((e) => e.country === ''), 'world measure') + '\n\n' +
      table(c.effects.filter((e) => e.measure === 'alignment' && e.country !== ''), 'alignment of');
    made = {
      mode: 'scenarios', a: { path: sa.file, sha256: sa.hash, set: [...(a.set ?? []), ...(a['set-a'] ?? [])] }, b: { path: sb.file, sha256: sb.hash, set: [...(a.set ?? []), ...(a['set-b'] ?? [])] },
      replications: c.replications, seed: c.seed, seeds: 'replication r runs A and B with the seed of replication r of a sweep\'s first design point: hashSeed(seed, 0, r) (sim/rng.ts replicationSeed)', at_step: c.at,
      countries: c.countries.length,
    };
  }
  mkdirSync(out, { recursive: true });
  const lock = acquireLock(out, a.argv ? ['hedgesim', ...a.argv].join(' ') : 'hedgesim compare');
  try {
    // the old manifest goes first and the new one comes last: a folder with a manifest is whole
    rmSync(join(out, 'manifest.json'), { force: true });
    writeFileAtomic(join(out, 'compare.csv'), [header.join(','), ...rows].join('\n') + '\n');
    const manifest = {
      kind: 'compare', hedgesim: VERSION, git_commit: gitCommit(), command: a.argv ? ['hedgesim', ...a.argv].join(' ') : undefined,
      ...made, level, interval: 'two-sided Student t interval of the mean paired difference A - B',
      started_at: started.toISOString(), finished_at: new Date().toISOString(),
      files: { 'compare.csv': digestFile(join(out, 'compare.csv')) },
    };
    writeFileAtomic(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  } finally {
    lock.release();
  }
  if (!a.quiet) io.out(`${summary}\n\nwrote ${join(out, 'compare.csv')} (${rows.length} rows) and manifest.json`);
  return EXIT.ok;
}

/** The largest effects (by |diff| over the interval's half width), as a short table. */
function table(es: Effect[], what: string, max = 12): string {
  const score = (e: Effect) => (e.lo === null || e.hi === null ? 0 : Math.abs(e.diff) / Math.max(1e-12, (e.hi - e.lo) / 2));
  const top = [...es].filter((e) => e.diff !== 0).sort((x, y) => score(y) - score(x)).slice(0, max);
  const f = (x: number | null) => (x === null ? 'NA' : Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(3));
  const lines = [`${what.padEnd(28)} ${'A'.padStart(9)} ${'B'.padStart(9)} ${'A - B'.padStart(9)}  95% interval`];
  for (const e of top) lines.push(`${(e.country ? `${e.measure} ${e.country}` : e.measure).padEnd(28)} ${f(e.meanA).padStart(9)} ${f(e.meanB).padStart(9)} ${f(e.diff).padStart(9)}  [${f(e.lo)}, ${f(e.hi)}]${e.lo !== null && e.hi !== null && (e.lo > 0 || e.hi < 0) ? ' *' : ''}`);
  if (!top.length) lines.push('(no difference)');
  return lines.join('\n');
}
