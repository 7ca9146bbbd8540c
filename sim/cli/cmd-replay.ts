import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'replay <folder>',
  describe: 'run one run of a sweep again with its full time series (countries.csv, world.csv, events.csv)',
  builder: (b) => b
    .positional('folder', { type: 'string', describe: 'the sweep\'s output folder', demandOption: true })
    .option('run', { alias: 'r', type: 'number', describe: 'run id (runs.csv run_id)', demandOption: true })
    .option('out', { alias: 'o', type: 'string', describe: 'output folder (default FOLDER/replay-RUN/)' })
    .example('hedgesim replay results/sweep1 --run 57', 'run 57 again, with every table'),
  handler: async (a, io, argv) => (await import('./sweep-cmds.ts')).replayCommand({ folder: a.folder, run: a.run, out: a.out, argv }, io),
};
