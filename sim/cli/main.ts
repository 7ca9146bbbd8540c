#!/usr/bin/env node
/**
 * The hedgesim command line. Each command only parses its options and calls the
 * library; implementations load lazily so `hedgesim --help` starts fast.
 */
import yargs from 'yargs';
import { processIO, reportError, type CliIO } from './io.ts';
import { EXIT } from '../errors.ts';
import { COMMANDS } from './commands.ts';

declare const __HEDGESIM_VERSION__: string | undefined;

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  let code = EXIT.ok as number;
  let usageError: string | null = null;
  const run = (p: Promise<number>) => p.then((c) => { code = c; }, (e) => { code = reportError(io, e); });
  let y = yargs(argv)
    .scriptName('hedgesim')
    .usage('hedgesim: trade alignment under tariff pressure, an agent-based simulation\n\nUsage: hedgesim <command> [options]');
  for (const c of COMMANDS) {
    y = y.command(c.name, c.describe, c.builder, async (a) => run(c.handler(a as Record<string, any>, io, argv)));
  }
  y = y
    .demandCommand(1, 'name a command; hedgesim --help lists them')
    .strict()
    .recommendCommands()
    .version(typeof __HEDGESIM_VERSION__ === 'string' ? __HEDGESIM_VERSION__ : 'dev')
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 ok, 2 usage, 3 invalid input, 4 run failure. Docs: README.md and scenarios/README.md.')
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageError = msg;
    })
    .showHelpOnFail(false);
  let helpText = '';
  try {
    await y.parseAsync(argv, {}, (_err, _argv, output) => { helpText = output; });
  } catch (e) {
    return reportError(io, e);
  }
  if (usageError) {
    io.err(`hedgesim: ${usageError}\nrun hedgesim --help for the commands and options`);
    return EXIT.usage;
  }
  if (helpText) io.out(helpText);
  return code;
}

// run when executed directly (not when imported by tests)
const isMain = import.meta.url === `file://${process.argv[1]}` || /\/(cli\.mjs|hedgesim)$/.test(process.argv[1] ?? '');
if (isMain) {
  main(process.argv.slice(2)).then((c) => { process.exitCode = c; });
}
