/**
 * The state of a run: struct-of-arrays, allocated once per run. `a`/`aNext` and
 * `k`/`kNext` are double-buffered (decisions read `a`, write `aNext`, then swap);
 * the rest is updated in place by the phase that owns it.
 */
import type { World } from '../world/world.ts';

export interface State {
  t: number;
  a: Float64Array; aNext: Float64Array; // alignment
  k: Float64Array; kNext: Float64Array; // crackdown in [0, 1]
  kFloor: Float64Array; // committed minimum crackdown
  trustUS: Float64Array; trustCN: Float64Array;
  // US tariffs by layer (fractions); effective and expected rates with their trade losses cached
  usBase: Float64Array; usRecip: Float64Array; usSpecific: Float64Array; paused: Uint8Array;
  /** effective US tariff; the expected one (under a pause) is only needed through its trade loss, lossUSExp */
  usEff: Float64Array;
  lossUS: Float64Array; lossUSExp: Float64Array; lossUSPen: Float64Array;
  // deals
  deal: Uint8Array; dealRate: Float64Array; dealSince: Int32Array; penalty: Float64Array; antiDeal: Uint8Array;
  offerUntil: Int32Array; offerRate: Float64Array; offerPenalty: Float64Array; offerAnti: Uint8Array; cooldownUntil: Int32Array;
  // retaliation by the China pole against i
  retRate: Float64Array; retShare: Float64Array; retUntil: Int32Array; // retUntil -1: none
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

/**
 * A Float64Array copy of a column, left untouched when the column is all zeros: a
 * fresh typed array is zero pages the system has not mapped yet, so a column no one
 * writes (country-specific US tariffs in a synthetic world) costs no memory.
 */
function copyUnlessZero(src: ArrayLike<number>): Float64Array {
  const out = new Float64Array(src.length);
  for (let i = 0; i < src.length; i++) if (src[i] !== 0) { out.set(src); break; }
  return out;
}

export function newState(w: World): State {
  const n = w.n;
  const f = () => new Float64Array(n);
  const st: State = {
    t: 0,
    a: Float64Array.from(w.align0), aNext: f(), k: f(), kNext: f(), kFloor: f(),
    trustUS: Float64Array.from(w.trustUS0), trustCN: Float64Array.from(w.trustCN0),
    usBase: Float64Array.from(w.usBase0), usRecip: Float64Array.from(w.usRecip0), usSpecific: copyUnlessZero(w.usSpecific0), paused: new Uint8Array(n),
    usEff: f(), lossUS: f(), lossUSExp: f(), lossUSPen: f(),
    deal: new Uint8Array(n), dealRate: f(), dealSince: new Int32Array(n).fill(-1), penalty: new Float64Array(n).fill(w.params.transshipmentPenalty), antiDeal: new Uint8Array(n),
    offerUntil: new Int32Array(n).fill(-1), offerRate: f(), offerPenalty: f(), offerAnti: new Uint8Array(n), cooldownUntil: new Int32Array(n),
    retRate: f(), retShare: f(), retUntil: new Int32Array(n).fill(-1),
    tauUC: w.tauUC0, tauCU: w.tauCU0, credibility: 0, ecActive: w.params.ecActive, indActive: w.params.indEnabled,
    usVolatility: 0, pauseUntil: -1, lossKey: NaN, rngDraws: 0, live: [],
  };
  return st;
}
