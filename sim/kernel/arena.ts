/**
 * Memory for the WebAssembly kernel: typed-array views bumped out of one fixed-size
 * WebAssembly.Memory (never grown: growing would detach the views). The rest of
 * hedgesim sees ordinary typed arrays. Fresh memory is zero pages that the system
 * maps on first write, so room that is never used costs no resident memory.
 */
import { align8 as up, stateBytes, type Alloc } from '../model/state.ts';
import { EXP_TABLE } from '../model/math.ts';
import type { Col } from '../world/world.ts';

/** The kernel's context block: 32 i32 slots, then 42 f64 scalars (sim/kernel/decide.as.ts). */
export const CTX_BYTES = 32 * 4 + 42 * 8;
/** The kernel's scratch: 14 columns of BLOCK (64) f64, a ring of 256 and 128 held values (decide.as.ts). */
export const SCRATCH_BYTES = (14 * 64 + 256 + 128) * 8;

/** Worlds of fewer countries than this (with 1-byte link offsets) read alignments from a ring copy with the ends wrapped (decide.as.ts). */
export const RING_MAX = 4096;
/** Bytes of that ring copy for n countries (0 from RING_MAX up). */
export const ringBytes = (n: number) => (n < RING_MAX ? up((n + 254) * 8) : 0);

/** Bytes a run's kernel takes beyond the world's columns: the state, the exponential table, the context, the random stream, the scratch, the ring. */
export function kernelBytes(n: number, narrow: boolean): number {
  return stateBytes(n, narrow) + up(EXP_TABLE.length * 8) + CTX_BYTES + 16 + SCRATCH_BYTES + ringBytes(n) + 64;
}

export class Arena implements Alloc {
  readonly memory: WebAssembly.Memory;
  private readonly buf: ArrayBuffer;
  private top = 64; // offset 0 stays unused: a null pointer means "no such column"
  private claimed = false;

  /** Throws a RangeError when the memory cannot be had (over 4 GiB, or the system refuses). */
  constructor(bytes: number) {
    const pages = Math.ceil((bytes + 64) / 65536) || 1;
    if (pages > 65536) throw new RangeError(`a WebAssembly memory of ${pages} pages is over the 4 GiB limit`);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    this.buf = this.memory.buffer;
  }

  /** The first caller gets the arena (the room left after the world is theirs), every later one null. */
  claim(): Arena | null {
    if (this.claimed) return null;
    this.claimed = true;
    return this;
  }

  take(bytes: number): number {
    const at = this.top;
    this.top = up(at + bytes);
    if (this.top > this.buf.byteLength) throw new RangeError(`kernel memory too small: ${this.top} > ${this.buf.byteLength} bytes`);
    return at;
  }

  f64(n: number) { return new Float64Array(this.buf, this.take(n * 8), n); }
  f32(n: number) { return new Float32Array(this.buf, this.take(n * 4), n); }
  i32(n: number) { return new Int32Array(this.buf, this.take(n * 4), n); }
  u8(n: number) { return new Uint8Array(this.buf, this.take(n), n); }
  i8(n: number) { return new Int8Array(this.buf, this.take(n), n); }

  copy<T extends Col | Int32Array | Int8Array>(src: T): T {
    const out = (src instanceof Float64Array ? this.f64(src.length) : src instanceof Float32Array ? this.f32(src.length)
      : src instanceof Int32Array ? this.i32(src.length) : this.i8(src.length)) as T;
    out.set(src as never);
    return out;
  }
}
