// The poles' rules in the kernel (AssemblyScript): poleRules of sim/model/poles.ts,
// country by country, with the same tests and the same random draws in the same order.
// What the rules trigger (rare: measures lifted or imposed, offers expired or made, talks
// started) is done in JavaScript through the callbacks, with the reference's own
// functions. Trust recovery and the fading of suspicion are in the decisions.
import { p, s, P_a, P_a0, P_k, P_o, P_o0, P_stmt, P_stmtNew, P_deal, P_offerUntil, P_talksUntil, P_q, P_lossUSExp,
  P_retUntil, P_retRule, P_usrUntil, P_usrRule, P_antiDeal, P_cooldownUntil, P_rng,
  S_retOn, S_usrOn, S_dealsOn, S_pCN, S_pThr, S_pThrO, S_pUS, S_pThrUS, S_onStatement, S_minA, S_minK, S_maxQ, S_pLossDeal, S_retOnDeal } from './gen/slots';

@external("env", "lifted") declare function lifted(i: i32): void;
/** pole 1 China, 0 the US; why: a code of PUNISH_WHY in sim/kernel/kernel.ts */
@external("env", "impose") declare function impose(i: i32, pole: i32, why: i32): void;
@external("env", "expire") declare function expire(i: i32): void;
@external("env", "offer") declare function offer(i: i32): void;
@external("env", "talks") declare function talks(i: i32): void;

/** C: element type of the rate and static columns. */
function polesT<C>(ctx: i32, n: i32, t: i32): void {
  const a = p(ctx, P_a), a0 = p(ctx, P_a0), k = p(ctx, P_k), o = p(ctx, P_o), o0 = p(ctx, P_o0), stmt = p(ctx, P_stmt), stmtNew = p(ctx, P_stmtNew);
  const deal = p(ctx, P_deal), offerUntil = p(ctx, P_offerUntil), talksUntil = p(ctx, P_talksUntil), qa = p(ctx, P_q), lossUSExp = p(ctx, P_lossUSExp);
  const retUntil = p(ctx, P_retUntil), retRule = p(ctx, P_retRule), usrUntil = p(ctx, P_usrUntil), usrRule = p(ctx, P_usrRule);
  const antiDeal = p(ctx, P_antiDeal), cooldownUntil = p(ctx, P_cooldownUntil), rngp = p(ctx, P_rng);
  const retOn = s(ctx, S_retOn) != 0, usrOn = s(ctx, S_usrOn) != 0, dealsOn = s(ctx, S_dealsOn) != 0;
  const pCN = s(ctx, S_pCN), thr = s(ctx, S_pThr), thrO = s(ctx, S_pThrO), pUS = s(ctx, S_pUS), thrUS = s(ctx, S_pThrUS), onStatement = s(ctx, S_onStatement);
  const minA = s(ctx, S_minA), minK = s(ctx, S_minK), maxQ = s(ctx, S_maxQ), lossDeal = s(ctx, S_pLossDeal), retOnDeal = s(ctx, S_retOnDeal);
  const sh = <i32>alignof<C>();
  let ra = load<i32>(rngp), rb = load<i32>(rngp + 4), rc = load<i32>(rngp + 8), rd = load<i32>(rngp + 12);
  let tt: i32 = 0;
  for (let i = 0; i < n; i++) {
    const ai = load<f64>(a + (i << 3)), a0i = <f64>load<C>(a0 + (i << sh));
    // measures that end now
    const ru = load<i32>(retUntil + (i << 2)), uu = load<i32>(usrUntil + (i << 2));
    if ((ru >= 0 && t >= ru) || (uu >= 0 && t >= uu)) lifted(i);
    // the China pole
    if (load<u8>(antiDeal + i) == 1) {
      store<u8>(antiDeal + i, 2);
      if (retOn && load<u8>(retRule + i) == 0) {
        tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
        if (<f64><u32>tt / 4294967296.0 < retOnDeal) impose(i, 1, 2);
      }
    } else if (retOn && load<u8>(retRule + i) == 0) {
      const shift = ai - a0i > thr;
      if (shift || load<f64>(o + (i << 3)) - <f64>load<C>(o0 + (i << sh)) > thrO) {
        tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
        if (<f64><u32>tt / 4294967296.0 < pCN) impose(i, 1, shift ? 0 : 1);
      }
    }
    // the US pole
    if (load<u8>(stmtNew + i) == 1) {
      store<u8>(stmtNew + i, 0);
      if (usrOn && load<u8>(usrRule + i) == 0) {
        tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
        if (<f64><u32>tt / 4294967296.0 < onStatement) impose(i, 0, 4);
      }
    } else if (usrOn && load<u8>(usrRule + i) == 0) {
      const shift = a0i - ai > thrUS;
      if (shift || <f64>load<C>(stmt + (i << sh)) > 0.5) {
        tt = ra + rb + rd; rd = rd + 1; ra = rb ^ (<i32>(<u32>rb >> 9)); rb = rc + (rc << 3); rc = ((rc << 21) | <i32>(<u32>rc >> 11)) + tt;
        if (<f64><u32>tt / 4294967296.0 < pUS) impose(i, 0, shift ? 3 : 4);
      }
    }
    // deals
    const ou = load<i32>(offerUntil + (i << 2));
    if (ou >= 0 && t > ou) expire(i);
    const tk = load<i32>(talksUntil + (i << 2));
    if (tk >= 0 && t >= tk) offer(i);
    if (dealsOn && load<u8>(deal + i) == 0 && load<i32>(offerUntil + (i << 2)) < 0 && load<i32>(talksUntil + (i << 2)) < 0
      && t >= load<i32>(cooldownUntil + (i << 2)) && ai >= minA
      && (load<f64>(k + (i << 3)) >= minK || <f64>load<C>(qa + (i << sh)) <= maxQ)
      && <f64>load<C>(lossUSExp + (i << sh)) > lossDeal) talks(i);
  }
  store<i32>(rngp, ra); store<i32>(rngp + 4, rb); store<i32>(rngp + 8, rc); store<i32>(rngp + 12, rd);
}

export function poles32(ctx: i32, n: i32, t: i32): void { polesT<f32>(ctx, n, t); }
export function poles64(ctx: i32, n: i32, t: i32): void { polesT<f64>(ctx, n, t); }
