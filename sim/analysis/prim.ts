/**
 * PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999, "Bump hunting in
 * high-dimensional data", Statistics and Computing 9), in its scenario-discovery
 * form (Bryant & Lempert 2010, "Thinking inside the box", Technol. Forecast. Soc.
 * Change 77; the EMA Workbench's ema_workbench/analysis/prim.py, binary mode):
 *
 * - cases: rows of numeric inputs X (one column per parameter) and y in {0, 1}
 *   (1 = a case of interest, e.g. a run where share_china > 0.2);
 * - peeling: starting from the box that holds every case, each candidate peel cuts
 *   off the cases below the peel_alpha quantile or above the 1 - peel_alpha quantile
 *   of one input (quantiles as sdtoolkit and EMA compute them: the midpoint between
 *   the nearest distinct values); the peel with the best objective is taken,
 *   EMA's default "lenient1" objective (gain in the mean of y divided by the number
 *   of cases removed), ties going to the box with fewer restricted inputs; it stops
 *   when no peel has a positive objective or the box would hold less than mass_min
 *   of the cases;
 * - pasting: then each restricted limit may move back out (to the paste_alpha
 *   quantile of the cases just beyond it) while that raises the mean of y;
 * - every box on the way is kept (the peeling trajectory) with its coverage (share
 *   of all cases of interest that are in the box), density (share of the box's
 *   cases that are of interest), mass (share of all cases in the box) and number of
 *   restricted dimensions;
 * - quasi-p-values (Bryant & Lempert 2010; EMA's _calculate_quasip): for each
 *   restricted limit, a one-sided binomial test of the box's density against the
 *   density of the box with that one limit removed.
 *
 * One box (EMA's first `find_box`); categorical inputs are left to the caller
 * (booleans as 0/1).
 */
import { binomUpperTail } from './binomial.ts';

export interface PrimOptions {
  /** share of the box's cases removed by one peel (default 0.05, as EMA) */
  peelAlpha?: number;
  /** share of the cases beyond a limit added by one paste (default 0.05, as EMA) */
  pasteAlpha?: number;
  /** smallest box, as a share of all cases (default 0.05, as EMA) */
  massMin?: number;
}

export interface Box { lo: Float64Array; hi: Float64Array }

/** The smallest box that holds the first n cases of every input (PRIM's and CART's starting box). */
export function boundingBox(xs: readonly ArrayLike<number>[], n: number): Box {
  const k = xs.length, box: Box = { lo: new Float64Array(k), hi: new Float64Array(k) };
  for (let j = 0; j < k; j++) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) { lo = Math.min(lo, xs[j][i]); hi = Math.max(hi, xs[j][i]); }
    box.lo[j] = lo; box.hi[j] = hi;
  }
  return box;
}

export interface PrimStep {
  /** position on the trajectory (0: every case) */
  id: number;
  phase: 'start' | 'peel' | 'paste';
  coverage: number;
  density: number;
  mass: number;
  /** cases in the box and cases of interest in it */
  n: number;
  coi: number;
  resDim: number;
  box: Box;
}

export interface PrimResult {
  /** the box that holds every case: [min, max] of each input */
  init: Box;
  trajectory: PrimStep[];
  /** cases and cases of interest */
  n: number;
  totalCoi: number;
}

/**
 * Quantile as sdtoolkit and EMA's prim.get_quantile compute it: position (n-1)q in
 * the sorted data; below 0.5 the upper neighbour moves up past ties, above 0.5 the
 * lower neighbour moves down past ties, and the quantile is the midpoint of the two,
 * so a limit never falls on a value shared by cases on both sides.
 */
export function primQuantile(sorted: ArrayLike<number>, q: number): number {
  if (!(q > 0 && q < 1)) throw new RangeError(`primQuantile: q must be in (0, 1), got ${q}`);
  const n = sorted.length;
  if (n === 0) throw new RangeError('primQuantile: no data');
  const i = (n - 1) * q;
  let lo = Math.floor(i), hi = Math.ceil(i);
  if (q > 0.5) { while (sorted[lo] === sorted[hi] && lo > 0) lo--; }
  else { while (sorted[lo] === sorted[hi] && hi < n - 1) hi++; }
  return (sorted[lo] + sorted[hi]) / 2;
}

function meanOf(y: Uint8Array, idx: Int32Array): number {
  if (idx.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < idx.length; i++) s += y[idx[i]];
  return s / idx.length;
}

/** EMA's lenient1 objective: change of the mean per case removed (or added). */
function lenient1(y: Uint8Array, old: Int32Array, cand: Int32Array): number {
  const mo = meanOf(y, old), mn = meanOf(y, cand);
  if (mo === mn) return 0;
  const d = Math.abs(old.length - cand.length);
  return d === 0 ? 0 : (mn - mo) / d;
}

function restricted(box: Box, init: Box): number {
  let r = 0;
  for (let j = 0; j < box.lo.length; j++) if (box.lo[j] !== init.lo[j] || box.hi[j] !== init.hi[j]) r++;
  return r;
}

function inBox(xs: readonly ArrayLike<number>[], box: Box, rows: Int32Array): Int32Array {
  const out: number[] = [];
  outer: for (let r = 0; r < rows.length; r++) {
    const i = rows[r];
    for (let j = 0; j < xs.length; j++) { const v = xs[j][i]; if (v < box.lo[j] || v > box.hi[j]) continue outer; }
    out.push(i);
  }
  return Int32Array.from(out);
}

const copyBox = (b: Box): Box => ({ lo: Float64Array.from(b.lo), hi: Float64Array.from(b.hi) });

/** Run PRIM: the peeling and pasting trajectory of one box. */
export function prim(xs: readonly ArrayLike<number>[], y: ArrayLike<number>, opts: PrimOptions = {}): PrimResult {
  const peelAlpha = opts.peelAlpha ?? 0.05, pasteAlpha = opts.pasteAlpha ?? 0.05, massMin = opts.massMin ?? 0.05;
  for (const [k, v] of [['peelAlpha', peelAlpha], ['pasteAlpha', pasteAlpha], ['massMin', massMin]] as const) {
    if (!(v > 0 && v < 0.5)) throw new RangeError(`prim: ${k} must be in (0, 0.5), got ${v}`);
  }
  const n = y.length, k = xs.length;
  if (k === 0) throw new RangeError('prim: no inputs');
  if (n < 2) throw new RangeError(`prim: need at least 2 cases, got ${n}`);
  const Y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new RangeError(`prim: y must be 0 or 1, got ${y[i]} at case ${i}`);
    Y[i] = y[i];
  }
  for (const x of xs) {
    if (x.length !== n) throw new RangeError('prim: every input needs one value per case');
    for (let i = 0; i < n; i++) if (!Number.isFinite(x[i])) throw new RangeError(`prim: input value ${x[i]} at case ${i}; leave such cases out first`);
  }
  const init = boundingBox(xs, n);
  let totalCoi = 0;
  for (let i = 0; i < n; i++) totalCoi += Y[i];
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const trajectory: PrimStep[] = [];
  const push = (phase: PrimStep['phase'], box: Box, idx: Int32Array) => {
    let coi = 0;
    for (let i = 0; i < idx.length; i++) coi += Y[idx[i]];
    trajectory.push({
      id: trajectory.length, phase, n: idx.length, coi,
      coverage: totalCoi > 0 ? coi / totalCoi : 0, density: idx.length ? coi / idx.length : 0, mass: idx.length / n,
      resDim: restricted(box, init), box: copyBox(box),
    });
  };
  let box = copyBox(init), idx: Int32Array = all;
  push('start', box, idx);

  // peeling
  for (;;) {
    let best: { obj: number; nonRes: number; box: Box; idx: Int32Array } | undefined;
    for (let j = 0; j < k; j++) {
      const sorted = Float64Array.from(idx, (i) => xs[j][i]).sort();
      for (const dir of ['upper', 'lower'] as const) {
        const q = primQuantile(sorted, dir === 'upper' ? 1 - peelAlpha : peelAlpha);
        const nb = copyBox(box);
        if (dir === 'upper') nb.hi[j] = q; else nb.lo[j] = q;
        const ni = idx.filter((i) => (dir === 'upper' ? xs[j][i] <= q : xs[j][i] >= q));
        const obj = lenient1(Y, idx, ni);
        const nonRes = k - restricted(nb, init);
        if (!best || obj > best.obj || (obj === best.obj && nonRes > best.nonRes)) best = { obj, nonRes, box: nb, idx: ni };
      }
    }
    if (!best) break;
    const massNew = best.idx.length / n, massOld = idx.length / n;
    if (massNew >= massMin && massNew < massOld && best.obj > 0) {
      box = best.box; idx = best.idx;
      push('peel', box, idx);
    } else break;
  }

  // pasting
  for (;;) {
    let best: { obj: number; nonRes: number; box: Box; idx: Int32Array } | undefined;
    for (let u = 0; u < k; u++) {
      if (box.lo[u] === init.lo[u] && box.hi[u] === init.hi[u]) continue;
      for (const dir of ['lower', 'upper'] as const) {
        // the cases just beyond the limit: the box with u's range from the limit to the edge
        const pb = copyBox(box);
        if (dir === 'lower') { pb.lo[u] = init.lo[u]; pb.hi[u] = box.lo[u]; } else { pb.lo[u] = box.hi[u]; pb.hi[u] = init.hi[u]; }
        const data = Float64Array.from(inBox(xs, pb, all), (i) => xs[u][i]).sort();
        let v = dir === 'lower' ? init.lo[u] : init.hi[u];
        if (data.length) v = primQuantile(data, dir === 'lower' ? 1 - pasteAlpha : pasteAlpha);
        const nb = copyBox(box);
        if (dir === 'lower') nb.lo[u] = v; else nb.hi[u] = v;
        const ni = inBox(xs, nb, all);
        const obj = lenient1(Y, idx, ni);
        const nonRes = k - restricted(nb, init);
        if (!best || obj > best.obj || (obj === best.obj && nonRes > best.nonRes)) best = { obj, nonRes, box: nb, idx: ni };
      }
    }
    if (!best) break;
    const massNew = best.idx.length / n, massOld = idx.length / n;
    if (massNew >= massMin && massNew > massOld && best.obj > 0 && meanOf(Y, best.idx) > meanOf(Y, idx)) {
      box = best.box; idx = best.idx;
      push('paste', box, idx);
    } else break;
  }
  return { init, trajectory, n, totalCoi };
}

export interface QuasiP {
  /** input index */
  dim: number;
  /** p-value of the lower and upper limit; null where that side is not restricted */
  lower: number | null;
  upper: number | null;
}

/**
 * Quasi-p-values of the restricted limits of trajectory box `i` (EMA's
 * PrimBox._calculate_quasi_p): for each restricted limit, with Tbox cases in the box
 * and Hbox of interest, and the box with that one limit moved back to the edge
 * holding Tj cases and Hj of interest, P(X >= Hbox) for X ~ Binomial(Tbox, Hj / Tj).
 * Small values say the limit matters.
 */
export function quasiP(xs: readonly ArrayLike<number>[], y: ArrayLike<number>, res: PrimResult, i: number): QuasiP[] {
  const step = res.trajectory[i];
  if (!step) throw new RangeError(`quasiP: no box ${i} on the trajectory (0..${res.trajectory.length - 1})`);
  const all = Int32Array.from({ length: res.n }, (_, r) => r);
  const out: QuasiP[] = [];
  const pOf = (b: Box) => {
    const idx = inBox(xs, b, all);
    let h = 0;
    for (let r = 0; r < idx.length; r++) h += y[idx[r]];
    return binomUpperTail(step.coi, step.n, idx.length ? h / idx.length : 0);
  };
  for (let j = 0; j < xs.length; j++) {
    const rl = step.box.lo[j] !== res.init.lo[j], ru = step.box.hi[j] !== res.init.hi[j];
    if (!rl && !ru) continue;
    let lower: number | null = null, upper: number | null = null;
    if (rl) { const b = copyBox(step.box); b.lo[j] = res.init.lo[j]; lower = pOf(b); }
    if (ru) { const b = copyBox(step.box); b.hi[j] = res.init.hi[j]; upper = pOf(b); }
    out.push({ dim: j, lower, upper });
  }
  return out;
}

/**
 * The box hedgesim shows by default: the one on the trajectory with the largest
 * coverage x density (the best balance of the two; Bryant & Lempert pick by eye on
 * the trade-off plot, and `--box N` does that), ties to the earlier box.
 */
export function defaultBox(res: PrimResult): number {
  let best = 0;
  res.trajectory.forEach((s, i) => { if (s.coverage * s.density > res.trajectory[best].coverage * res.trajectory[best].density) best = i; });
  return best;
}
