/**
 * The state of a run: struct-of-arrays, allocated once per run. `a`/`aNext` are
 * double-buffered (decisions read partners' `a`, write `aNext`, then swap); the rest,
 * crackdown `k` included (only country i reads k[i]), is updated in place by the
 * phase that owns it.
 *
 * Columns typed `Col` (tariff layers, the trade losses cached from them, deal and
 * retaliation rates) follow the world's static columns: Float64Array in a listed
 * world, Float32Array in a synthetic one (7 significant digits are more than these
 * rates carry; it saves 48 MB per million countries). Alignment, crackdown and trust,
 * which accumulate small changes step after step, stay Float64Array.
 */
import type { Col, World } from '../world/world.ts';

export interface State {
  t: number;
  a: Float64Array; aNext: Float64Array; // alignment
  k: Float64Array; // crackdown in [0, 1]
  kFloor: Float64Array; // committed minimum crackdown
  trustUS: Float64Array; trustCN: Float64Array;
  // US tariffs by layer (fractions); effective and expected rates with their trade losses cached
  usBase: Col; usRecip: Col; usSpecific: Col; paused: Uint8Array;
  /** effective US tariff; the expected one (under a pause) is only needed through its trade loss, lossUSExp */
  usEff: Col;
  lossUS: Col; lossUSExp: Col; lossUSPen: Col;
  // deals
  deal: Uint8Array; dealRate: Col; penalty: Col; antiDeal: Uint8Array;
  offerUntil: Int32Array; offerRate: Col; offerPenalty: Col; offerAnti: Uint8Array; cooldownUntil: Int32Array;
  // retaliation by the China pole against i
  retRate: Col; retShare: Col; retUntil: Int32Array; // retUntil -1: none
  // world scalars
  tauUC: number; tauCU: number; credibility: number; ecActive: number; indActive: number;
  /** mean absolute change of US tariffs this step (volatility) */
  usVolatility: number;
  pauseUntil: number;
  /** losses depend on elasticity and pass-through: recompute all when they change */
  lossKey: number;
  rngDraws: number;
  /** tariff events whose rate is an expression of time: re-applied every step until replaced */
  live: import('../world/world.ts').CompiledEvent[];
}

/** Where a state's columns come from: plain typed arrays, or views into a WebAssembly memory (sim/kernel/kernel.ts). */
export interface Alloc {
  f64(n: number): Float64Array;
  f32(n: number): Float32Array;
  i32(n: number): Int32Array;
  u8(n: number): Uint8Array;
}

export const jsAlloc: Alloc = {
  f64: (n) => new Float64Array(n), f32: (n) => new Float32Array(n), i32: (n) => new Int32Array(n), u8: (n) => new Uint8Array(n),
};

/**
 * A copy of a column, left untouched when the column is all zeros: a fresh typed
 * array (or fresh WebAssembly memory) is zero pages the system has not mapped yet,
 * so a column no one writes (country-specific US tariffs in a synthetic world)
 * costs no memory.
 */
function copyUnlessZero(src: ArrayLike<number>, out: Col): Col {
  for (let i = 0; i < src.length; i++) if (src[i] !== 0) { out.set(src); break; }
  return out;
}

export function newState(w: World, alloc: Alloc = jsAlloc): State {
  const n = w.n;
  const f = () => alloc.f64(n);
  const from = (src: Col) => { const out = f(); out.set(src); return out; };
  // narrow (Float32) rate columns when the world's static columns are narrow (synthetic worlds)
  const narrow = w.eUS instanceof Float32Array;
  const u = w.uniform ?? null; // one value for every country: filled, the world's column is not made
  const r = (): Col => (narrow ? alloc.f32(n) : alloc.f64(n));
  const copy = (src: Col): Col => { const out = r(); out.set(src); return out; };
  const st: State = {
    t: 0,
    a: from(w.align0), aNext: f(), k: f(), kFloor: f(),
    trustUS: u ? f().fill(u.trustUS0) : from(w.trustUS0), trustCN: u ? f().fill(u.trustCN0) : from(w.trustCN0),
    usBase: u ? r().fill(u.usBase0) : copy(w.usBase0), usRecip: copy(w.usRecip0), usSpecific: copyUnlessZero(w.usSpecific0, r()), paused: alloc.u8(n),
    usEff: r(), lossUS: r(), lossUSExp: r(), lossUSPen: r(),
    deal: alloc.u8(n), dealRate: r(), penalty: r().fill(w.params.transshipmentPenalty), antiDeal: alloc.u8(n),
    offerUntil: alloc.i32(n).fill(-1), offerRate: r(), offerPenalty: r(), offerAnti: alloc.u8(n), cooldownUntil: alloc.i32(n),
    retRate: r(), retShare: r(), retUntil: alloc.i32(n).fill(-1),
    tauUC: w.tauUC0, tauCU: w.tauCU0, credibility: 0, ecActive: w.params.ecActive, indActive: w.params.indEnabled,
    usVolatility: 0, pauseUntil: -1, lossKey: NaN, rngDraws: 0, live: [],
  };
  return st;
}

/** Bytes rounded up to a multiple of 8 (the alignment of every column in a WebAssembly memory); exact past 2^31, unlike bit operations. */
export const align8 = (bytes: number): number => Math.ceil(bytes / 8) * 8;

/** Bytes of the columns newState allocates for n countries (each rounded up to 8 bytes), for sizing a memory. */
export function stateBytes(n: number, narrow: boolean): number {
  const col = align8(n * (narrow ? 4 : 8));
  return 6 * align8(n * 8) + 16 * col + 4 * align8(n * 4) + 5 * align8(n);
}
