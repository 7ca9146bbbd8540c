import { defineCommand } from './command.ts';
import { replayOptions } from './options.ts';

export const command = defineCommand({
  name: 'replay <folder>',
  describe: 'run one run of a sweep again with its full time series (countries.csv, world.csv, events.csv)',
  options: replayOptions,
  examples: [['hedgesim replay results/sweep1 --run 57', 'run 57 again, with every table']],
  handler: async (a, io, argv) => (await import('./sweep-cmds.ts')).replayCommand({ ...a, argv }, io),
});
