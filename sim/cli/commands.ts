/**
 * The CLI's commands. Each module in this list exports `command: CommandDef`; its
 * builder only declares options, and its handler imports the implementation lazily
 * (so `hedgesim --help` stays fast). To add a command, add one line here.
 */
import type { Argv } from 'yargs';
import type { CliIO } from './io.ts';
import { command as run } from './cmd-run.ts';
import { command as summarize } from './cmd-summarize.ts';
import { command as sensitivity } from './cmd-sensitivity.ts';
import { command as discover } from './cmd-discover.ts';
import { command as plot } from './cmd-plot.ts';
import { command as report } from './cmd-report.ts';
import { command as validate } from './cmd-validate.ts';
import { command as schema } from './cmd-schema.ts';
import { command as newScenario } from './cmd-new.ts';
import { command as sweep } from './cmd-sweep.ts';
import { command as merge } from './cmd-merge.ts';
import { command as slurm } from './cmd-slurm.ts';
import { command as replay } from './cmd-replay.ts';
import { command as serve } from './cmd-serve.ts';

export interface CommandDef {
  /** yargs command string, e.g. 'run <scenario>' */
  name: string;
  describe: string;
  builder: (y: Argv) => Argv<any>;
  /** returns the exit code; `argv` is the raw argument list (for manifests) */
  handler: (args: Record<string, any>, io: CliIO, argv: string[]) => Promise<number>;
}

export const COMMANDS: CommandDef[] = [
  run,
  sweep,
  merge,
  slurm,
  replay,
  summarize,
  sensitivity,
  discover,
  plot,
  report,
  validate,
  schema,
  newScenario,
  serve,
];
