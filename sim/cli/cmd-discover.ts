import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'discover <folder>',
  describe: 'scenario discovery: PRIM (peeling trajectory, the chosen box with quasi-p-values) and CART for the runs where a condition holds; writes <folder>/discover/',
  builder: (b) => b
    .positional('folder', { type: 'string', describe: 'output folder of hedgesim sweep (random, lhs or sobol designs are best)', demandOption: true })
    .option('where', { alias: 'w', type: 'string', demandOption: true, describe: 'the cases of interest: METRIC > NUMBER (or >=, <, <=), e.g. "share_china > 0.2"' })
    .option('metric', { alias: 'm', type: 'string', describe: 'the metric (the one --where names)' })
    .option('out', { alias: 'o', type: 'string', describe: 'output folder (default <folder>/discover)' })
    .option('box', { type: 'number', describe: 'the trajectory box to report (default: the largest coverage x density)' })
    .option('peel-alpha', { type: 'number', default: 0.05, describe: 'share of a box peeled off at each step' })
    .option('paste-alpha', { type: 'number', default: 0.05, describe: 'share pasted back at each step' })
    .option('mass-min', { type: 'number', default: 0.05, describe: 'smallest box (and CART leaf), as a share of the runs' })
    .option('depth', { type: 'number', default: 3, describe: 'depth of the CART tree' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print nothing on success' })
    .example('hedgesim discover results/sweep-policies --where "share_china > 0.05"', 'which parameters make China win allies?')
    .example('hedgesim discover results/lhs1 -w "isolation_china < 0.3" --box 12', 'report box 12 of the trajectory'),
  handler: async (a, io) => (await import('./analysis.ts')).discoverCommand(
    { folder: a.folder, where: a.where, metric: a.metric, out: a.out, box: a.box, peelAlpha: a['peel-alpha'], pasteAlpha: a['paste-alpha'], massMin: a['mass-min'], depth: a.depth, quiet: a.quiet }, io),
};
