/**
 * The CLI's commands. Each module in this list exports `command: CommandDef` (made
 * by defineCommand in command.ts from one table of options); its handler imports the
 * implementation lazily (so `hedgesim --help` stays fast). To add a command, add one
 * line here.
 */
import type { CommandDef } from './command.ts';
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
import { command as compare } from './cmd-compare.ts';

export const COMMANDS: CommandDef[] = [
  run,
  sweep,
  merge,
  slurm,
  replay,
  compare,
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
