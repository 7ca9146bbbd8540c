import type { CommandDef } from './commands.ts';

export const command: CommandDef = {
  name: 'sweep <file>',
  describe: 'run a parameter sweep (grid, random, lhs, sobol, morris) on worker threads; writes runs.csv, points.csv, manifest.json',
  builder: (b) => b
    .positional('file', { type: 'string', describe: 'sweep YAML file', demandOption: true })
    .option('out', { alias: 'o', type: 'string', describe: 'output folder (default results/<sweep name>/)' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads (default: one per core)' })
    .option('resume', { type: 'boolean', describe: 'continue an interrupted sweep in --out (starts it if absent)' })
    .option('extend', { type: 'boolean', describe: 'grow the finished sweep in --out to the edited file (more replications, or a larger random, lhs, sobol or morris n): only the new runs run' })
    .option('shard', { type: 'string', describe: 'run only part i of n (1-based), e.g. 3/8; join parts with hedgesim merge' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'print nothing on success' })
    .example('hedgesim sweep scenarios/sweep-retaliation.yaml --jobs 2 --out results/sweep1', 'run a sweep on two cores')
    .example('hedgesim sweep scenarios/sweep-retaliation.yaml --out results/sweep1 --resume', 'finish it after a crash or Ctrl-C')
    .example('hedgesim sweep scenarios/sweep-retaliation.yaml --shard 3/8 --out results/part-3', 'one part of eight, for an array scheduler')
    .example('hedgesim sweep scenarios/sweep-retaliation.yaml --out results/sweep1 --extend', 'after raising replications (or design n) in the file: run only the new runs'),
  handler: async (a, io, argv) => (await import('./sweep-cmds.ts')).sweepCommand(
    { file: a.file, out: a.out, jobs: a.jobs, resume: a.resume, extend: a.extend, shard: a.shard, quiet: a.quiet, argv }, io),
};
