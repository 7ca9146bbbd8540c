/**
 * The decision phase in WebAssembly. sim/model/decide.ts is the reference: the
 * kernel (decide.as.ts, AssemblyScript, compiled into decide.wasm.ts) performs the
 * same floating-point operations in the same order and draws from the same random
 * stream, so a run gives the same bytes with either (test/model/kernel.test.ts
 * checks it on synthetic and listed worlds). It is faster because V8 reloads every
 * typed array's base pointer and length inside hot loops and checks bounds on each
 * access, while WebAssembly reads its linear memory directly.
 *
 * A run's state lives in one WebAssembly.Memory sized for it (an arena of typed-array
 * views: the rest of hedgesim sees ordinary typed arrays), with copies of the world
 * columns that the decision loop reads. The rare branches (a pending deal, an event
 * row when crackdown crosses one half) call back into JavaScript.
 */
import { KERNEL_WASM_BASE64 } from './decide.wasm.ts';
import { newState, stateBytes, type Alloc, type State } from '../model/state.ts';
import { pendingDeal } from '../model/decide.ts';
import { CRACKDOWN_SLACK, endPoleRules, expireOffer, liftRetaliation, offerDeal, retaliate } from '../model/poles.ts';
import { EXP_TABLE, tradeLoss } from '../model/math.ts';
import type { Col, World } from '../world/world.ts';
import type { StepScalars } from '../model/utility.ts';
import type { Rng } from '../rng.ts';
import type { EventSink } from '../model/log.ts';

// context layout: the same slots as decide.as.ts
const A = 0, AN = 1, K = 2, KFLOOR = 3, TUS = 4, TCN = 5, USEFF = 6, LUS = 7, LUSEXP = 8, LUSPEN = 9, DEAL = 10, OFFER = 11;
const AFFUS = 12, AFFCN = 13, EUS = 14, ECN = 15, MCN = 16, Q = 17, LSTART = 18, LOFF = 19, LTO = 20, LW = 21, EXPT = 22, RNG = 23;
const RETUNTIL = 24, ANTIDEAL = 25, COOLDOWN = 26, TUS0 = 27, TCN0 = 28, SCR = 29;
/** the kernel's scratch columns: 13 of BLOCK (64) f64 each */
const SCRATCH_BYTES = 13 * 64 * 8;
const PTRS = 32, NSCALARS = 40;

let compiled: WebAssembly.Module | null = null;
const kernelModule = () => (compiled ??= new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64')));

/** Bump allocation of typed-array views in one fixed-size WebAssembly.Memory (never grown: growing would detach the views). */
class Arena implements Alloc {
  readonly memory: WebAssembly.Memory;
  private readonly buf: ArrayBuffer;
  private top = 64; // offset 0 stays unused: a null pointer means "no such column"
  constructor(bytes: number) {
    const pages = Math.ceil((bytes + 64) / 65536) || 1;
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    this.buf = this.memory.buffer;
  }
  take(bytes: number): number {
    const at = this.top;
    this.top = (at + bytes + 7) & ~7;
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

interface Exports {
  decide32(ctx: number, n: number): void; decide64(ctx: number, n: number): void;
  poles32(ctx: number, n: number, t: number): void; poles64(ctx: number, n: number, t: number): void;
}

/** A run's state in WebAssembly memory and the kernel that decides on it. */
export class DecisionKernel {
  readonly state: State;
  private readonly ptr: Int32Array;
  private readonly sc: Float64Array;
  private readonly ctx: number;
  private readonly fn: (ctx: number, n: number) => void;
  // what the callbacks need during a call
  private S: StepScalars | null = null;
  private t = 0;
  private log: EventSink | null = null;

  /** null when the world's columns are of mixed widths (the JavaScript loop handles any world). */
  static for(w: World): DecisionKernel | null {
    const narrow = w.usBase0 instanceof Float32Array;
    const cols = [w.affUS, w.affCN, w.eUS, w.eCN, w.mCN, w.q, w.trustUS0, w.trustCN0];
    if (!cols.every((c) => (c instanceof Float32Array) === narrow)) return null;
    return new DecisionKernel(w, narrow);
  }

  private constructor(private readonly w: World, narrow: boolean) {
    const n = w.n, L = w.linkStart[n], width = narrow ? 4 : 8;
    const up = (b: number) => (b + 7) & ~7;
    const off = w.linkOff;
    const bytes = stateBytes(n, narrow) + 8 * up(n * width) + up((n + 1) * 4)
      + (off !== null ? up(L) : up(L * 4) + (w.linkW ? up(L * 4) : 0))
      + up(EXP_TABLE.length * 8) + (PTRS * 4 + NSCALARS * 8) + 16 + SCRATCH_BYTES + 64;
    const mem = new Arena(bytes);
    this.state = newState(w, mem);
    const st = this.state;
    this.ctx = mem.take(PTRS * 4 + NSCALARS * 8);
    const rng = mem.take(16);
    const buf = mem.memory.buffer;
    this.ptr = new Int32Array(buf, this.ctx, PTRS);
    this.sc = new Float64Array(buf, this.ctx + PTRS * 4, NSCALARS);
    const at = (x: { byteOffset: number } | null) => (x === null ? 0 : x.byteOffset);
    const p = this.ptr;
    p[K] = at(st.k); p[KFLOOR] = at(st.kFloor); p[TUS] = at(st.trustUS); p[TCN] = at(st.trustCN);
    p[USEFF] = at(st.usEff); p[LUS] = at(st.lossUS); p[LUSEXP] = at(st.lossUSExp); p[LUSPEN] = at(st.lossUSPen);
    p[DEAL] = at(st.deal); p[OFFER] = at(st.offerUntil);
    p[RETUNTIL] = at(st.retUntil); p[ANTIDEAL] = at(st.antiDeal); p[COOLDOWN] = at(st.cooldownUntil);
    p[TUS0] = at(mem.copy(w.trustUS0)); p[TCN0] = at(mem.copy(w.trustCN0));
    p[AFFUS] = at(mem.copy(w.affUS)); p[AFFCN] = at(mem.copy(w.affCN)); p[EUS] = at(mem.copy(w.eUS));
    p[ECN] = at(mem.copy(w.eCN)); p[MCN] = at(mem.copy(w.mCN)); p[Q] = at(mem.copy(w.q));
    p[LSTART] = at(mem.copy(w.linkStart));
    if (off !== null) p[LOFF] = at(mem.copy(off));
    else { p[LTO] = at(mem.copy(w.linkTo)); p[LW] = w.linkW ? at(mem.copy(w.linkW)) : 0; }
    p[EXPT] = at(mem.copy(EXP_TABLE));
    p[RNG] = rng;
    p[SCR] = mem.take(SCRATCH_BYTES);
    this.rngWords = new Int32Array(buf, rng, 4);
    const self = this;
    const inst = new WebAssembly.Instance(kernelModule(), {
      env: {
        memory: mem.memory,
        pendingDeal(i: number, u: number) { pendingDeal(self.w, self.state, self.S!, self.t, i, self.w.params.rationality, u, self.log!); },
        lifted(i: number) { liftRetaliation(self.w, self.state, self.t, i, self.log!); },
        impose(i: number, byDeal: number) { retaliate(self.w, self.state, self.t, i, byDeal === 1, self.log!); self.imposed++; },
        expire(i: number) { expireOffer(self.w, self.state, self.t, i, self.log!); },
        offer(i: number) { offerDeal(self.w, self.state, self.t, i, self.log!); },
        crossed(i: number, ki: number, kn: number) {
          const log = self.log!;
          if (log.keep) log.push(self.t, ki < 0.5 ? 'crackdown_up' : 'crackdown_down', self.w.ids[i], self.w.ids[i], +(kn * 100).toPrecision(4), 'decision');
          else log.count++;
        },
      },
    });
    const ex = inst.exports as unknown as Exports;
    (this as any).ex = ex;
    this.fn = narrow ? ex.decide32 : ex.decide64;
    this.polesFn = narrow ? ex.poles32 : ex.poles64;
  }

  private readonly polesFn: (ctx: number, n: number, t: number) => void;
  private imposed = 0;

  /** poles.ts's poleRules(w, st, t, rng, log), on this kernel's state. */
  poles(t: number, rng: Rng, log: EventSink): void {
    const P = this.w.params, st = this.state, p = this.ptr, s = this.sc;
    p[A] = st.a.byteOffset;
    s[20] = P.retThreshold;
    s[30] = P.retEnabled === 1 ? 1 : 0; s[31] = P.dealsEnabled === 1 ? 1 : 0; s[32] = P.retProbability;
    s[33] = P.dealMinAlignment; s[34] = P.dealMinCrackdown - CRACKDOWN_SLACK; s[35] = P.dealMaxTransshipment;
    s[36] = tradeLoss(P.dealRate, P.elasticity, P.passThrough); s[37] = P.trustRecovery;
    s[38] = P.volatilityTrustLoss * st.usVolatility; s[39] = P.retOnDeal;
    this.t = t; this.log = log; this.imposed = 0;
    rng.saveState(this.rngWords);
    this.polesFn(this.ctx, this.w.n, t);
    rng.loadState(this.rngWords);
    this.log = null;
    endPoleRules(P, st, this.imposed);
  }

  private readonly rngWords: Int32Array;

  /** decide.ts's decide(w, st, S, t, rng, log), on this kernel's state. */
  decide(S: StepScalars, t: number, rng: Rng, log: EventSink): void {
    const P = this.w.params, st = this.state, p = this.ptr, s = this.sc;
    p[A] = st.a.byteOffset; p[AN] = st.aNext.byteOffset; // swapped every step
    // the scalars of decide.ts, computed with the same expressions
    s[0] = P.rationality; s[1] = P.stepSize; s[2] = P.inertia; s[3] = P.adjustmentCost; s[4] = P.crackdownCost; s[5] = P.peerWeight;
    s[6] = P.securityWeight; s[7] = P.promiseWeight * 100; s[8] = S.riskRet * 100; s[9] = P.retShare; s[10] = S.lossRet;
    s[11] = P.dumpingWeight * 100; s[12] = P.chinaUSShare; s[13] = S.lossUC; s[14] = P.diversion;
    s[15] = S.indOn * 100; s[16] = P.indGain; s[17] = S.ecOn * 100; s[18] = P.ecCost; s[19] = P.hedgeValue * 100;
    s[20] = P.retThreshold; s[21] = P.indMaxAlignment; s[22] = P.ecThreshold; s[23] = 2 * P.retWidth;
    s[24] = P.transshipmentMargin; s[25] = P.detection * 100; s[26] = st.tauUC; s[27] = S.lossDeal; s[28] = P.dealCredit; s[29] = P.enforcementCost;
    this.S = S; this.t = t; this.log = log;
    rng.saveState(this.rngWords);
    this.fn(this.ctx, this.w.n);
    rng.loadState(this.rngWords);
    this.S = null; this.log = null;
  }
}
