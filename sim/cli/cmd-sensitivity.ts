import { defineCommand } from './command.ts';
import { sensitivityOptions } from './options.ts';

export const command = defineCommand({
  name: 'sensitivity <folder>',
  describe: 'sensitivity.csv: Sobol\' S1/ST with bootstrap intervals (sobol sweeps) or Morris mu, mu*, sigma (morris sweeps)',
  options: sensitivityOptions,
  examples: [
    ['hedgesim sensitivity results/sweep1', 'write results/sweep1/sensitivity.csv'],
    ['hedgesim sensitivity results/sweep1 -m isolation_china --resamples 2000', 'one metric, more resamples'],
  ],
  handler: async (a, io) => (await import('./analysis.ts')).sensitivityCommand(a, io),
});
