/**
 * Every command's positionals and options, each declared once. defineCommand (in
 * command.ts) makes the yargs builder and the checks from a table; the implementations
 * take `ArgsOf<typeof table>` as their argument type. Kept apart from the command
 * modules so that an implementation can name its argument type without importing the
 * module that loads it.
 */
import type { ArgsOf } from './command.ts';

const quiet = { kind: 'boolean', alias: 'q', describe: 'print nothing on success' } as const;
const force = { kind: 'boolean', describe: 'go on past a size limit, or into a folder that holds something else (see sim/sweep/README.md: Limits)' } as const;

export const runOptions = {
  scenario: { kind: 'string', positional: true, required: true, describe: 'scenario YAML file' },
  out: { kind: 'string', alias: 'o', describe: 'output folder (default results/<scenario name>/); a folder hedgesim run wrote is replaced' },
  seed: { kind: 'int', min: 0, max: 4294967295, describe: 'seed of the random stream (overrides seed:)' },
  steps: { kind: 'int', min: 1, describe: 'number of steps (overrides steps:)' },
  every: { kind: 'int', min: 1, describe: 'record every K-th step (step 0 and the last always)' },
  set: { kind: 'strings', describe: 'override a setting by its dotted path, e.g. model.elasticity=2 (repeatable)' },
  force,
  quiet,
} as const;
export type RunArgs = ArgsOf<typeof runOptions>;

export const sweepOptions = {
  file: { kind: 'string', positional: true, required: true, describe: 'sweep YAML file' },
  out: { kind: 'string', alias: 'o', describe: 'output folder (default results/<sweep name>/)' },
  jobs: { kind: 'int', alias: 'j', min: 1, describe: 'worker threads (default: one per core; at most 4 per core and one per run)' },
  resume: { kind: 'boolean', describe: 'continue an interrupted sweep in --out (starts it if absent)' },
  shard: { kind: 'string', describe: 'run only part i of n (1-based), e.g. 3/8; join parts with hedgesim merge' },
  extend: { kind: 'boolean', describe: 'grow the finished sweep in --out to the edited file (more replications, or a larger random, lhs, sobol or morris n): only the new runs run' },
  force,
  quiet,
} as const;
export type SweepArgs = ArgsOf<typeof sweepOptions> & { argv?: string[] };

export const mergeOptions = {
  parts: { kind: 'strings', positional: true, required: true, describe: 'shard folders (hedgesim sweep --shard i/n --out ...)' },
  out: { kind: 'string', alias: 'o', required: true, describe: 'output folder' },
  quiet,
} as const;
export type MergeArgs = ArgsOf<typeof mergeOptions>;

export const slurmOptions = {
  file: { kind: 'string', positional: true, required: true, describe: 'sweep YAML file' },
  shards: { kind: 'int', alias: 'n', min: 1, max: 100000, required: true, describe: 'number of array tasks (shards)' },
  out: { kind: 'string', alias: 'o', required: true, describe: 'output folder of the merged sweep (parts go in OUT/parts/)' },
  cpus: { kind: 'int', min: 1, max: 1024, default: 1, describe: 'CPUs (worker threads) per array task' },
  partition: { kind: 'string', describe: 'Slurm partition' },
  time: { kind: 'string', describe: 'time limit per task, e.g. 01:00:00 or 2-00:00:00' },
  mem: { kind: 'string', describe: 'memory per task, e.g. 2G' },
  hedgesim: { kind: 'string', describe: 'how jobs call hedgesim (default: node with the absolute path of this dist/cli.mjs)' },
  submit: { kind: 'boolean', describe: 'submit the array and the merge job now (needs sbatch)' },
} as const;
export type SlurmArgs = ArgsOf<typeof slurmOptions>;

export const replayOptions = {
  folder: { kind: 'string', positional: true, required: true, describe: 'the sweep\'s output folder' },
  run: { kind: 'int', alias: 'r', min: 0, required: true, describe: 'run id (runs.csv run_id)' },
  out: { kind: 'string', alias: 'o', describe: 'output folder (default FOLDER/replay-RUN/)' },
} as const;
export type ReplayArgs = ArgsOf<typeof replayOptions>;

const level = { kind: 'number', min: 0, max: 1, default: 0.95, describe: 'confidence level of the intervals (between 0 and 1)' } as const;

export const summarizeOptions = {
  folder: { kind: 'string', positional: true, required: true, describe: 'output folder of hedgesim run or hedgesim sweep' },
  out: { kind: 'string', alias: 'o', describe: 'output file (default <folder>/summary.csv)' },
  metric: { kind: 'strings', alias: 'm', describe: 'summarize only these metrics (repeatable; default all)' },
  level,
  robust: { kind: 'strings', describe: 'policy sweeps: robustness.csv for METRIC:max or METRIC:min, optionally :THRESHOLD for the satisficing share (repeatable; default: the metrics with a goal: in the sweep file)' },
  quiet,
} as const;
export type SummarizeArgs = ArgsOf<typeof summarizeOptions>;

export const sensitivityOptions = {
  folder: { kind: 'string', positional: true, required: true, describe: 'output folder of hedgesim sweep' },
  out: { kind: 'string', alias: 'o', describe: 'output file (default <folder>/sensitivity.csv)' },
  metric: { kind: 'strings', alias: 'm', describe: 'only these metrics (repeatable; default all)' },
  method: { kind: 'strings', describe: 'sobol, morris (their own designs), prcc, src (any design); default: the design\'s own, else prcc and src' },
  resamples: { kind: 'int', min: 1, max: 1_000_000, default: 1000, describe: 'bootstrap resamples for the intervals' },
  level,
  seed: { kind: 'int', min: 0, max: 4294967295, default: 0, describe: 'seed of the bootstrap' },
  quiet,
} as const;
export type SensitivityArgs = ArgsOf<typeof sensitivityOptions>;

export const plotOptions = {
  folder: { kind: 'string', positional: true, required: true, describe: 'output folder of hedgesim run or hedgesim sweep' },
  out: { kind: 'string', alias: 'o', describe: 'folder for the charts (default <folder>/plots)' },
  metric: { kind: 'string', alias: 'm', describe: 'sweep metric for the heatmap and sensitivity bars (default the first)' },
  x: { kind: 'string', describe: 'sweep parameter on the heatmap x axis (default the first)' },
  y: { kind: 'string', describe: 'sweep parameter on the heatmap y axis (default the second)' },
  point: { kind: 'string', describe: 'sweep design point whose time series are drawn (default the first)' },
  quiet,
} as const;
export type PlotArgs = ArgsOf<typeof plotOptions>;

export const reportOptions = { ...plotOptions, out: { kind: 'string', alias: 'o', describe: 'output file (default <folder>/report.html)' } } as const;
export type ReportArgs = ArgsOf<typeof reportOptions>;

export const validateOptions = {
  files: { kind: 'strings', positional: true, required: true, describe: 'scenario or sweep YAML files' },
  format: { kind: 'string', choices: ['text', 'json'], default: 'text', describe: 'text: each problem with its line and a caret (stderr); json: every problem as JSON on stdout, for editors and CI' },
  set: { kind: 'strings', describe: 'check with an override by dotted path, e.g. model.elasticity=2 (repeatable)' },
  quiet: { kind: 'boolean', alias: 'q', describe: 'text format: print only the problems' },
} as const;
export type ValidateArgs = ArgsOf<typeof validateOptions>;

export const schemaOptions = {
  out: { kind: 'string', alias: 'o', describe: 'write it to this file instead of printing it' },
  markdown: { kind: 'boolean', describe: 'the table of the model\'s parameters (default, unit, range, meaning and source), as in sim/model/README.md' },
  events: { kind: 'boolean', describe: 'the reference of every event kind (fields, defaults, what happens when two events touch the same thing), as in scenarios/README.md' },
  sweep: { kind: 'boolean', describe: 'the JSON Schema of sweep files instead (the one committed as scenarios/sweep.schema.json)' },
} as const;

export const newOptions = {
  name: { kind: 'string', positional: true, required: true, describe: 'scenario name: letters, digits, _ . - (the file is NAME.yaml)' },
  from: { kind: 'string', describe: 'inherit this scenario (extends:) and change only what you state, e.g. baseline-2025' },
  dir: { kind: 'string', describe: 'folder to write to (default: scenarios/ when it exists, else the current folder)' },
} as const;
export type NewArgs = ArgsOf<typeof newOptions>;

export const discoverOptions = {
  folder: { kind: 'string', positional: true, required: true, describe: 'output folder of hedgesim sweep (random, lhs or sobol designs are best)' },
  where: { kind: 'string', alias: 'w', required: true, describe: 'the cases of interest: METRIC > NUMBER (or >=, <, <=), e.g. "share_china > 0.2"' },
  metric: { kind: 'string', alias: 'm', describe: 'the metric (the one --where names)' },
  out: { kind: 'string', alias: 'o', describe: 'output folder (default <folder>/discover)' },
  box: { kind: 'int', min: 0, describe: 'the trajectory box to report (default: the largest coverage x density)' },
  'peel-alpha': { kind: 'number', default: 0.05, describe: 'share of a box peeled off at each step (between 0 and 0.5)' },
  'paste-alpha': { kind: 'number', default: 0.05, describe: 'share pasted back at each step (between 0 and 0.5)' },
  'mass-min': { kind: 'number', default: 0.05, describe: 'smallest box (and CART leaf), as a share of the runs (between 0 and 0.5)' },
  depth: { kind: 'int', min: 1, max: 20, default: 3, describe: 'depth of the CART tree' },
  quiet,
} as const;

export const serveOptions = {
  scenario: { kind: 'string', positional: true, describe: 'scenario YAML file the page opens with (default: the baseline)' },
  port: { kind: 'number', default: 5199, describe: 'port to listen on (0: any free port)' },
  host: { kind: 'string', default: '127.0.0.1', describe: 'address to listen on (the page is for this machine: keep the loopback address unless you mean to share it)' },
  root: { kind: 'string', describe: 'folder of the built page (default: dist/web of this hedgesim)' },
} as const;

export const compareOptions = {
  a: { kind: 'string', positional: true, required: true, describe: 'scenario A (the factual), or a sweep folder' },
  b: { kind: 'string', positional: true, describe: 'scenario B (the counterfactual), or a sweep folder run with the same sweep file and seeds (default: A itself, changed by --set-b)' },
  replications: { kind: 'int', alias: 'r', min: 2, max: 100_000, default: 50, describe: 'paired replications: replication r runs both scenarios with the same seed' },
  seed: { kind: 'int', min: 0, max: 4294967295, default: 1, describe: 'base seed: replication r has seed hash(seed, r)' },
  at: { kind: 'int', min: 0, describe: 'the step compared (default: the last)' },
  set: { kind: 'strings', describe: 'override a setting in both scenarios, e.g. steps=52 (repeatable)' },
  'set-a': { kind: 'strings', describe: 'override a setting in A only (repeatable)' },
  'set-b': { kind: 'strings', describe: 'override a setting in B only, e.g. retaliation.enabled=false (repeatable)' },
  level,
  out: { kind: 'string', alias: 'o', describe: 'output folder (default results/compare-<A>-vs-<B>/); a folder hedgesim compare wrote is replaced' },
  force,
  quiet,
} as const;
export type CompareArgs = ArgsOf<typeof compareOptions> & { argv?: string[] };
