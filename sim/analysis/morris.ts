/**
 * Morris elementary-effects screening from model outputs evaluated on a
 * `morrisDesign` (sim/sweep/designs.ts).
 *
 * Elementary effect of parameter i on trajectory t (Morris 1991, Technometrics 33(2)):
 *   EE = (y(point s+1) - y(point s)) / (sign * Delta)
 * where step s of the trajectory moved parameter i by sign * Delta. Per parameter:
 *   mu = mean(EE), mu_star = mean(|EE|) (Campolongo, Cariboni & Saltelli 2007,
 *   Environ. Model. Softw. 22), sigma = sample sd of EE (n-1, as SALib).
 *
 * Scaling: by default effects are per unit of the NORMALISED input (Delta in unit
 * space, p/(2(p-1))), so parameters with different ranges are comparable. This is
 * what SALib's morris.analyze does too: it reads only the direction of each step
 * from X and divides by the unit-space delta. If `ranges` (max - min of each
 * parameter, in parameter units) is passed, effects are per parameter unit instead:
 * EE / range_i; this is exact only for parameters mapped linearly (uniform).
 *
 * Input: `y[row]` is the output at `design.points[row]` (trajectory-major rows,
 * r(k+1) of them). With replications, the caller averages the replications of each
 * design row first and passes the per-row means; every value must be finite.
 *
 * Test (test/analysis/morris.test.ts): f = 2 x1 + x2^2 + 0 x3 + x1 x4, whose exact
 * elementary effects follow from the algebra (EE1 = 2 + x4, EE2 = 2 x2 + Delta,
 * EE3 = 0, EE4 = x1).
 */
import { mean, sd } from './stats.ts';
import type { MorrisTrajectory } from '../sweep/designs.ts';

export interface MorrisEffect {
  name: string;
  /** Number of elementary effects (trajectories). */
  r: number;
  mu: number;
  mu_star: number;
  /** Sample sd of the effects; null with a single trajectory. */
  sigma: number | null;
}

export interface MorrisOptions {
  /** Parameter names in column order (default "x0", "x1", ...). */
  names?: readonly string[];
  /** Parameter ranges (max - min) to express effects per parameter unit; default unit space. */
  ranges?: readonly number[];
}

/** The parts of a MorrisDesign the analysis needs. */
export interface MorrisLayout {
  r: number;
  k: number;
  delta: number;
  trajectories: readonly MorrisTrajectory[];
}

/** Elementary effects, ee[i][t] for parameter i on trajectory t. */
export function elementaryEffects(design: MorrisLayout, y: ArrayLike<number>, opts: Pick<MorrisOptions, 'ranges'> = {}): Float64Array[] {
  const { r, k, delta, trajectories } = design;
  if (trajectories.length !== r) throw new RangeError(`morris: design has ${trajectories.length} trajectories, expected r = ${r}`);
  if (y.length !== r * (k + 1)) throw new RangeError(`morris: ${y.length} outputs for r(k+1) = ${r * (k + 1)} design rows`);
  const ranges = opts.ranges;
  if (ranges !== undefined) {
    if (ranges.length !== k) throw new RangeError(`morris: ${ranges.length} ranges for k = ${k} parameters`);
    ranges.forEach((w, i) => {
      if (!(w > 0 && Number.isFinite(w))) throw new RangeError(`morris: ranges[${i}] must be finite and > 0, got ${w}`);
    });
  }
  for (let row = 0; row < y.length; row++) {
    if (!Number.isFinite(y[row])) throw new RangeError(`morris: output at row ${row} is not finite (${y[row]})`);
  }
  const ee = Array.from({ length: k }, () => new Float64Array(r));
  for (let t = 0; t < r; t++) {
    const { order, sign } = trajectories[t];
    const base = t * (k + 1);
    for (let s = 0; s < k; s++) {
      const i = order[s];
      const step = sign[s] * delta * (ranges === undefined ? 1 : ranges[i]);
      ee[i][t] = (y[base + s + 1] - y[base + s]) / step;
    }
  }
  return ee;
}

/** mu, mu_star and sigma per parameter for one output. */
export function morrisEffects(design: MorrisLayout, y: ArrayLike<number>, opts: MorrisOptions = {}): MorrisEffect[] {
  const names = opts.names ?? Array.from({ length: design.k }, (_, i) => `x${i}`);
  if (names.length !== design.k) throw new RangeError(`morris: ${names.length} names for k = ${design.k} parameters`);
  const ee = elementaryEffects(design, y, opts);
  return names.map((name, i) => {
    const e = ee[i];
    const abs = e.map(Math.abs);
    return { name, r: e.length, mu: mean(e), mu_star: mean(abs), sigma: e.length > 1 ? sd(e) : null };
  });
}

/** `morrisEffects` for several named outputs on the same design. */
export function morrisEffectsByOutput(
  design: MorrisLayout,
  outputs: Readonly<Record<string, ArrayLike<number>>>,
  opts: MorrisOptions = {},
): Record<string, MorrisEffect[]> {
  const res: Record<string, MorrisEffect[]> = {};
  for (const [key, y] of Object.entries(outputs)) res[key] = morrisEffects(design, y, opts);
  return res;
}
