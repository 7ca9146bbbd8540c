import { defineCommand } from './command.ts';
import { schemaOptions } from './options.ts';

export const command = defineCommand({
  name: 'schema',
  describe: 'print the JSON Schema of scenario files (the one committed as scenarios/scenario.schema.json)',
  options: schemaOptions,
  examples: [
    ['hedgesim schema > scenarios/scenario.schema.json', 'regenerate the committed schema'],
    ['hedgesim schema --out my-folder/scenario.schema.json', 'a copy next to your own scenarios, for editor completion'],
  ],
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
});
