/**
 * Globals that the engine's Node code reads, for the browser (the classic browserify
 * shims): Buffer (the CSV writer's buffers; the kernel decodes its WebAssembly module
 * from base64 with it) and a minimal `process` (the loader shows paths relative to
 * process.cwd(), here the virtual folder /; engine.ts reads HEDGESIM_KERNEL from
 * process.env, empty here, so the kernel is chosen by the same rule as the CLI's
 * default; the CLI's io module reads stdout/stderr when it loads). `process.versions`
 * has no `node`, so libraries that look for Node do not find it. Imported first by the
 * worker, before any module of the engine runs.
 */
import { Buffer } from 'buffer';

const g = globalThis as { Buffer?: unknown; process?: unknown };
if (typeof g.Buffer === 'undefined') g.Buffer = Buffer;
if (typeof g.process === 'undefined') {
  const stream = { isTTY: false, columns: 100, write: (_s: string) => true };
  g.process = { env: {}, argv: [], cwd: () => '/', platform: 'browser', versions: {}, stdout: stream, stderr: stream, exitCode: 0 };
}
