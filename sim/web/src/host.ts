/**
 * The engine in the page: the CLI's own loader, compiler, step loop, recorder, CSV
 * writer and manifest, run on the in-memory file system of ../node/fs.ts (the bundle
 * maps node:fs, node:path, node:crypto, node:url and node:child_process to ../node/).
 * A run is `hedgesim run`'s: writeRun (what runToFolder writes into its stage) writes countries.csv, world.csv, events.csv
 * and manifest.json into a virtual folder, byte for byte what the CLI writes for the
 * same scenario and seed, and the page reads them back into columns.
 */
import '../node/globals.ts';
import { vfs } from '../node/fs.ts';
import { loadScenario, type Scenario } from '../../scenario/load.ts';
import { writeRun } from '../../run-folder.ts';
import { compileWorld } from '../../world/compile.ts';
import { runWorld } from '../../engine.ts';
import { TableRecorder, countryHeader, worldHeader, dateOfStep } from '../../record/recorder.ts';
import { formatIssue, type Issue } from '../../errors.ts';
import { replicationSeed } from '../../rng.ts';
import { fromTemplate, standaloneTemplate } from '../../cli/new.ts';
import { SCHEMA_FILE } from '../../scenario/jsonschema.ts';
import { readTable } from './table.ts';
import type { IssueOut, RepData, Resolved, RunData, TariffEvent } from './protocol.ts';

declare const __HEDGESIM_COMMIT__: string | null;

const OUT = '/runs/current';
export const RUN_FILES = ['countries.csv', 'world.csv', 'events.csv', 'manifest.json'];
const dec = new TextDecoder();

export function putFiles(files: Record<string, string>): void {
  for (const [p, t] of Object.entries(files)) vfs.put('/' + p.replace(/^\/+/, ''), t);
}

function issuesOut(issues: Issue[], sources: Map<string, string>): IssueOut[] {
  return issues.map((i) => ({ code: i.code, severity: i.severity, path: i.path, message: i.message, file: i.file, line: i.line, col: i.col, text: formatIssue(i, sources) }));
}

/** Load `file` (a path from the repository root, e.g. scenarios/x.yaml) with `text` as its content, as `hedgesim run FILE --seed S` would. */
export async function load(file: string, text: string, seed?: number) {
  vfs.put(file, text);
  const r = await loadScenario(file, { overrides: { seed } });
  return { scenario: r.scenario, issues: issuesOut(r.issues, r.sources) };
}

const plain = (v: unknown): unknown => {
  if (v && typeof v === 'object' && 'expr' in (v as object)) return { expr: (v as { expr: string }).expr };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
};

/** What the sliders show: every setting as resolved, and the events with a rate. */
export function resolvedOf(sc: Scenario, text: string): Resolved {
  const { countries: _c, links: _l, events, ...rest } = sc.spec as Record<string, unknown>;
  const ext = /^extends:\s*(\S+)/m.exec(text)?.[1] ?? null;
  const tariffs: TariffEvent[] = [];
  (events as Record<string, unknown>[] | undefined ?? []).forEach((e, index) => {
    if (!e || e.rate === undefined) return;
    const r = e.rate as number | { expr: string };
    tariffs.push({
      index, id: e.id as string | undefined, actor: String(e.actor ?? ''), target: Array.isArray(e.target) ? e.target.join(';') : String(e.target ?? ''),
      when: e.date !== undefined ? String(e.date) : `step ${e.step}`, kind: String(e.kind),
      rate: typeof r === 'number' ? r : null, expr: typeof r === 'number' ? undefined : r.expr, layer: e.layer as string | undefined,
    } as TariffEvent);
  });
  return { name: sc.spec.name ?? null, spec: plain(rest) as Record<string, unknown>, tariffs, extends: ext, seed: sc.spec.seed };
}

/** One run, as `hedgesim run`: the files in the virtual folder, read back into columns. */
export function run(sc: Scenario, file: string, seed: number | undefined, loadMs: number): RunData {
  vfs.removeTree(OUT);
  const t0 = performance.now();
  const s = writeRun(sc, OUT, {});
  const t1 = performance.now();
  // the manifest says where it was made: the fields that differ from the CLI's are named
  const mpath = `${OUT}/manifest.json`;
  const m = JSON.parse(vfs.text(mpath)!);
  if (typeof __HEDGESIM_COMMIT__ === 'string') m.git_commit = __HEDGESIM_COMMIT__;
  m.command = `hedgesim run ${file}${seed !== undefined ? ` --seed ${seed}` : ''} (as run by the playground)`;
  m.playground = {
    note: 'made by the hedgesim playground in a web browser, with the same engine, loader, recorder and CSV writer as the command line',
    differs_from_cli: ['command', 'git_commit (the commit the page was built from)', 'started_at', 'finished_at', 'seconds', 'playground'],
  };
  vfs.put(mpath, JSON.stringify(m, null, 2) + '\n');
  const table = (name: string) => { const b = vfs.get(`${OUT}/${name}`); return b ? readTable(dec.decode(b)) : null; };
  const countries = table('countries.csv'), world = table('world.csv'), events = table('events.csv');
  const w = s.world;
  let steps: number[];
  if (world) steps = Array.from(world.num.step);
  else if (countries) steps = Array.from({ length: countries.rows / w.n }, (_x, k) => countries.num.step[k * w.n]);
  else steps = [0, w.steps];
  const t2 = performance.now();
  return {
    n: w.n, ids: w.ids.slice(), names: w.names.slice(), poles: { ...w.poles }, synthetic: sc.spec.world?.type === 'synthetic', seed: w.seed,
    steps, dates: steps.map((t) => dateOfStep(w, t)),
    countries, world, events,
    gdp: Float64Array.from(w.gdp),
    graph: { linkStart: w.linkStart.slice(), linkTo: w.linkTo.slice(), blocs: [...w.blocs.entries()].map(([k, v]) => [k, v.slice()]) },
    files: RUN_FILES.filter((f) => vfs.get(`${OUT}/${f}`)).map((name) => ({ name, bytes: vfs.get(`${OUT}/${name}`)!.length })),
    kernel: s.result.kernel,
    ms: { load: loadMs, run: t1 - t0, read: t2 - t1 },
  };
}

export function fileBytes(name: string): Uint8Array | null {
  return RUN_FILES.includes(name) ? vfs.get(`${OUT}/${name}`) ?? null : null;
}

/** Seed of replication r: the seeds a sweep gives the replications of its design point 0, and hedgesim compare its replications (sim/rng.ts). */
export { replicationSeed };

/**
 * N replications with seeds replicationSeed(seed, 0..N-1), recorded by the CLI's
 * TableRecorder into memory (no utility components); the alignment of every country
 * and every world column at every recorded step.
 */
export function replicate(sc: Scenario, seed: number, n: number, progress: (done: number) => void): RepData {
  const t0 = performance.now();
  const seeds = Array.from({ length: n }, (_x, r) => replicationSeed(seed, r));
  const ch = countryHeader(false), wh = worldHeader();
  const ai = ch.indexOf('alignment'), wcols = wh.slice(2);
  let alignment = new Float64Array(0), world = new Float64Array(0);
  let ids: string[] = [], steps: number[] = [], dates: string[] = [];
  seeds.forEach((s, r) => {
    const w = compileWorld(sc, { seed: s });
    const cl: string[] = [], wl: string[] = [];
    const rec = new TableRecorder(w, { line: (x) => cl.push(x) }, { line: (x) => wl.push(x) }, false);
    runWorld(w, { seed: w.seed, recorder: rec, keepEvents: false });
    if (r === 0) {
      ids = w.ids.slice();
      steps = wl.map((l) => +l.slice(0, l.indexOf(',')));
      dates = steps.map((t) => dateOfStep(w, t));
      alignment = new Float64Array(n * steps.length * w.n);
      world = new Float64Array(n * steps.length * wcols.length);
    }
    const baseA = r * steps.length * w.n;
    for (let k = 0; k < cl.length; k++) alignment[baseA + k] = +cl[k].split(',')[ai];
    const baseW = r * steps.length * wcols.length;
    wl.forEach((l, k) => { const f = l.split(','); for (let j = 0; j < wcols.length; j++) world[baseW + k * wcols.length + j] = +f[j + 2]; });
    progress(r + 1);
  });
  return { seeds, ids, steps, dates, alignment, worldHeader: wcols, world, ms: performance.now() - t0 };
}

/** `hedgesim new`'s templates: stand-alone, or extending a shipped scenario. */
export async function template(name: string, from?: string): Promise<string> {
  if (!from) return standaloneTemplate(name, `./${SCHEMA_FILE}`);
  const r = await loadScenario(from);
  if (!r.scenario) throw new Error(`${from} does not load`);
  return fromTemplate(name, from.replace(/^scenarios\//, ''), `./${SCHEMA_FILE}`, r.scenario);
}
