import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'new <name>',
  describe: 'write a commented scenario to start from (it validates as written)',
  builder: (b) => b
    .positional('name', { type: 'string', describe: 'scenario name: letters, digits, _ . - (the file is NAME.yaml)', demandOption: true })
    .option('from', { type: 'string', describe: 'inherit this scenario (extends:) and change only what you state, e.g. baseline-2025' })
    .option('dir', { type: 'string', describe: 'folder to write to (default: scenarios/ when it exists, else the current folder)' })
    .example('hedgesim new my-scenario --from baseline-2025', 'scenarios/my-scenario.yaml, inheriting the baseline')
    .example('hedgesim new tiny-world', 'a small stand-alone scenario with four countries'),
  handler: async (a, io) => (await import('./new.ts')).newCommand({ name: a.name, from: a.from, dir: a.dir }, io),
};
