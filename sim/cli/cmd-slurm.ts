import { defineCommand } from './command.ts';
import { slurmOptions } from './options.ts';

export const command = defineCommand({
  name: 'slurm <file>',
  describe: 'write an sbatch job array (one shard per task, requeue-safe) and a dependent merge job for a sweep',
  options: slurmOptions,
  examples: [
    ['hedgesim slurm scenarios/sweep-retaliation.yaml --shards 8 --out results/sweep1', 'write the scripts; then bash results/sweep1/slurm/submit.sh'],
    ['hedgesim slurm scenarios/sweep-sobol.yaml --shards 16 --cpus 4 --time 00:30:00 --submit', 'submit right away'],
  ],
  handler: async (a, io, argv) => (await import('./sweep-cmds.ts')).slurmCommand({ ...a, argv }, io),
});
