/** `hedgesim run SCENARIO`: load, validate, run, write the output folder, print a summary. */
import { join } from 'node:path';
import { loadScenario } from '../scenario/load.ts';
import { estimateRun, runToFolder, summaryTable } from '../run-folder.ts';
import { checkEstimate } from '../io/limits.ts';
import { checkRunFolder } from '../io/out-folder.ts';
import { hasErrors, EXIT } from '../errors.ts';
import { printIssues } from './messages.ts';
import type { CliIO } from '../io/console.ts';

import type { RunArgs } from './options.ts';

export async function runCommand(args: RunArgs & { argv?: string[] }, io: CliIO): Promise<number> {
  const { scenario, issues, sources } = await loadScenario(args.scenario, {
    set: args.set,
    overrides: { steps: args.steps, seed: args.seed, 'record.every': args.every },
  });
  if (!scenario || hasErrors(issues)) {
    printIssues(io, issues, sources);
    io.err('nothing was run and nothing was written; fix the errors above (hedgesim validate checks a file without running it)');
    return EXIT.input;
  }
  if (issues.length) printIssues(io, issues, sources);
  const out = args.out ?? join('results', scenario.spec.name ?? 'run');
  // before any work: the output folder's kind and the size of what would be written
  checkRunFolder(out, args.force);
  checkEstimate(estimateRun(scenario), args.force, `${args.scenario}`);
  const s = runToFolder(scenario, { out, argv: args.argv, force: args.force });
  if (!args.quiet) {
    io.out(summaryTable(s));
    const files = Object.entries(s.files).map(([f, x]) => `${f} (${x.rows} rows)`).join(', ');
    io.out(`\nwrote ${out}/: ${files}, manifest.json in ${s.seconds.toFixed(2)} s`);
  }
  return EXIT.ok;
}
