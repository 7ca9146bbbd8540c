/**
 * `hedgesim serve`: listens on 127.0.0.1 and prints its address, serves only the
 * built page's files (no path out of the folder by .., encoded slashes, NUL or a
 * symbolic link; no listing), answers only to its own host name, says clearly when
 * the port is taken (exit 4) or the page is not built (exit 4), refuses a bad --port
 * (exit 2), and serves a given scenario's files to the page.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { ROOT, tmpDir } from '../helpers.ts';
import { resolveStatic } from '../../sim/cli/serve.ts';

const CLI = join(ROOT, 'dist', 'cli.mjs');

function start(args: string[]): Promise<{ p: ChildProcess; url: string; out: string }> {
  const p = spawn(process.execPath, [CLI, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((ok, fail) => {
    p.stdout!.on('data', (d) => { out += d; const m = /http:\/\/\S+\//.exec(out); if (m) ok({ p, url: m[0], out }); });
    p.stderr!.on('data', (d) => { out += d; });
    p.on('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
  });
}

function run(args: string[]): Promise<{ code: number | null; out: string }> {
  const p = spawn(process.execPath, [CLI, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { out += d; });
  return new Promise((ok) => p.on('exit', (code) => ok({ code, out })));
}

/** A raw GET: the path is sent as written (no normalisation by a client library). */
function get(url: string, path: string, opts: { method?: string; host?: string } = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const u = new URL(url);
  return new Promise((ok, fail) => {
    const req = request({ host: u.hostname, port: u.port, path, method: opts.method ?? 'GET', headers: opts.host ? { host: opts.host } : {} }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => ok({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('hedgesim serve', () => {
  const dir = tmpDir('hedgesim-serve-');
  const root = join(dir, 'web');
  let srv: { p: ChildProcess; url: string; out: string };
  beforeAll(async () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>page</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'SECRET');
    symlinkSync(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
    srv = await start(['--port', '0', '--root', root]);
  });
  afterAll(() => { srv?.p.kill('SIGTERM'); });

  it('listens on the loopback address and prints it', () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(srv.out).toContain('hedgesim playground: http://127.0.0.1:');
  });

  it('serves the page and its files, with a policy that keeps the page offline', async () => {
    const r = await get(srv.url, '/');
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>page</title>');
    expect(String(r.headers['content-security-policy'])).toMatch(/default-src 'self'/);
    expect(String(r.headers['content-security-policy'])).toMatch(/connect-src 'self'/);
    const js = await get(srv.url, '/assets/app.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect((await get(srv.url, '/api/scenario.json')).body).toBe('null');
  });

  it('serves nothing outside its folder, no listing, no symbolic link out', async () => {
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt', '/assets/link.txt', '/assets/', '/assets', '/index.html%00.js', '/%zz']) {
      const r = await get(srv.url, p);
      expect(r.status, p).toBe(404);
      expect(r.body, p).not.toContain('SECRET');
    }
    expect(resolveStatic(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveStatic(root, '/../secret.txt')).toBeNull();
    expect(resolveStatic(root, '/assets/link.txt')).toBeNull();
  });

  it('answers only GET and HEAD, and only to its own host name', async () => {
    expect((await get(srv.url, '/', { method: 'POST' })).status).toBe(405);
    expect((await get(srv.url, '/', { method: 'HEAD' })).status).toBe(200);
    expect((await get(srv.url, '/', { host: 'evil.example:80' })).status).toBe(421);
  });

  it('says so when the port is taken (exit 4), refuses a bad --port (exit 2), needs a built page (exit 4)', async () => {
    const port = Number(new URL(srv.url).port);
    const taken = await run(['--port', String(port), '--root', root]);
    expect(taken.code).toBe(4);
    expect(taken.out).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is taken.*--port`));
    const bad = await run(['--port', '70000', '--root', root]);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/--port must be/);
    const none = await run(['--port', '0', '--root', join(dir, 'nothing')]);
    expect(none.code).toBe(4);
    expect(none.out).toMatch(/not built.*npm run playground/);
  });

  it('gives the page a scenario named on the command line, with the files its loader reads', async () => {
    const s = await start(['scenarios/no-retaliation.yaml', '--port', '0', '--root', root]);
    try {
      const j = JSON.parse((await get(s.url, '/api/scenario.json')).body);
      expect(j.file).toBe('scenarios/no-retaliation.yaml');
      expect(Object.keys(j.files)).toEqual(['scenarios/no-retaliation.yaml', 'scenarios/baseline-2025.yaml', 'scenarios/data/countries-2025.csv', 'scenarios/data/links-2025.csv']);
    } finally { s.p.kill('SIGTERM'); }
  });

  it('a port held by another program is reported the same way', async () => {
    const other = createServer();
    await new Promise<void>((ok) => other.listen(0, '127.0.0.1', ok));
    const port = (other.address() as { port: number }).port;
    try {
      const r = await run(['--port', String(port), '--root', root]);
      expect(r.code).toBe(4);
      expect(r.out).toMatch(/is taken/);
    } finally { other.close(); }
  });
});
