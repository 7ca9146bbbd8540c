/**
 * The state of a run: struct-of-arrays, allocated once per run from the column table
 * below (which also gives the bytes a run needs: stateBytes). `a`/`aNext` are
 * double-buffered (decisions read partners' `a`, write `aNext`, then swap); the rest,
 * crackdown `k` included (only country i reads k[i]), is updated in place by the
 * phase that owns it.
 *
 * Columns of kind `C` (tariff layers, the trade losses cached from them, deal and
 * retaliation rates) follow the world's static columns: Float64Array in a listed
 * world, Float32Array in a synthetic one (7 significant digits are more than these
 * rates carry; it saves 48 MB per million countries), and so are the fixed effects, the
 * starting levels and the US pole's fading suspicion (set once, or a factor a step).
 * Alignment, crackdown, own tariff and trust, which accumulate small changes step after
 * step, are f64.
 */
import { jsAlloc, type Alloc, type Col, type World } from '../world/world.ts';
import { align8 } from '../world/bytes.ts';

export { align8 };
export type { Alloc };
export { jsAlloc };

export interface State {
  t: number;
  a: Float64Array; aNext: Float64Array; // alignment
  k: Float64Array; // crackdown in [0, 1]
  kFloor: Float64Array; // committed minimum crackdown
  /** own average tariff on imports from the China pole (fraction) and its committed minimum */
  o: Float64Array; oFloor: Col;
  trustUS: Float64Array; trustCN: Float64Array;
  /** fixed effects of alignment, crackdown and own tariff: calibrated at step 0 so that the start is a resting point (calibrate.gen.ts) */
  phi: Col; psi: Col; chi: Col;
  /** starting crackdown and own tariff (after the history events), the centres of their commitment terms */
  k0: Col; o0: Col;
  // US tariffs by layer (fractions); effective and expected rates with their trade losses cached
  usBase: Col; usRecip: Col; usSpecific: Col; paused: Uint8Array; pauseCap: Col;
  /** punitive US tariffs in force (sum of rate x share of the US pole's measures) */
  usPun: Col;
  /** effective US tariff; the expected one (under a pause) is only needed through its trade loss, lossUSExp */
  usEff: Col;
  lossUS: Col; lossUSExp: Col; lossUSPen: Col;
  // deals
  deal: Uint8Array; dealRate: Col; penalty: Col; antiDeal: Uint8Array;
  /** talks under way: the step at which the US pole makes its offer (-1: none) */
  talksUntil: Int32Array;
  offerUntil: Int32Array; offerRate: Col; offerPenalty: Col; offerAnti: Uint8Array; cooldownUntil: Int32Array;
  // measures against i (retaliation by the China pole, retribution by the US pole): their sums; the measures themselves in `measures`
  /** China's tariffs on i: sum of rate x share (china_tariff), and the share of exports to China lost, sum of share x L(rate) */
  cnTariff: Col; cnLoss: Col;
  /** earliest end of a measure in force (-1: none), and whether a measure of the pole's rule is in force */
  retUntil: Int32Array; retRule: Uint8Array; usrUntil: Int32Array; usrRule: Uint8Array;
  /** the US pole's suspicion after a joint statement with China (1, fading); stmtNew: a statement this step, not yet drawn on */
  stmt: Col; stmtNew: Uint8Array;
  /** China's market access gain for i (inducements) */
  indGain: Col;
  // world scalars
  tauUC: number; tauCU: number;
  /** credibility of the China pole's (credibility) and the US pole's (usCredibility) coercion */
  credibility: number; usCredibility: number; ecActive: number;
  /** mean absolute change of US tariffs this step (volatility) */
  usVolatility: number;
  pauseUntil: number;
  /** losses depend on elasticity and pass-through: recompute all when they change */
  lossKey: number;
  rngDraws: number;
  /** tariff events whose rate is an expression of time: re-applied every step until replaced */
  live: import('../world/world.ts').CompiledEvent[];
  /** the measures in force against each country that has one (rare: kept out of the columns) */
  measures: Map<number, Measure[]>;
}

/** A retaliation (pole 1, the China pole) or retribution (pole 0, the US pole) measure against a country. */
export interface Measure { pole: 0 | 1; rate: number; share: number; until: number; rule: boolean }

/** f64: Float64Array; C: the world's width (Float64 listed, Float32 synthetic); i32; u8. */
export type ColKind = 'f64' | 'C' | 'i32' | 'u8';
type ColumnName = { [K in keyof State]: State[K] extends ArrayLike<number> ? K : never }[keyof State];

export interface StateColumn {
  name: ColumnName;
  kind: ColKind;
  /**
   * Starting values: nothing (zeros), a number for every country, or a column to copy
   * (not copied when all zeros: fresh memory is zero pages the system maps on first write).
   */
  init?: (w: World) => number | ArrayLike<number>;
}

const uniformOr = (key: 'trustUS0' | 'trustCN0' | 'usBase0') => (w: World) => (w.uniform ? w.uniform[key] : w[key]);

/** Every per-country column of the state, in allocation order. */
export const STATE_COLUMNS: readonly StateColumn[] = [
  { name: 'a', kind: 'f64', init: (w) => w.align0 },
  { name: 'aNext', kind: 'f64' },
  { name: 'k', kind: 'f64' },
  { name: 'kFloor', kind: 'f64' },
  { name: 'o', kind: 'f64' },
  { name: 'oFloor', kind: 'C' },
  { name: 'trustUS', kind: 'f64', init: uniformOr('trustUS0') },
  { name: 'trustCN', kind: 'f64', init: uniformOr('trustCN0') },
  { name: 'phi', kind: 'C' },
  { name: 'psi', kind: 'C' },
  { name: 'chi', kind: 'C' },
  { name: 'k0', kind: 'C' },
  { name: 'o0', kind: 'C' },
  { name: 'usBase', kind: 'C', init: uniformOr('usBase0') },
  { name: 'usRecip', kind: 'C', init: (w) => w.usRecip0 },
  { name: 'usSpecific', kind: 'C', init: (w) => w.usSpecific0 },
  { name: 'paused', kind: 'u8' },
  { name: 'pauseCap', kind: 'C' },
  { name: 'usPun', kind: 'C' },
  { name: 'usEff', kind: 'C' },
  { name: 'lossUS', kind: 'C' },
  { name: 'lossUSExp', kind: 'C' },
  { name: 'lossUSPen', kind: 'C' },
  { name: 'deal', kind: 'u8' },
  { name: 'dealRate', kind: 'C' },
  { name: 'penalty', kind: 'C', init: (w) => w.params.transshipmentPenalty },
  { name: 'antiDeal', kind: 'u8' },
  { name: 'talksUntil', kind: 'i32', init: () => -1 },
  { name: 'offerUntil', kind: 'i32', init: () => -1 },
  { name: 'offerRate', kind: 'C' },
  { name: 'offerPenalty', kind: 'C' },
  { name: 'offerAnti', kind: 'u8' },
  { name: 'cooldownUntil', kind: 'i32' },
  { name: 'cnTariff', kind: 'C' },
  { name: 'cnLoss', kind: 'C' },
  { name: 'retUntil', kind: 'i32', init: () => -1 },
  { name: 'retRule', kind: 'u8' },
  { name: 'usrUntil', kind: 'i32', init: () => -1 },
  { name: 'usrRule', kind: 'u8' },
  { name: 'stmt', kind: 'C' },
  { name: 'stmtNew', kind: 'u8' },
  { name: 'indGain', kind: 'C' },
];

const BYTES: Record<ColKind, (narrow: boolean) => number> = { f64: () => 8, C: (narrow) => (narrow ? 4 : 8), i32: () => 4, u8: () => 1 };

/** Bytes of one state column of n countries (rounded up to 8). */
export const columnBytes = (kind: ColKind, n: number, narrow: boolean): number => align8(n * BYTES[kind](narrow));

/** Bytes of the columns newState allocates for n countries, for sizing a memory. */
export function stateBytes(n: number, narrow: boolean): number {
  let b = 0;
  for (const c of STATE_COLUMNS) b += columnBytes(c.kind, n, narrow);
  return b;
}

export function newState(w: World, alloc: Alloc = jsAlloc): State {
  const n = w.n;
  // narrow (Float32) rate columns when the world's static columns are narrow (synthetic worlds)
  const narrow = w.eUS instanceof Float32Array;
  const st = {
    t: 0,
    tauUC: w.tauUC0, tauCU: w.tauCU0, credibility: 0, usCredibility: 0, ecActive: w.params.ecActive,
    usVolatility: 0, pauseUntil: -1, lossKey: NaN, rngDraws: 0, live: [], measures: new Map(),
  } as unknown as State;
  for (const c of STATE_COLUMNS) {
    const col = c.kind === 'f64' ? alloc.f64(n) : c.kind === 'C' ? (narrow ? alloc.f32(n) : alloc.f64(n)) : c.kind === 'i32' ? alloc.i32(n) : alloc.u8(n);
    const v = c.init?.(w);
    if (typeof v === 'number') { if (v !== 0) col.fill(v); } else if (v !== undefined) copyUnlessZero(v, col);
    (st as unknown as Record<string, unknown>)[c.name] = col;
  }
  return st;
}

/** Copy src into out unless src is all zeros (out is fresh, so already zeros). */
function copyUnlessZero(src: ArrayLike<number>, out: { set(a: ArrayLike<number>): void }): void {
  for (let i = 0; i < src.length; i++) if (src[i] !== 0) { out.set(src); return; }
}
