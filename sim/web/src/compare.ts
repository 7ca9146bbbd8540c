/**
 * Paired comparison of two scenarios, A (pinned) and B (current): both run the same N
 * replication seeds, so replication r of A and of B share their random stream; per
 * country, the difference B - A of a value at a step is averaged over replications with
 * a Student t 95% interval (meanCI of sim/analysis/stats.ts). The same idea as
 * `hedgesim compare` (paired seeds, the same seeds for the same base seed: sim/rng.ts
 * replicationSeed; mean difference per country with a 95% interval), on the alignment
 * the page has recorded.
 */
import { meanCI } from '../../analysis/stats.ts';
import type { RepData } from './protocol.ts';

export interface CountryDiff { id: string; mean: number; lo: number | null; hi: number | null; n: number; a: number; b: number }

/** Alignment of country i at step index s of replication r. */
const at = (d: RepData, r: number, s: number, i: number) => d.alignment[(r * d.steps.length + s) * d.ids.length + i];

/**
 * Mean difference (b - a) of alignment per country at step `step` (a step number; the
 * last step recorded in both when absent), over the replications both have, paired by
 * seed. Countries present in only one of them are left out.
 */
export function pairedDifference(a: RepData, b: RepData, step?: number): { step: number; diffs: CountryDiff[]; pairs: number } {
  const pairs = Math.min(a.seeds.length, b.seeds.length);
  for (let r = 0; r < pairs; r++) if (a.seeds[r] !== b.seeds[r]) throw new Error(`replication ${r} has seed ${a.seeds[r]} in A and ${b.seeds[r]} in B: the comparison needs the same seeds`);
  const common = a.steps.filter((t) => b.steps.includes(t));
  const t = step !== undefined && common.includes(step) ? step : common[common.length - 1];
  const sa = a.steps.indexOf(t), sb = b.steps.indexOf(t);
  const ib = new Map(b.ids.map((id, i) => [id, i]));
  const diffs: CountryDiff[] = [];
  a.ids.forEach((id, i) => {
    const j = ib.get(id);
    if (j === undefined || pairs === 0) return;
    const d = new Float64Array(pairs);
    let ma = 0, mb = 0;
    for (let r = 0; r < pairs; r++) { const x = at(a, r, sa, i), y = at(b, r, sb, j); d[r] = y - x; ma += x; mb += y; }
    const ci = meanCI(d);
    diffs.push({ id, mean: ci.mean, lo: ci.lo, hi: ci.hi, n: pairs, a: ma / pairs, b: mb / pairs });
  });
  return { step: t, diffs, pairs };
}
