/**
 * A country's story: its alignment (with the replications' band), crackdown, the
 * tariffs it faces, its trust in each pole and the components of its utility over
 * time, and the events that touched it. Which columns go in which chart is read from
 * the header of countries.csv and from COMPONENTS (sim/record/recorder.ts): new columns
 * and new components show up without a change here.
 */
import { COMPONENTS } from '../../record/recorder.ts';
import { lineChart, type Series } from './charts.ts';
import { OKABE_ITO, ALIGN_ANCHORS } from './colors.ts';
import type { RunData, Table } from './protocol.ts';

export interface Band { lo: Float64Array; hi: Float64Array }

/** Groups of countries.csv columns: by name pattern, so new columns join the right chart. */
export function columnGroups(header: string[], numeric: Set<string>): { title: string; cols: string[]; yDomain?: [number, number] }[] {
  const comps = new Set<string>(COMPONENTS);
  const used = new Set<string>(['step']);
  const take = (f: (c: string) => boolean) => header.filter((c) => numeric.has(c) && !used.has(c) && f(c)).map((c) => { used.add(c); return c; });
  const groups = [
    { title: 'alignment (-1 China, +1 US)', cols: take((c) => c === 'alignment'), yDomain: [-1, 1] as [number, number] },
    { title: 'crackdown (0 to 1)', cols: take((c) => c === 'crackdown'), yDomain: [0, 1] as [number, number] },
    { title: 'tariffs faced (%)', cols: take((c) => /_tariff$/.test(c) && !comps.has(c)) },
    { title: 'trust (0 to 1)', cols: take((c) => /^trust_/.test(c)), yDomain: [0, 1] as [number, number] },
    { title: 'utility and its components (% of GDP per year)', cols: take((c) => c === 'utility' || comps.has(c)) },
  ];
  const rest = header.filter((c) => numeric.has(c) && !used.has(c));
  if (rest.length) groups.push({ title: 'other columns', cols: rest, yDomain: undefined as unknown as [number, number] });
  return groups.filter((g) => g.cols.length);
}

/** The rows of events.csv that touched country `id` (its target list, ALL but its exceptions, a bloc it is in, or its own act). */
export function eventsOf(ev: Table | null, id: string, blocsOf: Set<string>): number[] {
  if (!ev) return [];
  const out: number[] = [];
  const tgt = ev.text.target ?? [], act = ev.text.actor ?? [];
  for (let r = 0; r < ev.rows; r++) {
    const [main, except] = (tgt[r] ?? '').split(' except ');
    const list = main.split(';'), ex = except ? except.split(';') : [];
    if (act[r] === id || list.includes(id) || (list.includes('ALL') && !ex.includes(id)) || list.some((b) => blocsOf.has(b) && !ex.includes(id))) out.push(r);
  }
  return out;
}

export function drawStory(host: HTMLElement, run: RunData, i: number, stepIdx: number, band: Band | null, onPick: (k: number) => void): ((k: number) => void)[] {
  const c = run.countries!;
  const n = run.n, S = run.steps.length;
  const numeric = new Set(Object.keys(c.num));
  const groups = columnGroups(c.header, numeric);
  const col = (name: string) => { const out = new Float64Array(S); const v = c.num[name]; for (let k = 0; k < S; k++) out[k] = v[k * n + i]; return out; };
  const markers: ((k: number) => void)[] = [];
  const wrap = document.createElement('div');
  for (const g of groups) {
    const series: Series[] = g.cols.map((name, j) => ({
      name, values: col(name),
      color: name === 'alignment' ? ALIGN_ANCHORS[4] : g.cols.length === 1 ? '#333' : OKABE_ITO[j % OKABE_ITO.length],
      dash: name === 'utility',
      band: name === 'alignment' && band ? band : undefined,
    }));
    const box = document.createElement('div');
    box.className = 'story-chart';
    markers.push(lineChart(box, { title: g.title + (g.cols[0] === 'alignment' && band ? ' \u2014 band: 5th to 95th percentile of the replications' : ''), steps: run.steps, series, yDomain: g.yDomain, marker: stepIdx, onPick, height: g.cols.length > 4 ? 170 : 110 }));
    wrap.appendChild(box);
  }
  // the events that touched it
  const blocs = new Set(run.graph.blocs.filter(([, m]) => m.includes(i)).map(([b]) => b));
  const rows = eventsOf(run.events, run.ids[i], blocs);
  const list = document.createElement('ol');
  list.className = 'story-events';
  const ev = run.events;
  for (const r of rows.slice(0, 200)) {
    const li = document.createElement('li');
    li.textContent = `${ev!.text.date[r]} (step ${ev!.num.step[r]}): ${ev!.text.kind[r]} by ${ev!.text.actor[r]} on ${ev!.text.target[r]}${Number.isFinite(ev!.num.value?.[r]) ? `, ${ev!.num.value[r]}` : ''} [${ev!.text.source[r]}]${ev!.text.note?.[r] ? ` \u2014 ${ev!.text.note[r]}` : ''}`;
    list.appendChild(li);
  }
  const h = document.createElement('h4');
  h.textContent = `events that touched ${run.ids[i]} (${rows.length})`;
  wrap.append(h, list);
  host.replaceChildren(wrap);
  return markers;
}
