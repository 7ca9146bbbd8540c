import { defineCommand } from './command.ts';
import { discoverOptions } from './options.ts';

export const command = defineCommand({
  name: 'discover <folder>',
  describe: 'scenario discovery: PRIM (peeling trajectory, the chosen box with quasi-p-values) and CART for the runs where a condition holds; writes <folder>/discover/',
  options: discoverOptions,
  examples: [
    ['hedgesim discover results/sweep-policies --where "share_china > 0.05"', 'which parameters make China win allies?'],
    ['hedgesim discover results/lhs1 -w "isolation_china < 0.3" --box 12', 'report box 12 of the trajectory'],
  ],
  handler: async (a, io) => (await import('./analysis.ts')).discoverCommand(
    { folder: a.folder, where: a.where, metric: a.metric, out: a.out, box: a.box, peelAlpha: a['peel-alpha'], pasteAlpha: a['paste-alpha'], massMin: a['mass-min'], depth: a.depth, quiet: a.quiet }, io),
});
