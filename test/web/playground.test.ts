/**
 * The playground in real Chromium (Debian's `chromium`, driven by playwright-core):
 * the page loads with no console error and no request outside 127.0.0.1; the baseline
 * runs and the map colours every economy of the run and the EU's member states with
 * the colour of their alignment in the CLI's countries.csv; the sliders (keyboard and
 * typed value) re-run and change what is drawn and write the YAML; a typo shows the
 * error of `hedgesim validate` at its line and column, and fixing it clears it; the
 * downloaded CSVs equal `hedgesim run`'s byte for byte (baseline, edited, and a
 * synthetic world that runs the WebAssembly kernel), and the manifest agrees on every
 * field but those the page names as different; the share link round-trips; play,
 * pause and the time slider work from the keyboard; axe-core finds no serious
 * accessibility violation; compare and the network view draw. Screenshots go to
 * results/playground-test/. Skipped, with a message, when chromium is absent.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import isoCountries from 'i18n-iso-countries';
import { ROOT, tmpDir } from '../helpers.ts';
import { ensureBuilt } from '../../sim/web/build.mjs';
import { alignColor } from '../../sim/web/src/colors.ts';
import { readTable } from '../../sim/web/src/table.ts';
import { KERNEL_MIN_WORK } from '../../sim/engine.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!CHROMIUM) console.warn('playground test skipped: headless Chromium not found; install it with `apt-get install chromium`');

const ART = join(ROOT, 'results', 'playground-test');
const CLI = join(ROOT, 'dist', 'cli.mjs');
const BASE = 'scenarios/baseline-2025.yaml';
const RUN_FILES = ['countries.csv', 'world.csv', 'events.csv'];
/** Fields of manifest.json the page names as different from the CLI's (host.ts: playground.differs_from_cli). */
const MANIFEST_DIFFERS = ['command', 'git_commit', 'started_at', 'finished_at', 'seconds', 'playground'];

/** `hedgesim ARGS` in `cwd` (a real process, so paths are relative to cwd as a user's are). */
function hedgesim(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A folder laid out like the repository's scenarios/, with `text` as BASE: the CLI reads the same files as the page. */
function scenarioCopy(text: string): string {
  const d = tmpDir('hedgesim-pg-cli-');
  cpSync(join(ROOT, 'scenarios'), join(d, 'scenarios'), { recursive: true });
  writeFileSync(join(d, BASE), text);
  return d;
}

describe.skipIf(!CHROMIUM)('the playground in headless Chromium', () => {
  let server: ChildProcess;
  let url = '';
  let browser: Browser;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ART, { recursive: true });
    await ensureBuilt({ quiet: true });
    server = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((ok, fail) => {
      let out = '';
      server.stdout!.on('data', (d) => { out += d; const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out); if (m) ok(m[0]); });
      server.on('exit', (c) => fail(new Error(`serve exited with ${c}`)));
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
  });

  async function open(hash = ''): Promise<Page> {
    const ctx = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    const page = await ctx.newPage();
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url + hash);
    await page.waitForSelector('body[data-status=ready][data-map-drawn=true]', { timeout: 60_000 });
    return page;
  }
  const runs = (page: Page) => page.evaluate(() => Number(document.body.dataset.runs));
  async function nextRun(page: Page, before: number, status = 'ready') {
    await page.waitForFunction(([b, s]) => Number(document.body.dataset.runs ?? 0) > (b as number) && document.body.dataset.status === s || (s === 'invalid' && document.body.dataset.status === 'invalid'), [before, status], { timeout: 60_000 });
  }
  const text = (page: Page) => page.evaluate(() => (window as any).hedgesim.editor.text as string);
  const setText = (page: Page, t: string) => page.evaluate((x) => (window as any).hedgesim.editor.setText(x, 'typing'), t);
  /** fill of every coloured shape, by ISO numeric code */
  const fills = (page: Page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#map-view path.row')].map((p) => [(p as SVGElement).dataset.iso!, p.getAttribute('fill')!])));
  async function download(page: Page, file: string, dir: string): Promise<string> {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#downloads button[data-file="${file}"]`)]);
    const p = join(dir, d.suggestedFilename());
    await d.saveAs(p);
    return p;
  }
  async function setSeed(page: Page, seed: number) {
    const b = await runs(page);
    await page.fill('#seed', String(seed));
    await page.press('#seed', 'Enter');
    await page.locator('#seed').blur();
    await nextRun(page, b);
  }
  async function compareWithCli(page: Page, yaml: string, seed: number, label: string) {
    const dir = tmpDir(`hedgesim-pg-${label}-`);
    const got: Record<string, Buffer> = {};
    for (const f of [...RUN_FILES, 'manifest.json']) { // one at a time: each click's download is its own
      const p = await download(page, f, dir);
      expect(p.endsWith(f)).toBe(true);
      got[f] = readFileSync(p);
    }
    const cwd = scenarioCopy(yaml);
    const r = hedgesim(['run', BASE, '--seed', String(seed), '--out', 'out', '-q'], cwd);
    expect(r.code, r.err).toBe(0);
    for (const f of RUN_FILES) {
      const cliBytes = readFileSync(join(cwd, 'out', f));
      expect(cliBytes.length, `${label} ${f} is not empty`).toBeGreaterThan(100);
      expect(Buffer.compare(got[f], cliBytes), `${label}: ${f} differs from hedgesim run's`).toBe(0);
    }
    const mp = JSON.parse(got['manifest.json'].toString('utf8')), mc = JSON.parse(readFileSync(join(cwd, 'out', 'manifest.json'), 'utf8'));
    expect(mp.playground.differs_from_cli.map((x: string) => x.split(' ')[0])).toEqual(MANIFEST_DIFFERS);
    const strip = (m: Record<string, unknown>) => Object.fromEntries(Object.entries(m).filter(([k]) => !MANIFEST_DIFFERS.includes(k)));
    expect(strip(mp)).toEqual(strip(mc));
    expect(Object.keys(strip(mc)).length).toBeGreaterThan(12); // hedgesim, scenario, seed, files, decision_loop, resolved, ...
    return { manifest: mc, countries: readTable(got['countries.csv'].toString('utf8')) };
  }

  it('loads with no console error, runs the baseline and colours every economy and the EU members', async () => {
    const page = await open();
    await page.screenshot({ path: join(ART, 'baseline.png') });
    // what the CLI gives for the same scenario and seed: the rows and their alignment at step 0
    const out = tmpDir('hedgesim-pg-ref-');
    expect(hedgesim(['run', BASE, '--out', out, '-q']).code).toBe(0);
    const t = readTable(readFileSync(join(out, 'countries.csv'), 'utf8'));
    const ids = t.text.country.filter((_x, r) => t.num.step[r] === 0);
    expect(ids.length).toBeGreaterThanOrEqual(19);
    const members = readTable(readFileSync(join(ROOT, 'scenarios', 'data', 'members.csv'), 'utf8'));
    const memberOf = new Map<string, string[]>();
    members.text.aggregate.forEach((a, r) => { memberOf.set(a, [...(memberOf.get(a) ?? []), members.text.id[r]]); });
    const f = await fills(page);
    let coloured = 0, eu = 0;
    ids.forEach((id, i) => {
      const want = alignColor(t.num.alignment[i]);
      const codes = memberOf.has(id) ? memberOf.get(id)!.filter((m) => !ids.includes(m)) : [id];
      for (const c of codes) {
        const n = isoCountries.alpha3ToNumeric(c);
        if (!n) continue;
        expect(f[n], `${c} (row ${id}) coloured with its alignment`).toBe(want);
        coloured++;
        if (memberOf.has(id)) eu++;
      }
    });
    expect(coloured).toBeGreaterThanOrEqual(ids.length - 1 + 27);
    expect(eu).toBe(27);
    expect(await page.textContent('#issues')).toMatch(/no problems/);
    expect(consoleErrors).toEqual([]);
  });

  it('sliders re-run and change what is drawn, and write the YAML; a typo is located and clears when fixed', async () => {
    const page = await open();
    await page.fill('#time', '1000').catch(() => {});
    await page.evaluate(() => { const t = document.getElementById('time') as HTMLInputElement; t.value = t.max; t.dispatchEvent(new Event('input')); });
    const before = await fills(page);
    // a tariff: type a rate into the first event-rate control whose event targets one country
    const row = page.locator('.ctl.event-rate').filter({ hasText: /^tariff USA\u2192[A-Z]{3} / }).first();
    const id = await row.getAttribute('data-event-id');
    let b = await runs(page);
    await row.locator('input[type=number]').fill('0');
    await row.locator('input[type=number]').press('Enter');
    await nextRun(page, b);
    const y1 = await text(page);
    expect(y1).toMatch(new RegExp(`id: ${id},[^\\n]*rate: 0[,}]`));
    // a rule, from the keyboard: End takes the slider to its maximum
    b = await runs(page);
    await page.focus('input[type=range][data-path="retaliation.probability"]');
    await page.keyboard.press('End');
    await nextRun(page, b);
    expect(await text(page)).toMatch(/\n {2}probability: 100\b/);
    const after = await fills(page);
    const changed = Object.keys(before).filter((k) => before[k] !== after[k]);
    expect(changed.length, 'map colours changed at the last step').toBeGreaterThan(0);
    // the value read back moves the slider's number box
    expect(await page.inputValue('.ctl[data-path="retaliation.probability"] input[type=number]')).toBe('100');

    // a typo: the error of hedgesim validate, at its line and column
    const good = await text(page);
    const bad = good.replace(/\n( {2})probability:/, '\n$1probabilty:');
    const line = bad.split('\n').findIndex((l) => /^\s+probabilty:/.test(l)) + 1;
    b = await runs(page);
    await setText(page, bad);
    await page.waitForSelector('body[data-status=invalid]');
    const shown = await page.$$eval('#issues .issue', (xs) => xs.map((x) => ({ code: (x as HTMLElement).dataset.code, line: Number((x as HTMLElement).dataset.line), text: x.textContent })));
    const cwd = scenarioCopy(bad);
    const v = hedgesim(['validate', BASE, '--format', 'json'], cwd);
    expect(v.code).toBe(3);
    const cliIssues = JSON.parse(v.out).files[0].issues as { code: string; line: number; col: number; message: string; path: string }[];
    expect(cliIssues.length).toBeGreaterThan(0);
    expect(shown.map((s) => [s.code, s.line])).toEqual(cliIssues.map((i) => [i.code, i.line]));
    expect(shown[0]).toMatchObject({ code: 'UNKNOWN_KEY', line });
    for (const [k, i] of cliIssues.entries()) expect(shown[k].text).toContain(`${BASE}:${i.line}:${i.col}: error ${i.code} ${i.path}: ${i.message}`);
    const under = await page.evaluate(() => { const e = document.querySelector('.cm-lintRange-error'); return e ? { text: e.textContent, line: e.closest('.cm-line')?.textContent } : null; });
    expect(under).toMatchObject({ text: 'probabilty' });
    expect(under!.line).toMatch(/^\s+probabilty:/);
    await page.screenshot({ path: join(ART, 'invalid.png') });
    await setText(page, good);
    await nextRun(page, b);
    expect(await page.textContent('#issues')).toMatch(/no problems/);
    expect(await page.$('.cm-lintRange-error')).toBeNull();
    expect(consoleErrors).toEqual([]);
  });

  it('downloads the same bytes as hedgesim run: baseline, edited, and a synthetic world on the WebAssembly kernel', async () => {
    const page = await open();
    await setSeed(page, 7);
    const base = await compareWithCli(page, await text(page), 7, 'baseline');
    expect(base.manifest.decision_loop).toMatch(/JavaScript/);
    // edited by a slider
    const b = await runs(page);
    await page.locator('.ctl[data-path="model.elasticity"] input[type=number]').fill('3.5');
    await page.locator('.ctl[data-path="model.elasticity"] input[type=number]').press('Enter');
    await nextRun(page, b);
    const edited = await text(page);
    expect(edited).toMatch(/elasticity: 3\.5/);
    const yamlPath = await download(page, 'scenario', tmpDir('hedgesim-pg-yaml-'));
    expect(readFileSync(yamlPath, 'utf8')).toBe(edited);
    await compareWithCli(page, edited, 7, 'edited');
    // a synthetic world large enough for the WebAssembly kernel (KERNEL_MIN_WORK agent-steps)
    const steps = 20, n = Math.ceil(KERNEL_MIN_WORK / steps) + 50;
    const syn = `name: syn\nstart: 2025-03-01\nsteps: ${steps}\nworld: {type: synthetic, countries: ${n}, degree: 8, blocs: 3}\ntariffs: {us_on_china: 50}\nevents:\n  - {id: t1, step: 3, kind: tariff, actor: USA, target: ALL, rate: 25}\n`;
    const b2 = await runs(page);
    await setText(page, syn);
    await nextRun(page, b2);
    const s = await compareWithCli(page, syn, 7, 'synthetic');
    expect(s.manifest.decision_loop).toMatch(/WebAssembly/);
    expect(s.countries.rows).toBe(n * (steps + 1));
    // no map for a synthetic world: the network view is shown, and draws
    await page.waitForFunction(() => !(document.getElementById('net-view') as HTMLElement).hidden && (window as any).hedgesim.net.stats.frames > 0);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(ART, 'network.png') });
    expect(consoleErrors).toEqual([]);
  });

  it('the share link holds the scenario and seed and opens them again', async () => {
    const page = await open();
    await setSeed(page, 11);
    const b = await runs(page);
    await page.locator('.ctl[data-path="retaliation.rate"] input[type=number]').fill('55');
    await page.locator('.ctl[data-path="retaliation.rate"] input[type=number]').press('Enter');
    await nextRun(page, b);
    await page.click('#share');
    const link = await page.getAttribute('#share', 'data-url');
    expect(link).toMatch(/#s=/);
    const edited = await text(page);
    const page2 = await open(new URL(link!).hash);
    expect(await text(page2)).toBe(edited);
    expect(await page2.inputValue('#seed')).toBe('11');
    expect(await page2.inputValue('.ctl[data-path="retaliation.rate"] input[type=number]')).toBe('55');
    // hedgesim new's templates are in the menu, and validate as written
    const b2 = await runs(page2);
    await page2.selectOption('#scenario-menu', 'new:from');
    await nextRun(page2, b2);
    expect(await text(page2)).toMatch(/^extends: baseline-2025\.yaml$/m);
    expect(await page2.textContent('#file-name')).toBe('scenarios/my-scenario.yaml');
    expect(await page2.textContent('#issues')).toMatch(/no problems/);
    expect(consoleErrors).toEqual([]);
  });

  it('plays, pauses and steps from the keyboard; a country tells its story; compare draws the difference', async () => {
    const page = await open();
    await page.focus('#play');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => Number((document.getElementById('time') as HTMLInputElement).value) >= 2);
    await page.keyboard.press('Space');
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');
    const at = Number(await page.inputValue('#time'));
    await page.waitForTimeout(500);
    expect(Number(await page.inputValue('#time'))).toBe(at); // paused
    await page.focus('#time');
    await page.keyboard.press('ArrowRight');
    expect(Number(await page.inputValue('#time'))).toBe(at + 1);
    expect(await page.textContent('#date')).toContain(`step ${at + 1} `);
    // a country's story: click its shape
    const vnm = isoCountries.alpha3ToNumeric('VNM');
    await page.dispatchEvent(`#map-view path[data-iso="${vnm}"]`, 'click'); // its shape, wherever it is drawn
    await page.waitForSelector('#story svg.chart');
    expect(await page.textContent('#story-head')).toMatch(/\(VNM\)/);
    const charts = await page.$$eval('#story svg.chart', (xs) => xs.map((x) => x.getAttribute('aria-label')));
    expect(charts.join('|')).toMatch(/alignment/);
    expect(charts.join('|')).toMatch(/u_/); // utility components, from the CSV header
    expect(await page.$$eval('.story-events li', (x) => x.length)).toBeGreaterThan(0);
    await page.screenshot({ path: join(ART, 'story.png') });
    // compare: pin, change, and the paired difference per country
    await page.fill('#reps-n', '8');
    await page.click('#pin');
    await page.waitForSelector('#cmp-table tbody tr');
    const b = await runs(page);
    await page.locator('.ctl[data-path="model.hedge_value"] input[type=number]').fill('3');
    await page.locator('.ctl[data-path="model.hedge_value"] input[type=number]').press('Enter');
    await nextRun(page, b);
    await page.waitForFunction(() => /over 8 paired/.test(document.getElementById('cmp-d-label')?.textContent ?? '') && document.querySelectorAll('#cmp-table tbody tr').length >= 19);
    await page.waitForFunction(() => [...document.querySelectorAll('#cmp-d path.row')].some((p) => p.getAttribute('fill') !== '#f1efea'));
    await page.screenshot({ path: join(ART, 'compare.png') });
    expect(consoleErrors).toEqual([]);
  });

  it('has no serious accessibility violation (axe-core)', async () => {
    const page = await open();
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    await page.evaluate(axe); // evaluated by the driver, not injected as a script: the page's policy allows no inline script
    const res = await page.evaluate(async () => (window as any).axe.run(document, { resultTypes: ['violations'] }));
    const serious = (res.violations as { id: string; impact: string; nodes: { target: string[] }[] }[])
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    expect(serious).toEqual([]);
    expect(res.passes.length + res.violations.length).toBeGreaterThan(10); // it looked at the page
  });

  it('made no request outside 127.0.0.1', () => {
    expect(requests.length).toBeGreaterThan(10);
    const outside = requests.filter((r) => !r.startsWith(url) && !r.startsWith('blob:') && !r.startsWith('data:'));
    expect(outside).toEqual([]);
  });
});
