/**
 * `hedgesim report`: one self-contained HTML file for a run or sweep folder. The
 * vega, vega-lite and vega-embed browser builds are inlined from node_modules and
 * the chart specs carry their data, so the page renders its charts with no network
 * at view time. It also holds the summary tables, the scenario and the manifest.
 * When every chart has rendered, the page sets data-charts-rendered="N" on <body>;
 * a script error sets data-report-error (the headless-browser test waits for these).
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { stringify as yamlStringify } from 'yaml';
import { writeFileAtomic } from '../io/atomic.ts';
import { UserError } from '../errors.ts';
import { chartsOf, type PlotOptions } from './plot.ts';
import { finalCountries, summarizeSweep } from './summarize.ts';
import { sensitivityOf } from './sensitivity.ts';
import { readTable } from './table.ts';
import type { RunFolder, SweepFolder } from './folder.ts';

const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Text placed inside <script>: never let it close the element early. */
const scriptSafe = (s: string) => s.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

const LIBS = [['vega', 'build/vega.min.js'], ['vega-lite', 'build/vega-lite.min.js'], ['vega-embed', 'build/vega-embed.min.js']] as const;

/** The browser builds of vega, vega-lite and vega-embed, from the installed packages. */
export function browserLibraries(): string[] {
  const req = createRequire(import.meta.url);
  return LIBS.map(([pkg, file]) => {
    let root: string;
    try {
      root = dirname(req.resolve(`${pkg}/package.json`));
    } catch {
      // packages whose exports map hides package.json: walk up from the entry point
      let d = dirname(req.resolve(pkg));
      while (!existsSync(join(d, 'package.json')) && dirname(d) !== d) d = dirname(d);
      root = d;
    }
    const f = join(root, file);
    if (!existsSync(f)) throw new UserError(`the browser build of ${pkg} (${file}) is missing from node_modules; reinstall hedgesim's dependencies (npm ci)`);
    return readFileSync(f, 'utf8');
  });
}

function table(columns: string[], rows: (string | number | null)[][], caption?: string): string {
  const head = columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${esc(v)}</td>`).join('')}</tr>`).join('\n');
  return `<table>${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const f4 = (x: number | null) => (x === null ? '' : Number(x.toPrecision(4)));

function runTables(f: RunFolder): string {
  const fc = finalCountries(f);
  const want = ['country', 'stance', 'alignment', 'crackdown', 'us_tariff', 'china_tariff', 'deal', 'retaliated', 'trust_us', 'trust_china', 'utility'];
  const idx = want.map((c) => fc.columns.indexOf(c)).filter((i) => i >= 0);
  let out = table(idx.map((i) => fc.columns[i]), fc.rows.map((r) => idx.map((i) => r[i])), `Final state per country (step ${fc.step}); all columns in summary.csv (hedgesim summarize)`);
  const wf = join(f.dir, 'world.csv');
  if (existsSync(wf)) {
    const w = readTable(wf);
    const last = w.rows[w.rows.length - 1];
    if (last) out += table(['measure', 'value'], w.columns.map((c, i) => [c, last[i]]), 'World measures at the last recorded step');
  }
  return out;
}

function sweepTables(sw: SweepFolder): string {
  const rows = summarizeSweep(sw);
  const MAX = 400;
  let out = table(['point', ...sw.params, 'metric', 'n', 'mean', 'ci_lo', 'ci_hi'],
    rows.slice(0, MAX).map((r) => [r.point, ...r.values, r.metric, r.n, f4(r.mean), f4(r.lo), f4(r.hi)]),
    `Mean of each metric per design point with its 95% interval across replications${rows.length > MAX ? ` (first ${MAX} of ${rows.length} rows; all in summary.csv)` : ''}`);
  {
    try {
      const res = sensitivityOf(sw);
      out += table(['metric', 'parameter', 'index', 'estimate', 'ci_lo', 'ci_hi'],
        res.rows.map((r) => [r.metric, r.parameter, r.index, f4(r.estimate), f4(r.lo), f4(r.hi)]),
        res.methods[0] === 'sobol' ? "Sobol' indices (S1 first order, ST total order) with bootstrap 95% intervals"
          : res.methods[0] === 'morris' ? 'Morris elementary effects (mu, mu*, sigma) with bootstrap 95% intervals'
          : 'Partial rank correlation coefficients (PRCC, Fisher z 95% intervals) and standardized regression coefficients (SRC, t 95% intervals; R2 of the linear fit) over the design points');
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      out += `<p class="note">Sensitivity indices left out: ${esc(e.message)}</p>`;
    }
  }
  return out;
}

/**
 * What `hedgesim summarize` (robustness.csv) and `hedgesim discover` (DIR/discover/)
 * left in a sweep folder: the robustness table, the PRIM box and its two charts.
 */
function discovered(dir: string): { charts: { name: string; title: string; spec: Record<string, unknown> }[]; html: string } | undefined {
  let html = '';
  const charts: { name: string; title: string; spec: Record<string, unknown> }[] = [];
  const rob = join(dir, 'robustness.csv');
  if (existsSync(rob)) {
    const t = readTable(rob);
    html += table(t.columns, t.rows.map((r) => r.map((v) => (v !== '' && Number.isFinite(Number(v)) ? f4(Number(v)) : v))), 'Robustness of each policy across the scenarios (hedgesim summarize): mean, 10th and 90th percentiles, maximum regret, satisficing share');
  }
  const d = join(dir, 'discover');
  if (existsSync(join(d, 'discover.json'))) {
    const info = JSON.parse(readFileSync(join(d, 'discover.json'), 'utf8'));
    for (const [n, title] of [['tradeoff', 'PRIM: coverage and density'], ['box', 'PRIM: the chosen box']] as const) {
      if (existsSync(join(d, `${n}.vl.json`))) charts.push({ name: `prim_${n}`, title, spec: JSON.parse(readFileSync(join(d, `${n}.vl.json`), 'utf8')) });
    }
    if (existsSync(join(d, 'prim_box.csv'))) {
      const t = readTable(join(d, 'prim_box.csv'));
      html += table(t.columns, t.rows, `Scenario discovery (hedgesim discover) for ${info.condition}: PRIM box ${info.prim?.box} (coverage ${f4(info.prim?.coverage ?? null)}, density ${f4(info.prim?.density ?? null)}), limits and quasi-p-values`);
    }
    if (existsSync(join(d, 'cart_leaves.csv'))) {
      const t = readTable(join(d, 'cart_leaves.csv'));
      html += table(t.columns, t.rows, 'CART leaves for the same cases');
    }
  }
  return html || charts.length ? { charts, html } : undefined;
}

function scenarioText(m: Record<string, any>): string | null {
  const s = m.resolved ?? m.scenario?.resolved ?? m.sweep ?? null;
  return s ? yamlStringify(s, { lineWidth: 0 }) : null;
}

export interface ReportResult { out: string; charts: number; bytes: number; notes: string[] }

export async function reportFolder(dir: string, opts: PlotOptions & { out?: string } = {}): Promise<ReportResult> {
  const set = await chartsOf(dir, opts);
  const f = set.folder;
  const name = basename(resolve(dir));
  const found = f.kind === 'sweep' ? discovered(dir) : undefined;
  if (found) set.charts.push(...found.charts);
  const specs = set.charts.map((c) => ({ name: c.name, spec: c.spec }));
  const libs = browserLibraries();
  const { resolved, ...manifestRest } = f.manifest;
  const scen = scenarioText(f.manifest);
  const dz = f.kind === 'sweep' ? (f as SweepFolder).design : undefined;
  const kind = !dz ? 'run'
    : dz.policy ? `policy sweep (${dz.policy.policies} policies x ${dz.policy.scenarios} scenarios of a ${dz.type} design x ${dz.replications} replications)`
    : `sweep (${dz.type} design, ${dz.points} points x ${dz.replications}${dz.adaptive ? ' at most' : ''} replications)`;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>hedgesim report: ${esc(name)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1150px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
.chart { margin: 1.2rem 0; min-height: 60px; }
.chart.vega-embed { display: table; } /* one chart per line, menu beside the chart */
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.85rem; display: block; overflow-x: auto; max-width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border: 1px solid #ddd; padding: 0.2rem 0.5rem; text-align: right; }
th { background: #f4f4f4; }
pre { background: #f7f7f7; padding: 0.8rem; overflow: auto; max-height: 32rem; font-size: 0.8rem; }
.note { color: #666; } #render-status { color: #666; font-size: 0.85rem; }
</style>
</head>
<body>
<h1>hedgesim report: ${esc(name)}</h1>
<p>${esc(kind)}; hedgesim ${esc(f.manifest.hedgesim ?? '')}${f.manifest.git_commit ? `, commit ${esc(f.manifest.git_commit)}` : ''}. Charts are drawn with Vega-Lite in the page (no network needed); each chart's menu exports it as SVG or PNG.</p>
<p id="render-status">rendering charts...</p>
<h2>Charts</h2>
${set.charts.map((c) => `<div class="chart" id="chart-${esc(c.name)}" aria-label="${esc(c.title)}"></div>`).join('\n')}
${set.notes.map((n) => `<p class="note">${esc(n)}</p>`).join('\n')}
<h2>Summary</h2>
${f.kind === 'run' ? runTables(f) : sweepTables(f)}
${found?.html ?? ''}
<h2>Scenario</h2>
${scen ? `<pre>${esc(scen)}</pre>` : '<p class="note">The manifest holds no resolved scenario.</p>'}
<h2>Manifest</h2>
<pre>${esc(JSON.stringify(manifestRest, null, 2))}</pre>
<script>
window.__hedgesimErrors = [];
function __hedgesimFail(msg) {
  window.__hedgesimErrors.push(String(msg));
  document.body.setAttribute('data-report-error', window.__hedgesimErrors.join(' | '));
  var s = document.getElementById('render-status'); if (s) s.textContent = 'error: ' + window.__hedgesimErrors.join(' | ');
}
window.addEventListener('error', function (e) { __hedgesimFail(e.message || 'script error'); });
window.addEventListener('unhandledrejection', function (e) { __hedgesimFail(e.reason && e.reason.message || e.reason); });
(function (orig) { console.error = function () { __hedgesimFail(Array.prototype.join.call(arguments, ' ')); return orig.apply(console, arguments); }; })(console.error);
</script>
${libs.map((src) => `<script>${scriptSafe(src)}</script>`).join('\n')}
<script type="application/json" id="hedgesim-specs">${JSON.stringify(specs).replace(/</g, '\\u003c')}</script>
<script>
(function () {
  var specs = JSON.parse(document.getElementById('hedgesim-specs').textContent);
  var opts = { renderer: 'svg', actions: { export: true, source: true, compiled: false, editor: false } };
  Promise.all(specs.map(function (s) { return vegaEmbed('#chart-' + s.name, s.spec, opts); })).then(function () {
    document.body.setAttribute('data-charts-rendered', String(specs.length));
    document.getElementById('render-status').textContent = specs.length + ' charts rendered';
  }, function (e) { __hedgesimFail(e && e.message || e); });
})();
</script>
</body>
</html>
`;
  const out = opts.out ?? join(dir, 'report.html');
  writeFileAtomic(out, html);
  return { out, charts: set.charts.length, bytes: Buffer.byteLength(html), notes: set.notes };
}
