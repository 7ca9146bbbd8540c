import { defineCommand } from './command.ts';
import { mergeOptions } from './options.ts';

export const command = defineCommand({
  name: 'merge <parts..>',
  describe: 'join the shard folders of a sweep into one folder, in run-id order (same bytes as an unsharded sweep)',
  options: mergeOptions,
  examples: [['hedgesim merge results/part-* --out results/sweep1', 'merge every part']],
  handler: async (a, io, argv) => (await import('./sweep-cmds.ts')).mergeCommand({ ...a, argv }, io),
});
