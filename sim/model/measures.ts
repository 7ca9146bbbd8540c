/**
 * World measures (MODEL.md, "World measures"), computed on recorded steps: counts
 * and GDP shares by stance, mean alignment, coalition indices, China's isolation,
 * transshipment, deals, retaliations, trade lost to tariffs, the hedging band.
 */
import type { World } from '../world/world.ts';
import type { State } from './state.ts';
import { hedgeBand, type StepScalars } from './utility.ts';
import { tradeLoss } from './math.ts';

export const WORLD_COLUMNS = [
  'mean_alignment', 'mean_alignment_unweighted', 'n_us', 'n_hedge', 'n_china', 'gdp_share_us', 'gdp_share_hedge', 'gdp_share_china',
  'coalition_us', 'coalition_us_or_hedge', 'coalition_china', 'coalition_china_or_hedge', 'isolation_china',
  'mean_crackdown', 'mean_own_tariff', 'transshipment_usd_bn', 'diverted_usd_bn', 'talks', 'deals', 'offers_pending', 'retaliations', 'retributions', 'trade_lost_usd_bn',
  'mean_hedge_band', 'mean_trust_us', 'mean_trust_china', 'us_tariff_mean', 'us_tariff_on_china', 'china_tariff_on_us', 'retaliation_credibility', 'retribution_credibility',
] as const;
export const W = Object.fromEntries(WORLD_COLUMNS.map((c, i) => [c, i])) as Record<(typeof WORLD_COLUMNS)[number], number>;

/** Stance codes: -1 china, 0 hedge, 1 us. */
export const STANCE_NAMES = ['china', 'hedge', 'us'] as const;

export function stanceOf(a: number, band: number): -1 | 0 | 1 {
  return a > band ? 1 : a < -band ? -1 : 0;
}

/** Compute the world row into `out` (length WORLD_COLUMNS.length); `band` receives each country's band. */
export function worldMeasures(w: World, st: State, S: StepScalars, out: Float64Array, band: Float64Array): void {
  const P = w.params, n = w.n;
  let gdpTot = 0, aw = 0, au = 0, nUS = 0, nH = 0, nCN = 0, gUS = 0, gH = 0, gCN = 0, iso = 0;
  let kSum = 0, oSum = 0, trans = 0, talks = 0, deals = 0, offers = 0, rets = 0, usrs = 0, lost = 0, bandSum = 0, tUS = 0, tCN = 0, tariffW = 0, tariffSum = 0;
  const gHalf = P.transshipmentGapHalf;
  for (let i = 0; i < n; i++) {
    const g = w.gdp[i], a = st.a[i];
    const b = hedgeBand(st, P, S, i);
    band[i] = b;
    bandSum += b;
    gdpTot += g; aw += g * a; au += a;
    const s = stanceOf(a, b);
    if (s === 1) { nUS++; gUS += g; iso += w.cnWeight[i]; } else if (s === 0) { nH++; gH += g; } else { nCN++; gCN += g; }
    kSum += st.k[i];
    oSum += st.o[i];
    // rerouted exports: the capacity used as the tariff gap makes it pay (spec.ts, crackdown), less the crackdown
    const gap = st.tauUC - st.usEff[i] > 0 ? st.tauUC - st.usEff[i] : 0;
    trans += w.q[i] * w.eUS[i] * g * (gap / (gap + gHalf)) * (1 - st.k[i]);
    if (st.talksUntil[i] >= 0) talks++;
    deals += st.deal[i];
    if (st.offerUntil[i] >= 0) offers++;
    if (st.retUntil[i] >= 0) rets++;
    if (st.usrUntil[i] >= 0) usrs++;
    lost += g * (w.eCN[i] * st.cnLoss[i] + w.eUS[i] * st.lossUS[i]);
    tUS += st.trustUS[i]; tCN += st.trustCN[i];
    tariffW += w.eUS[i] * g; tariffSum += w.eUS[i] * g * st.usEff[i];
  }
  const gi = gdpTot > 0 ? 1 / gdpTot : 0;
  out[W.mean_alignment] = aw * gi;
  out[W.mean_alignment_unweighted] = au / n;
  out[W.n_us] = nUS; out[W.n_hedge] = nH; out[W.n_china] = nCN;
  out[W.gdp_share_us] = gUS * gi; out[W.gdp_share_hedge] = gH * gi; out[W.gdp_share_china] = gCN * gi;
  out[W.coalition_us] = gUS * gi; out[W.coalition_us_or_hedge] = (gUS + gH) * gi;
  out[W.coalition_china] = gCN * gi; out[W.coalition_china_or_hedge] = (gCN + gH) * gi;
  out[W.isolation_china] = iso;
  out[W.mean_crackdown] = kSum / n;
  out[W.mean_own_tariff] = (100 * oSum) / n;
  out[W.transshipment_usd_bn] = trans;
  // China's exports diverted from the US to third markets by the US tariff on China
  out[W.diverted_usd_bn] = P.chinaExports * P.chinaUsShare * tradeLoss(st.tauUC, P.elasticity, P.passThrough) * P.diversion;
  out[W.talks] = talks; out[W.deals] = deals; out[W.offers_pending] = offers; out[W.retaliations] = rets; out[W.retributions] = usrs;
  out[W.trade_lost_usd_bn] = lost;
  out[W.mean_hedge_band] = bandSum / n;
  out[W.mean_trust_us] = tUS / n; out[W.mean_trust_china] = tCN / n;
  out[W.us_tariff_mean] = tariffW > 0 ? (100 * tariffSum) / tariffW : 0;
  out[W.us_tariff_on_china] = st.tauUC * 100;
  out[W.china_tariff_on_us] = st.tauCU * 100;
  out[W.retaliation_credibility] = st.credibility;
  out[W.retribution_credibility] = st.usCredibility;
}
