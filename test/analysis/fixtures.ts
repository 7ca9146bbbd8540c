/**
 * Sweep folders made in tests, following the sweep contract (runs.csv, points.csv,
 * manifest.json with kind "sweep"), from the design functions directly, so the
 * analysis commands are tested on inputs whose right answers are known.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saltelliDesign, morrisDesign, gridDesign, lhsDesign } from '../../sim/sweep/designs.ts';
import { Rng, hashSeed } from '../../sim/rng.ts';

/** Metrics of one run; NaN is written as an empty (undefined) value. */
export type Model = (x: number[], rng: Rng, replicate: number) => Record<string, number>;

export interface FixtureOptions {
  type: 'sobol' | 'morris' | 'grid' | 'lhs';
  /** parameter paths and ranges [lo, hi] (uniform) */
  params: { path: string; lo: number; hi: number }[];
  model: Model;
  replications: number;
  n?: number; // sobol base size, lhs points
  r?: number; // morris trajectories
  levels?: number; // grid levels per parameter, morris levels
  /** run ids to mark as failed */
  fail?: number[];
  /** run ids to leave out of runs.csv */
  drop?: number[];
  /** write world.csv with run_id first: steps 0..steps */
  steps?: number;
}

const f6 = (x: number) => String(Number(x.toPrecision(6)));

export function writeSweepFixture(dir: string, o: FixtureOptions): { runs: number; points: number } {
  mkdirSync(dir, { recursive: true });
  const k = o.params.length;
  let units: Float64Array[];
  let extraCols: string[] = [];
  let extra: (row: number) => string[] = () => [];
  const design: Record<string, unknown> = { type: o.type, parameters: o.params.map((p) => ({ path: p.path, dist: 'uniform', min: p.lo, max: p.hi })), replications: o.replications, base_seed: 1 };
  if (o.type === 'sobol') {
    const d = saltelliDesign(o.n ?? 64, k);
    units = d.points;
    extraCols = ['block', 'index', 'base'];
    extra = (row) => [d.labels[row].block, d.labels[row].block === 'AB' ? String(d.labels[row].i) : '', String(d.labels[row].j)];
    design.sobol = { n: d.n, k };
  } else if (o.type === 'morris') {
    const d = morrisDesign(o.r ?? 20, k, o.levels ?? 4, new Rng(7));
    units = d.points;
    extraCols = ['trajectory', 'position'];
    extra = (row) => [String(Math.floor(row / (k + 1))), String(row % (k + 1))];
    design.morris = { r: d.r, k, levels: d.p, delta: d.delta };
  } else if (o.type === 'grid') {
    const L = o.levels ?? 3;
    const d = gridDesign(o.params.map(() => L));
    units = d.indices.map((idx) => Float64Array.from(idx, (l) => (L > 1 ? l / (L - 1) : 0.5)));
  } else {
    units = lhsDesign(o.n ?? 10, k, new Rng(3));
  }
  design.points = units.length;
  const values = units.map((u) => o.params.map((p, c) => p.lo + u[c] * (p.hi - p.lo)));
  const paths = o.params.map((p) => p.path);
  const pts = [['point', ...paths, ...paths.map((p) => `u.${p}`), ...extraCols].join(',')];
  units.forEach((u, row) => pts.push([String(row), ...values[row].map(f6), ...Array.from(u, f6), ...extra(row)].join(',')));
  writeFileSync(join(dir, 'points.csv'), pts.join('\n') + '\n');

  let metricNames: string[] | null = null;
  const lines: string[] = [];
  const world: string[] = [];
  let id = 0;
  for (let p = 0; p < units.length; p++) {
    for (let rep = 0; rep < o.replications; rep++, id++) {
      const seed = hashSeed(1, id);
      const out = o.model(values[p], new Rng(seed), rep);
      if (!metricNames) metricNames = Object.keys(out);
      if (o.drop?.includes(id)) continue;
      const failed = o.fail?.includes(id);
      lines.push([String(id), String(p), String(rep), String(seed), ...values[p].map(f6),
        ...metricNames.map((m) => (failed || !Number.isFinite(out[m]) ? '' : f6(out[m]))), failed ? 'failed' : 'ok', failed ? 'boom: test failure' : ''].join(','));
      if (o.steps && !failed) {
        for (let t = 0; t <= o.steps; t++) {
          const date = new Date(Date.UTC(2025, 2, 1 + 7 * t)).toISOString().slice(0, 10);
          const m0 = out[metricNames[0]];
          world.push(`${id},${t},${date},${f6((m0 * t) / o.steps)},${f6(Math.min(1, t / o.steps))}`);
        }
      }
    }
  }
  writeFileSync(join(dir, 'runs.csv'), [['run_id', 'point', 'replicate', 'seed', ...paths, ...(metricNames ?? []), 'status', 'error'].join(','), ...lines].join('\n') + '\n');
  if (o.steps) writeFileSync(join(dir, 'world.csv'), ['run_id,step,date,mean_alignment,isolation_china', ...world].join('\n') + '\n');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ kind: 'sweep', hedgesim: 'test', design }, null, 2) + '\n');
  return { runs: lines.length, points: units.length };
}

/** Ishigami function (Ishigami & Homma 1990) with a = 7, b = 0.1 on [-pi, pi]^3. */
export function ishigami(x: number[]): number {
  return Math.sin(x[0]) + 7 * Math.sin(x[1]) ** 2 + 0.1 * x[2] ** 4 * Math.sin(x[0]);
}

/**
 * Analytic Ishigami indices for a = 7, b = 0.1 (Saltelli et al. 2008, Global
 * Sensitivity Analysis: The Primer; the values SALib's tests use; derivation in
 * test/analysis/sobol.test.ts).
 */
export const ISHIGAMI = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] };

export const PI_RANGE = (path: string) => ({ path, lo: -Math.PI, hi: Math.PI });
