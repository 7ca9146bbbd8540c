/**
 * `hedgesim serve [SCENARIO]`: serve the built playground (dist/web/) over HTTP on
 * 127.0.0.1 (by default port 5199; --port 0 takes any free one) and print its address.
 * Only the files of the built page are served, read-only: GET and HEAD, no directory
 * listing, no path outside the folder (.. segments, encoded slashes, NUL bytes and
 * symbolic links that lead out are refused), and only requests addressed to this
 * server's own host name (no DNS rebinding). With SCENARIO, the page opens it: the files
 * its loader reads (the extends chain, a countries CSV) are served at /api/scenario.json.
 * Exit codes: 0 stopped (Ctrl-C), 2 usage (a bad --port), 3 SCENARIO unreadable,
 * 4 the port is taken or the page is not built.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../scenario/load.ts';
import { EXIT } from '../errors.ts';
import { printIssues } from './messages.ts';
import type { CliIO } from '../io/console.ts';

export interface ServeArgs { scenario?: string; port?: number; host?: string; root?: string; signal?: AbortSignal; onListening?: (url: string) => void }

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json; charset=utf-8', '.ico': 'image/x-icon',
};

/**
 * Everything the page loads comes from this server: scripts, styles, workers and
 * WebAssembly ('wasm-unsafe-eval' compiles the kernel), fetches only to itself.
 */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
  + "connect-src 'self'; worker-src 'self' blob:; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The folder of the hedgesim package (holds package.json named hedgesim). */
function packageRoot(): string | undefined {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pj = join(d, 'package.json');
    if (existsSync(pj)) { try { if (JSON.parse(readFileSync(pj, 'utf8')).name === 'hedgesim') return d; } catch { /* keep looking */ } }
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return undefined;
}

/**
 * The file under `root` that a request path names, or null: decoded once, '/' is
 * index.html, and any '..' segment, backslash, NUL or encoded slash is refused before
 * the path is joined; a symbolic link that leads out of root is refused too.
 */
export function resolveStatic(root: string, urlPath: string): string | null {
  let p: string;
  try { p = decodeURIComponent(urlPath); } catch { return null; }
  if (/[\\\0]/.test(p) || /%2f|%5c/i.test(urlPath)) return null;
  const segs = p.split('/').filter(Boolean);
  if (segs.some((s) => s === '..' || s === '.' )) return null;
  const file = segs.length ? join(root, ...segs) : join(root, 'index.html');
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  try {
    const real = realpathSync(file);
    const realRoot = realpathSync(root);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return null;
    if (!statSync(real).isFile()) return null;
    return real;
  } catch { return null; }
}

export async function serveCommand(args: ServeArgs, io: CliIO): Promise<number> {
  const port = args.port ?? 5199;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`hedgesim serve: --port must be a whole number from 0 to 65535 (0: any free port), got ${args.port}`);
    return EXIT.usage;
  }
  const host = args.host ?? '127.0.0.1';
  const root = resolve(args.root ?? join(packageRoot() ?? '.', 'dist', 'web'));
  if (!existsSync(join(root, 'index.html'))) {
    io.err(`hedgesim serve: the playground is not built (no ${join(root, 'index.html')}); build it with npm run playground (or node sim/web/build.mjs) in the hedgesim folder`);
    return EXIT.run;
  }
  // the scenario the page opens with: the files the loader reads, by the names it shows
  let initial: string | null = null;
  if (args.scenario !== undefined) {
    const r = await loadScenario(args.scenario);
    if (!r.sources.size) {
      printIssues(io, r.issues, r.sources);
      io.err(`hedgesim serve: cannot read ${args.scenario}`);
      return EXIT.input;
    }
    if (!r.scenario) io.err(`note: ${args.scenario} has errors; the page shows them where they are, so you can fix them there`);
    const files = Object.fromEntries(r.sources);
    initial = JSON.stringify({ file: [...r.sources.keys()][0], files });
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const send = (code: number, body: string | Buffer, type = 'text/plain; charset=utf-8', head = false) => {
      res.writeHead(code, {
        'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-cache', 'Cross-Origin-Opener-Policy': 'same-origin',
      });
      res.end(head ? undefined : body);
    };
    const addr = server.address();
    const bound = addr && typeof addr === 'object' ? addr.port : port;
    const okHosts = new Set([`127.0.0.1:${bound}`, `localhost:${bound}`, `[::1]:${bound}`, `${host}:${bound}`]);
    if (!okHosts.has(String(req.headers.host ?? ''))) return send(421, 'misdirected request: this server answers only to its own address\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'only GET and HEAD\n');
    const head = req.method === 'HEAD';
    const path = (req.url ?? '/').split('?')[0].split('#')[0];
    if (path === '/api/scenario.json') return send(200, initial ?? 'null', TYPES['.json'], head); // null: no scenario given, the page opens the baseline
    const file = resolveStatic(root, path);
    if (!file) return send(404, 'not found\n');
    return send(200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream', head);
  });

  const listening = await new Promise<boolean>((ok) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') io.err(`hedgesim serve: port ${port} on ${host} is taken (another playground?); choose another with --port N, or --port 0 for any free port`);
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EACCES') io.err(`hedgesim serve: cannot listen on ${host}:${port} (${e.code}); check --host and --port`);
      else io.err(`hedgesim serve: cannot listen on ${host}:${port}: ${e.message}`);
      ok(false);
    });
    server.listen(port, host, () => ok(true));
  });
  if (!listening) return EXIT.run;
  const addr = server.address();
  const shown = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shown}:${addr && typeof addr === 'object' ? addr.port : port}/`;
  io.out(`hedgesim playground: ${url}\n(serving ${root}; Ctrl-C stops it)`);
  args.onListening?.(url);
  await new Promise<void>((done) => {
    const stop = () => server.close(() => done());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    args.signal?.addEventListener('abort', stop);
  });
  return EXIT.ok;
}
