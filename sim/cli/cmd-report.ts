import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'report <folder>',
  describe: 'report.html: one self-contained page (works offline) with the charts, summary tables, scenario and manifest',
  builder: (b) => b
    .positional('folder', { type: 'string', describe: 'output folder of hedgesim run or hedgesim sweep', demandOption: true })
    .option('out', { alias: 'o', type: 'string', describe: 'output file (default <folder>/report.html)' })
    .option('metric', { alias: 'm', type: 'string', describe: 'sweep metric for the heatmap and sensitivity bars (default the first)' })
    .option('x', { type: 'string', describe: 'sweep parameter on the heatmap x axis' })
    .option('y', { type: 'string', describe: 'sweep parameter on the heatmap y axis' })
    .option('point', { type: 'string', describe: 'sweep design point whose time series are drawn' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print nothing on success' })
    .example('hedgesim report results/sweep1', 'write results/sweep1/report.html; open it in any browser'),
  handler: async (a, io) => (await import('./analysis.ts')).reportCommand(
    { folder: a.folder, out: a.out, metric: a.metric, x: a.x, y: a.y, point: a.point, quiet: a.quiet }, io),
};
