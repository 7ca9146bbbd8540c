/**
 * The model answers its question with effects, not levels (shared/MODEL.md, "Facts are
 * effects, and the start is a resting point"):
 * - with every event removed, the world stays where the data put it (the fixed effects
 *   calibrated at step 0 make the start a resting point); without the calibration it does
 *   not (so the check can fail);
 * - every claim of sim/analysis/claims.ts (the responses to each cause and the stylized
 *   facts of April 2025) holds as a paired difference against its counterfactual over
 *   50 replications with the same seeds, with the sign the mechanism table says.
 */
import { describe, expect, it } from 'vitest';
import { loadOk, BASELINE } from '../helpers.ts';
import { compileWorld } from '../../sim/world/compile.ts';
import { runWorld } from '../../sim/engine.ts';
import { hashSeed } from '../../sim/rng.ts';
import { CLAIMS, runClaims, MARGIN } from '../../sim/analysis/claims.ts';
import type { World } from '../../sim/world/world.ts';

/** Mean alignment per country at the last step over `seeds` runs with every event of the run removed. */
async function noEvents(seeds: number, steps: number, uncalibrated = false) {
  const sc = await loadOk(BASELINE, [`steps=${steps}`]);
  sc.spec.events = (sc.spec.events ?? []).filter((e) => e.date !== undefined && e.date < sc.spec.start); // the history stays
  const w: World = compileWorld(sc);
  const mean = new Float64Array(w.n);
  let extreme = 0;
  for (let r = 0; r < seeds; r++) {
    const res = runWorld(w, {
      seed: hashSeed(7, 'drift', r), keepEvents: false,
      onStep: (_w, st, _S, t) => { if (uncalibrated && t === 0) { st.phi.fill(0); st.psi.fill(0); st.chi.fill(0); } },
    });
    for (let i = 0; i < w.n; i++) { mean[i] += res.state.a[i] / seeds; extreme = Math.max(extreme, Math.abs(res.state.a[i])); }
  }
  let worst = 0, who = '';
  for (let i = 0; i < w.n; i++) { const d = Math.abs(mean[i] - w.align0[i]); if (d > worst) { worst = d; who = w.ids[i]; } }
  return { worst, who, extreme, n: w.n };
}

describe('the start is a resting point', () => {
  it('with every event removed, over 20 seeds and 52 steps, every country\'s mean alignment stays within 0.05 of its start and none reaches +-1', async () => {
    const r = await noEvents(20, 52);
    expect(r.n).toBeGreaterThanOrEqual(60);
    expect(r.worst, `${r.who} drifted ${r.worst}`).toBeLessThanOrEqual(0.05);
    expect(r.extreme).toBeLessThan(1);
  });
  it('without the calibrated fixed effects the same world drifts (the check can fail)', async () => {
    const r = await noEvents(20, 52, true);
    expect(r.worst).toBeGreaterThan(0.05);
  });
});

describe('the claims: effects against counterfactuals, 50 paired replications (sim/analysis/claims.ts)', async () => {
  const results = await runClaims(BASELINE, { replications: 50, seed: 1 });
  it('every claim was run', () => {
    expect(results.map((r) => r.claim.id)).toEqual(CLAIMS.map((c) => c.id));
    expect(CLAIMS.filter((c) => c.kind === 'fact').length).toBeGreaterThanOrEqual(5);
    expect(MARGIN).toBeLessThanOrEqual(0.02);
  });
  for (const r of results) {
    it(`${r.claim.id}: ${r.claim.says}`, () => {
      expect(r.result.pass, `${r.claim.id}: effect ${r.result.shown}`).toBe(true);
    });
  }
});
