import { defineCommand } from './command.ts';
import { validateOptions } from './options.ts';

export const command = defineCommand({
  name: 'validate <files..>',
  describe: 'check scenario files without running them (exit 0 when all are valid, 3 otherwise)',
  options: validateOptions,
  examples: [
    ['hedgesim validate scenarios/my-scenario.yaml', 'check one file: problems with their line, column and a caret'],
    ['hedgesim validate scenarios/*.yaml --format json', 'check several files and print the problems as JSON'],
  ],
  handler: async (a, io) => (await import('./validate.ts')).validateCommand(a, io),
});
