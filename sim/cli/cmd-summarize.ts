import { defineCommand } from './command.ts';
import { summarizeOptions } from './options.ts';

export const command = defineCommand({
  name: 'summarize <folder>',
  describe: 'summary.csv: per design point, each metric\'s mean with a 95% interval across replications (a run folder: the final state per country)',
  options: summarizeOptions,
  examples: [
    ['hedgesim summarize results/sweep1', 'write results/sweep1/summary.csv'],
    ['hedgesim summarize results/sweep1 -m mean_alignment -m isolation_china', 'two metrics only'],
    ['hedgesim summarize results/sweep-policies --robust share_us:max:0.4', 'a policy sweep: robustness of each policy (mean, 10th percentile, maximum regret, satisficing share)'],
  ],
  handler: async (a, io) => (await import('./analysis.ts')).summarizeCommand(a, io),
});
