import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'plot <folder>',
  describe: 'SVG charts (and their Vega-Lite specs) of a run or sweep folder, written to <folder>/plots/',
  builder: (b) => b
    .positional('folder', { type: 'string', describe: 'output folder of hedgesim run or hedgesim sweep', demandOption: true })
    .option('out', { alias: 'o', type: 'string', describe: 'folder for the charts (default <folder>/plots)' })
    .option('metric', { alias: 'm', type: 'string', describe: 'sweep metric for the heatmap and sensitivity bars (default the first)' })
    .option('x', { type: 'string', describe: 'sweep parameter on the heatmap x axis (default the first)' })
    .option('y', { type: 'string', describe: 'sweep parameter on the heatmap y axis (default the second)' })
    .option('point', { type: 'string', describe: 'sweep design point whose time series are drawn (default the first)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print nothing on success' })
    .example('hedgesim plot results/my-run', 'alignment, stance shares and isolation charts')
    .example('hedgesim plot results/sweep1 -m isolation_china --x model.elasticity --y model.rationality', 'a heatmap of one metric'),
  handler: async (a, io) => (await import('./analysis.ts')).plotCommand(
    { folder: a.folder, out: a.out, metric: a.metric, x: a.x, y: a.y, point: a.point, quiet: a.quiet }, io),
};
