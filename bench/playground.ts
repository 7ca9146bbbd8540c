/**
 * Playground benchmark (npm run bench:playground): the page in headless Chromium
 * (Debian's chromium, driven by playwright-core), served by `hedgesim serve` on
 * 127.0.0.1. Medians of several repetitions of:
 * - time to first drawn map: navigation start to the first colouring of the map
 *   (the performance mark hedgesim:map-drawn), a fresh browser context each time;
 * - the baseline's run in the page: the engine's runToFolder (load, run, files) in the
 *   worker, cold (the page's first run) and warm (re-runs, as a slider makes them),
 *   and the round trip from the page's request to the reply;
 * - frames per second while playing 200 steps (the baseline with steps: 200, one step
 *   a frame);
 * - a 10,000-country synthetic world in the network view: the run in the worker, time
 *   to the first drawn network, layout ticks and frames per second while it settles.
 * Writes bench/results/playground.json and prints a table; also saves the README's
 * screenshot to results/playground/playground.png. Options: --reps N (default 5).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg, cpus } from 'node:os';
import { chromium, type Page } from 'playwright-core';
import { ensureBuilt } from '../sim/web/build.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPS = Number(process.argv[process.argv.indexOf('--reps') + 1]) || 5;
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) { console.error('bench:playground needs Chromium: apt-get install chromium'); process.exit(2); }

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const r1 = (x: number) => Math.round(x * 10) / 10;

await ensureBuilt();
const server = spawn(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise<string>((ok) => { let o = ''; server.stdout!.on('data', (d) => { o += d; const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(o); if (m) ok(m[0]); }); });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'] });
const load0 = loadavg()[0];

async function fresh(hash = ''): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  await page.goto(url + hash);
  await page.waitForSelector('body[data-status=ready][data-map-drawn=true]', { timeout: 120_000 });
  return page;
}
const runs = (p: Page) => p.evaluate(() => Number(document.body.dataset.runs));
async function setText(p: Page, t: string) {
  const b = await runs(p);
  await p.evaluate((x) => (window as any).hedgesim.editor.setText(x, 'menu'), t);
  await p.waitForFunction((bb) => Number(document.body.dataset.runs) > bb && document.body.dataset.status === 'ready', b, { timeout: 300_000 });
}

// 1. time to first drawn map, and the cold first run
const firstMap: number[] = [], coldRun: number[] = [], coldTotal: number[] = [];
for (let k = 0; k < REPS; k++) {
  const p = await fresh();
  const x = await p.evaluate(() => ({ map: performance.getEntriesByName('hedgesim:map-drawn')[0]?.startTime ?? NaN, run: (window as any).hedgesim.perf.runs[0] }));
  firstMap.push(x.map); coldRun.push(x.run.run); coldTotal.push(x.run.total);
  await p.context().close();
}

// 2. warm baseline runs: each new seed re-runs, as a slider does
const page = await fresh();
const warm = { run: [] as number[], worker: [] as number[], total: [] as number[] };
for (let k = 0; k < 3 + REPS * 4; k++) {
  const b = await runs(page);
  await page.fill('#seed', String(100 + k));
  await page.press('#seed', 'Enter');
  await page.locator('#seed').blur();
  await page.waitForFunction((bb) => Number(document.body.dataset.runs) > bb, b);
  const x = await page.evaluate(() => (window as any).hedgesim.perf.runs.at(-1));
  if (k >= 3) { warm.run.push(x.run); warm.worker.push(x.worker); warm.total.push(x.total); }
}

// the README's screenshot: a country's story at a step after the April shock
await page.fill('#seed', '');
await page.press('#seed', 'Enter');
await page.waitForTimeout(500);
await page.selectOption('#country', { label: 'Vietnam (VNM)' }).catch(() => {});
await page.evaluate(() => { const t = document.getElementById('time') as HTMLInputElement; t.value = '10'; t.dispatchEvent(new Event('input')); });
await page.waitForTimeout(400);
mkdirSync(join(ROOT, 'results', 'playground'), { recursive: true });
await page.screenshot({ path: join(ROOT, 'results', 'playground', 'playground.png') });

// 3. playing 200 steps, one a frame
const base = readFileSync(join(ROOT, 'scenarios', 'baseline-2025.yaml'), 'utf8');
await setText(page, base.replace(/^steps: \d+/m, 'steps: 200'));
const fps: number[] = [], frameMs: number[] = [];
for (let k = 0; k < REPS; k++) {
  await page.selectOption('#speed', '0');
  await page.evaluate(() => { (window as any).hedgesim.perf.frames.length = 0; const t = document.getElementById('time') as HTMLInputElement; t.value = '0'; t.dispatchEvent(new Event('input')); });
  await page.click('#play');
  await page.waitForFunction(() => document.getElementById('play')!.getAttribute('aria-pressed') === 'false', undefined, { timeout: 120_000 });
  const f = await page.evaluate(() => (window as any).hedgesim.perf.frames as number[]);
  const d = f.slice(1).map((t, j) => t - f[j]);
  fps.push((f.length - 1) / ((f[f.length - 1] - f[0]) / 1000));
  frameMs.push(median(d));
}

// 4. a 10,000-country synthetic world in the network view
const net = { run: [] as number[], firstDraw: [] as number[], tps: [] as number[], fps: [] as number[] };
for (let k = 0; k < Math.min(REPS, 3); k++) {
  const p = await fresh();
  const t0 = await p.evaluate(() => performance.now());
  await setText(p, `name: big\nsteps: 26\nseed: ${k + 1}\nworld: {type: synthetic, countries: 10000}\n`);
  await p.waitForFunction(() => (window as any).hedgesim.net.stats.frames > 0, undefined, { timeout: 120_000 });
  const x = await p.evaluate(() => ({ now: performance.now(), run: (window as any).hedgesim.perf.runs.at(-1) }));
  net.run.push(x.run.run); net.firstDraw.push(x.now - t0);
  const s0 = await p.evaluate(() => ({ ...(window as any).hedgesim.net.stats, t: performance.now() }));
  await p.waitForTimeout(5000);
  const s1 = await p.evaluate(() => ({ ...(window as any).hedgesim.net.stats, t: performance.now() }));
  net.tps.push((s1.ticks - s0.ticks) / ((s1.t - s0.t) / 1000));
  net.fps.push((s1.frames - s0.frames) / ((s1.t - s0.t) / 1000));
  if (k === 0) await p.screenshot({ path: join(ROOT, 'results', 'playground', 'network-10k.png') });
  await p.context().close();
}

const out = {
  date: new Date().toISOString(), chromium: browser.version(), cpus: cpus().length, loadavg_start: r1(load0), loadavg_end: r1(loadavg()[0]), reps: REPS,
  first_map_ms: r1(median(firstMap)),
  baseline_run_cold_ms: r1(median(coldRun)), baseline_round_trip_cold_ms: r1(median(coldTotal)),
  baseline_run_warm_ms: r1(median(warm.run)), baseline_worker_warm_ms: r1(median(warm.worker)), baseline_round_trip_warm_ms: r1(median(warm.total)),
  play_200_fps: r1(median(fps)), play_200_frame_ms: r1(median(frameMs)),
  network_10k_run_ms: r1(median(net.run)), network_10k_first_draw_ms: r1(median(net.firstDraw)), network_10k_layout_ticks_per_s: r1(median(net.tps)), network_10k_fps: r1(median(net.fps)),
};
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'playground.json'), JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 2));
await browser.close();
server.kill('SIGTERM');
