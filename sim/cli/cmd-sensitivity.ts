import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'sensitivity <folder>',
  describe: 'sensitivity.csv: Sobol\' S1/ST (sobol sweeps), Morris mu, mu*, sigma (morris sweeps), PRCC and SRC with intervals (any sweep)',
  builder: (b) => b
    .positional('folder', { type: 'string', describe: 'output folder of hedgesim sweep', demandOption: true })
    .option('out', { alias: 'o', type: 'string', describe: 'output file (default <folder>/sensitivity.csv)' })
    .option('metric', { alias: 'm', type: 'string', array: true, describe: 'only these metrics (repeatable; default all)' })
    .option('method', { type: 'string', array: true, describe: 'sobol, morris (their own designs), prcc, src (any design); default: the design\'s own, else prcc and src' })
    .option('resamples', { type: 'number', default: 1000, describe: 'bootstrap resamples for the intervals' })
    .option('level', { type: 'number', default: 0.95, describe: 'confidence level of the intervals' })
    .option('seed', { type: 'number', default: 0, describe: 'seed of the bootstrap' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print nothing on success' })
    .example('hedgesim sensitivity results/sweep1', 'write results/sweep1/sensitivity.csv')
    .example('hedgesim sensitivity results/sweep1 -m isolation_china --resamples 2000', 'one metric, more resamples')
    .example('hedgesim sensitivity results/lhs-sweep --method prcc', 'partial rank correlations for a random or lhs sweep'),
  handler: async (a, io) => (await import('./analysis.ts')).sensitivityCommand(
    { folder: a.folder, out: a.out, metric: a.metric, method: a.method, resamples: a.resamples, level: a.level, seed: a.seed, quiet: a.quiet }, io),
};
