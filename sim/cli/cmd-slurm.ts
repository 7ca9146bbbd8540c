import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'slurm <file>',
  describe: 'write an sbatch job array (one shard per task, requeue-safe) and a dependent merge job for a sweep',
  builder: (b) => b
    .positional('file', { type: 'string', describe: 'sweep YAML file', demandOption: true })
    .option('shards', { alias: 'n', type: 'number', describe: 'number of array tasks (shards)', demandOption: true })
    .option('out', { alias: 'o', type: 'string', describe: 'output folder of the merged sweep (parts go in OUT/parts/)', demandOption: true })
    .option('cpus', { type: 'number', describe: 'CPUs (worker threads) per array task', default: 1 })
    .option('partition', { type: 'string', describe: 'Slurm partition' })
    .option('time', { type: 'string', describe: 'time limit per task, e.g. 01:00:00' })
    .option('mem', { type: 'string', describe: 'memory per task, e.g. 2G' })
    .option('hedgesim', { type: 'string', describe: 'how jobs call hedgesim (default: node dist/cli.mjs when run from the project, else hedgesim)' })
    .option('submit', { type: 'boolean', describe: 'submit the array and the merge job now (needs sbatch)' })
    .example('hedgesim slurm scenarios/sweep-retaliation.yaml --shards 8 --out results/sweep1', 'write the scripts; then bash results/sweep1/slurm/submit.sh')
    .example('hedgesim slurm scenarios/sweep-sobol.yaml --shards 16 --cpus 4 --time 00:30:00 --submit', 'submit right away'),
  handler: async (a, io, argv) => (await import('./sweep-cmds.ts')).slurmCommand(
    { file: a.file, shards: a.shards, out: a.out, cpus: a.cpus, partition: a.partition, time: a.time, mem: a.mem, hedgesim: a.hedgesim, submit: a.submit, argv }, io),
};
