// Helpers of the WebAssembly kernel (AssemblyScript): the exponential table, the
// smooth threshold, pairs of f64 (f64x2) and the partners' sums. The decision loop
// that uses them is generated from sim/model/spec.ts (gen/decide.ts); the poles' pass
// is poles.as.ts. Each helper does the reference's operations (sim/model/math.ts,
// sim/model/decide.gen.ts) in the same order, so the kernel gives the same bits.

const EXP_RES: f64 = 128;
const EXP_LIM: f64 = 40 * 128;

// math.ts expNeg: exp(-z) by linear interpolation in the table
@inline export function expNeg(tab: i32, z: f64): f64 {
  const x = z * EXP_RES;
  if (!(x < EXP_LIM)) return 0;
  const i = <i32>x;
  const f = x - <f64>i;
  const t0 = load<f64>(tab + (i << 3));
  return t0 + f * (load<f64>(tab + (i << 3) + 8) - t0);
}

/** smoothstep on [0, 1]: 0 below, 1 above (the formula language's smooth) */
@inline export function smooth(u: f64): f64 {
  return u <= 0 ? 0 : u >= 1 ? 1 : u * u * (3 - 2 * u);
}
/** b < a ? b : a (the formula language's min; f64x2.pmin lane by lane) */
@inline export function min2(a: f64, b: f64): f64 { return b < a ? b : a; }
/** a < b ? b : a (the formula language's max; f64x2.pmax lane by lane) */
@inline export function max2(a: f64, b: f64): f64 { return a < b ? b : a; }

// two countries at once (f64x2): each lane does the scalar loop's operations in its order,
// and the scalar loop's conditionals are lane selects, so every lane gives the scalar bits
const Z0: v128 = f64x2(0, 0);
const ONE: v128 = f64x2(1, 1);
const TWO: v128 = f64x2(2, 2);
const THREE: v128 = f64x2(3, 3);
const VRES: v128 = f64x2(EXP_RES, EXP_RES);
const VLIM: v128 = f64x2(EXP_LIM, EXP_LIM);

@inline export function pair(x: f64, y: f64): v128 { return f64x2.replace_lane(f64x2.splat(x), 1, y); }
@inline export function ld64(p: i32, i: i32): v128 { return v128.load(p + (i << 3)); }
/** two consecutive elements of a rate or static column, as f64 */
@inline export function ldc<C>(p: i32, i: i32): v128 {
  if (sizeof<C>() == 4) return f64x2.promote_low_f32x4(v128.load64_zero(p + (i << 2)));
  return v128.load(p + (i << 3));
}
/** store two f64 values into consecutive elements of a rate or static column (rounded to f32 when it is one) */
@inline export function stc<C>(p: i32, i: i32, v: v128): void {
  if (sizeof<C>() == 4) v128.store64_lane(p + (i << 2), f32x4.demote_f64x2_zero(v), 0);
  else v128.store(p + (i << 3), v);
}
@inline export function smooth2(u: v128): v128 {
  // u <= 0 ? 0 : u >= 1 ? 1 : poly(u) is poly(clamp(u, 0, 1)) bit for bit (poly(0) = 0, poly(1) = 1);
  // pmax(a, b) = a < b ? b : a and pmin(a, b) = b < a ? b : a are one instruction each
  const v = f64x2.pmin(f64x2.pmax(u, Z0), ONE);
  return f64x2.mul(f64x2.mul(v, v), f64x2.sub(THREE, f64x2.mul(TWO, v)));
}
/** the logit weight of an option with utility u when the best is m: u == m ? 1 : expNeg(lam * (m - u)) (math.ts) */
@inline export function weight2(tab: i32, lam: v128, m: v128, u: v128): v128 {
  const x = f64x2.mul(f64x2.mul(lam, f64x2.sub(m, u)), VRES);
  const iv = i32x4.trunc_sat_f64x2_s_zero(f64x2.pmin(x, VLIM));
  const f = f64x2.sub(x, f64x2.convert_low_i32x4_s(iv));
  const p0 = v128.load(tab + (i32x4.extract_lane(iv, 0) << 3)), p1 = v128.load(tab + (i32x4.extract_lane(iv, 1) << 3));
  const t0 = v128.shuffle<f64>(p0, p1, 0, 2), t1 = v128.shuffle<f64>(p0, p1, 1, 3);
  // (u == m gives x = 0, f = 0 and the table's first value, exp(0) = 1: the scalar loop's 1)
  return v128.bitselect(f64x2.add(t0, f64x2.mul(f, f64x2.sub(t1, t0))), Z0, f64x2.lt(x, VLIM));
}
/** the choice among three options by a uniform draw u: r = u * (w0 + w1 + w2); r < w0 ? o0 : r < w0 + w1 ? o1 : o2 */
@inline export function pick2(u: v128, w0: v128, w1: v128, w2: v128, o0: v128, o1: v128, o2: v128): v128 {
  const r = f64x2.mul(u, f64x2.add(f64x2.add(w0, w1), w2));
  return v128.bitselect(o0, v128.bitselect(o1, o2, f64x2.lt(r, f64x2.add(w0, w1))), f64x2.lt(r, w0));
}
@inline export function max3(u0: v128, u1: v128, u2: v128): v128 {
  // u0 > u1 ? (u0 > u2 ? u0 : u2) : u1 > u2 ? u1 : u2, which is this (no NaN)
  return f64x2.pmax(u2, f64x2.pmax(u1, u0));
}

/** Country i's new alignment set aside: the first 127 in `held`, the others in a ring of 256 (by i mod 256). */
@inline export function keep(ring: i32, held: i32, i: i32, v: f64): void {
  if (i < 127) store<f64>(held + (i << 3), v); else store<f64>(ring + ((i & 255) << 3), v);
}

/** Sum of row [s0, e0)'s values at base + 8 * offset, in the order of the row (the reference's order), unrolled by four. */
@inline export function sumRow(base: i32, off: i32, s0: i32, e0: i32): f64 {
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
@inline export function sumWrapped(a: i32, off: i32, n: i32, i: i32, s0: i32, e0: i32): f64 {
  let acc: f64 = 0;
  for (let j = s0; j < e0; j++) {
    let x = i + <i32>load<i8>(off + j);
    x = x < 0 ? x + n : x >= n ? x - n : x;
    acc += load<f64>(a + (x << 3));
  }
  return acc;
}

/** Mean alignment of row i's partners from `a` (1-byte offsets; rows within 127 of an end wrap), a[i] without partners. */
@inline export function meanOff(a: i32, start: i32, off: i32, n: i32, lo: i32, hi: i32, i: i32): f64 {
  const s0 = load<i32>(start + (i << 2)), e0 = load<i32>(start + (i << 2) + 4);
  if (e0 == s0) return load<f64>(a + (i << 3));
  const acc = i >= lo && i < hi ? sumRow(a + (i << 3), off, s0, e0) : sumWrapped(a, off, n, i, s0, e0);
  return acc / <f64>(e0 - s0);
}

/** The same from the ring copy `ext` (alignments with 127 wrapped values on each side): no wrap test. */
@inline export function meanExt(a: i32, ext: i32, start: i32, off: i32, i: i32): f64 {
  const s0 = load<i32>(start + (i << 2)), e0 = load<i32>(start + (i << 2) + 4);
  if (e0 == s0) return load<f64>(a + (i << 3));
  return sumRow(ext + ((127 + i) << 3), off, s0, e0) / <f64>(e0 - s0);
}

/** The partners' mean alignment into aNext (the reference's first pass), for links stored as indices. */
export function peers(ctx: i32, n: i32, a: i32, aN: i32, start: i32, to: i32, lw: i32): void {
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
