/**
 * `hedgesim run` in a worker thread (bundled to dist/run-worker.mjs). The step loop
 * is synchronous: on the main thread a Ctrl-C could not be handled until it ends, and
 * the default action kills the process, leaving its temporary files. Here the main
 * thread keeps the signal, ends this worker and removes the folder it wrote into.
 * The worker loads the scenario as the main thread did (same file, same overrides)
 * and writes the run into the stage the main thread opened; it sends back the
 * summary table and the file records.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from './scenario/load.ts';
import { summaryTable, writeRun } from './run-folder.ts';

export interface RunWorkerData { scenario: string; set?: string[]; overrides: Record<string, unknown>; stage: string; argv?: string[] }
export type FromRunWorker =
  | { type: 'done'; table: string; files: Record<string, { rows: number; bytes: number; sha256: string }>; seconds: number }
  | { type: 'error'; name: string; message: string; code?: string; issues?: unknown[]; exitCode?: number; stack?: string };

async function start(port: NonNullable<typeof parentPort>, d: RunWorkerData) {
  const { scenario } = await loadScenario(d.scenario, { set: d.set, overrides: d.overrides });
  if (!scenario) throw new Error('the scenario no longer loads (it changed while the run was starting); run the command again');
  const s = writeRun(scenario, d.stage, { argv: d.argv });
  port.postMessage({ type: 'done', table: summaryTable(s), files: s.files, seconds: s.seconds } satisfies FromRunWorker);
}

if (parentPort && workerData && (workerData as RunWorkerData).stage) {
  const port = parentPort;
  start(port, workerData as RunWorkerData).catch((e) => {
    const x = e as Error & { code?: string; issues?: unknown[]; exitCode?: number };
    port.postMessage({ type: 'error', name: x?.name ?? 'Error', message: x?.message ?? String(e), code: x?.code, issues: x?.issues, exitCode: x?.exitCode, stack: x?.stack } satisfies FromRunWorker);
  });
}
