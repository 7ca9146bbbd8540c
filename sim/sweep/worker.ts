/**
 * A sweep worker thread (bundled to dist/worker.mjs). It loads the sweep and its
 * base scenario once and reports the sweep's identity with `ready` (the main thread
 * starts the workers while it loads the sweep itself, and sends chunks only when the
 * identities agree); then it runs the chunks it is sent, one after the other,
 * writing each chunk as one file, atomically, and reporting back. Persistent: one
 * per core for the whole sweep.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSweep } from './spec.ts';
import { checkSweepSize, planSweep } from './plan.ts';
import { Executor, writeChunk } from './exec.ts';
import { sweepIdOf } from './identity.ts';

export interface WorkerData { sweepFile: string; chunkDir: string; /** past the size limits (--force) */ force?: boolean }
export type ToWorker = { type: 'chunk'; lo: number; hi: number } | { type: 'stop' };
export type FromWorker =
  | { type: 'ready'; sweepId: string }
  /** `ms`: wall time of the chunk in the worker (runs and file); `bytes`: size of its file */
  | { type: 'done'; lo: number; hi: number; ok: number; failed: number; firstFailures: { run_id: number; error: string }[]; ms: number; bytes: number }
  | { type: 'fatal'; message: string };

async function start(port: NonNullable<typeof parentPort>, data: WorkerData) {
  const { sweep, issues } = await loadSweep(data.sweepFile);
  if (!sweep) {
    port.postMessage({ type: 'fatal', message: `the sweep file no longer loads: ${issues.map((i) => i.message).join('; ')}` } satisfies FromWorker);
    return;
  }
  // the main thread refuses a sweep above the size limits; never plan one here meanwhile
  try { checkSweepSize(sweep, data.force); } catch (e) { port.postMessage({ type: 'fatal', message: (e as Error).message } satisfies FromWorker); return; }
  const plan = planSweep(sweep);
  const ex = new Executor(sweep, plan);
  let chain = Promise.resolve();
  port.on('message', (m: ToWorker) => {
    if (m.type === 'stop') { chain = chain.then(() => process.exit(0)); return; }
    chain = chain.then(async () => {
      try {
        const t0 = performance.now();
        const out = await ex.runChunk(m.lo, m.hi);
        const bytes = writeChunk(data.chunkDir, m.lo, m.hi, out);
        port.postMessage({
          type: 'done', lo: m.lo, hi: m.hi, ok: m.hi - m.lo - out.failures.length, failed: out.failures.length,
          firstFailures: out.failures.slice(0, 3), ms: performance.now() - t0, bytes,
        } satisfies FromWorker);
      } catch (e) {
        port.postMessage({ type: 'fatal', message: (e as Error)?.stack ?? String(e) } satisfies FromWorker);
      }
    });
  });
  port.postMessage({ type: 'ready', sweepId: sweepIdOf(sweep) } satisfies FromWorker);
}

if (parentPort && workerData && (workerData as WorkerData).chunkDir) {
  start(parentPort, workerData as WorkerData).catch((e) => parentPort!.postMessage({ type: 'fatal', message: (e as Error)?.stack ?? String(e) }));
}
