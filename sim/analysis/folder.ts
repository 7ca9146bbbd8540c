/**
 * Output folders as the analysis commands see them: a single run (from
 * `hedgesim run`: countries.csv, world.csv, events.csv, manifest.json) or a sweep
 * (from `hedgesim sweep`: runs.csv, points.csv, manifest.json with kind "sweep",
 * optionally world.csv / countries.csv with run_id first).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readRegularFile } from '../io/files.ts';
import { verifyFiles } from '../io/manifest.ts';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { readTable, needCol, type Table } from './table.ts';

export type DesignType = 'grid' | 'random' | 'lhs' | 'sobol' | 'morris' | string;

export interface SweepDesign {
  type: DesignType;
  parameters: { path: string; [k: string]: unknown }[];
  points: number;
  replications: number;
  base_seed?: number;
  sobol?: { n: number; k: number };
  morris?: { r: number; k: number; levels: number; delta: number };
  /** a policy sweep: levers x uncertainties */
  policy?: { policies: number; scenarios: number; levers: string[]; uncertainties: string[] };
  /** adaptive replications: replications is the most a point could have */
  adaptive?: { metric: string; half_width: number; min: number; max: number; level: number };
}

export interface RunFolder {
  kind: 'run';
  dir: string;
  manifest: Record<string, any>;
}

export interface SweepFolder {
  kind: 'sweep';
  dir: string;
  manifest: Record<string, any>;
  design: SweepDesign;
  /** parameter paths in design order */
  params: string[];
  runs: Table;
  points: Table;
  /** metric columns of runs.csv, in file order */
  metrics: string[];
}

/** Columns of runs.csv that are neither parameters nor metrics. */
export const RUN_META_COLUMNS = ['run_id', 'point', 'replicate', 'seed', 'policy', 'scenario', 'status', 'error', 'wall_ms'] as const;

/** A run counts as done when its status is this. */
export const STATUS_OK = 'ok';

function readManifest(dir: string): Record<string, any> {
  const f = join(dir, 'manifest.json');
  if (!existsSync(f)) {
    throw new UserError(`${f}: not found; give a folder written by hedgesim run or hedgesim sweep (it holds manifest.json)`);
  }
  let m: Record<string, any>;
  try {
    m = JSON.parse(readRegularFile(f, 64 << 20).toString('utf8'));
  } catch (e) {
    throw new UserError(`${f}: not valid JSON (${(e as Error).message}); was the run interrupted?`);
  }
  // every file against the manifest's rows (and bytes and sha256): a cut or edited table is refused, not summarised
  verifyFiles(dir, m.files, m.kind === 'sweep'
    ? 'Run the sweep again into a new folder (hedgesim sweep FILE --out NEW-FOLDER), or restore the files from a copy'
    : 'Run the scenario again (hedgesim run SCENARIO --out FOLDER), or restore the files from a copy');
  return m;
}

export function openFolder(dir: string): RunFolder | SweepFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`${dir}: not a folder; give the output folder of hedgesim run or hedgesim sweep, e.g. results/baseline-2025`);
  }
  const manifest = readManifest(dir);
  if (manifest.kind !== 'sweep') return { kind: 'run', dir, manifest };
  const design = manifest.design as SweepDesign | undefined;
  const mf = join(dir, 'manifest.json');
  if (!design || typeof design !== 'object' || !Array.isArray(design.parameters)) {
    throw new UserError(`${mf}: design is missing or has no parameters list; was this folder written by hedgesim sweep?`);
  }
  const params = design.parameters.map((p, i) => {
    if (!p || typeof p.path !== 'string') throw new UserError(`${mf}: design.parameters[${i}].path is missing`);
    return p.path;
  });
  const runs = readTable(join(dir, 'runs.csv'));
  const points = readTable(join(dir, 'points.csv'));
  needCol(runs, 'run_id');
  needCol(runs, 'point');
  needCol(points, 'point');
  const skip = new Set<string>([...RUN_META_COLUMNS, ...params]);
  const metrics = runs.columns.filter((c) => !skip.has(c) && !c.startsWith('u.'));
  return { kind: 'sweep', dir, manifest, design, params, runs, points, metrics };
}

/** Parameter value columns of points.csv (by path), falling back to runs.csv. */
export function pointParams(sw: SweepFolder): Map<string, string[]> {
  const pid = needCol(sw.points, 'point');
  const out = new Map<string, string[]>();
  for (const row of sw.points.rows) {
    out.set(row[pid], sw.params.map((p) => {
      const i = sw.points.columns.indexOf(p);
      return i >= 0 ? row[i] : '';
    }));
  }
  return out;
}

/** Pick metrics: all when none asked; an unknown name is a usage mistake with "did you mean". */
export function chooseMetrics(available: readonly string[], asked: readonly string[] | undefined, where: string): string[] {
  if (!asked || asked.length === 0) return [...available];
  for (const m of asked) {
    if (!available.includes(m)) {
      throw new UserError(`--metric ${m}: no such metric in ${where}; the metrics there are ${available.join(', ') || '(none)'}`, [], 2);
    }
  }
  return [...asked];
}
