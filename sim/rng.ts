/**
 * The run's random stream. Every random draw in hedgesim goes through an Rng built
 * from a seed; the global, unseeded generator of JavaScript is never used.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit
 * state, period >= 2^32, passes PractRand and BigCrush), the same class as
 * seedrandom's xor4096/alea "fast" generators and ~10x faster than ARC4. It is a
 * documented equivalent of seedrandom's fast generators: plain 32-bit integer
 * arithmetic, identical on every platform and Node version.
 *
 * Seeds: a run's seed is derived by hashing (base seed, parts...) with a
 * murmur3-style finaliser, never from execution order, so results do not depend on
 * the number of workers or shards.
 */

/** murmur3 fmix32: a bijective avalanche on 32-bit integers. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash a list of non-negative integers (or strings) into one 32-bit seed. */
export function hashSeed(...parts: Array<number | string>): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    if (typeof p === 'string') {
      for (let i = 0; i < p.length; i++) h = fmix32((h ^ p.charCodeAt(i)) + 0x6d2b79f5);
      h = fmix32(h ^ p.length);
    } else {
      // split doubles into two 32-bit words so large seeds keep all their bits
      const lo = p >>> 0;
      const hi = Math.floor(p / 4294967296) >>> 0;
      h = fmix32((h ^ lo) + 0x6d2b79f5);
      h = fmix32((h ^ hi) + 0x27d4eb2f);
    }
  }
  return h >>> 0;
}

/**
 * The seed of replication r from a base seed: that of replication r of a sweep's first
 * design point (hashSeed(seed, point, replicate), sim/sweep/plan.ts). hedgesim compare
 * and the playground's replications use it, so the same base seed gives the same runs
 * in all three.
 */
export const replicationSeed = (seed: number, r: number): number => hashSeed(seed, 0, r);

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    const s = seed >>> 0;
    this.a = fmix32(s ^ 0x243f6a88);
    this.b = fmix32(s ^ 0x85a308d3);
    this.c = fmix32(s ^ 0x13198a2e);
    this.d = 1;
    for (let i = 0; i < 15; i++) this.nextU32(); // warm up
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const a = this.a | 0, b = this.b | 0, c = this.c | 0, d = this.d | 0;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    const cr = (c << 21) | (c >>> 11);
    this.c = (cr + t) | 0;
    return t >>> 0;
  }

  /** The generator's 4 state words into out[at..at+3] (the WebAssembly kernel draws from the same stream). */
  saveState(out: Int32Array, at = 0): void {
    out[at] = this.a; out[at + 1] = this.b; out[at + 2] = this.c; out[at + 3] = this.d;
  }

  /** Continue from 4 state words written by saveState (or by the kernel). */
  loadState(src: Int32Array, at = 0): void {
    this.a = src[at]; this.b = src[at + 1]; this.c = src[at + 2]; this.d = src[at + 3];
  }

  /** Uniform double in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal draw (Box-Muller, one value per call; deterministic). */
  normal(): number {
    let u = this.next();
    if (u < 1e-300) u = 1e-300;
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
