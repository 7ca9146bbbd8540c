import { defineCommand } from './command.ts';
import { plotOptions } from './options.ts';

export const command = defineCommand({
  name: 'plot <folder>',
  describe: 'SVG charts (and their Vega-Lite specs) of a run or sweep folder, written to <folder>/plots/',
  options: plotOptions,
  examples: [
    ['hedgesim plot results/my-run', 'alignment, stance shares and isolation charts'],
    ['hedgesim plot results/sweep1 -m isolation_china --x model.elasticity --y model.rationality', 'a heatmap of one metric'],
  ],
  handler: async (a, io) => (await import('./analysis.ts')).plotCommand(a, io),
});
