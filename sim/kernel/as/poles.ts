// The poles' rules in the kernel (AssemblyScript), the reference being poleRules in
// sim/model/poles.ts: the kernel tests every country's conditions and draws, and calls
// back into JavaScript for what they trigger (rare: a lifted or imposed retaliation,
// an expired or new offer), which then writes the state and the event rows. Trust
// recovery, which the reference does in the decisions, is not here.
import { p, s, P_a, P_k, P_deal, P_offerUntil, P_q, P_lossUSExp, P_retUntil, P_antiDeal, P_cooldownUntil, P_rng,
  S_retOn, S_dealsOn, S_pRet, S_pThr, S_minA, S_minK, S_maxQ, S_pLossDeal, S_retOnDeal } from './gen/slots';
import { ldc } from './lib';

@external("env", "lifted") declare function lifted(i: i32): void;
@external("env", "impose") declare function impose(i: i32, byDeal: i32): void;
@external("env", "expire") declare function expire(i: i32): void;
@external("env", "offer") declare function offer(i: i32): void;

const I0: v128 = i32x4(0, 0, 0, 0);
const I1: v128 = i32x4(1, 1, 1, 1);
const LANES01: v128 = i32x4(-1, -1, 0, 0);
/** bytes i and i + 1 of a flag column as i32 lanes 0 and 1 */
@inline function pair8(col: i32, i: i32): v128 { return i32x4.replace_lane(i32x4.splat(<i32>load<u8>(col + i)), 1, <i32>load<u8>(col + i + 1)); }
/** an f64x2 comparison's two 64-bit masks as i32 lanes 0 and 1 */
@inline function low32(m: v128): v128 { return v128.shuffle<i32>(m, m, 0, 2, 0, 2); }

/** C: element type of the rate and static columns. */
function polesT<C>(ctx: i32, n: i32, t: i32): void {
  const a = p(ctx, P_a), k = p(ctx, P_k), deal = p(ctx, P_deal), offerUntil = p(ctx, P_offerUntil);
  const qa = p(ctx, P_q), lossUSExp = p(ctx, P_lossUSExp), retUntil = p(ctx, P_retUntil), antiDeal = p(ctx, P_antiDeal), cooldownUntil = p(ctx, P_cooldownUntil);
  const rngp = p(ctx, P_rng);
  const retOn = s(ctx, S_retOn) != 0, dealsOn = s(ctx, S_dealsOn) != 0, pr = s(ctx, S_pRet), thr = s(ctx, S_pThr);
  const minA = s(ctx, S_minA), minK = s(ctx, S_minK), maxQ = s(ctx, S_maxQ), lossDeal = s(ctx, S_pLossDeal);
  const retOnDeal = s(ctx, S_retOnDeal);
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
