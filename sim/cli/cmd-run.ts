import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'run <scenario>',
  describe: 'run a scenario and write countries.csv, world.csv, events.csv and manifest.json',
  builder: (b) => b
    .positional('scenario', { type: 'string', describe: 'scenario YAML file', demandOption: true })
    .option('out', { alias: 'o', type: 'string', describe: 'output folder (default results/<scenario name>/)' })
    .option('seed', { type: 'number', describe: 'seed of the random stream (overrides seed:)' })
    .option('steps', { type: 'number', describe: 'number of steps (overrides steps:)' })
    .option('every', { type: 'number', describe: 'record every K-th step (step 0 and the last always)' })
    .option('set', { type: 'string', array: true, describe: 'override a setting by its dotted path, e.g. model.elasticity=2 (repeatable)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print nothing on success' })
    .example('hedgesim run scenarios/baseline-2025.yaml --seed 7 --out results/my-run', 'run with another seed into a folder of your choice')
    .example('hedgesim run scenarios/baseline-2025.yaml --set model.elasticity=2 --steps 26', 'change a parameter and the horizon'),
  handler: async (a, io, argv) => (await import('./run.ts')).runCommand(
    { scenario: a.scenario, out: a.out, seed: a.seed, steps: a.steps, every: a.every, set: a.set, quiet: a.quiet, argv }, io),
};
