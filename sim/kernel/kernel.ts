/**
 * The poles' rules and the decisions in WebAssembly. The decision loop is generated
 * from sim/model/spec.ts twice, as the JavaScript reference (sim/model/decide.gen.ts)
 * and as the kernel's AssemblyScript (sim/model/gen/as.ts), with the same operations
 * in the same order; the poles' pass (as/poles.ts) is the reference's poleRules
 * (sim/model/poles.ts) by hand. So a run gives the same bytes with either
 * (test/model/kernel.test.ts). It is faster because V8 reloads every typed array's
 * base pointer and length inside hot loops and checks bounds on each access, and has
 * no SIMD for JavaScript, while the kernel reads its linear memory directly and
 * decides two countries per instruction.
 *
 * A run's state lives in one WebAssembly.Memory (arena.ts: typed-array views, so the
 * rest of hedgesim sees ordinary typed arrays). Its context block holds the pointer
 * and scalar slots of layout.ts, filled here from that table. The rare branches (a
 * pending deal, a retaliation imposed or lifted, an offer made or expired, an event row
 * when a value crosses a level) call back into JavaScript, which writes the state and
 * the event rows with the reference's own functions.
 */
import { KERNEL_WASM_BASE64 } from './decide.wasm.ts';
import { newState, type State } from '../model/state.ts';
import { align8 as up } from '../world/bytes.ts';
import { Arena, MAX_PAGES, pagesFor } from './arena.ts';
import { LAYOUT, kernelBytes, ringBytes, type Layout } from './layout.ts';
import { pendingDeal } from '../model/deal.ts';
import { endPoleRules, expireOffer, lifted, offerDeal, punish, startTalks } from '../model/poles.ts';
import { EXP_TABLE } from '../model/math.ts';
import { MODEL } from '../model/spec.ts';
import type { World } from '../world/world.ts';
import type { StepScalars } from '../model/utility.ts';
import type { Rng } from '../rng.ts';
import type { EventSink } from '../model/log.ts';

/** Why a pole punished a country, by the code the poles' pass gives (as/poles.ts). */
export const PUNISH_WHY = ['alignment moved toward the US', 'own tariff on Chinese goods', 'deal with anti-China clauses', 'alignment moved toward China', 'joint statement with China'] as const;

let compiled: WebAssembly.Module | null = null;
/** base64 to bytes without Buffer (also in a browser) */
export function fromBase64(b64: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return Buffer.from(b64, 'base64');
  const s = atob(b64), out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}
const kernelModule = () => (compiled ??= new WebAssembly.Module(fromBase64(KERNEL_WASM_BASE64) as BufferSource));

interface Exports {
  decide32(ctx: number, n: number): void; decide64(ctx: number, n: number): void;
  poles32(ctx: number, n: number, t: number): void; poles64(ctx: number, n: number, t: number): void;
  limitKernel(ctx: number, n: number): void;
}

type View = ArrayBufferView & ArrayLike<number>;

/**
 * The world columns the kernel reads, by pointer slot: null for a column it does without
 * (linkTo and linkW when links are offsets; starting trust that is one value for every
 * country, given as a scalar).
 */
function worldColumns(w: World, L: Layout): Map<string, View | null> {
  const out = new Map<string, View | null>();
  for (const p of L.ptrs) {
    if (p.kind !== 'world') continue;
    let v: View | null;
    if (p.name === 'linkOff') v = w.linkOff;
    else if (p.name === 'linkTo') v = w.linkOff === null ? w.linkTo : null;
    else if (p.name === 'linkW') v = w.linkOff === null ? w.linkW : null;
    else if (MODEL.columns[p.name]?.uniform && w.uniform) v = null;
    else v = (w as unknown as Record<string, View>)[MODEL.columns[p.name]?.world ?? p.name];
    if (v === undefined) throw new Error(`the kernel reads world column ${p.name}, which the world does not have`);
    out.set(p.name, v);
  }
  return out;
}

/** Are the world's rate and static columns all one width (Float32 or Float64)? */
function widthOf(w: World): 'narrow' | 'wide' | null {
  const narrow = w.eUS instanceof Float32Array;
  for (const [name, c] of Object.entries(MODEL.columns)) {
    if (c.from !== 'world' || c.type !== 'C' || (c.uniform && w.uniform)) continue;
    const v = (w as unknown as Record<string, unknown>)[c.world ?? name];
    if ((v instanceof Float32Array) !== narrow) return null;
  }
  return narrow ? 'narrow' : 'wide';
}

/** Bytes of a fresh memory for a run of world w: the kernel's own and copies of the world columns it reads. */
function freshBytes(w: World, narrow: boolean): number {
  let b = kernelBytes(w.n, narrow);
  for (const v of worldColumns(w, LAYOUT).values()) if (v !== null) b += up(v.byteLength);
  return b;
}

/** A run's state in WebAssembly memory and the kernel that decides on it. */
export class DecisionKernel {
  readonly state: State;
  private readonly ptr: Int32Array;
  private readonly sc: Float64Array;
  private readonly ctx: number;
  private readonly fn: (ctx: number, n: number) => void;
  private readonly polesFn: (ctx: number, n: number, t: number) => void;
  private readonly limitFn: (ctx: number, n: number) => void;
  private readonly rngWords: Int32Array;
  private readonly decideScalars = LAYOUT.scalars.filter((s) => s.group === 'decide');
  private readonly polesScalars = LAYOUT.scalars.filter((s) => s.group === 'poles');
  // what the callbacks need during a call
  private S: StepScalars | null = null;
  private t = 0;
  private log: EventSink | null = null;
  private imposed = [0, 0];

  /**
   * Why the kernel cannot run world w, or null when it can: columns of mixed widths (a
   * world not made by compileWorld), or a memory over WebAssembly's 4 GiB.
   */
  static unavailable(w: World): string | null {
    const width = widthOf(w);
    if (width === null) return 'its rate and static columns mix Float32 and Float64';
    if (!(w.arena instanceof Arena && w.arena.unclaimed)) {
      const pages = pagesFor(freshBytes(w, width === 'narrow'));
      if (pages > MAX_PAGES) return `it needs ${pages} pages of memory, over WebAssembly's 4 GiB (${MAX_PAGES} pages)`;
    }
    return null;
  }

  /**
   * The kernel for a run of w. Throws when it cannot run it (check unavailable() first).
   * `module`: another build of the kernel (tests compile mutated specs to check that the
   * agreement tests catch a term left out).
   */
  constructor(private readonly w: World, module?: WebAssembly.Module) {
    const why = DecisionKernel.unavailable(w);
    if (why) throw new Error(`the WebAssembly kernel cannot run this world: ${why}`);
    const narrow = widthOf(w) === 'narrow';
    const L = LAYOUT;
    // a synthetic world generated into a memory with room for one run: the first run uses
    // it in place; any other run gets its own memory with copies of the world's columns
    const claimed = w.arena instanceof Arena ? w.arena.claim() : null;
    const mem = claimed ?? new Arena(freshBytes(w, narrow));
    const usedBefore = mem.used;
    this.state = newState(w, mem);
    const st = this.state;
    this.ctx = mem.take(L.ctxBytes);
    const buf = mem.memory.buffer;
    this.ptr = new Int32Array(buf, this.ctx, L.nptrs);
    this.sc = new Float64Array(buf, this.ctx + L.nptrs * 4, L.nscalars);
    const rng = mem.take(16);
    this.rngWords = new Int32Array(buf, rng, 4);
    const own: Record<string, number> = {
      rng, expTable: mem.copy(EXP_TABLE).byteOffset, scratch: mem.take(L.scratchBytes),
      ring: w.linkOff !== null && ringBytes(w.n) > 0 ? mem.take(ringBytes(w.n)) : 0,
    };
    if (own.ring === 0 && ringBytes(w.n) > 0) mem.take(ringBytes(w.n)); // sized for it either way: keep the sizes exact
    const cols = worldColumns(w, L);
    for (const p of L.ptrs) {
      let at = 0;
      if (p.kind === 'own') at = own[p.name];
      else if (p.kind === 'state') at = ((st as unknown as Record<string, View>)[p.name]).byteOffset;
      else { const v = cols.get(p.name)!; at = v === null ? 0 : (mem.holds(v) ? v : mem.copy(v as never) as View).byteOffset; }
      this.ptr[p.slot] = at;
    }
    // every byte accounted for: the memory is exactly what layout.ts and state.ts say
    const expected = claimed ? kernelBytes(w.n, narrow) : freshBytes(w, narrow);
    if (mem.used - usedBefore !== expected) throw new Error(`kernel memory layout: used ${mem.used - usedBefore} bytes, sized for ${expected}`);
    const self = this;
    const dims = MODEL.dims;
    const inst = new WebAssembly.Instance(module ?? kernelModule(), {
      env: {
        memory: mem.memory,
        pendingDeal(i: number, u: number) { pendingDeal(self.w, self.state, self.S!, self.t, i, self.w.params.rationality, u, self.log!); },
        lifted(i: number) { lifted(self.w, self.state, self.t, i, self.log!); },
        impose(i: number, pole: number, why: number) { punish(self.w, self.state, self.t, i, pole as 0 | 1, PUNISH_WHY[why], self.log!); self.imposed[pole]++; },
        expire(i: number) { expireOffer(self.w, self.state, self.t, i, self.log!); },
        offer(i: number) { offerDeal(self.w, self.state, self.t, i, self.log!); },
        talks(i: number) { startTalks(self.w, self.state, self.t, i, self.log!); },
        crossed(d: number, i: number, before: number, after: number) {
          const log = self.log!, c = dims[d].cross!;
          if (log.keep) log.push(self.t, before < c.at ? c.up : c.down, self.w.ids[i], self.w.ids[i], +(after * 100).toPrecision(4), 'decision');
          else log.count++;
        },
      },
    });
    const ex = inst.exports as unknown as Exports;
    this.limitFn = ex.limitKernel;
    this.fn = narrow ? ex.decide32 : ex.decide64;
    this.polesFn = narrow ? ex.poles32 : ex.poles64;
  }

  /**
   * The benchmark's limit kernel on this state: each country's neighbours' alignments
   * summed into aNext, nothing else (worlds with 1-byte link offsets only).
   */
  limitPass(): void {
    if (this.w.linkOff === null) throw new Error('the limit kernel reads 1-byte link offsets');
    this.setAlignment();
    this.limitFn(this.ctx, this.w.n);
  }

  private setAlignment() {
    const slots = LAYOUT.ptrs;
    for (const p of slots) if (p.name === 'a') this.ptr[p.slot] = this.state.a.byteOffset; else if (p.name === 'aNext') this.ptr[p.slot] = this.state.aNext.byteOffset;
  }

  private fill(group: 'decide' | 'poles', S: StepScalars) {
    const P = this.w.params, st = this.state, w = this.w, sc = this.sc;
    const list = group === 'decide' ? this.decideScalars : this.polesScalars;
    for (let j = 0; j < list.length; j++) sc[list[j].slot] = list[j].fill(P, S, st, w);
    if (group === 'decide' && w.uniform) {
      for (const [name, c] of Object.entries(MODEL.columns)) {
        if (!c.uniform) continue;
        const slot = LAYOUT.scalars.find((s) => s.name === c.uniform)!.slot;
        sc[slot] = w.uniform[name as 'trustUS0' | 'trustCN0'];
      }
    }
  }

  /** poles.ts's poleRules(w, st, t, rng, log), on this kernel's state (trust recovery is in the decisions). */
  poles(t: number, S: StepScalars, rng: Rng, log: EventSink): void {
    this.setAlignment();
    this.fill('poles', S);
    this.t = t; this.log = log; this.imposed[0] = 0; this.imposed[1] = 0;
    rng.saveState(this.rngWords);
    this.polesFn(this.ctx, this.w.n, t);
    rng.loadState(this.rngWords);
    this.log = null;
    endPoleRules(this.w.params, this.state, this.imposed[0], this.imposed[1]);
  }

  /**
   * decide.gen.ts's decide(w, st, S, t, rng, log) and the swap of the alignment buffers
   * after it, on this kernel's state: on return st.a holds the new alignments.
   */
  decide(S: StepScalars, t: number, rng: Rng, log: EventSink): void {
    const st = this.state;
    this.setAlignment(); // swapped every step
    this.fill('decide', S);
    this.S = S; this.t = t; this.log = log;
    rng.saveState(this.rngWords);
    this.fn(this.ctx, this.w.n);
    rng.loadState(this.rngWords);
    this.S = null; this.log = null;
    // the new alignments are in `a` (links as offsets: updated in place) or in aNext (links as indices)
    if (this.w.linkOff === null) { const tmp = st.a; st.a = st.aNext; st.aNext = tmp; }
  }
}
