/**
 * The playground page: the editor, the runs (in the engine's worker), the map, the
 * network, a country's story, the sliders, compare and share. State lives here; the
 * views draw from it.
 */
import './style.css';
import type { Reply, Request, RunData, RepData, Resolved, IssueOut } from './protocol.ts';
import { SHIPPED, shippedScenarios } from './files.ts';
import { ScenarioEditor } from './editor.ts';
import { WorldMap } from './map.ts';
import { NetworkView } from './network.ts';
import { Sliders, type Target } from './sliders.ts';
import { setAt, setEventField } from './yamledit.ts';
import { drawStory, type Band } from './story.ts';
import { lineChart } from './charts.ts';
import { alignColor, diffColor, ALIGN_ANCHORS, NO_DATA, Categories } from './colors.ts';
import { encodeShare, decodeShare } from './share.ts';
import { pairedDifference } from './compare.ts';
import { readTable } from './table.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

// ------------------------------------------------------------------ worker

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let nextId = 1;
const waiting = new Map<number, { ok: (r: Reply) => void; progress?: (done: number, of: number) => void }>();
worker.onmessage = (ev: MessageEvent<Reply>) => {
  const r = ev.data;
  const w = waiting.get(r.id);
  if (!w) return;
  if (r.type === 'progress') { w.progress?.(r.done, r.of); return; }
  waiting.delete(r.id);
  w.ok(r);
};
type NoId<T> = T extends unknown ? Omit<T, 'id'> : never;
function ask<T extends Reply>(q: NoId<Request>, progress?: (done: number, of: number) => void): Promise<T> {
  const id = nextId++;
  return new Promise((ok) => { waiting.set(id, { ok: ok as (r: Reply) => void, progress }); worker.postMessage({ ...q, id }); });
}

// ------------------------------------------------------------------ state

interface Pinned { file: string; text: string; seed?: number; run: RunData; reps: RepData | null; label: string }
const S = {
  file: 'scenarios/baseline-2025.yaml',
  seed: undefined as number | undefined,
  run: null as RunData | null,
  resolved: null as Resolved | null,
  issues: [] as IssueOut[],
  stepIdx: 0,
  playing: false,
  selected: null as number | null,
  reps: null as RepData | null,
  repsFor: '',
  pinned: null as Pinned | null,
  view: 'map' as 'map' | 'net' | 'cmp',
  runs: 0,
};
/** What the benchmark and the tests read. */
const perf = { t0: performance.now(), atlas: 0, firstReply: 0, firstMap: 0, runs: [] as { worker: number; run: number; load: number; total: number }[], frames: [] as number[] };

const members = new Map<string, string[]>();
{
  const t = readTable(SHIPPED['scenarios/data/members.csv'] ?? 'aggregate,id\n');
  for (let r = 0; r < t.rows; r++) { const a = t.text.aggregate[r], id = t.text.id[r]; if (!members.has(a)) members.set(a, []); members.get(a)!.push(id); }
}

// ------------------------------------------------------------------ views

const map = new WorldMap($('map-view'), 'World map: countries coloured by alignment, from red (with China) through grey (hedging) to blue (with the US)');
const net = new NetworkView($('net-view'));
const sliders = new Sliders($('sliders'), onSlider);
const editor = new ScenarioEditor($('editor'), '', onEdit);
(window as unknown as { hedgesim: unknown }).hedgesim = { S, perf, editor, net, map };
const cats = new Categories();
let chartMarkers: ((k: number) => void)[] = [];
let storyMarkers: ((k: number) => void)[] = [];

void map.ready.then(() => { perf.atlas = performance.now(); });
map.onPick = net.onPick = (i) => select(i);
map.tooltip = (i) => tooltip(i);

function value(col: string, i: number, k = S.stepIdx): number {
  const r = S.run;
  const c = r?.countries?.num[col];
  return c ? c[k * r!.n + i] : NaN;
}
function tooltip(i: number): string {
  const r = S.run!;
  const a = value('alignment', i), st = r.countries?.text.stance?.[S.stepIdx * r.n + i];
  return `${r.names[i] || r.ids[i]} (${r.ids[i]}): alignment ${Number.isFinite(a) ? a.toFixed(2) : 'n/a'}${st ? `, ${st}` : ''}`;
}

function legend() {
  const stops = [-1, -0.5, 0, 0.5, 1].map((v) => `${alignColor(v)} ${(v + 1) * 50}%`).join(', ');
  $('legend').innerHTML = `<span class="bar" style="background:linear-gradient(90deg, ${stops})" role="img" aria-label="Alignment scale from -1 (with China, red) through 0 (hedging, grey) to +1 (with the US, blue)"></span>
    <span class="ticks"><span>-1 with China</span><span>0 hedging</span><span>+1 with the US</span></span>
    <span class="keys"><i class="sw" style="background:${NO_DATA}"></i>not in the scenario <i class="sw hatch-us"></i><i class="sw hatch-cn"></i>poles</span>`;
}
legend();

// ------------------------------------------------------------------ runs

let inFlight = false, pending = false, timer = 0;
function schedule(delay: number) {
  clearTimeout(timer);
  timer = window.setTimeout(() => { if (inFlight) pending = true; else void check(); }, delay);
}

async function check() {
  inFlight = true;
  pending = false;
  document.body.dataset.status = 'running';
  const text = editor.text, file = S.file;
  const t0 = performance.now();
  const r = await ask<Extract<Reply, { type: 'check' | 'error' }>>({ type: 'check', file, text, seed: S.seed, run: true });
  inFlight = false;
  perf.firstReply ||= performance.now();
  if (r.type === 'error') { status(`internal error: ${r.message}`); document.body.dataset.status = 'error'; return; }
  S.issues = r.issues;
  editor.showIssues(r.issues, file);
  showIssues(r.issues);
  if (r.valid && r.run && r.resolved) {
    S.runs++;
    S.run = r.run;
    S.resolved = r.resolved;
    perf.runs.push({ worker: r.ms, run: r.run.ms.run, load: r.run.ms.load, total: performance.now() - t0 });
    sliders.update(r.resolved);
    onNewRun();
    history.replaceState(null, '', encodeShare({ file, text, seed: S.seed }));
    status(`${r.run.n} countries, ${r.run.steps.length} steps recorded: loaded in ${r.run.ms.load.toFixed(0)} ms, ran in ${r.run.ms.run.toFixed(0)} ms (${r.run.kernel === 'wasm' ? 'WebAssembly kernel' : 'JavaScript loop'})`);
    document.body.dataset.status = 'ready';
    document.body.dataset.runs = String(S.runs);
    if (S.view === 'cmp' && S.pinned) void compareNow();
  } else {
    const e = r.issues.filter((i) => i.severity === 'error').length;
    status(`${e} error${e === 1 ? '' : 's'} in the scenario: nothing ran (the map shows the last good run)`);
    document.body.dataset.status = 'invalid';
  }
  if (pending) void check();
}

function status(s: string) { $('status').textContent = s; }

function showIssues(issues: IssueOut[]) {
  const host = $('issues');
  host.replaceChildren();
  if (!issues.length) { host.textContent = 'no problems found (the checks of hedgesim validate)'; host.className = 'ok'; return; }
  host.className = '';
  const ul = document.createElement('ul');
  for (const i of issues) {
    const li = document.createElement('li');
    li.className = i.severity;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'issue';
    b.dataset.code = i.code;
    b.dataset.line = String(i.line ?? '');
    const pre = document.createElement('pre');
    pre.textContent = i.text;
    b.appendChild(pre);
    b.addEventListener('click', () => { if (i.file === S.file && i.line) editor.goTo(i.line, i.col); });
    li.appendChild(b);
    ul.appendChild(li);
  }
  host.appendChild(ul);
}

let boundFor = '';
function onNewRun() {
  const r = S.run!;
  const key = r.ids.join(',') + '|' + r.graph.linkStart.length;
  if (key !== boundFor) {
    boundFor = key;
    S.selected = S.selected !== null && S.selected < r.n ? S.selected : null;
    void map.ready.then(() => {
      const b = map.bind(r.ids, r.poles, members);
      $('map-view').dataset.mapped = String(b.mapped);
      $('map-view').dataset.unmapped = b.unmapped.join(' ');
      if (!b.mapped && S.view === 'map') setView('net');
      drawStep();
    });
    net.setGraph(r.n, r.graph, r.gdp);
    net.labelsFor(r.ids);
    const sel = $<HTMLSelectElement>('country');
    sel.replaceChildren(new Option('(choose)', ''), ...r.ids.slice(0, 5000).map((id, i) => new Option(`${r.names[i] || id} (${id})`, String(i))));
    const wc = $<HTMLSelectElement>('world-col');
    const prev = wc.value;
    wc.replaceChildren(...(r.world?.header.filter((h) => h !== 'step' && r.world!.num[h]) ?? []).map((h) => new Option(h, h)));
    wc.value = prev && r.world?.num[prev] ? prev : r.world?.num.mean_alignment ? 'mean_alignment' : wc.options[0]?.value ?? '';
  }
  const time = $<HTMLInputElement>('time');
  time.max = String(r.steps.length - 1);
  S.stepIdx = Math.min(S.stepIdx, r.steps.length - 1);
  $('file-name').textContent = S.file;
  downloads();
  timeline();
  if (S.repsFor !== repsKey()) { S.reps = null; }
  worldChart();
  story();
  drawStep();
}

function repsKey() { return `${S.file}|${S.seed}|${editor.text}`; }

function drawStep() {
  const r = S.run;
  if (!r) return;
  const k = S.stepIdx;
  if (r.countries?.num.alignment) {
    const a = r.countries.num.alignment, base = k * r.n;
    if (S.view !== 'net') {
      map.colour((i) => a[base + i]);
      if (!perf.firstMap && map.colouredShapes()) { perf.firstMap = performance.now(); performance.mark('hedgesim:map-drawn'); document.body.dataset.mapDrawn = 'true'; }
    }
    net.setValues((i) => a[base + i]);
  }
  $<HTMLInputElement>('time').value = String(k);
  $<HTMLInputElement>('time').setAttribute('aria-valuetext', `step ${r.steps[k]}, ${r.dates[k]}`);
  $('date').textContent = `step ${r.steps[k]} of ${r.steps[r.steps.length - 1]} \u00b7 ${r.dates[k]}`;
  stepEvents();
  for (const m of chartMarkers) m(k);
  for (const m of storyMarkers) m(k);
  if (S.view === 'cmp') drawCompare();
}

function stepEvents() {
  const r = S.run!, ev = r.events, ol = $('step-events');
  ol.replaceChildren();
  if (!ev) { ol.textContent = 'events are not recorded (record.events: false)'; return; }
  const lo = S.stepIdx > 0 ? r.steps[S.stepIdx - 1] + 1 : 0, hi = r.steps[S.stepIdx];
  let shown = 0;
  for (let j = 0; j < ev.rows; j++) {
    const t = ev.num.step[j];
    if (t < lo || t > hi) continue;
    if (++shown > 60) continue;
    const li = document.createElement('li');
    const kind = ev.text.kind[j];
    li.innerHTML = `<i class="sw" style="background:${cats.color(kind)}"></i>`;
    li.append(`${kind}: ${ev.text.actor[j]} \u2192 ${ev.text.target[j]}${Number.isFinite(ev.num.value?.[j]) ? ` (${ev.num.value[j]})` : ''}${ev.text.note?.[j] ? ` \u2014 ${ev.text.note[j]}` : ''}`);
    ol.appendChild(li);
  }
  if (shown > 60) ol.appendChild(Object.assign(document.createElement('li'), { textContent: `... and ${shown - 60} more (events.csv)` }));
  if (!shown) ol.appendChild(Object.assign(document.createElement('li'), { textContent: 'none', className: 'none' }));
}

function timeline() {
  const r = S.run!, ev = r.events, host = $('timeline');
  host.replaceChildren();
  if (!ev) return;
  const last = r.steps[r.steps.length - 1] || 1;
  const seen = new Set<string>();
  for (let j = 0; j < ev.rows; j++) {
    const key = `${ev.num.step[j]}|${cats.of(ev.text.kind[j])}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const tick = document.createElement('i');
    tick.style.left = `${(ev.num.step[j] / last) * 100}%`;
    tick.style.background = cats.color(ev.text.kind[j]);
    tick.title = `${ev.text.date[j]}: ${ev.text.kind[j]}`;
    host.appendChild(tick);
  }
  $('timeline-legend').replaceChildren(...cats.entries().map(([c, col]) => { const s = document.createElement('span'); s.innerHTML = `<i style="background:${col}"></i>`; s.append(c); return s; }));
}

function band(values: (rep: number, k: number) => number, nrep: number, nsteps: number): { lo: Float64Array; hi: Float64Array; mid: Float64Array } {
  const lo = new Float64Array(nsteps), hi = new Float64Array(nsteps), mid = new Float64Array(nsteps), xs = new Float64Array(nrep);
  for (let k = 0; k < nsteps; k++) {
    for (let r = 0; r < nrep; r++) xs[r] = values(r, k);
    xs.sort();
    const q = (p: number) => { const h = (nrep - 1) * p, f = Math.floor(h); return xs[f] + (xs[Math.min(nrep - 1, f + 1)] - xs[f]) * (h - f); };
    lo[k] = q(0.05); hi[k] = q(0.95); mid[k] = q(0.5);
  }
  return { lo, hi, mid };
}

function worldChart() {
  const r = S.run!, col = $<HTMLSelectElement>('world-col').value;
  const host = $('world-chart');
  if (!r.world || !r.world.num[col]) { host.textContent = 'world.csv is not recorded'; chartMarkers = []; return; }
  const series = [{ name: `${col} (this run, seed ${r.seed})`, values: r.world.num[col], color: '#222' }] as Parameters<typeof lineChart>[1]['series'];
  const reps = S.reps;
  if (reps && reps.steps.length === r.steps.length) {
    const j = reps.worldHeader.indexOf(col), W = reps.worldHeader.length, K = reps.steps.length;
    if (j >= 0) {
      const b = band((rep, k) => reps.world[(rep * K + k) * W + j], reps.seeds.length, K);
      series.push({ name: `median of ${reps.seeds.length} replications, band 5th to 95th percentile`, values: b.mid, color: ALIGN_ANCHORS[4], dash: true, band: { lo: b.lo, hi: b.hi } });
    }
  }
  chartMarkers = [lineChart(host, { title: col, steps: r.steps, series, marker: S.stepIdx, onPick: (k) => goStep(k), height: 150, width: 420 })];
}

function story() {
  const r = S.run!, i = S.selected, host = $('story');
  $<HTMLSelectElement>('country').value = i === null ? '' : String(i);
  map.select(i);
  net.select(i);
  if (i === null || !r.countries) { storyMarkers = []; host.replaceChildren(); $('story-head').textContent = r.countries ? 'Click a country on the map (or choose it above) to see its story.' : 'countries.csv is not recorded (record.countries: false)'; return; }
  const k = S.stepIdx;
  $('story-head').textContent = `${r.names[i] || r.ids[i]} (${r.ids[i]}): alignment ${value('alignment', i, k).toFixed(2)} at ${r.dates[k]}, ${r.countries.text.stance?.[k * r.n + i] ?? ''}`;
  let b: Band | null = null;
  const reps = S.reps;
  if (reps && reps.ids[i] === r.ids[i] && reps.steps.length === r.steps.length) {
    const K = reps.steps.length, N = reps.ids.length;
    const q = band((rep, kk) => reps.alignment[(rep * K + kk) * N + i], reps.seeds.length, K);
    b = { lo: q.lo, hi: q.hi };
  }
  storyMarkers = drawStory(host, r, i, k, b, (kk) => goStep(kk));
}

function select(i: number | null) {
  S.selected = i;
  story();
}

// ------------------------------------------------------------------ editing

function onEdit(_text: string, origin: string) {

  schedule(origin === 'slider' ? 0 : origin === 'menu' ? 0 : 250);
}

function onSlider(t: Target, v: string) {
  const text = editor.text;
  const e = t.kind === 'path' ? setAt(text, t.path, v) : setEventField(text, t.event.id, t.event.index, t.key, v, !!S.resolved?.extends);
  if (!e) { status('the YAML does not parse: fix it before using the sliders'); return; }
  editor.apply(e, 'slider');
}

// ------------------------------------------------------------------ playback

let raf = 0, lastT = 0, acc = 0;
function goStep(k: number) { S.stepIdx = Math.max(0, Math.min((S.run?.steps.length ?? 1) - 1, k)); drawStep(); storyHeadOnly(); }
function storyHeadOnly() {
  const r = S.run, i = S.selected;
  if (!r || i === null || !r.countries) return;
  const k = S.stepIdx;
  $('story-head').textContent = `${r.names[i] || r.ids[i]} (${r.ids[i]}): alignment ${value('alignment', i, k).toFixed(2)} at ${r.dates[k]}, ${r.countries.text.stance?.[k * r.n + i] ?? ''}`;
}
function play(on: boolean) {
  S.playing = on;
  const b = $('play');
  b.setAttribute('aria-pressed', String(on));
  b.setAttribute('aria-label', on ? 'Pause' : 'Play');
  b.innerHTML = on ? '&#10074;&#10074; Pause' : '&#9654; Play';
  cancelAnimationFrame(raf);
  if (!on) return;
  if (S.run && S.stepIdx >= S.run.steps.length - 1) goStep(0);
  lastT = performance.now(); acc = 0;
  const tick = (now: number) => {
    if (!S.playing || !S.run) return;
    perf.frames.push(now);
    const sp = +$<HTMLSelectElement>('speed').value;
    acc += sp ? ((now - lastT) / 1000) * sp : 1;
    lastT = now;
    if (acc >= 1) { const d = Math.floor(acc); acc -= d; goStep(S.stepIdx + d); }
    if (S.stepIdx >= S.run.steps.length - 1) { play(false); return; }
    raf = requestAnimationFrame(tick);
  };
  raf = requestAnimationFrame(tick);
}
$('play').addEventListener('click', () => play(!S.playing));
$('step-back').addEventListener('click', () => { play(false); goStep(S.stepIdx - 1); });
$('step-fwd').addEventListener('click', () => { play(false); goStep(S.stepIdx + 1); });
$('time').addEventListener('input', () => { goStep(+$<HTMLInputElement>('time').value); });
$('world-col').addEventListener('change', () => worldChart());
$('country').addEventListener('change', () => { const v = $<HTMLSelectElement>('country').value; select(v === '' ? null : +v); });

// ------------------------------------------------------------------ views and tabs

function setView(v: 'map' | 'net' | 'cmp') {
  S.view = v;
  for (const [tab, panel, name] of [['tab-map', 'map-view', 'map'], ['tab-net', 'net-view', 'net'], ['tab-cmp', 'cmp-view', 'cmp']] as const) {
    const on = name === v;
    $(tab).setAttribute('aria-selected', String(on));
    $(tab).tabIndex = on ? 0 : -1;
    $(panel).hidden = !on;
  }
  net.show(v === 'net');
  if (v === 'cmp') void compareNow();
  drawStep();
}
const tabs = ['tab-map', 'tab-net', 'tab-cmp'];
tabs.forEach((t, j) => {
  $(t).addEventListener('click', () => setView((['map', 'net', 'cmp'] as const)[j]));
  $(t).addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowRight' && ev.key !== 'ArrowLeft') return;
    const k = (j + (ev.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length;
    $(tabs[k]).focus();
    setView((['map', 'net', 'cmp'] as const)[k]);
  });
});

// ------------------------------------------------------------------ replications and compare

async function replications(): Promise<RepData | null> {
  const n = Math.max(2, Math.min(500, Math.round(+$<HTMLInputElement>('reps-n').value || 20)));
  const seed = S.seed ?? S.resolved?.seed ?? 1;
  const key = repsKey();
  if (S.reps && S.repsFor === key && S.reps.seeds.length === n) return S.reps;
  status(`running ${n} replications ...`);
  const r = await ask<Extract<Reply, { type: 'replicate' }>>({ type: 'replicate', file: S.file, text: editor.text, seed, n }, (d, of) => status(`replication ${d} of ${of} ...`));
  if (!r.data) { status('the scenario has errors: no replications'); return null; }
  if (key !== repsKey()) return null; // edited meanwhile
  S.reps = r.data;
  S.repsFor = key;
  status(`${n} replications (seeds derived from seed ${seed} as a sweep derives them) in ${r.data.ms.toFixed(0)} ms`);
  worldChart();
  story();
  return r.data;
}
$('reps-run').addEventListener('click', () => { void replications(); });

$('pin').addEventListener('click', async () => {
  if (!S.run) return;
  const reps = await replications();
  S.pinned = { file: S.file, text: editor.text, seed: S.seed, run: S.run, reps, label: `${S.file}${S.seed !== undefined ? ` seed ${S.seed}` : ''} (pinned ${new Date().toLocaleTimeString()})` };
  status('pinned as A: change something, then look at the Compare tab');
  setView('cmp');
});

let cmpMaps: { a: WorldMap; b: WorldMap; d: WorldMap } | null = null;
let cmpResult: ReturnType<typeof pairedDifference> | null = null;

async function compareNow() {
  const host = $('cmp-view');
  if (!S.pinned) { host.innerHTML = '<p class="hint">Pin a run (the button at the top), change the scenario, and the two are compared here: side by side, and the mean difference per country over paired replications (the same seeds for both) with its 95% interval.</p>'; cmpMaps = null; return; }
  const reps = await replications();
  if (!reps || !S.pinned.reps) return;
  const step = S.run!.steps[S.stepIdx];
  cmpResult = pairedDifference(S.pinned.reps, reps, step);
  drawCompare();
}

function drawCompare() {
  const host = $('cmp-view'), P = S.pinned, r = S.run;
  if (!P || !r || !P.reps || !S.reps) return;
  if (!cmpMaps) {
    host.innerHTML = `<div class="cmp-row"><figure><figcaption>A: <span id="cmp-a-label"></span></figcaption><div id="cmp-a"></div></figure>
      <figure><figcaption>B: this scenario</figcaption><div id="cmp-b"></div></figure></div>
      <figure class="cmp-diff"><figcaption id="cmp-d-label"></figcaption><div id="cmp-d"></div></figure><div id="cmp-table"></div>`;
    cmpMaps = { a: new WorldMap($('cmp-a'), 'Map of the pinned run A'), b: new WorldMap($('cmp-b'), 'Map of this run B'), d: new WorldMap($('cmp-d'), 'Map of the difference B minus A') };
  }
  const step = r.steps[S.stepIdx];
  if (!cmpResult || cmpResult.step !== step) cmpResult = pairedDifference(P.reps, S.reps, step);
  const res = cmpResult;
  $('cmp-a-label').textContent = P.label;
  const span = Math.max(0.05, ...res.diffs.map((d) => Math.abs(d.mean)));
  $('cmp-d-label').textContent = `B \u2212 A: mean difference of alignment at step ${res.step} over ${res.pairs} paired replications (scale \u00b1${span.toFixed(2)}: blue = B more with the US, red = B more with China)`;
  const ia = new Map(P.reps.ids.map((id, i) => [id, i]));
  const K = (d: RepData, t: number) => d.steps.indexOf(t);
  const meanAt = (d: RepData, i: number, t: number) => { const k = K(d, t), N = d.ids.length, Sn = d.steps.length; let s = 0; for (let rr = 0; rr < d.seeds.length; rr++) s += d.alignment[(rr * Sn + k) * N + i]; return s / d.seeds.length; };
  const byId = new Map(res.diffs.map((d) => [d.id, d]));
  void Promise.all([cmpMaps!.a.ready, cmpMaps!.b.ready, cmpMaps!.d.ready]).then(() => {
    cmpMaps!.a.bind(P.reps!.ids, P.run.poles, members);
    cmpMaps!.a.colour((i) => meanAt(P.reps!, i, step));
    cmpMaps!.b.bind(S.reps!.ids, r.poles, members);
    cmpMaps!.b.colour((i) => meanAt(S.reps!, i, step));
    cmpMaps!.d.bind(S.reps!.ids, r.poles, members);
    cmpMaps!.d.colour((i) => byId.get(S.reps!.ids[i])?.mean ?? NaN, (v) => (Number.isFinite(v) ? diffColor(v, span) : NO_DATA));
    cmpMaps!.d.tooltip = (i) => { const d = byId.get(S.reps!.ids[i]); return d ? `${d.id}: B \u2212 A = ${d.mean.toFixed(3)} [${d.lo?.toFixed(3)}, ${d.hi?.toFixed(3)}]` : ''; };
  });
  void ia;
  const rows = [...res.diffs].sort((x, y) => Math.abs(y.mean) - Math.abs(x.mean));
  const table = document.createElement('table');
  table.innerHTML = `<caption>Mean difference of alignment per country, B \u2212 A, at step ${res.step}, with the 95% interval (Student t over ${res.pairs} paired replications)</caption>
    <thead><tr><th scope="col">country</th><th scope="col">A</th><th scope="col">B</th><th scope="col">B \u2212 A</th><th scope="col">95% interval</th></tr></thead>`;
  const tb = document.createElement('tbody');
  for (const d of rows.slice(0, 80)) {
    const tr = document.createElement('tr');
    const sig = d.lo !== null && d.hi !== null && (d.lo > 0 || d.hi < 0);
    tr.innerHTML = `<td></td><td>${d.a.toFixed(3)}</td><td>${d.b.toFixed(3)}</td><td class="${sig ? 'sig' : ''}">${d.mean.toFixed(3)}</td><td>${d.lo === null ? 'n/a' : `[${d.lo.toFixed(3)}, ${d.hi!.toFixed(3)}]`}</td>`;
    tr.cells[0].textContent = d.id;
    tb.appendChild(tr);
  }
  table.appendChild(tb);
  $('cmp-table').replaceChildren(table);
}

// ------------------------------------------------------------------ downloads, share, menu, seed

function download(name: string, bytes: BlobPart, type: string) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url; a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
function downloads() {
  const host = $('downloads');
  const files = S.run?.files ?? [];
  host.replaceChildren(...files.map((f) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = f.name;
    b.title = `download ${f.name} (${f.bytes} bytes): the same bytes as hedgesim run ${S.file}${S.seed !== undefined ? ` --seed ${S.seed}` : ''}`;
    b.dataset.file = f.name;
    b.addEventListener('click', async () => {
      const r = await ask<Extract<Reply, { type: 'file' }>>({ type: 'file', name: f.name });
      if (r.bytes) download(f.name, r.bytes as BlobPart, f.name.endsWith('.json') ? 'application/json' : 'text/csv');
    });
    return b;
  }), (() => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = S.file.split('/').pop()!;
    b.title = 'download the scenario as edited';
    b.dataset.file = 'scenario';
    b.addEventListener('click', () => download(S.file.split('/').pop()!, editor.text, 'application/yaml'));
    return b;
  })());
}

$('share').addEventListener('click', async () => {
  const url = location.origin + location.pathname + encodeShare({ file: S.file, text: editor.text, seed: S.seed });
  history.replaceState(null, '', url);
  try { await navigator.clipboard.writeText(url); status('link copied: it holds the whole scenario'); } catch { status(`link: ${url.length} characters, in the address bar`); }
  $('share').dataset.url = url;
});

const menu = $<HTMLSelectElement>('scenario-menu');
function fillMenu(extra?: string) {
  const list = shippedScenarios();
  const opts = list.map((p) => new Option(p.replace(/^scenarios\//, ''), p));
  if (extra && !list.includes(extra)) opts.unshift(new Option(extra.replace(/^scenarios\//, ''), extra));
  const g = document.createElement('optgroup');
  g.label = 'hedgesim new (templates)';
  g.append(new Option('new scenario extending the baseline', 'new:from'), new Option('new stand-alone scenario', 'new:standalone'));
  menu.replaceChildren(...opts, g);
  menu.value = S.file;
}
menu.addEventListener('change', async () => {
  const v = menu.value;
  if (v.startsWith('new:')) {
    const from = v === 'new:from' ? shippedScenarios()[0] : undefined;
    const r = await ask<Extract<Reply, { type: 'template' | 'error' }>>({ type: 'template', name: 'my-scenario', from });
    if (r.type === 'error') { status(r.message); return; }
    open('scenarios/my-scenario.yaml', r.text);
    return;
  }
  open(v, SHIPPED[v] ?? '');
});

function open(file: string, text: string) {
  S.file = file;
  S.reps = null;
  S.stepIdx = 0;
  fillMenu(file);
  editor.setText(text, 'menu');
}

$('seed').addEventListener('change', () => {
  const v = $<HTMLInputElement>('seed').value;
  S.seed = v === '' ? undefined : Math.max(0, Math.min(4294967295, Math.round(+v)));
  schedule(0);
});

// ------------------------------------------------------------------ start

async function start() {
  const shared = decodeShare(location.hash);
  if (shared) {
    S.seed = shared.seed;
    if (shared.seed !== undefined) $<HTMLInputElement>('seed').value = String(shared.seed);
    open(shared.file, shared.text);
    return;
  }
  try {
    const r = await fetch('api/scenario.json');
    const j = r.ok ? await r.json() as { file: string; files: Record<string, string> } | null : null;
    if (j) {
      await ask({ type: 'put', files: j.files });
      open(j.file.replace(/^\/+/, ''), j.files[j.file]);
      return;
    }
  } catch { /* a static copy of the page: no server */ }
  const first = shippedScenarios()[0];
  open(first, SHIPPED[first]);
}
void start();
