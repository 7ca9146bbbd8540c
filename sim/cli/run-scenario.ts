/**
 * `hedgesim run SCENARIO`: load, validate, estimate, run, commit the output folder,
 * print a summary. From the built CLI the run goes on a worker thread (sim/run-worker.ts),
 * so that Ctrl-C stops it at once and leaves the folder as it was (no temporary file).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { loadScenario } from '../scenario/load.ts';
import { estimateRun, openRunFolder, summaryTable, writeRun } from '../run-folder.ts';
import type { FromRunWorker, RunWorkerData } from '../run-worker.ts';
import { checkEstimate } from '../io/limits.ts';
import { checkRunFolder } from '../io/out-folder.ts';
import { hasErrors, EXIT, RunError, UserError, type Issue } from '../errors.ts';
import { printIssues } from './messages.ts';
import type { CliIO } from '../io/console.ts';
import type { RunArgs } from './options.ts';

/** dist/run-worker.mjs when this code runs from the bundle (from the TypeScript sources the run stays on this thread). */
function runWorkerFile(): string | undefined {
  const url = import.meta.url;
  if (!url.endsWith('.mjs')) return undefined;
  const here = dirname(fileURLToPath(url));
  return [join(here, 'run-worker.mjs'), join(here, '..', 'run-worker.mjs')].find((p) => existsSync(p));
}

type Done = Extract<FromRunWorker, { type: 'done' }>;

/** Run on a worker; resolves with its result, or 'interrupted' after Ctrl-C (the worker ended). */
function runOnWorker(file: string, data: RunWorkerData): Promise<Done | 'interrupted'> {
  return new Promise((resolve, reject) => {
    const w = new Worker(file, { workerData: data });
    let settled = false;
    const settle = (f: () => void) => { if (settled) return; settled = true; process.off('SIGINT', onSigint); f(); };
    const onSigint = () => settle(() => { void w.terminate().then(() => resolve('interrupted')); });
    process.on('SIGINT', onSigint);
    w.on('message', (m: FromRunWorker) => settle(() => {
      if (m.type === 'done') resolve(m);
      else {
        const e: Error & { code?: string; exitCode?: number } =
          m.name === 'RunError' ? new RunError(m.message)
          : m.name === 'UserError' || m.name === 'UsageError' ? new UserError(m.message, (m.issues ?? []) as Issue[], m.exitCode)
          : Object.assign(new Error(m.message), { name: m.name, code: m.code });
        if (m.stack && !(e instanceof UserError)) e.stack = m.stack;
        reject(e);
      }
      void w.terminate();
    }));
    w.on('error', (e) => settle(() => reject(e)));
    w.on('exit', () => settle(() => reject(new Error('the run worker exited before the run was done'))));
  });
}

export async function runCommand(args: RunArgs & { argv?: string[] }, io: CliIO): Promise<number> {
  const overrides = { steps: args.steps, seed: args.seed, 'record.every': args.every };
  const { scenario, issues, sources } = await loadScenario(args.scenario, { set: args.set, overrides });
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
  const folder = openRunFolder(out, { force: args.force, command: args.argv ? ['hedgesim', ...args.argv].join(' ') : undefined });
  let r: Pick<Done, 'table' | 'files' | 'seconds'>;
  try {
    const wf = runWorkerFile();
    if (wf) {
      const x = await runOnWorker(wf, { scenario: args.scenario, set: args.set, overrides, stage: folder.stage, argv: args.argv });
      if (x === 'interrupted') {
        folder.close();
        io.err(`\nstopped (Ctrl-C): nothing was written; ${out} is as it was`);
        return 130;
      }
      r = x;
    } else {
      const s = writeRun(scenario, folder.stage, { argv: args.argv });
      r = { table: summaryTable(s), files: s.files, seconds: s.seconds };
    }
    folder.commit(r.files);
  } finally {
    folder.close();
  }
  if (!args.quiet) {
    io.out(r.table);
    const files = Object.entries(r.files).map(([f, x]) => `${f} (${x.rows} rows)`).join(', ');
    io.out(`\nwrote ${out}/: ${files}, manifest.json in ${r.seconds.toFixed(2)} s`);
  }
  return EXIT.ok;
}
