/**
 * Robustness of policies (sim/analysis/robustness.ts) on a table computed by hand:
 * three policies x four scenarios,
 *   P0: 0.2 0.5 0.4 0.9    P1: 0.3 0.3 0.6 0.7    P2: 0.1 0.6 0.5 0.8
 * To maximise: best per scenario 0.3 0.6 0.6 0.9; regrets P0 0.1 0.1 0.2 0 (max 0.2),
 * P1 0 0.3 0 0.2 (0.3), P2 0.2 0 0.1 0.1 (0.2). Means 0.5, 0.475, 0.5. 10th
 * percentile (type 7, h = 3 x 0.1 = 0.3): 0.2 + 0.3 x 0.2 = 0.26, 0.3, 0.1 + 0.3 x 0.4 = 0.22;
 * 90th (h = 2.7): 0.5 + 0.7 x 0.4 = 0.78, 0.6 + 0.7 x 0.1 = 0.67, 0.6 + 0.7 x 0.2 = 0.74.
 * Satisficing at >= 0.5: 2/4, 2/4, 3/4.
 * To minimise: best 0.1 0.3 0.4 0.7; regrets P0 0.1 0.2 0 0.2 (0.2), P1 0.2 0 0.2 0 (0.2),
 * P2 0 0.3 0.1 0.1 (0.3); satisficing at <= 0.5: 3/4, 2/4, 2/4.
 */
import { describe, expect, it } from 'vitest';
import { robustness } from '../../sim/analysis/robustness.ts';

const T = [[0.2, 0.5, 0.4, 0.9], [0.3, 0.3, 0.6, 0.7], [0.1, 0.6, 0.5, 0.8]];
const close = (got: (number | null)[], want: number[]) => got.forEach((g, i) => expect(g!).toBeCloseTo(want[i], 12));

describe('robustness', () => {
  it('to maximise: mean, percentiles, max regret, satisficing share', () => {
    const r = robustness(T, 'maximize', 0.5);
    close(r.map((x) => x.mean), [0.5, 0.475, 0.5]);
    close(r.map((x) => x.p10), [0.26, 0.3, 0.22]);
    close(r.map((x) => x.p90), [0.78, 0.67, 0.74]);
    close(r.map((x) => x.maxRegret), [0.2, 0.3, 0.2]);
    close(r.map((x) => x.satisficing), [0.5, 0.5, 0.75]);
    expect(r.map((x) => x.scenarios)).toEqual([4, 4, 4]);
  });
  it('to minimise', () => {
    const r = robustness(T, 'minimize', 0.5);
    close(r.map((x) => x.maxRegret), [0.2, 0.2, 0.3]);
    close(r.map((x) => x.satisficing), [0.75, 0.5, 0.5]);
  });
  it('without a threshold the satisficing share is undefined, and a ragged table is refused', () => {
    expect(robustness(T, 'maximize').every((x) => x.satisficing === null)).toBe(true);
    expect(() => robustness([[1, 2], [1]], 'maximize')).toThrow(/one outcome per scenario/);
  });
});
