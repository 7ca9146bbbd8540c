/**
 * Memory for the WebAssembly kernel: typed-array views bumped out of one fixed-size
 * WebAssembly.Memory (never grown: growing would detach the views). The rest of
 * hedgesim sees ordinary typed arrays. Fresh memory is zero pages that the system
 * maps on first write, so room that is never used costs no resident memory.
 */
import { align8 as up } from '../world/bytes.ts';
import type { Col, RunMemory } from '../world/world.ts';
import { kernelBytes } from './layout.ts';

/** WebAssembly's 32-bit limit, in 64 KiB pages. */
export const MAX_PAGES = 65536;

/** Pages of a memory of `bytes` bytes (with the unused first 64 bytes). */
export const pagesFor = (bytes: number) => Math.ceil((bytes + 64) / 65536) || 1;

export class Arena implements RunMemory {
  readonly memory: WebAssembly.Memory;
  private readonly buf: ArrayBuffer;
  private top = 64; // offset 0 stays unused: a null pointer means "no such column"
  private claimed = false;

  /** Throws a RangeError when the memory cannot be had (over 4 GiB, or the system refuses). */
  constructor(readonly bytes: number) {
    const pages = pagesFor(bytes);
    if (pages > MAX_PAGES) throw new RangeError(`a WebAssembly memory of ${pages} pages is over the 4 GiB limit`);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    this.buf = this.memory.buffer;
  }

  /** Bytes taken so far (beyond the unused first 64). */
  get used(): number { return this.top - 64; }

  /** Has no run claimed this memory yet? */
  get unclaimed(): boolean { return !this.claimed; }

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

  /** Does this typed array live in this memory? */
  holds(x: { buffer: ArrayBufferLike }): boolean { return x.buffer === this.buf; }

  f64(n: number) { return new Float64Array(this.buf, this.take(n * 8), n); }
  f32(n: number) { return new Float32Array(this.buf, this.take(n * 4), n); }
  i32(n: number) { return new Int32Array(this.buf, this.take(n * 4), n); }
  u8(n: number) { return new Uint8Array(this.buf, this.take(n), n); }
  i8(n: number) { return new Int8Array(this.buf, this.take(n), n); }

  copy<T extends Col | Int32Array | Int8Array | Uint8Array>(src: T): T {
    const out = (src instanceof Float64Array ? this.f64(src.length) : src instanceof Float32Array ? this.f32(src.length)
      : src instanceof Int32Array ? this.i32(src.length) : src instanceof Uint8Array ? this.u8(src.length) : this.i8(src.length)) as T;
    out.set(src as never);
    return out;
  }
}

/**
 * The kernel's MemoryFactory (sim/world/world.ts): a memory for a world of `worldBytes`
 * with room for one run of the kernel, which that run uses in place; null over 4 GiB
 * (then the world is made of plain typed arrays and the run copies what it needs).
 */
export function kernelMemory(worldBytes: number, n: number, narrow: boolean): Arena | null {
  const bytes = worldBytes + kernelBytes(n, narrow);
  if (pagesFor(bytes) > MAX_PAGES) return null;
  return new Arena(bytes);
}
