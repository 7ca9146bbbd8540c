import { defineCommand } from './command.ts';
import { summarizeOptions } from './options.ts';

export const command = defineCommand({
  name: 'summarize <folder>',
  describe: 'summary.csv: per design point, each metric\'s mean with a 95% interval across replications (a run folder: the final state per country)',
  options: summarizeOptions,
  examples: [
    ['hedgesim summarize results/sweep1', 'write results/sweep1/summary.csv'],
    ['hedgesim summarize results/sweep1 -m mean_alignment -m isolation_china', 'two metrics only'],
  ],
  handler: async (a, io) => (await import('./analysis.ts')).summarizeCommand(a, io),
});
