import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'validate <files..>',
  describe: 'check scenario files without running them (exit 0 when all are valid, 3 otherwise)',
  builder: (b) => b
    .positional('files', { type: 'string', array: true, describe: 'scenario YAML files', demandOption: true })
    .option('format', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'text: each problem with its line and a caret (stderr); json: every problem as JSON on stdout, for editors and CI' })
    .option('set', { type: 'string', array: true, describe: 'check with an override by dotted path, e.g. model.elasticity=2 (repeatable)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'text format: print only the problems' })
    .example('hedgesim validate scenarios/my-scenario.yaml', 'check one file: problems with their line, column and a caret')
    .example('hedgesim validate scenarios/*.yaml --format json', 'check several files and print the problems as JSON'),
  handler: async (a, io) => (await import('./validate.ts')).validateCommand(
    { files: a.files, format: a.format, set: a.set, quiet: a.quiet }, io),
};
