/**
 * Robustness of policies across scenarios (the EMA Workbench's robustness metrics;
 * McPhail et al. 2018, "Robustness metrics: how are they calculated, when should
 * they be used and why do they give different results?", Earth's Future 6): given
 * the outcome of every policy in every scenario (the mean over its replications,
 * all policies run with the same seeds in each scenario),
 * - mean over scenarios, and the 10th and 90th percentiles (type 7; for an outcome
 *   to maximise the 10th is the bad tail, to minimise the 90th);
 * - maximum regret (Savage 1951): in each scenario, the regret of a policy is how
 *   far it falls short of the best policy in that scenario,
 *   best_p' outcome(p', s) - outcome(p, s) to maximise (outcome(p, s) - min_p' ... to
 *   minimise); its maximum over scenarios;
 * - satisficing share (Starr's domain criterion): the share of scenarios in which
 *   the outcome meets the threshold (>= to maximise, <= to minimise).
 */
import { mean, quantileSorted } from './stats.ts';

export type Goal = 'maximize' | 'minimize';

export interface PolicyRobustness {
  policy: number;
  scenarios: number;
  mean: number;
  p10: number;
  p90: number;
  maxRegret: number;
  /** null without a threshold */
  satisficing: number | null;
}

/**
 * `outcome[p][s]`: the outcome of policy p in scenario s (every policy needs a value
 * in every scenario; leave scenarios with a missing value out before calling).
 */
export function robustness(outcome: readonly ArrayLike<number>[], goal: Goal, threshold?: number): PolicyRobustness[] {
  const P = outcome.length;
  if (P === 0) throw new RangeError('robustness: no policies');
  const S = outcome[0].length;
  if (S === 0) throw new RangeError('robustness: no scenarios');
  for (const row of outcome) {
    if (row.length !== S) throw new RangeError('robustness: every policy needs one outcome per scenario');
    for (let s = 0; s < S; s++) if (!Number.isFinite(row[s])) throw new RangeError(`robustness: outcome ${row[s]} in scenario ${s}`);
  }
  const best = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let b = outcome[0][s];
    for (let p = 1; p < P; p++) b = goal === 'maximize' ? Math.max(b, outcome[p][s]) : Math.min(b, outcome[p][s]);
    best[s] = b;
  }
  return outcome.map((row, p) => {
    const sorted = Float64Array.from(row).sort();
    let maxRegret = 0, ok = 0;
    for (let s = 0; s < S; s++) {
      maxRegret = Math.max(maxRegret, goal === 'maximize' ? best[s] - row[s] : row[s] - best[s]);
      if (threshold !== undefined && (goal === 'maximize' ? row[s] >= threshold : row[s] <= threshold)) ok++;
    }
    return {
      policy: p, scenarios: S, mean: mean(row), p10: quantileSorted(sorted, 0.1), p90: quantileSorted(sorted, 0.9),
      maxRegret, satisficing: threshold === undefined ? null : ok / S,
    };
  });
}
