import { defineCommand } from './command.ts';
import { schemaOptions } from './options.ts';

export const command = defineCommand({
  name: 'schema',
  describe: 'print the JSON Schema of scenario files (the one committed as scenarios/scenario.schema.json), with --sweep that of sweep files, with --markdown the parameter table, with --events the event reference',
  options: schemaOptions,
  examples: [
    ['hedgesim schema > scenarios/scenario.schema.json', 'regenerate the committed schema'],
    ['hedgesim schema --out my-folder/scenario.schema.json', 'a copy next to your own scenarios, for editor completion'],
    ['hedgesim schema --sweep --out scenarios/sweep.schema.json', 'regenerate the committed schema of sweep files'],
    ['hedgesim schema --markdown', 'the model\'s parameters as a markdown table'],
  ],
  handler: async (a, io) => {
    if ([a.markdown, a.events, a.sweep].filter(Boolean).length > 1) {
      const { UsageError } = await import('../errors.ts');
      throw new UsageError('give one of --markdown, --events and --sweep');
    }
    let text: string;
    if (a.markdown) text = (await import('../scenario/docs.ts')).parameterTable();
    else if (a.events) text = (await import('../scenario/docs.ts')).eventReference();
    else if (a.sweep) text = JSON.stringify((await import('../sweep/spec.ts')).sweepJsonSchema(), null, 2) + '\n';
    else text = (await import('../scenario/jsonschema.ts')).scenarioJsonSchemaText();
    if (a.out) {
      const { writeFileAtomic } = await import('../io/atomic.ts');
      writeFileAtomic(a.out, text);
      io.err(`wrote ${a.out}`);
    } else io.out(text);
    return 0;
  },
});
