import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'summarize <folder>',
  describe: 'summary.csv: per design point, each metric\'s mean with a 95% interval across replications (a run folder: the final state per country)',
  builder: (b) => b
    .positional('folder', { type: 'string', describe: 'output folder of hedgesim run or hedgesim sweep', demandOption: true })
    .option('out', { alias: 'o', type: 'string', describe: 'output file (default <folder>/summary.csv)' })
    .option('metric', { alias: 'm', type: 'string', array: true, describe: 'summarize only these metrics (repeatable; default all)' })
    .option('level', { type: 'number', default: 0.95, describe: 'confidence level of the intervals' })
    .option('robust', { type: 'string', array: true, describe: 'policy sweeps: robustness.csv for METRIC:max or METRIC:min, optionally :THRESHOLD for the satisficing share (repeatable; default: the metrics with a goal: in the sweep file)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print nothing on success' })
    .example('hedgesim summarize results/sweep1', 'write results/sweep1/summary.csv')
    .example('hedgesim summarize results/sweep1 -m mean_alignment -m isolation_china', 'two metrics only')
    .example('hedgesim summarize results/sweep-policies --robust share_us:max:0.4', 'a policy sweep: robustness of each policy (mean, 10th percentile, maximum regret, satisficing share)'),
  handler: async (a, io) => (await import('./analysis.ts')).summarizeCommand(
    { folder: a.folder, out: a.out, metric: a.metric, level: a.level, robust: a.robust, quiet: a.quiet }, io),
};
