import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'schema',
  describe: 'print the JSON Schema of scenario files (the one committed as scenarios/scenario.schema.json)',
  builder: (b) => b
    .option('out', { alias: 'o', type: 'string', describe: 'write it to this file instead of printing it' })
    .example('hedgesim schema > scenarios/scenario.schema.json', 'regenerate the committed schema')
    .example('hedgesim schema --out my-folder/scenario.schema.json', 'a copy next to your own scenarios, for editor completion'),
  handler: async (a, io) => {
    const { scenarioJsonSchemaText } = await import('../scenario/jsonschema.ts');
    const text = scenarioJsonSchemaText();
    if (a.out) {
      const { writeFileAtomic } = await import('../io/atomic.ts');
      writeFileAtomic(a.out, text);
      io.err(`wrote ${a.out}`);
    } else io.out(text);
    return 0;
  },
};
