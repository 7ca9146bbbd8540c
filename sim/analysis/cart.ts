/**
 * CART, a classification tree (Breiman, Friedman, Olshen & Stone 1984, Classification
 * and Regression Trees), as the second view of scenario discovery (the EMA
 * Workbench's ema_workbench/analysis/cart.py, which wraps scikit-learn's
 * DecisionTreeClassifier): y in {0, 1}, binary splits x_j <= t chosen by the largest
 * decrease of Gini impurity, thresholds at the midpoint between neighbouring
 * distinct values (as scikit-learn), a depth limit and a smallest leaf of
 * ceil(mass_min n) cases (EMA passes min_samples_leaf = mass_min n, mass_min 0.05).
 * Ties go to the first input and the lowest threshold, so the tree is deterministic.
 * Each leaf is a box (the limits along its path, the data's range elsewhere) with
 * the coverage, density and mass PRIM reports.
 */
import { boundingBox, type Box } from './prim.ts';

export interface CartOptions {
  /** deepest split level (default 3) */
  maxDepth?: number;
  /** smallest leaf as a share of the cases (default 0.05) */
  massMin?: number;
}

export interface CartLeaf {
  box: Box;
  /** the conditions on the way, e.g. ["model.elasticity <= 2.5", ...] as (input, op, value) */
  path: { dim: number; op: '<=' | '>'; value: number }[];
  n: number;
  coi: number;
  coverage: number;
  density: number;
  mass: number;
  resDim: number;
  /** majority class (1 when density > 0.5) */
  predict: 0 | 1;
}

export interface CartResult { init: Box; leaves: CartLeaf[]; n: number; totalCoi: number; depth: number }

const gini = (n: number, c: number) => (n === 0 ? 0 : 1 - (c / n) ** 2 - (1 - c / n) ** 2);

export function cart(xs: readonly ArrayLike<number>[], y: ArrayLike<number>, opts: CartOptions = {}): CartResult {
  const maxDepth = opts.maxDepth ?? 3, massMin = opts.massMin ?? 0.05;
  if (!(Number.isInteger(maxDepth) && maxDepth >= 1 && maxDepth <= 20)) throw new RangeError(`cart: maxDepth must be a whole number from 1 to 20, got ${maxDepth}`);
  if (!(massMin > 0 && massMin < 0.5)) throw new RangeError(`cart: massMin must be in (0, 0.5), got ${massMin}`);
  const n = y.length, k = xs.length;
  if (k === 0 || n < 2) throw new RangeError('cart: need at least one input and two cases');
  for (let i = 0; i < n; i++) if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`cart: y must be 0 or 1, got ${y[i]} at case ${i}`);
  const minLeaf = Math.max(1, Math.ceil(massMin * n));
  const init = boundingBox(xs, n);
  let totalCoi = 0;
  for (let i = 0; i < n; i++) totalCoi += y[i];
  const leaves: CartLeaf[] = [];
  let depthReached = 0;

  const grow = (rows: number[], box: Box, path: CartLeaf['path'], depth: number) => {
    let coi = 0;
    for (const i of rows) coi += y[i];
    const leaf = () => {
      let resDim = 0;
      for (let j = 0; j < k; j++) if (box.lo[j] !== init.lo[j] || box.hi[j] !== init.hi[j]) resDim++;
      leaves.push({ box, path, n: rows.length, coi, coverage: totalCoi ? coi / totalCoi : 0, density: rows.length ? coi / rows.length : 0, mass: rows.length / n, resDim, predict: coi * 2 > rows.length ? 1 : 0 });
      depthReached = Math.max(depthReached, depth);
    };
    const parent = gini(rows.length, coi);
    if (depth >= maxDepth || parent === 0 || rows.length < 2 * minLeaf) { leaf(); return; }
    let best: { imp: number; dim: number; t: number } | undefined;
    for (let j = 0; j < k; j++) {
      const x = xs[j];
      const order = [...rows].sort((a, b) => x[a] - x[b] || a - b);
      let cl = 0;
      for (let s = 0; s < order.length - 1; s++) {
        cl += y[order[s]];
        const nl = s + 1, nr = order.length - nl;
        if (x[order[s]] === x[order[s + 1]] || nl < minLeaf || nr < minLeaf) continue;
        const imp = (nl * gini(nl, cl) + nr * gini(nr, coi - cl)) / order.length;
        if (!best || imp < best.imp - 1e-15) best = { imp, dim: j, t: (x[order[s]] + x[order[s + 1]]) / 2 };
      }
    }
    if (!best || !(best.imp < parent - 1e-15)) { leaf(); return; }
    const { dim, t } = best;
    const left = rows.filter((i) => xs[dim][i] <= t), right = rows.filter((i) => xs[dim][i] > t);
    const lb: Box = { lo: Float64Array.from(box.lo), hi: Float64Array.from(box.hi) };
    const rb: Box = { lo: Float64Array.from(box.lo), hi: Float64Array.from(box.hi) };
    lb.hi[dim] = Math.min(lb.hi[dim], t);
    rb.lo[dim] = Math.max(rb.lo[dim], t);
    grow(left, lb, [...path, { dim, op: '<=', value: t }], depth + 1);
    grow(right, rb, [...path, { dim, op: '>', value: t }], depth + 1);
  };
  grow(Array.from({ length: n }, (_, i) => i), { lo: Float64Array.from(init.lo), hi: Float64Array.from(init.hi) }, [], 0);
  return { init, leaves, n, totalCoi, depth: depthReached };
}
