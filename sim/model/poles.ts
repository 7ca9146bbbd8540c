/**
 * Phase 2: the poles' reactive rules, then trust. The China pole lifts expired
 * retaliation and retaliates (with probability per step) against countries seen to
 * side with the US pole: alignment above the threshold, or a deal with anti-China
 * clauses. The US pole lets offers expire and offers deals to countries that
 * qualify. Trust recovers toward its starting level and falls with volatility.
 */
import type { World } from '../world/world.ts';
import type { State } from './state.ts';
import type { EventSink } from './log.ts';
import type { Rng } from '../rng.ts';
import { imposeRetaliation, offer } from './events.ts';

export function poleRules(w: World, st: State, t: number, rng: Rng, log: EventSink): void {
  const P = w.params, n = w.n;
  const a = st.a, k = st.k;
  const retOn = P.retEnabled === 1, dealsOn = P.dealsEnabled === 1;
  const p = P.retProbability, thr = P.retThreshold;
  const until = t + P.retDuration;
  let imposed = 0;
  for (let i = 0; i < n; i++) {
    // retaliation
    const ru = st.retUntil[i];
    if (ru >= 0 && t >= ru) {
      st.retUntil[i] = -1; st.retRate[i] = 0; st.retShare[i] = 0;
      log.push(t, 'retaliation_lifted', w.poles.china, w.ids[i], null, 'rule');
    }
    if (st.antiDeal[i] === 1) {
      // one draw when a deal with anti-China clauses is signed
      st.antiDeal[i] = 2;
      if (retOn && st.retUntil[i] < 0 && rng.next() < P.retOnDeal) {
        imposeRetaliation(w, st, i, P.retRate, P.retShare, until);
        imposed++;
        log.push(t, 'retaliation_imposed', w.poles.china, w.ids[i], +(P.retRate * 100).toPrecision(6), 'rule', 'deal with anti-China clauses');
      }
    } else if (retOn && st.retUntil[i] < 0 && a[i] > thr) {
      if (rng.next() < p) {
        imposeRetaliation(w, st, i, P.retRate, P.retShare, until);
        imposed++;
        log.push(t, 'retaliation_imposed', w.poles.china, w.ids[i], +(P.retRate * 100).toPrecision(6), 'rule', 'alignment above threshold');
      }
    }
    // deals
    const ou = st.offerUntil[i];
    if (ou >= 0 && t > ou) {
      st.offerUntil[i] = -1;
      st.cooldownUntil[i] = t + P.dealCooldown;
      log.push(t, 'deal_expired', w.poles.us, w.ids[i], null, 'rule');
    }
    if (dealsOn && !st.deal[i] && st.offerUntil[i] < 0 && t >= st.cooldownUntil[i] && a[i] >= P.dealMinAlignment && k[i] >= P.dealMinCrackdown) {
      offer(st, i, t, P.dealRate, P.dealPenalty, P.dealAntiChina === 1, P.dealExpires);
      log.push(t, 'deal_offered', w.poles.us, w.ids[i], +(P.dealRate * 100).toPrecision(6), 'rule');
    }
    // trust: recovery toward the start, loss with the US pole's volatility
    const tu = st.trustUS[i] + P.trustRecovery * (w.trustUS0[i] - st.trustUS[i]) - P.volatilityTrustLoss * st.usVolatility;
    st.trustUS[i] = tu < 0 ? 0 : tu > 1 ? 1 : tu;
    st.trustCN[i] += P.trustRecovery * (w.trustCN0[i] - st.trustCN[i]);
  }
  st.credibility = st.credibility * (1 - P.credibilityDecay) + imposed;
}
