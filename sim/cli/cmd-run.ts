import { defineCommand } from './command.ts';
import { runOptions } from './options.ts';

export const command = defineCommand({
  name: 'run <scenario>',
  describe: 'run a scenario and write countries.csv, world.csv, events.csv and manifest.json',
  options: runOptions,
  examples: [
    ['hedgesim run scenarios/baseline-2025.yaml --seed 7 --out results/my-run', 'run with another seed into a folder of your choice'],
    ['hedgesim run scenarios/baseline-2025.yaml --set model.elasticity=2 --steps 26', 'change a parameter and the horizon'],
  ],
  handler: async (a, io, argv) => (await import('./run-scenario.ts')).runCommand({ ...a, argv }, io),
});
