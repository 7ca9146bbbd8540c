/**
 * The CLI's commands. Each module in this list exports `command: CommandDef`; its
 * builder only declares options, and its handler imports the implementation lazily
 * (so `hedgesim --help` stays fast). To add a command, add one line here.
 */
import type { Argv } from 'yargs';
import type { CliIO } from './io.ts';
import { command as run } from './cmd-run.ts';

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
];
