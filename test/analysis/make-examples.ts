/**
 * Regenerates the small example outputs committed under results/examples/, which
 * results/explore.ipynb reads by default, with the real CLI:
 *   npx tsx test/analysis/make-examples.ts
 * - baseline-run/: hedgesim run scenarios/baseline-2025.yaml --every 1
 * - sweep-small/:  hedgesim sweep results/examples/sweep-small.yaml (3 x 3 grid over
 *   retaliation.probability and model.hedge_value, 3 replications, world table every 2 steps)
 * - sweep-policies/: hedgesim sweep scenarios/sweep-policies.yaml (4 US deal policies x 40
 *   scenarios x 2 replications), then hedgesim summarize (summary.csv, robustness.csv) and
 *   hedgesim discover --where "share_china > 0.4" (discover/)
 * Paths are relative to the project root, so no path of this machine lands in the outputs.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../sim/cli/main.ts';

process.chdir(join(import.meta.dirname ?? '.', '..', '..'));
const OUT = join('results', 'examples');

async function hedgesim(args: string[]): Promise<void> {
  const code = await main(args);
  if (code !== 0) throw new Error(`hedgesim ${args.join(' ')} failed with exit code ${code}`);
}

rmSync(join(OUT, 'baseline-run'), { recursive: true, force: true });
await hedgesim(['run', 'scenarios/baseline-2025.yaml', '--out', join(OUT, 'baseline-run'), '--every', '1', '--quiet']);
rmSync(join(OUT, 'sweep-small'), { recursive: true, force: true });
await hedgesim(['sweep', join(OUT, 'sweep-small.yaml'), '--out', join(OUT, 'sweep-small'), '--jobs', '1', '--quiet']);
rmSync(join(OUT, 'sweep-policies'), { recursive: true, force: true });
await hedgesim(['sweep', join('scenarios', 'sweep-policies.yaml'), '--out', join(OUT, 'sweep-policies'), '--jobs', '1', '--quiet']);
await hedgesim(['summarize', join(OUT, 'sweep-policies'), '--quiet']);
await hedgesim(['discover', join(OUT, 'sweep-policies'), '--where', 'share_china > 0.4', '--quiet']);
console.log(`wrote ${OUT}/baseline-run, ${OUT}/sweep-small and ${OUT}/sweep-policies`);
