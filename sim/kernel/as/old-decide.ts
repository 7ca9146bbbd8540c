// AssemblyScript source of the WebAssembly kernel (compiled by sim/kernel/build.mjs
// into decide.wasm.ts; `npm run kernel:build`). It runs two phases of a step:
//   poles32/poles64    the poles' rules (sim/model/poles.ts, without trust recovery,
//                      which the decision pass does: only country i reads its trust)
//   decide32/decide64  the decisions (sim/model/decide.ts)
// and limitKernel, the benchmark's neighbour pass alone. 32/64: the width of the rate
// and static columns (Float32 in synthetic worlds, Float64 in listed ones).
// poles.ts and decide.ts are the reference: this code does the same floating-point
// operations in the same order and draws the same random numbers in the same order,
// so it gives the same bits (test/model/kernel.test.ts checks it). Keep them in step.
//
// Memory: every column lives in the run's WebAssembly.Memory (sim/kernel/kernel.ts
// and arena.ts lay it out). The context block at `ctx` holds the columns' byte
// offsets (i32) followed by the step's scalars (f64); the random stream's 4 words are
// read at the start of a phase and written back at its end.

// rare branches call back into JavaScript
@external("env", "pendingDeal") declare function pendingDeal(i: i32, u: f64): void;
@external("env", "crossed") declare function crossed(i: i32, ki: f64, kn: f64): void;
@external("env", "lifted") declare function lifted(i: i32): void;
@external("env", "impose") declare function impose(i: i32, byDeal: i32): void;
@external("env", "expire") declare function expire(i: i32): void;
@external("env", "offer") declare function offer(i: i32): void;

// context layout (i32 slots), in sim/kernel/kernel.ts too
const A = 0, AN = 1, K = 2, KFLOOR = 3, TUS = 4, TCN = 5, USEFF = 6, LUS = 7, LUSEXP = 8, LUSPEN = 9, DEAL = 10, OFFER = 11;
const AFFUS = 12, AFFCN = 13, EUS = 14, ECN = 15, MCN = 16, Q = 17, LSTART = 18, LOFF = 19, LTO = 20, LW = 21, EXPT = 22, RNG = 23;
const RETUNTIL = 24, ANTIDEAL = 25, COOLDOWN = 26, TUS0 = 27, TCN0 = 28, SCR = 29, EXT = 30;
/** countries per block of the paired stages (even); the scratch columns hold 13 x BLOCK f64 */
const BLOCK = 64;
const PTRS = 32; // f64 scalars start at byte ctx + PTRS * 4 (8-aligned)
// f64 scalar slots
const LAM = 0, D = 1, MU = 2, ADJ = 3, KC = 4, PEERW = 5, SW = 6, PW100 = 7, RET100 = 8, RETSHARE = 9, LOSSRET = 10;
const DUMP100 = 11, CUS = 12, LOSSUC = 13, DIVERSION = 14, IND100 = 15, INDGAIN = 16, EC100 = 17, ECCOST = 18, HV100 = 19;
const THR = 20, INDMAX = 21, ECTHR = 22, W2 = 23, MARGIN = 24, DET100 = 25, TAUUC = 26, LOSSDEAL = 27, DEALCREDIT = 28, ENF = 29;
// the poles' rules (poles.ts)
const RETON = 30, DEALSON = 31, PRET = 32, MINA = 33, MINK = 34, MAXQ = 35, PLOSSDEAL = 36, REC = 37, VOLLOSS = 38, RETONDEAL = 39;
// starting trust when it is one value for every country (TUS0 and TCN0 are then 0)
const UTUS0 = 40, UTCN0 = 41;

const EXP_RES: f64 = 128;
const EXP_LIM: f64 = 40 * 128;

@inline function p(ctx: i32, slot: i32): i32 { return load<i32>(ctx + (slot << 2)); }
@inline function s(ctx: i32, slot: i32): f64 { return load<f64>(ctx + (PTRS << 2) + (slot << 3)); }

// math.ts expNeg: exp(-z) by linear interpolation in the table
@inline function expNeg(tab: i32, z: f64): f64 {
  const x = z * EXP_RES;
  if (!(x < EXP_LIM)) return 0;
  const i = <i32>x;
  const f = x - <f64>i;
  const t0 = load<f64>(tab + (i << 3));
  return t0 + f * (load<f64>(tab + (i << 3) + 8) - t0);
}

@inline function smooth(u: f64): f64 {
  return u <= 0 ? 0 : u >= 1 ? 1 : u * u * (3 - 2 * u);
}

// two countries at once (f64x2): each lane does the scalar loop's operations in its order,
// and the scalar loop's conditionals are lane selects, so every lane gives the scalar bits
const Z0: v128 = f64x2(0, 0);
const ONE: v128 = f64x2(1, 1);
const HALF: v128 = f64x2(0.5, 0.5);
const TWO: v128 = f64x2(2, 2);
const THREE: v128 = f64x2(3, 3);
const MONE: v128 = f64x2(-1, -1);
const HUNDRED: v128 = f64x2(100, 100);
const FIVEHUN: v128 = f64x2(0.05, 0.05);
const VRES: v128 = f64x2(EXP_RES, EXP_RES);
const VLIM: v128 = f64x2(EXP_LIM, EXP_LIM);
@inline function add(a: v128, b: v128): v128 { return f64x2.add(a, b); }
@inline function sub(a: v128, b: v128): v128 { return f64x2.sub(a, b); }
@inline function mul(a: v128, b: v128): v128 { return f64x2.mul(a, b); }
@inline function div(a: v128, b: v128): v128 { return f64x2.div(a, b); }
/** cond ? yes : no, lane by lane */
@inline function sel(cond: v128, yes: v128, no: v128): v128 { return v128.bitselect(yes, no, cond); }
@inline function pair(x: f64, y: f64): v128 { return f64x2.replace_lane(f64x2.splat(x), 1, y); }
@inline function ld64(p: i32, i: i32): v128 { return v128.load(p + (i << 3)); }
/** two consecutive elements of a rate or static column, as f64 */
@inline function ldc<C>(p: i32, i: i32): v128 {
  if (sizeof<C>() == 4) return f64x2.promote_low_f32x4(v128.load64_zero(p + (i << 2)));
  return v128.load(p + (i << 3));
}
@inline function smooth2(u: v128): v128 {
  // u <= 0 ? 0 : u >= 1 ? 1 : poly(u) is poly(clamp(u, 0, 1)) bit for bit (poly(0) = 0, poly(1) = 1);
  // pmax(a, b) = a < b ? b : a and pmin(a, b) = b < a ? b : a are one instruction each
  const v = f64x2.pmin(f64x2.pmax(u, Z0), ONE);
  return mul(mul(v, v), sub(THREE, mul(TWO, v)));
}
/** the logit weight of an option with utility u when the best is m: u == m ? 1 : expNeg(lam * (m - u)) (math.ts) */
@inline function weight2(tab: i32, lam: v128, m: v128, u: v128): v128 {
  const x = mul(mul(lam, sub(m, u)), VRES);
  const iv = i32x4.trunc_sat_f64x2_s_zero(f64x2.pmin(x, VLIM));
  const f = sub(x, f64x2.convert_low_i32x4_s(iv));
  const p0 = v128.load(tab + (i32x4.extract_lane(iv, 0) << 3)), p1 = v128.load(tab + (i32x4.extract_lane(iv, 1) << 3));
  const t0 = v128.shuffle<f64>(p0, p1, 0, 2), t1 = v128.shuffle<f64>(p0, p1, 1, 3);
  // (u == m gives x = 0, f = 0 and the table's first value, exp(0) = 1: the scalar loop's 1)
  return sel(f64x2.lt(x, VLIM), add(t0, mul(f, sub(t1, t0))), Z0);
}
/** U(x) of decide.ts without the peer and adjustment terms, for two countries */
@inline function util2(x: v128, cUS: v128, cCN: v128, cRet: v128, cDump: v128, cInd: v128, cEc: v128, cHedge: v128, thr: v128, indMax: v128, ecThr: v128, w2: v128): v128 {
  const half = HALF, one = ONE;
  const sRet = smooth2(add(div(sub(x, thr), w2), half)), sInd = smooth2(add(div(sub(x, indMax), w2), half)), sEc = smooth2(add(div(sub(x, ecThr), w2), half));
  const lin = sel(f64x2.gt(x, Z0), mul(cUS, x), mul(f64x2.neg(cCN), x));
  return add(sub(add(sub(sub(lin, mul(cRet, sRet)), mul(mul(cDump, sub(one, x)), half)), mul(cInd, sub(one, sInd))), mul(cEc, sEc)), mul(cHedge, sub(one, mul(x, x))));
}
/** the choice among three options by a uniform draw u: r = u * (w0 + w1 + w2); r < w0 ? o0 : r < w0 + w1 ? o1 : o2 */
@inline function pick2(u: v128, w0: v128, w1: v128, w2: v128, o0: v128, o1: v128, o2: v128): v128 {
  const r = mul(u, add(add(w0, w1), w2));
  return sel(f64x2.lt(r, w0), o0, sel(f64x2.lt(r, add(w0, w1)), o1, o2));
}
@inline function max3(u0: v128, u1: v128, u2: v128): v128 {
  // u0 > u1 ? (u0 > u2 ? u0 : u2) : u1 > u2 ? u1 : u2, which is this (no NaN)
  return f64x2.pmax(u2, f64x2.pmax(u1, u0));
}

/** Country i's new alignment set aside: the first 127 in `held`, the others in a ring of 256 (by i mod 256). */
@inline function keep(ring: i32, held: i32, i: i32, v: f64): void {
  if (i < 127) store<f64>(held + (i << 3), v); else store<f64>(ring + ((i & 255) << 3), v);
}

/** Sum of row [s0, e0)'s values at base + 8 * offset, in the order of the row (the reference's order), unrolled by four. */
@inline function sumRow(base: i32, off: i32, s0: i32, e0: i32): f64 {
  let acc: f64 = 0;
  let j = s0;
  for (; j + 4 <= e0; j += 4) {
    acc += load<f64>(base + (<i32>load<i8>(off + j) << 3));
    acc += load<f64>(base + (<i32>load<i8>(off + j + 1) << 3));
    acc += load<f64>(base + (<i32>load<i8>(off + j + 2) << 3));
    acc += load<f64>(base + (<i32>load<i8>(off + j + 3) << 3));
  }
  for (; j < e0; j++) acc += load<f64>(base + (<i32>load<i8>(off + j) << 3));
  return acc;
}

/** The same for a row within 127 of an end of the arrays: partner indices wrap around modulo n. */
@inline function sumWrapped(a: i32, off: i32, n: i32, i: i32, s0: i32, e0: i32): f64 {
  let acc: f64 = 0;
  for (let j = s0; j < e0; j++) {
    let x = i + <i32>load<i8>(off + j);
    x = x < 0 ? x + n : x >= n ? x - n : x;
    acc += load<f64>(a + (x << 3));
  }
  return acc;
}

/** Mean alignment of row i's partners from `a` (1-byte offsets; rows within 127 of an end wrap), a[i] without partners. */
@inline function meanOff(a: i32, start: i32, off: i32, n: i32, lo: i32, hi: i32, i: i32): f64 {
  const s0 = load<i32>(start + (i << 2)), e0 = load<i32>(start + (i << 2) + 4);
  if (e0 == s0) return load<f64>(a + (i << 3));
  const acc = i >= lo && i < hi ? sumRow(a + (i << 3), off, s0, e0) : sumWrapped(a, off, n, i, s0, e0);
  return acc / <f64>(e0 - s0);
}

/** The same from the ring copy `ext` (alignments with 127 wrapped values on each side): no wrap test. */
@inline function meanExt(a: i32, ext: i32, start: i32, off: i32, i: i32): f64 {
  const s0 = load<i32>(start + (i << 2)), e0 = load<i32>(start + (i << 2) + 4);
  if (e0 == s0) return load<f64>(a + (i << 3));
  return sumRow(ext + ((127 + i) << 3), off, s0, e0) / <f64>(e0 - s0);
}

/** The partners' mean alignment into aNext (decide.ts, first pass), for links stored as indices. */
function peers(ctx: i32, n: i32): void {
  const a = p(ctx, A), aN = p(ctx, AN), start = p(ctx, LSTART);
  {
    const to = p(ctx, LTO), lw = p(ctx, LW);
    for (let i = 0; i < n; i++) {
      const s0 = load<i32>(start + (i << 2)), e0 = load<i32>(start + (i << 2) + 4);
      if (e0 == s0) { store<f64>(aN + (i << 3), load<f64>(a + (i << 3))); continue; }
      let acc: f64 = 0;
      if (lw != 0) {
        for (let j = s0; j < e0; j++) acc += <f64>load<f32>(lw + (j << 2)) * load<f64>(a + (load<i32>(to + (j << 2)) << 3));
      } else {
        for (let j = s0; j < e0; j++) acc += load<f64>(a + (load<i32>(to + (j << 2)) << 3));
        acc /= <f64>(e0 - s0);
      }
      store<f64>(aN + (i << 3), acc);
    }
  }
}

/** The decision loop (decide.ts, second loop). C: element type of the rate and static columns. */
function decideT<C>(ctx: i32, n: i32): void {
  const a = p(ctx, A), aN = p(ctx, AN), k = p(ctx, K), kFloor = p(ctx, KFLOOR);
  // Links as 1-byte offsets (synthetic worlds): partners sit within 127 positions, so the
  // new alignments are written into `a` itself, each once no country left to decide reads
  // its old value (aNext is not used: 8 MB per million countries never touched). Small
  // worlds read old values from the ring copy and write `a` at once; larger ones keep a
  // country's new value aside (ring of 256, and the first 127, which the last rows read
  // across the wrap) until the countries being decided are more than 127 positions on.
  // Links as indices: the partners' means go into aNext first, new alignments after them
  // (kernel.ts swaps the buffers).
  const off = p(ctx, LOFF), ext = p(ctx, EXT), inplace = off != 0;
  const lo = n < 127 ? n : 127, hi = n - 127 > lo ? n - 127 : lo;
  if (!inplace) peers(ctx, n);
  else if (ext != 0) {
    memory.copy(ext, a + ((n - 127) << 3), 127 << 3);
    memory.copy(ext + (127 << 3), a, n << 3);
    memory.copy(ext + ((127 + n) << 3), a, 127 << 3);
  }
  const trustUS = p(ctx, TUS), trustCN = p(ctx, TCN), usEff = p(ctx, USEFF);
  const lossUS = p(ctx, LUS), lossUSExp = p(ctx, LUSEXP), lossUSPen = p(ctx, LUSPEN), deal = p(ctx, DEAL), offerUntil = p(ctx, OFFER);
  const affUS = p(ctx, AFFUS), affCN = p(ctx, AFFCN), eUS = p(ctx, EUS), eCN = p(ctx, ECN), mCN = p(ctx, MCN), qa = p(ctx, Q);
  const start = p(ctx, LSTART), tab = p(ctx, EXPT), rngp = p(ctx, RNG), trustUS0 = p(ctx, TUS0), trustCN0 = p(ctx, TCN0);
  const rec = s(ctx, REC), volLoss = s(ctx, VOLLOSS);
  const unif = trustUS0 == 0, uUS = s(ctx, UTUS0), uCN = s(ctx, UTCN0);
  const lam = s(ctx, LAM), d = s(ctx, D), mu = s(ctx, MU), adj = s(ctx, ADJ), kc = s(ctx, KC), peerW = s(ctx, PEERW);
  const sw = s(ctx, SW), pw100 = s(ctx, PW100), ret100 = s(ctx, RET100), retShare = s(ctx, RETSHARE), lossRet = s(ctx, LOSSRET);
  const dump100 = s(ctx, DUMP100), cus = s(ctx, CUS), lossUC = s(ctx, LOSSUC), diversion = s(ctx, DIVERSION);
  const ind100 = s(ctx, IND100), indGain = s(ctx, INDGAIN), ec100 = s(ctx, EC100), ecCost = s(ctx, ECCOST), hv100 = s(ctx, HV100);
  const thr = s(ctx, THR), indMax = s(ctx, INDMAX), ecThr = s(ctx, ECTHR), w2 = s(ctx, W2);
  const margin = s(ctx, MARGIN), det100 = s(ctx, DET100), tauUC = s(ctx, TAUUC), lossDeal = s(ctx, LOSSDEAL);
  const dealCredit = s(ctx, DEALCREDIT), enf = s(ctx, ENF);
  const sh = <i32>alignof<C>();
  let ra = load<i32>(rngp), rb = load<i32>(rngp + 4), rc = load<i32>(rngp + 8), rd = load<i32>(rngp + 12);
  let i = 0;
  let commit = n < 127 ? n : 127; // next country whose new alignment goes from the ring into a
  const ring = p(ctx, SCR) + 14 * BLOCK * 8, held = ring + 256 * 8;
  {
    // Countries go in pairs (f64x2), in blocks of BLOCK, in stages that keep few values
    // live at a time (V8 has 16 vector registers; one long loop body spills most of its
    // values to the stack): the block's draws, in the scalar order; trust and the
    // alignment options' utilities; the crackdown options' values; the two choices; then
    // country by country the rare branches and the crackdown update. Scratch columns of
    // BLOCK values each hold what one stage hands to the next.
    const scr = p(ctx, SCR);
    const sU0 = scr, sU1 = scr + BLOCK * 8, sU2 = scr + 2 * BLOCK * 8, sX0 = scr + 3 * BLOCK * 8, sX2 = scr + 4 * BLOCK * 8;
    const sV0 = scr + 5 * BLOCK * 8, sV1 = scr + 6 * BLOCK * 8, sV2 = scr + 7 * BLOCK * 8, sC1 = scr + 8 * BLOCK * 8;
    const sDA = scr + 9 * BLOCK * 8, sDK = scr + 10 * BLOCK * 8, sDD = scr + 11 * BLOCK * 8, sKN = scr + 12 * BLOCK * 8;
    const sM = scr + 13 * BLOCK * 8;
    const even = n & ~1;
    for (let b0 = 0; b0 < even; b0 += BLOCK) {
      const b1 = b0 + BLOCK < even ? b0 + BLOCK : even;
      // the draws: i's alignment, crackdown (and pending deal), then i + 1's
      for (let j = b0; j < b1; j++) {
        const o = (j - b0) << 3;
        let tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
        store<f64>(sDA + o, <f64><u32>tt / 4294967296.0);
        tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
        store<f64>(sDK + o, <f64><u32>tt / 4294967296.0);
        if (load<i32>(offerUntil + (j << 2)) >= 0) {
          tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
          store<f64>(sDD + o, <f64><u32>tt / 4294967296.0);
        }
      }
      // the partners' mean alignments (old values: none of these countries' partners has a new one in `a` yet)
      if (inplace) {
        if (ext != 0) for (let j = b0; j < b1; j++) store<f64>(sM + ((j - b0) << 3), meanExt(a, ext, start, off, j));
        else for (let j = b0; j < b1; j++) store<f64>(sM + ((j - b0) << 3), meanOff(a, start, off, n, lo, hi, j));
      }
      // trust (poles.ts, end of the rules' loop: only country i reads its trust, so it is done here) and the alignment options
      for (let j = b0; j < b1; j += 2) {
        const o = (j - b0) << 3;
        const oUS = ld64(trustUS, j), oCN = ld64(trustCN, j);
        const t0US = unif ? f64x2.splat(uUS) : ldc<C>(trustUS0, j), t0CN = unif ? f64x2.splat(uCN) : ldc<C>(trustCN0, j);
        let tUS = sub(add(oUS, mul(f64x2.splat(rec), sub(t0US, oUS))), f64x2.splat(volLoss));
        tUS = f64x2.pmin(f64x2.pmax(tUS, Z0), ONE); // tUS < 0 ? 0 : tUS > 1 ? 1 : tUS
        const tCN = add(oCN, mul(f64x2.splat(rec), sub(t0CN, oCN)));
        v128.store(trustUS + (j << 3), tUS); v128.store(trustCN + (j << 3), tCN);
        const ai = ld64(a, j);
        const eCNi = ldc<C>(eCN, j), mCNi = ldc<C>(mCN, j), eUSi = ldc<C>(eUS, j);
        const cUS = add(mul(mul(f64x2.splat(sw), ldc<C>(affUS, j)), tUS), mul(mul(f64x2.splat(pw100), tUS), eUSi));
        const cCN = add(mul(mul(f64x2.splat(sw), ldc<C>(affCN, j)), tCN), mul(mul(f64x2.splat(pw100), tCN), eCNi));
        const cRet = mul(mul(mul(f64x2.splat(ret100), eCNi), f64x2.splat(retShare)), f64x2.splat(lossRet));
        const cDump = mul(mul(mul(mul(f64x2.splat(dump100), mCNi), f64x2.splat(cus)), f64x2.splat(lossUC)), f64x2.splat(diversion));
        const cInd = mul(mul(mul(f64x2.splat(ind100), eCNi), f64x2.splat(indGain)), tCN);
        const cEc = mul(mul(f64x2.splat(ec100), mCNi), f64x2.splat(ecCost));
        const cHedge = mul(f64x2.splat(hv100), f64x2.pmin(eCNi, eUSi)); // eUS < eCN ? eUS : eCN
        const abar = inplace ? v128.load(sM + o) : ld64(aN, j);
        const s0 = load<i32>(start + (j << 2)), s1 = load<i32>(start + (j << 2) + 4), s2 = load<i32>(start + (j << 2) + 8);
        const pw = pair(s1 > s0 ? peerW : 0, s2 > s1 ? peerW : 0);
        const am = sub(ai, f64x2.splat(d)), ap = add(ai, f64x2.splat(d));
        const x0 = f64x2.pmax(am, MONE), x2 = f64x2.pmin(ap, ONE); // am < -1 ? -1 : am; ap > 1 ? 1 : ap
        const THRv = f64x2.splat(thr), INDMAXv = f64x2.splat(indMax), ECTHRv = f64x2.splat(ecThr), W2v = f64x2.splat(w2), ADJv = f64x2.splat(adj);
        const d0 = sub(x0, abar), d1 = sub(ai, abar), d2 = sub(x2, abar), j0 = sub(x0, ai), j2 = sub(x2, ai);
        v128.store(sU0 + o, sub(sub(util2(x0, cUS, cCN, cRet, cDump, cInd, cEc, cHedge, THRv, INDMAXv, ECTHRv, W2v), mul(mul(pw, d0), d0)), mul(mul(ADJv, j0), j0)));
        v128.store(sU1 + o, sub(util2(ai, cUS, cCN, cRet, cDump, cInd, cEc, cHedge, THRv, INDMAXv, ECTHRv, W2v), mul(mul(pw, d1), d1)));
        v128.store(sU2 + o, sub(sub(util2(x2, cUS, cCN, cRet, cDump, cInd, cEc, cHedge, THRv, INDMAXv, ECTHRv, W2v), mul(mul(pw, d2), d2)), mul(mul(ADJv, j2), j2)));
        v128.store(sX0 + o, x0); v128.store(sX2 + o, x2);
      }
      // the crackdown options' values
      for (let j = b0; j < b1; j += 2) {
        const o = (j - b0) << 3;
        const ki = ld64(k, j), f = ld64(kFloor, j), q = ldc<C>(qa, j), eUSi = ldc<C>(eUS, j), tUS = ld64(trustUS, j);
        const gap = sub(f64x2.splat(tauUC), ldc<C>(usEff, j));
        const rent = mul(mul(mul(mul(HUNDRED, q), eUSi), f64x2.splat(margin)), f64x2.pmax(Z0, gap));
        const risk = mul(mul(mul(f64x2.splat(det100), q), eUSi), sub(ldc<C>(lossUSPen, j), ldc<C>(lossUS, j)));
        const gain = sub(ldc<C>(lossUSExp, j), f64x2.splat(lossDeal));
        const dealt = f64x2.ne(pair(<f64>load<u8>(deal + j), <f64>load<u8>(deal + j + 1)), Z0);
        const credit = sel(dealt, Z0, mul(mul(mul(mul(mul(f64x2.splat(dealCredit), div(q, add(q, FIVEHUN))), tUS), HUNDRED), eUSi), f64x2.pmax(Z0, gain)));
        const cc0 = sub(rent, risk), cc1 = sub(credit, f64x2.splat(enf));
        const c1 = mul(HALF, add(f, ONE));
        const KCv = f64x2.splat(kc);
        const fk = sub(f, ki), ck = sub(c1, ki), ok = sub(ONE, ki);
        v128.store(sV0 + o, sub(add(mul(cc0, sub(ONE, f)), mul(cc1, f)), mul(mul(KCv, fk), fk)));
        v128.store(sV1 + o, sub(add(mul(cc0, sub(ONE, c1)), mul(cc1, c1)), mul(mul(KCv, ck), ck)));
        v128.store(sV2 + o, sub(cc1, mul(mul(KCv, ok), ok)));
        v128.store(sC1 + o, c1);
      }
      // the two choices
      for (let j = b0; j < b1; j += 2) {
        const o = (j - b0) << 3;
        const LAMv = f64x2.splat(lam), MUv = f64x2.splat(mu);
        const u0 = v128.load(sU0 + o), u1 = v128.load(sU1 + o), u2 = v128.load(sU2 + o);
        let m = max3(u0, u1, u2);
        const ai = ld64(a, j);
        const x = pick2(v128.load(sDA + o), weight2(tab, LAMv, m, u0), weight2(tab, LAMv, m, u1), weight2(tab, LAMv, m, u2), v128.load(sX0 + o), ai, v128.load(sX2 + o));
        const na = add(ai, mul(MUv, sub(x, ai)));
        if (!inplace) v128.store(aN + (j << 3), na);
        else if (ext != 0) v128.store(a + (j << 3), na);
        else { keep(ring, held, j, f64x2.extract_lane(na, 0)); keep(ring, held, j + 1, f64x2.extract_lane(na, 1)); }
        const v0 = v128.load(sV0 + o), v1 = v128.load(sV1 + o), v2 = v128.load(sV2 + o);
        m = max3(v0, v1, v2);
        const ki = ld64(k, j), f = ld64(kFloor, j);
        const c = pick2(v128.load(sDK + o), weight2(tab, LAMv, m, v0), weight2(tab, LAMv, m, v1), weight2(tab, LAMv, m, v2), f, v128.load(sC1 + o), ONE);
        const kn = add(ki, mul(MUv, sub(c, ki)));
        v128.store(sKN + o, f64x2.pmax(kn, f)); // kn < f ? f : kn
      }
      // country by country: the rare branches (reading k[i] before its update), then the update
      for (let j = b0; j < b1; j++) {
        const o = (j - b0) << 3;
        const ki = load<f64>(k + (j << 3)), kn = load<f64>(sKN + o);
        if ((ki < 0.5) != (kn < 0.5)) crossed(j, ki, kn);
        if (load<i32>(offerUntil + (j << 2)) >= 0) pendingDeal(j, load<f64>(sDD + o));
        store<f64>(k + (j << 3), kn);
      }
      // new alignments no country still to decide reads the old value of
      if (inplace && ext == 0) for (; commit < b1 - 127; commit++) store<f64>(a + (commit << 3), load<f64>(ring + ((commit & 255) << 3)));
    }
    i = even;
  }
  for (; i < n; i++) {
    const ai = load<f64>(a + (i << 3));
    const eCNi = <f64>load<C>(eCN + (i << sh)), mCNi = <f64>load<C>(mCN + (i << sh));
    const oUS = load<f64>(trustUS + (i << 3)), oCN = load<f64>(trustCN + (i << 3));
    let tUS = oUS + rec * ((unif ? uUS : <f64>load<C>(trustUS0 + (i << sh))) - oUS) - volLoss;
    tUS = tUS < 0 ? 0 : tUS > 1 ? 1 : tUS;
    const tCN = oCN + rec * ((unif ? uCN : <f64>load<C>(trustCN0 + (i << sh))) - oCN);
    store<f64>(trustUS + (i << 3), tUS); store<f64>(trustCN + (i << 3), tCN);
    const cUS = sw * <f64>load<C>(affUS + (i << sh)) * tUS + pw100 * tUS * <f64>load<C>(eUS + (i << sh));
    const cCN = sw * <f64>load<C>(affCN + (i << sh)) * tCN + pw100 * tCN * eCNi;
    const cRet = ret100 * eCNi * retShare * lossRet;
    const cDump = dump100 * mCNi * cus * lossUC * diversion;
    const cInd = ind100 * eCNi * indGain * tCN;
    const cEc = ec100 * mCNi * ecCost;
    const eUSi = <f64>load<C>(eUS + (i << sh));
    const cHedge = hv100 * (eUSi < eCNi ? eUSi : eCNi);
    const abar = !inplace ? load<f64>(aN + (i << 3)) : ext != 0 ? meanExt(a, ext, start, off, i) : meanOff(a, start, off, n, lo, hi, i);
    const pw = load<i32>(start + (i << 2) + 4) > load<i32>(start + (i << 2)) ? peerW : 0;
    const x0 = ai - d < -1 ? -1 : ai - d;
    const x2 = ai + d > 1 ? 1 : ai + d;
    let sRet = smooth((x0 - thr) / w2 + 0.5), sInd = smooth((x0 - indMax) / w2 + 0.5), sEc = smooth((x0 - ecThr) / w2 + 0.5);
    const u0 = (x0 > 0 ? cUS * x0 : -cCN * x0) - cRet * sRet - cDump * (1 - x0) * 0.5 + cInd * (1 - sInd) - cEc * sEc
      + cHedge * (1 - x0 * x0) - pw * (x0 - abar) * (x0 - abar) - adj * (x0 - ai) * (x0 - ai);
    sRet = smooth((ai - thr) / w2 + 0.5); sInd = smooth((ai - indMax) / w2 + 0.5); sEc = smooth((ai - ecThr) / w2 + 0.5);
    const u1 = (ai > 0 ? cUS * ai : -cCN * ai) - cRet * sRet - cDump * (1 - ai) * 0.5 + cInd * (1 - sInd) - cEc * sEc
      + cHedge * (1 - ai * ai) - pw * (ai - abar) * (ai - abar);
    sRet = smooth((x2 - thr) / w2 + 0.5); sInd = smooth((x2 - indMax) / w2 + 0.5); sEc = smooth((x2 - ecThr) / w2 + 0.5);
    const u2 = (x2 > 0 ? cUS * x2 : -cCN * x2) - cRet * sRet - cDump * (1 - x2) * 0.5 + cInd * (1 - sInd) - cEc * sEc
      + cHedge * (1 - x2 * x2) - pw * (x2 - abar) * (x2 - abar) - adj * (x2 - ai) * (x2 - ai);
    let m = u0 > u1 ? (u0 > u2 ? u0 : u2) : u1 > u2 ? u1 : u2;
    let w0: f64 = u0 == m ? 1 : expNeg(tab, lam * (m - u0));
    let w1: f64 = u1 == m ? 1 : expNeg(tab, lam * (m - u1));
    let ww2: f64 = u2 == m ? 1 : expNeg(tab, lam * (m - u2));
    // sfc32 (rng.ts), one draw
    let tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
    let r = (<f64><u32>tt / 4294967296.0) * (w0 + w1 + ww2);
    const x = r < w0 ? x0 : r < w0 + w1 ? ai : x2;
    const na = ai + mu * (x - ai);
    if (!inplace) store<f64>(aN + (i << 3), na);
    else if (ext != 0) store<f64>(a + (i << 3), na);
    else keep(ring, held, i, na);
    // crackdown
    const ki = load<f64>(k + (i << 3)), f = load<f64>(kFloor + (i << 3));
    const q = <f64>load<C>(qa + (i << sh));
    const gap = tauUC - <f64>load<C>(usEff + (i << sh));
    const rent = 100 * q * eUSi * margin * (gap > 0 ? gap : 0);
    const risk = det100 * q * eUSi * (<f64>load<C>(lossUSPen + (i << sh)) - <f64>load<C>(lossUS + (i << sh)));
    const gain = <f64>load<C>(lossUSExp + (i << sh)) - lossDeal;
    const credit = load<u8>(deal + i) ? 0 : dealCredit * (q / (q + 0.05)) * tUS * 100 * eUSi * (gain > 0 ? gain : 0);
    const cc0 = rent - risk, cc1 = credit - enf;
    const c1 = 0.5 * (f + 1);
    const v0 = cc0 * (1 - f) + cc1 * f - kc * (f - ki) * (f - ki);
    const v1 = cc0 * (1 - c1) + cc1 * c1 - kc * (c1 - ki) * (c1 - ki);
    const v2 = cc1 - kc * (1 - ki) * (1 - ki);
    m = v0 > v1 ? (v0 > v2 ? v0 : v2) : v1 > v2 ? v1 : v2;
    w0 = v0 == m ? 1 : expNeg(tab, lam * (m - v0));
    w1 = v1 == m ? 1 : expNeg(tab, lam * (m - v1));
    ww2 = v2 == m ? 1 : expNeg(tab, lam * (m - v2));
    tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
    r = (<f64><u32>tt / 4294967296.0) * (w0 + w1 + ww2);
    const c = r < w0 ? f : r < w0 + w1 ? c1 : 1;
    let kn = ki + mu * (c - ki);
    if (kn < f) kn = f;
    if ((ki < 0.5) != (kn < 0.5)) crossed(i, ki, kn);
    if (load<i32>(offerUntil + (i << 2)) >= 0) {
      // a pending deal: one draw, decided in JavaScript (reads k[i] before the update)
      tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
      pendingDeal(i, <f64><u32>tt / 4294967296.0);
    }
    store<f64>(k + (i << 3), kn);
  }
  if (inplace && ext == 0) {
    // the rest of the ring, then the first 127 countries (held for the last rows' wrapped partners)
    for (; commit < n; commit++) store<f64>(a + (commit << 3), load<f64>(ring + ((commit & 255) << 3)));
    memory.copy(a, held, 127 << 3);
  }
  store<i32>(rngp, ra); store<i32>(rngp + 4, rb); store<i32>(rngp + 8, rc); store<i32>(rngp + 12, rd);
}

/** Float32 rate and static columns (synthetic worlds). */
export function decide32(ctx: i32, n: i32): void { decideT<f32>(ctx, n); }
/** Float64 columns (worlds from a countries table). */
export function decide64(ctx: i32, n: i32): void { decideT<f64>(ctx, n); }

const I0: v128 = i32x4(0, 0, 0, 0);
const I1: v128 = i32x4(1, 1, 1, 1);
const LANES01: v128 = i32x4(-1, -1, 0, 0);
/** bytes i and i + 1 of a flag column as i32 lanes 0 and 1 */
@inline function pair8(col: i32, i: i32): v128 { return i32x4.replace_lane(i32x4.splat(<i32>load<u8>(col + i)), 1, <i32>load<u8>(col + i + 1)); }
/** an f64x2 comparison's two 64-bit masks as i32 lanes 0 and 1 */
@inline function low32(m: v128): v128 { return v128.shuffle<i32>(m, m, 0, 2, 0, 2); }

/**
 * The poles' rules and trust (poles.ts, the loop): the kernel tests every country's
 * conditions and draws, and calls back into JavaScript for what they trigger (rare:
 * a lifted or imposed retaliation, an expired or new offer), which then writes the
 * state and the event rows. C: element type of the rate and static columns.
 */
function polesT<C>(ctx: i32, n: i32, t: i32): void {
  const a = p(ctx, A), k = p(ctx, K), trustUS = p(ctx, TUS), trustCN = p(ctx, TCN), deal = p(ctx, DEAL), offerUntil = p(ctx, OFFER);
  const qa = p(ctx, Q), lossUSExp = p(ctx, LUSEXP), retUntil = p(ctx, RETUNTIL), antiDeal = p(ctx, ANTIDEAL), cooldownUntil = p(ctx, COOLDOWN);
  const rngp = p(ctx, RNG);
  const retOn = s(ctx, RETON) != 0, dealsOn = s(ctx, DEALSON) != 0, pr = s(ctx, PRET), thr = s(ctx, THR);
  const minA = s(ctx, MINA), minK = s(ctx, MINK), maxQ = s(ctx, MAXQ), lossDeal = s(ctx, PLOSSDEAL);
  const retOnDeal = s(ctx, RETONDEAL);
  const sh = <i32>alignof<C>();
  let ra = load<i32>(rngp), rb = load<i32>(rngp + 4), rc = load<i32>(rngp + 8), rd = load<i32>(rngp + 12);
  const T4 = i32x4.splat(t), THRv = f64x2.splat(thr), MINAv = f64x2.splat(minA), MINKv = f64x2.splat(minK);
  const MAXQv = f64x2.splat(maxQ), LOSSDEALv = f64x2.splat(lossDeal);
  let i = 0;
  while (i < n) {
    // Two countries at a time, first a screen: every condition of the rules below for both
    // (no side effects). When none holds, as for most countries most steps, both are done.
    // Otherwise country i goes through the rules one by one, as in poles.ts, and the screen
    // starts again at i + 1.
    if (i + 1 < n) {
      const ru = v128.load64_zero(retUntil + (i << 2)), ou = v128.load64_zero(offerUntil + (i << 2));
      const av = v128.load(a + (i << 3));
      // retaliation lifted; a deal with anti-China clauses just signed; an offer expired
      let flag = v128.and(i32x4.ge_s(ru, I0), i32x4.ge_s(T4, ru));
      flag = v128.or(flag, i32x4.eq(pair8(antiDeal, i), I1));
      flag = v128.or(flag, v128.and(i32x4.ge_s(ou, I0), i32x4.gt_s(T4, ou)));
      // a draw for a country above the threshold
      if (retOn) flag = v128.or(flag, v128.and(i32x4.lt_s(ru, I0), low32(f64x2.gt(av, THRv))));
      // a new offer
      if (dealsOn) {
        let q = v128.and(i32x4.eq(pair8(deal, i), I0), i32x4.lt_s(ou, I0));
        q = v128.and(q, i32x4.ge_s(T4, v128.load64_zero(cooldownUntil + (i << 2))));
        q = v128.and(q, low32(f64x2.ge(av, MINAv)));
        q = v128.and(q, v128.or(low32(f64x2.ge(v128.load(k + (i << 3)), MINKv)), low32(f64x2.le(ldc<C>(qa, i), MAXQv))));
        q = v128.and(q, low32(f64x2.gt(ldc<C>(lossUSExp, i), LOSSDEALv)));
        flag = v128.or(flag, q);
      }
      if (!v128.any_true(v128.and(flag, LANES01))) { i += 2; continue; }
    }
    const ru = load<i32>(retUntil + (i << 2));
    if (ru >= 0 && t >= ru) lifted(i);
    if (load<u8>(antiDeal + i) == 1) {
      // one draw when a deal with anti-China clauses is signed
      store<u8>(antiDeal + i, 2);
      if (retOn && load<i32>(retUntil + (i << 2)) < 0) {
        const tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
        if (<f64><u32>tt / 4294967296.0 < retOnDeal) impose(i, 1);
      }
    } else if (retOn) {
      // a country above the threshold draws (and is hit with probability pr): the draw is
      // taken or not by selects, not a branch, as the data decide it country by country
      const draw = load<i32>(retUntil + (i << 2)) < 0 && load<f64>(a + (i << 3)) > thr;
      const tt = ra + rb + rd;
      const u = <f64><u32>tt / 4294967296.0;
      const na = rb ^ (<i32>(<u32>rb >> 9)), nb = rc + (rc << 3), nc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
      ra = select<i32>(na, ra, draw); rb = select<i32>(nb, rb, draw); rc = select<i32>(nc, rc, draw); rd = select<i32>(rd + 1, rd, draw);
      if (draw & (u < pr)) impose(i, 0);
    }
    const ou = load<i32>(offerUntil + (i << 2));
    if (ou >= 0 && t > ou) expire(i);
    // every condition evaluated (no side effects), combined without branching
    const qualifies = <i32>dealsOn & <i32>(load<u8>(deal + i) == 0) & <i32>(load<i32>(offerUntil + (i << 2)) < 0) & <i32>(t >= load<i32>(cooldownUntil + (i << 2)))
      & <i32>(load<f64>(a + (i << 3)) >= minA) & (<i32>(load<f64>(k + (i << 3)) >= minK) | <i32>(<f64>load<C>(qa + (i << sh)) <= maxQ))
      & <i32>(<f64>load<C>(lossUSExp + (i << sh)) > lossDeal);
    if (qualifies) offer(i);
    i++;
  }
  store<i32>(rngp, ra); store<i32>(rngp + 4, rb); store<i32>(rngp + 8, rc); store<i32>(rngp + 12, rd);
}

export function poles32(ctx: i32, n: i32, t: i32): void { polesT<f32>(ctx, n, t); }
export function poles64(ctx: i32, n: i32, t: i32): void { polesT<f64>(ctx, n, t); }

/**
 * The benchmark's limit kernel (bench/run.ts): one pass over the engine's arrays that
 * only reads each country's neighbours (1-byte offsets) and writes one value, the sum,
 * into aNext: what memory and the compiler allow for this data, with nothing else to do.
 */
export function limitKernel(ctx: i32, n: i32): void {
  const a = p(ctx, A), out = p(ctx, AN), start = p(ctx, LSTART), off = p(ctx, LOFF);
  const lo = n < 127 ? n : 127;
  const hi = n - 127 > lo ? n - 127 : lo;
  for (let i = 0; i < n; i++) {
    const s0 = load<i32>(start + (i << 2)), e0 = load<i32>(start + (i << 2) + 4);
    store<f64>(out + (i << 3), i >= lo && i < hi ? sumRow(a + (i << 3), off, s0, e0) : sumWrapped(a, off, n, i, s0, e0));
  }
}
