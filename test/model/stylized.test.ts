/**
 * The stylized facts of April 2025 (MODEL.md) as checks over 50 replications of the
 * baseline, never as fixed outputs.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { loadOk, BASELINE } from '../helpers.ts';
import { compileWorld } from '../../sim/world/compile.ts';
import { runWorld } from '../../sim/engine.ts';
import { hedgeBand, components, peerMean, CO_N } from '../../sim/model/utility.ts';
import { COMPONENTS } from '../../sim/model/utility.ts';
import type { World } from '../../sim/world/world.ts';

const R = 50, T = 20;
interface Rep { a: Float64Array[]; k: Float64Array[]; stance: Int8Array[]; events: { kind: string; target: string; step: number }[]; dumping: number[] }

async function replicate(set: string[] = []) {
  const w = compileWorld(await loadOk(BASELINE, set));
  const reps: Rep[] = [];
  for (let r = 0; r < R; r++) {
    const rep: Rep = { a: [], k: [], stance: [], events: [], dumping: [] };
    const co = new Float64Array(CO_N), comp = new Float64Array(COMPONENTS.length);
    const res = runWorld(w, {
      seed: 9000 + r,
      onStep: (w, st, S, t) => {
        rep.a.push(Float64Array.from(st.a));
        rep.k.push(Float64Array.from(st.k));
        rep.stance.push(Int8Array.from(st.a, (a, i) => { const b = hedgeBand(st, w.params, S, i); return a > b ? 1 : a < -b ? -1 : 0; }));
        if (t === T) for (let i = 0; i < w.n; i++) { components(w, st, w.params, S, i, peerMean(w, st.a, i), co, comp); rep.dumping.push(comp[COMPONENTS.indexOf('u_dumping')]); }
      },
    });
    rep.events = res.events.rows.map((e) => ({ kind: e.kind, target: e.target, step: e.step }));
    reps.push(rep);
  }
  return { w, reps };
}
const idx = (w: World, id: string) => w.ids.indexOf(id);
const share = (xs: boolean[]) => xs.filter(Boolean).length / xs.length;

describe('stylized facts of April 2025 (50 replications of the baseline)', () => {
  let base: Awaited<ReturnType<typeof replicate>>;
  beforeAll(async () => { base = await replicate(); });

  it('1. the EU, Japan and South Korea do not join China; the EU feels dumping', () => {
    const { w, reps } = base;
    for (const id of ['EU', 'JPN', 'KOR']) {
      const i = idx(w, id);
      expect(share(reps.map((r) => r.a.slice(0, T + 1).every((a) => a[i] > 0))), id).toBeGreaterThanOrEqual(0.9);
    }
    const eu = idx(w, 'EU');
    expect(reps.every((r) => r.dumping[eu] < 0)).toBe(true);
  });

  it('2. Australia does not answer the call to "join hands"', () => {
    const { w, reps } = base;
    const i = idx(w, 'AUS');
    expect(share(reps.map((r) => r.a.slice(0, T + 1).every((a) => a[i] > 0)))).toBeGreaterThanOrEqual(0.9);
  });

  it('3. Vietnam hedges: cracks down while staying close to China, flips to neither side', () => {
    const { w, reps } = base;
    const i = idx(w, 'VNM');
    expect(share(reps.map((r) => r.k[T][i] >= 0.5))).toBeGreaterThanOrEqual(0.9);
    expect(share(reps.map((r) => r.a.slice(0, T + 1).every((a) => Math.abs(a[i]) < 0.5)))).toBeGreaterThanOrEqual(0.9);
    expect(share(reps.map((r) => r.stance[T][i] === 0))).toBeGreaterThanOrEqual(0.7);
  });

  it('4. China builds no coalition, but hedging grows', () => {
    const { reps } = base;
    const count = (s: Int8Array, v: number) => s.filter((x) => x === v).length;
    expect(share(reps.map((r) => count(r.stance[T], -1) <= 2))).toBeGreaterThanOrEqual(0.9);
    const hedge0 = reps.reduce((s, r) => s + count(r.stance[0], 0), 0) / R;
    const hedgeT = reps.reduce((s, r) => s + count(r.stance[T], 0), 0) / R;
    expect(hedgeT).toBeGreaterThan(hedge0);
  });

  it('5. retaliation lands on Canada, and the rule is credible enough that exporters to China weigh it', async () => {
    const { w, reps } = base;
    expect(reps.every((r) => r.events.some((e) => e.kind === 'retaliation_imposed' && e.target === 'CAN' && e.step === 3))).toBe(true);
    // without the rule, Australia (a third of its exports go to China) leans further toward the US
    const off = await replicate(['retaliation.enabled=false']);
    const i = idx(w, 'AUS');
    const mean = (rs: Rep[]) => rs.reduce((s, r) => s + r.a[T][i], 0) / rs.length;
    expect(mean(off.reps)).toBeGreaterThan(mean(reps) + 0.05);
  });
});
