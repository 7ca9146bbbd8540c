import { defineCommand } from './command.ts';
import { compareOptions } from './options.ts';

export const command = defineCommand({
  name: 'compare <a> [b]',
  describe: 'paired comparison (same seeds) of two scenarios, or of two sweeps: the mean difference A - B of every country and world measure with its 95% interval (compare.csv)',
  options: compareOptions,
  examples: [
    ['hedgesim compare scenarios/baseline-2025.yaml scenarios/no-retaliation.yaml', 'the effect of China\'s retaliation rule, over 50 paired replications'],
    ['hedgesim compare scenarios/baseline-2025.yaml --set-b retaliation.probability=10 -r 100', 'A against itself with one setting changed'],
    ['hedgesim compare results/sweep-a results/sweep-b', 'two sweeps run with the same sweep file and seeds: per design point'],
  ],
  handler: async (a, io, argv) => (await import('./compare.ts')).compareCommand({ ...a, argv }, io),
});
