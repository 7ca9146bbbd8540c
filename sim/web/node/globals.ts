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
/**
 * UTF-8 writes through the browser's own encoder (the polyfill builds an array of bytes
 * per string: the CSV writer's lines went ten times slower). Same bytes and count as
 * Node's buf.write: whole characters only, as many as fit (test/web/units.test.ts).
 */
export function fastUtf8Write(B: typeof Buffer): void {
  const enc = new TextEncoder();
  const write = B.prototype.write as (this: Buffer, ...a: unknown[]) => number;
  B.prototype.write = function (this: Buffer, str: string, a?: unknown, b?: unknown, c?: unknown): number {
    let offset = 0, length: number | undefined, encoding: unknown = 'utf8';
    if (typeof a === 'string') encoding = a;
    else { offset = (a as number | undefined) ?? 0; if (typeof b === 'string') encoding = b; else { length = b as number | undefined; if (c !== undefined) encoding = c; } }
    if (encoding !== 'utf8' && encoding !== 'utf-8') return write.call(this, str, a, b, c);
    const end = length === undefined ? this.length : Math.min(this.length, offset + length);
    // a plain view: the polyfill's subarray re-types every slice as a Buffer (slow per line)
    return enc.encodeInto(str, new Uint8Array(this.buffer, this.byteOffset + offset, Math.max(0, end - offset))).written;
  } as typeof B.prototype.write;
}

if (typeof g.Buffer === 'undefined') {
  fastUtf8Write(Buffer);
  g.Buffer = Buffer;
}
if (typeof g.process === 'undefined') {
  const stream = { isTTY: false, columns: 100, write: (_s: string) => true };
  g.process = { env: {}, argv: [], cwd: () => '/', platform: 'browser', versions: {}, stdout: stream, stderr: stream, exitCode: 0 };
}
