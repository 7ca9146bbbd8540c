import { defineCommand } from './command.ts';
import { newOptions } from './options.ts';

export const command = defineCommand({
  name: 'new <name>',
  describe: 'write a commented scenario to start from (it validates as written)',
  options: newOptions,
  examples: [
    ['hedgesim new my-scenario --from baseline-2025', 'scenarios/my-scenario.yaml, inheriting the baseline'],
    ['hedgesim new tiny-world', 'a small stand-alone scenario with four countries'],
  ],
  handler: async (a, io) => (await import('./new.ts')).newCommand(a, io),
});
