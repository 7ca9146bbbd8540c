import { defineCommand } from './command.ts';
import { sweepOptions } from './options.ts';

export const command = defineCommand({
  name: 'sweep <file>',
  describe: 'run a parameter sweep (grid, random, lhs, sobol, morris) on worker threads; writes runs.csv, points.csv, manifest.json',
  options: sweepOptions,
  examples: [
    ['hedgesim sweep scenarios/sweep-retaliation.yaml --jobs 2 --out results/sweep1', 'run a sweep on two cores'],
    ['hedgesim sweep scenarios/sweep-retaliation.yaml --out results/sweep1 --resume', 'finish it after a crash or Ctrl-C'],
    ['hedgesim sweep scenarios/sweep-retaliation.yaml --shard 3/8 --out results/part-3', 'one part of eight, for an array scheduler'],
    ['hedgesim sweep scenarios/sweep-retaliation.yaml --out results/sweep1 --extend', 'after raising replications (or design n) in the file: run only the new runs'],
  ],
  handler: async (a, io, argv) => (await import('./sweep-cmds.ts')).sweepCommand({ ...a, argv }, io),
});
