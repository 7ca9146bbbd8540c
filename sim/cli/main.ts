#!/usr/bin/env node
/**
 * The hedgesim command line. Each command only parses its options and calls the
 * library; implementations load lazily so `hedgesim --help` starts fast.
 *
 * Order: yargs parses and validates everything (unknown commands and options, missing
 * arguments), then the command's own checks of the values run (numbers, choices,
 * control characters), and only then the handler: every usage error (exit 2) comes
 * before any work, any file and any job.
 */
import yargs from 'yargs';
import { processIO, reportError } from './messages.ts';
import type { CliIO } from '../io/console.ts';
import { EXIT, didYouMean } from '../errors.ts';
import { COMMANDS } from './commands.ts';
import type { CommandDef } from './command.ts';

declare const __HEDGESIM_VERSION__: string | undefined;

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const names = COMMANDS.map((c) => c.name.split(' ')[0]);
  const first = argv.find((a) => !a.startsWith('-'));
  if (first !== undefined && argv[0] === first && !names.includes(first)) {
    io.err(`hedgesim: unknown command ${JSON.stringify(first)}; ${didYouMean(first, names) || `the commands: ${names.join(', ')}`}\nrun hedgesim --help for the commands and options`);
    return EXIT.usage;
  }
  let usageError: string | null = null;
  let chosen: { def: CommandDef; args: Record<string, unknown> } | undefined;
  let y = yargs(argv)
    .scriptName('hedgesim')
    .parserConfiguration({ 'greedy-arrays': false })
    .usage('hedgesim: trade alignment under tariff pressure, an agent-based simulation\n\nUsage: hedgesim <command> [options]');
  for (const c of COMMANDS) {
    // the handler only records the choice: the command runs after every check has passed
    y = y.command(c.name, c.describe, c.builder, (a) => { chosen = { def: c, args: a as Record<string, unknown> }; });
  }
  y = y
    .demandCommand(1, 'name a command; hedgesim --help lists them')
    .strict()
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
    const unknown = /^Unknown arguments?: (.+)$/.exec(usageError as string);
    const def = COMMANDS.find((c) => c.name.split(' ')[0] === argv[0]);
    if (unknown && def) {
      const hints = unknown[1].split(', ').map((u) => { const h = didYouMean(u, def.optionNames); return h.startsWith('did you mean') ? `--${u}: ${h.replace(/'([^']+)'/g, "'--$1'")}` : ''; }).filter(Boolean);
      if (hints.length) usageError = `${usageError}; ${hints.join('; ')}`;
    }
    io.err(`hedgesim: ${usageError}\nrun hedgesim --help for the commands and options`);
    return EXIT.usage;
  }
  if (helpText) { io.out(helpText); return EXIT.ok; }
  if (!chosen) return EXIT.ok;
  try {
    const args = chosen.def.check(chosen.args);
    return await chosen.def.handler(args, io, argv);
  } catch (e) {
    return reportError(io, e);
  }
}

// run when executed directly (not when imported by tests)
const isMain = import.meta.url === `file://${process.argv[1]}` || /\/(cli\.mjs|hedgesim)$/.test(process.argv[1] ?? '');
if (isMain) {
  main(process.argv.slice(2)).then((c) => { process.exitCode = c; });
}
