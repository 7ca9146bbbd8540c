import { defineCommand } from './command.ts';
import { sensitivityOptions } from './options.ts';

export const command = defineCommand({
  name: 'sensitivity <folder>',
  describe: 'sensitivity.csv: Sobol\' S1/ST (sobol sweeps), Morris mu, mu*, sigma (morris sweeps), PRCC and SRC with intervals (any sweep)',
  options: sensitivityOptions,
  examples: [
    ['hedgesim sensitivity results/sweep1', 'write results/sweep1/sensitivity.csv'],
    ['hedgesim sensitivity results/sweep1 -m isolation_china --resamples 2000', 'one metric, more resamples'],
    ['hedgesim sensitivity results/lhs-sweep --method prcc', 'partial rank correlations for a random or lhs sweep'],
  ],
  handler: async (a, io) => (await import('./analysis.ts')).sensitivityCommand(a, io),
});
