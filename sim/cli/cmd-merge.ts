import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'merge <parts..>',
  describe: 'join the shard folders of a sweep into one folder, in run-id order (same bytes as an unsharded sweep)',
  builder: (b) => b
    .positional('parts', { type: 'string', array: true, describe: 'shard folders (hedgesim sweep --shard i/n --out ...)', demandOption: true })
    .option('out', { alias: 'o', type: 'string', describe: 'output folder', demandOption: true })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print nothing on success' })
    .example('hedgesim merge results/part-* --out results/sweep1', 'merge every part'),
  handler: async (a, io, argv) => (await import('./sweep-cmds.ts')).mergeCommand({ parts: a.parts, out: a.out, quiet: a.quiet, argv }, io),
};
