/**
 * The poles' rules and the decisions in WebAssembly. sim/model/poles.ts and decide.ts
 * are the reference: the kernel (decide.as.ts, AssemblyScript, compiled into
 * decide.wasm.ts) performs the same floating-point operations in the same order and
 * draws from the same random stream in the same order, so a run gives the same bytes
 * with either (test/model/kernel.test.ts checks it on synthetic and listed worlds). It
 * is faster because V8 reloads every typed array's base pointer and length inside hot
 * loops and checks bounds on each access, and has no SIMD for JavaScript, while the
 * kernel reads its linear memory directly and decides two countries per instruction.
 *
 * A run's state lives in one WebAssembly.Memory (sim/kernel/arena.ts: typed-array
 * views, so the rest of hedgesim sees ordinary typed arrays). A synthetic world is
 * generated into such a memory with room for its first run; other runs copy the
 * world columns that the kernel reads. The rare branches (a pending deal, a
 * retaliation imposed or lifted, an offer made or expired, an event row when
 * crackdown crosses one half) call back into JavaScript, which writes the state and
 * the event rows with the reference's own functions.
 */
import { KERNEL_WASM_BASE64 } from './decide.wasm.ts';
import { align8 as up, newState, type State } from '../model/state.ts';
import { Arena, kernelBytes, ringBytes, CTX_BYTES, SCRATCH_BYTES } from './arena.ts';
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
const RETUNTIL = 24, ANTIDEAL = 25, COOLDOWN = 26, TUS0 = 27, TCN0 = 28, SCR = 29, EXT = 30;
const PTRS = 32, NSCALARS = 42; // CTX_BYTES = PTRS * 4 + NSCALARS * 8

let compiled: WebAssembly.Module | null = null;
const kernelModule = () => (compiled ??= new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, 'base64')));

interface Exports {
  decide32(ctx: number, n: number): void; decide64(ctx: number, n: number): void;
  poles32(ctx: number, n: number, t: number): void; poles64(ctx: number, n: number, t: number): void;
  limitKernel(ctx: number, n: number): void;
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

  /**
   * null when the world's columns are of mixed widths, or when its memory cannot be had
   * (over 4 GiB: WebAssembly's 32-bit limit): the JavaScript loop handles any world.
   */
  static for(w: World): DecisionKernel | null {
    const narrow = w.eUS instanceof Float32Array;
    const cols = [w.affUS, w.affCN, w.eUS, w.eCN, w.mCN, w.q, ...(w.uniform ? [] : [w.trustUS0, w.trustCN0])];
    if (!cols.every((c) => (c instanceof Float32Array) === narrow)) return null;
    try {
      return new DecisionKernel(w, narrow);
    } catch (e) {
      if (e instanceof RangeError) return null;
      throw e;
    }
  }

  private constructor(private readonly w: World, narrow: boolean) {
    // a synthetic world is generated into a memory with room for one run: the first run
    // uses it in place; any other run gets its own memory with copies of the world's columns
    const own = w.arena?.claim() ?? null;
    const mem = own ?? new Arena(kernelBytes(w.n, narrow) + worldCopyBytes(w, narrow));
    const place = <T extends Col | Int32Array | Int8Array>(x: T): T => (x.buffer === mem.memory.buffer ? x : mem.copy(x));
    this.state = newState(w, mem);
    const st = this.state;
    this.ctx = mem.take(CTX_BYTES);
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
    // starting trust: a column, or one value for every country (slot 0 = none; scalars 40 and 41)
    if (w.uniform) { this.sc[40] = w.uniform.trustUS0; this.sc[41] = w.uniform.trustCN0; } else { p[TUS0] = at(place(w.trustUS0)); p[TCN0] = at(place(w.trustCN0)); }
    p[AFFUS] = at(place(w.affUS)); p[AFFCN] = at(place(w.affCN)); p[EUS] = at(place(w.eUS));
    p[ECN] = at(place(w.eCN)); p[MCN] = at(place(w.mCN)); p[Q] = at(place(w.q));
    p[LSTART] = at(place(w.linkStart));
    if (w.linkOff !== null) p[LOFF] = at(place(w.linkOff));
    else { p[LTO] = at(place(w.linkTo)); p[LW] = w.linkW ? at(place(w.linkW)) : 0; }
    p[EXPT] = at(mem.copy(EXP_TABLE));
    p[RNG] = rng;
    p[SCR] = mem.take(SCRATCH_BYTES);
    if (w.linkOff !== null && ringBytes(w.n) > 0) p[EXT] = mem.take(ringBytes(w.n));
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
    this.limitFn = ex.limitKernel;
    this.fn = narrow ? ex.decide32 : ex.decide64;
    this.polesFn = narrow ? ex.poles32 : ex.poles64;
  }

  private readonly polesFn: (ctx: number, n: number, t: number) => void;
  private readonly limitFn: (ctx: number, n: number) => void;

  /**
   * The benchmark's limit kernel on this state: each country's neighbours' alignments
   * summed into aNext, nothing else (worlds with 1-byte link offsets only).
   */
  limitPass(): void {
    if (this.w.linkOff === null) throw new Error('the limit kernel reads 1-byte link offsets');
    this.ptr[A] = this.state.a.byteOffset; this.ptr[AN] = this.state.aNext.byteOffset;
    this.limitFn(this.ctx, this.w.n);
  }
  private imposed = 0;

  /** poles.ts's poleRules(w, st, t, rng, log), on this kernel's state. */
  poles(t: number, rng: Rng, log: EventSink): void {
    const P = this.w.params, st = this.state, p = this.ptr, s = this.sc;
    p[A] = st.a.byteOffset;
    s[20] = P.retThreshold;
    s[30] = P.retEnabled === 1 ? 1 : 0; s[31] = P.dealEnabled === 1 ? 1 : 0; s[32] = P.retProbability;
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

  /**
   * decide.ts's decide(w, st, S, t, rng, log) and the swap of the alignment buffers
   * after it, on this kernel's state: on return st.a holds the new alignments.
   */
  decide(S: StepScalars, t: number, rng: Rng, log: EventSink): void {
    const P = this.w.params, st = this.state, p = this.ptr, s = this.sc;
    p[A] = st.a.byteOffset; p[AN] = st.aNext.byteOffset; // swapped every step
    // the scalars of decide.ts, computed with the same expressions
    s[0] = P.rationality; s[1] = P.stepSize; s[2] = P.inertia; s[3] = P.adjustmentCost; s[4] = P.crackdownCost; s[5] = P.peerWeight;
    s[6] = P.securityWeight; s[7] = P.promiseWeight * 100; s[8] = S.riskRet * 100; s[9] = P.retShare; s[10] = S.lossRet;
    s[11] = P.dumpingWeight * 100; s[12] = P.chinaUsShare; s[13] = S.lossUC; s[14] = P.diversion;
    s[15] = S.indOn * 100; s[16] = P.indGain; s[17] = S.ecOn * 100; s[18] = P.ecCost; s[19] = P.hedgeValue * 100;
    s[20] = P.retThreshold; s[21] = P.indMaxAlignment; s[22] = P.ecThreshold; s[23] = 2 * P.retWidth;
    s[24] = P.transshipmentMargin; s[25] = P.detection * 100; s[26] = st.tauUC; s[27] = S.lossDeal; s[28] = P.dealCredit; s[29] = P.enforcementCost;
    this.S = S; this.t = t; this.log = log;
    rng.saveState(this.rngWords);
    this.fn(this.ctx, this.w.n);
    rng.loadState(this.rngWords);
    this.S = null; this.log = null;
    // the new alignments are in `a` (links as offsets: updated in place) or in aNext (links as indices)
    if (this.w.linkOff === null) { const tmp = st.a; st.a = st.aNext; st.aNext = tmp; }
  }
}

/** Bytes of the world's columns that the kernel reads, when they must be copied into a run's memory. */
function worldCopyBytes(w: World, narrow: boolean): number {
  const n = w.n, L = w.linkStart[n];
  return 8 * up(n * (narrow ? 4 : 8)) + up((n + 1) * 4) + (w.linkOff !== null ? up(L) : up(L * 4) + (w.linkW ? up(L * 4) : 0));
}
