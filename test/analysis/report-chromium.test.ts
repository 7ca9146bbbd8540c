/**
 * `hedgesim report`: one self-contained HTML file. Opened in headless Chromium
 * (Debian package `chromium`) with the network cut off, every chart must render
 * (SVG elements with marks inside each chart container), with no script error,
 * and a screenshot is saved. Skipped, with a message, when chromium is absent.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, tmpDir } from '../helpers.ts';
import { writeSweepFixture, ishigami, PI_RANGE } from './fixtures.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('report test skipped: headless Chromium not found; install it with `apt-get install chromium`');

function chromium(url: string, extra: string[]): { stdout: string; stderr: string } {
  const profile = mkdtempSync(join(tmpdir(), 'hedgesim-chromium-'));
  const r = spawnSync(CHROMIUM!, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', `--user-data-dir=${profile}`,
    // no network at view time: every host name fails to resolve
    '--host-resolver-rules=MAP * ~NOTFOUND', '--enable-logging=stderr', '--v=0',
    '--window-size=1200,2400', '--virtual-time-budget=15000', ...extra, url,
  ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr };
}

/**
 * Console messages and uncaught exceptions Chromium logged. The report logs nothing
 * when all is well, and Chromium's log line does not tell console.error from
 * console.log, so every console line counts.
 */
function consoleErrors(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /CONSOLE|Uncaught/.test(l));
}

async function checkReport(dir: string, expectCharts: string[]): Promise<void> {
  const r = await cli(['report', dir]);
  expect(r.code, r.err).toBe(0);
  const file = join(dir, 'report.html');
  const html = readFileSync(file, 'utf8');
  // self-contained: nothing loaded from elsewhere
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src="http/);
  const url = `file://${file}`;
  const dom = chromium(url, ['--dump-dom']);
  expect(consoleErrors(dom.stderr), 'console errors').toEqual([]);
  const body = dom.stdout.match(/<body[^>]*>/)?.[0] ?? '';
  expect(body, 'the page reports an error').not.toMatch(/data-report-error/);
  expect(body).toContain(`data-charts-rendered="${expectCharts.length}"`);
  for (const name of expectCharts) {
    const start = dom.stdout.indexOf(`id="chart-${name}"`);
    expect(start, `container of ${name}`).toBeGreaterThan(0);
    const next = dom.stdout.indexOf('class="chart"', start + 10);
    const part = dom.stdout.slice(start, next > 0 ? next : undefined);
    expect(part, `${name} rendered an SVG`).toMatch(/<svg[^>]*class="marks"/);
    expect((part.match(/<path/g) ?? []).length, `${name} has marks`).toBeGreaterThan(5);
  }
  const png = join(dir, 'report.png');
  const shot = chromium(url, [`--screenshot=${png}`]);
  expect(consoleErrors(shot.stderr)).toEqual([]);
  expect(statSync(png).size).toBeGreaterThan(20_000);
  console.log(`report screenshot: ${png}`);
}

describe.skipIf(!CHROMIUM)('report opened in headless Chromium', () => {
  const runDir = tmpDir('hedgesim-report-run-');
  const sweepDir = join(tmpDir('hedgesim-report-sweep-'), 'sweep');
  beforeAll(async () => {
    expect((await cli(['run', join('scenarios', 'baseline-2025.yaml'), '--out', runDir, '-q'])).code).toBe(0);
    writeSweepFixture(sweepDir, {
      type: 'sobol', n: 32, replications: 2, steps: 8,
      params: [PI_RANGE('x.one'), PI_RANGE('x.two'), PI_RANGE('x.three')],
      model: (x, rng) => ({ y: ishigami(x) + 0.01 * rng.next() }),
    });
  });

  it('renders the charts of a run folder', { timeout: 180_000 }, async () => {
    await checkReport(runDir, ['alignment', 'stance_shares', 'isolation_china']);
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toContain('Final state per country');
    expect(html).toContain('baseline-2025'); // scenario and manifest
    expect(html).not.toContain(process.cwd()); // no absolute paths of this machine
  });

  it('renders the charts and tables of a sweep folder', { timeout: 180_000 }, async () => {
    await checkReport(sweepDir, ['isolation_china', 'heatmap', 'sensitivity']);
    const html = readFileSync(join(sweepDir, 'report.html'), 'utf8');
    expect(html).toContain("Sobol' indices (S1 first order, ST total order)");
  });

  it('renders the PRIM trade-off and box, and the robustness table, of a policy sweep after summarize and discover', { timeout: 180_000 }, async () => {
    const { cpSync } = await import('node:fs');
    const { ROOT } = await import('../helpers.ts');
    const dir = join(tmpDir('hedgesim-report-policies-'), 'sweep-policies');
    cpSync(join(ROOT, 'results', 'examples', 'sweep-policies'), dir, { recursive: true });
    await checkReport(dir, ['heatmap', 'sensitivity', 'prim_tradeoff', 'prim_box']);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('Robustness of each policy across the scenarios');
    expect(html).toContain('Scenario discovery (hedgesim discover) for share_china &gt; 0.4');
  });
});
