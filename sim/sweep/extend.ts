/**
 * `hedgesim sweep FILE --out DIR --extend`: grow a finished sweep without running
 * again what it holds. Edit the sweep file first; the only changes allowed are
 *   - replications: more of them (the first ones keep their seeds,
 *     hashSeed(base seed, point, replicate));
 *   - design.n (or uncertainties.design.n) larger, for random and morris samples
 *     (they append points), sobol (the sequence continues: base samples N..N'-1
 *     append their A, B and AB points) and lhs with grown_from naming the old sizes
 *     (a nested Latin hypercube: each stratum split, see designs.ts extendLhs).
 * The finished runs are renumbered to the larger sweep's run ids
 * (run_id = point x replications + replicate) and laid out as committed chunks of
 * the larger sweep; then the sweep resumes and runs only the new runs. The result
 * is byte-identical to the same sweep file run from the start (every file but
 * timing.*), because a run's values depend only on its point and seed.
 *
 * Crash-safe: the old files stay until the chunks of the old runs are written;
 * then points.csv is removed, the sweep's state file written (from then on the
 * folder is an unfinished sweep that --resume or --extend completes) and the old
 * manifest removed. Interrupted before that, --extend starts the conversion again.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { UserError, UsageError, issue, EXIT } from '../errors.ts';
import { writeFileAtomic } from '../io/atomic.ts';
import { ChunkOut, pointRow, writeChunk } from './exec.ts';
import type { Plan } from './plan.ts';
import type { Sweep } from './spec.ts';

const STATE_FILE = 'sweep-state.json';
const CHUNK_DIR = '.chunks';

function refuse(out: string, why: string): never {
  throw new UserError(why, [issue('SWEEP_RESUME_MISMATCH', '', why, { file: out })], EXIT.input);
}

/** Lines of a file read in order (synchronously, a buffer at a time). */
class LineReader {
  private fd: number;
  private buf = Buffer.alloc(0);
  private eof = false;
  constructor(path: string) { this.fd = openSync(path, 'r'); }
  next(): string | undefined {
    for (;;) {
      const nl = this.buf.indexOf(10);
      if (nl >= 0) { const l = this.buf.subarray(0, nl).toString('utf8'); this.buf = this.buf.subarray(nl + 1); return l; }
      if (this.eof) { if (this.buf.length) { const l = this.buf.toString('utf8'); this.buf = Buffer.alloc(0); return l; } return undefined; }
      const b = Buffer.allocUnsafe(1 << 20);
      const n = readSync(this.fd, b, 0, b.length, null);
      if (n === 0) this.eof = true;
      this.buf = Buffer.concat([this.buf, b.subarray(0, n)]);
    }
  }
  close(): void { closeSync(this.fd); }
}

/** A table of a sweep folder read run by run: the lines whose run id is `id`, with the id replaced. */
class ByRun {
  private r: LineReader;
  private pending?: string;
  constructor(path: string) { this.r = new LineReader(path); this.r.next(); /* header */ this.pending = this.r.next(); }
  take(id: number, newId: number, into: (line: string) => void): number {
    let n = 0;
    const pre = `${id},`;
    while (this.pending !== undefined && this.pending.startsWith(pre)) {
      into(`${newId},${this.pending.slice(pre.length)}`);
      n++;
      this.pending = this.r.next();
      if (this.pending === '') this.pending = this.r.next();
    }
    return n;
  }
  close(): void { this.r.close(); }
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/**
 * What changed between the finished sweep and the new file, or why it cannot grow.
 * Returns undefined when the new file only grows the old one.
 */
export function growthProblem(old: any, cur: any): string | undefined {
  const a = clone(old), b = clone(cur);
  if (typeof a.replications !== 'number' || typeof b.replications !== 'number') return 'adaptive replications (replications: {until: ...}) cannot be extended; run the sweep again with a larger max';
  if (b.replications < a.replications) return `replications went down (${a.replications} to ${b.replications}); a sweep only grows`;
  delete a.replications; delete b.replications;
  for (const where of [[], ['uncertainties']] as string[][]) {
    const da = where.reduce((o, k) => o?.[k], a)?.design, db = where.reduce((o, k) => o?.[k], b)?.design;
    if (!da || !db) continue;
    const label = [...where, 'design'].join('.');
    if (da.n !== db.n) {
      if (da.type !== db.type) break;
      if (da.type === 'grid') return `${label}: a grid cannot grow by n; add replications, or run a new sweep`;
      if (db.n < da.n) return `${label}.n went down (${da.n} to ${db.n}); a sweep only grows`;
      if (da.type === 'lhs') {
        const want = [...(da.grown_from ?? []), da.n];
        if (JSON.stringify(db.grown_from ?? []) !== JSON.stringify(want)) {
          return `${label}: a Latin hypercube of ${da.n} points grows by splitting its strata into a multiple of ${da.n} points; write n: ${2 * da.n} (or another multiple of ${da.n}) with grown_from: [${want.join(', ')}]`;
        }
      }
    }
    delete da.n; delete db.n; delete da.grown_from; delete db.grown_from;
  }
  const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  if (changed.length) return `${changed.join(', ')} changed; --extend only adds replications or design points (replications, design.n)`;
  return undefined;
}

export interface ExtendArgs { out: string; sweep: Sweep; plan: Plan; sweepId: string; note: (s: string) => void }

/**
 * Turn the finished sweep in `out` into the committed chunks of the larger sweep
 * (or leave an extension in progress as it is). After this the runner resumes.
 */
export function prepareExtension(a: ExtendArgs): void {
  const { out, sweep, plan, sweepId } = a;
  const statePath = join(out, STATE_FILE), manifestPath = join(out, 'manifest.json');
  if (existsSync(statePath)) {
    let st: { sweep_id?: string } | undefined;
    try { st = JSON.parse(readFileSync(statePath, 'utf8')); } catch { /* refused below */ }
    if (st?.sweep_id === sweepId) return; // an extension (or a sweep) of this file in progress: resume it
    refuse(out, `${out} holds an unfinished sweep of another sweep file; finish it first with hedgesim sweep <its file> --out ${out} --resume, then extend`);
  }
  if (!existsSync(manifestPath)) throw new UsageError(`${out} holds no finished sweep to extend (no manifest.json); run the sweep without --extend`);
  let m: any;
  try { m = JSON.parse(readFileSync(manifestPath, 'utf8')); } catch { refuse(out, `${manifestPath} is not valid JSON; this folder cannot be extended`); }
  if (m.kind !== 'sweep') throw new UsageError(`${out} holds a ${m.kind ?? 'single run'} output, not a sweep; --extend grows a sweep folder`);
  if (m.sweep_id === sweepId) return; // already this size: the runner says it is complete
  if (m.shard) throw new UsageError(`${out} holds shard ${m.shard.index}/${m.shard.count} of a sweep; merge the shards first (hedgesim merge), then extend the merged folder`);
  if (m.scenario?.sha256 !== sweep.scenario.hash) refuse(out, `the scenario files changed since the sweep in ${out} ran (${[...sweep.scenario.sources.keys()].join(', ')}); its runs cannot be kept; run the changed sweep in another --out folder`);
  const why = growthProblem(m.sweep?.resolved, sweep.spec);
  if (why) refuse(out, `cannot extend ${out}: ${why}`);
  const P0 = m.design.points as number, R0 = m.design.replications as number;
  const P1 = plan.points, R1 = plan.replications;
  if (P1 < P0 || R1 < R0) refuse(out, `cannot extend ${out}: the new sweep has ${P1} points x ${R1} replications, the old one ${P0} x ${R0}`);
  if (m.counts?.runs !== P0 * R0) refuse(out, `cannot extend ${out}: its manifest counts ${m.counts?.runs} runs, its design ${P0 * R0}`);
  // the old points must be the first points of the new design
  const pointsPath = join(out, 'points.csv');
  if (existsSync(pointsPath)) {
    const lines = new LineReader(pointsPath);
    try {
      lines.next();
      for (let p = 0; p < P0; p++) {
        const l = lines.next();
        if (l !== pointRow(plan, p)) refuse(out, `cannot extend ${out}: design point ${p} of the new sweep is not the old one (points.csv line ${p + 2}); this design cannot grow in place; run the larger sweep in another --out folder`);
      }
    } finally { lines.close(); }
  }

  // the old runs as committed chunks of the larger sweep
  const chunkDir = join(out, CHUNK_DIR);
  rmSync(chunkDir, { recursive: true, force: true });
  mkdirSync(chunkDir, { recursive: true });
  const tables = ['runs.csv', 'timing.csv', 'world.csv', 'countries.csv'].map((f) => (existsSync(join(out, f)) ? new ByRun(join(out, f)) : undefined));
  const [runs, timing, world, countries] = tables;
  if (!runs) refuse(out, `cannot extend ${out}: runs.csv is missing`);
  const wantTables = { world: !!m.files?.['world.csv'], countries: !!m.files?.['countries.csv'] };
  if ((wantTables.world && !world) || (wantTables.countries && !countries)) refuse(out, `cannot extend ${out}: a table its manifest lists is missing`);
  let cur: ChunkOut | undefined, lo = 0, hi = 0, written = 0;
  const flush = () => { if (cur && hi > lo) { writeChunk(chunkDir, lo, hi, cur); written++; } cur = undefined; };
  try {
    for (let p = 0; p < P0; p++) {
      const start = p * R1;
      if (!cur || start !== hi || cur.runs.length + cur.world.length + cur.countries.length > 8 << 20) { flush(); cur = new ChunkOut(); lo = hi = start; }
      for (let r = 0; r < R0; r++) {
        const oldId = p * R0 + r, newId = p * R1 + r;
        let row = '';
        if (runs!.take(oldId, newId, (l) => { row = l; cur!.runs.line(l); }) !== 1) refuse(out, `cannot extend ${out}: runs.csv has no single row for run ${oldId}; is the folder complete?`);
        const cells = Papa.parse<string[]>(row, { header: false }).data[0];
        if (cells.at(-2) !== 'ok') cur.failures.push({ run_id: newId, error: cells.at(-1) ?? '' });
        timing?.take(oldId, newId, (l) => cur!.timing.line(l));
        world?.take(oldId, newId, (l) => cur!.world.line(l));
        countries?.take(oldId, newId, (l) => cur!.countries.line(l));
        hi = newId + 1;
      }
    }
    flush();
  } finally {
    for (const t of tables) t?.close();
  }
  // the commit: the folder becomes an unfinished sweep of the new file
  rmSync(pointsPath, { force: true });
  writeFileAtomic(join(out, 'sweep-resolved.json'), JSON.stringify({ resolved: sweep.spec, scenario_sha256: sweep.scenario.hash }, null, 2) + '\n');
  writeFileAtomic(statePath, JSON.stringify({ sweep_id: sweepId, sweep_file: sweep.file, shard: null, range: [0, plan.runs], chunk: null, chunk_format: 2 }, null, 2) + '\n');
  rmSync(manifestPath, { force: true });
  a.note(`extending ${out}: ${P0} x ${R0} runs kept (${written} chunk${written === 1 ? '' : 's'}), ${P1 * R1 - P0 * R0} new runs (${P1} points x ${R1} replications)`);
}
