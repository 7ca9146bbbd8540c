/**
 * The world map: Natural Earth country shapes (world-atlas, 1:50m TopoJSON, keyed by
 * ISO 3166-1 numeric codes) in the Equal Earth projection, projected with d3-geo at
 * build time (mapdata.mjs), so the page only inserts the paths. Rows of a run
 * are matched by their ISO3 id (i18n-iso-countries); a row whose id is an aggregate of
 * scenarios/data/members.csv (the EU) colours its member states, unless a member has
 * a row of its own. The poles are hatched in their colour and labelled.
 */
import isoCountries from 'i18n-iso-countries';
import { alignColor, ALIGN_ANCHORS, NO_DATA, LAND_STROKE } from './colors.ts';

const NS = 'http://www.w3.org/2000/svg';

type Atlas = (typeof import('virtual:hedgesim-map'))['default'];
let atlas: Promise<Atlas> | null = null;
/** The country shapes, projected at build time (sim/web/mapdata.mjs: d3-geo's Equal Earth), loaded once. */
export function loadAtlas(): Promise<Atlas> {
  return (atlas ??= import('virtual:hedgesim-map').then((m) => m.default));
}

export const isoNumeric = (id: string): string | undefined => isoCountries.alpha3ToNumeric(id) ?? undefined;

export interface Binding { mapped: number; unmapped: string[] }

export class WorldMap {
  readonly svg: SVGSVGElement;
  private paths = new Map<string, SVGPathElement>();
  private rowPaths: SVGPathElement[][] = [];
  private pathRow = new Map<Element, number>();
  private labels: SVGGElement;
  private tip: HTMLDivElement;
  private selected: SVGPathElement[] = [];
  onPick: (row: number) => void = () => {};
  tooltip: (row: number) => string = () => '';
  ready: Promise<void>;

  constructor(private host: HTMLElement, label: string) {
    this.svg = document.createElementNS(NS, 'svg');
    this.svg.setAttribute('viewBox', '0 0 960 470');
    this.svg.setAttribute('role', 'img');
    this.svg.setAttribute('aria-label', label);
    this.svg.classList.add('map');
    this.svg.innerHTML = `<defs>
      <pattern id="${label.replace(/\W/g, '')}-hatch-us" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="${ALIGN_ANCHORS[4]}"/></pattern>
      <pattern id="${label.replace(/\W/g, '')}-hatch-cn" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(-45)"><rect width="6" height="6" fill="#ffffff"/><rect width="3" height="6" fill="${ALIGN_ANCHORS[0]}"/></pattern>
    </defs>`;
    this.labels = document.createElementNS(NS, 'g');
    this.tip = document.createElement('div');
    this.tip.className = 'map-tip';
    this.tip.hidden = true;
    host.replaceChildren(this.svg, this.tip);
    this.ready = this.draw(label.replace(/\W/g, ''));
  }

  private async draw(pid: string) {
    const A = await loadAtlas();
    this.svg.setAttribute('viewBox', `0 0 ${A.w} ${A.h}`);
    const g = document.createElementNS(NS, 'g');
    const sphere = document.createElementNS(NS, 'path');
    sphere.setAttribute('d', A.sphere);
    sphere.setAttribute('class', 'sphere');
    const grat = document.createElementNS(NS, 'path');
    grat.setAttribute('d', A.graticule);
    grat.setAttribute('class', 'graticule');
    g.append(sphere, grat);
    for (const f of A.features) {
      const p = document.createElementNS(NS, 'path');
      p.setAttribute('d', f.d);
      p.setAttribute('fill', NO_DATA);
      p.setAttribute('stroke', LAND_STROKE);
      p.dataset.name = f.name;
      if (f.id !== null) { p.dataset.iso = f.id; this.paths.set(f.id, p); }
      (p as unknown as { centroid: [number, number] }).centroid = [f.cx, f.cy];
      g.appendChild(p);
    }
    this.svg.append(g, this.labels);
    this.pid = pid;
    this.svg.addEventListener('click', (ev) => {
      const r = this.pathRow.get(ev.target as Element);
      if (r !== undefined) this.onPick(r);
    });
    this.svg.addEventListener('mousemove', (ev) => {
      const r = this.pathRow.get(ev.target as Element);
      if (r === undefined) { this.tip.hidden = true; return; }
      const box = this.host.getBoundingClientRect();
      this.tip.textContent = this.tooltip(r);
      this.tip.style.left = `${ev.clientX - box.left + 12}px`;
      this.tip.style.top = `${ev.clientY - box.top + 12}px`;
      this.tip.hidden = false;
    });
    this.svg.addEventListener('mouseleave', () => { this.tip.hidden = true; });
  }
  private pid = '';

  /** Match a run's rows to shapes; returns how many rows have a shape and the ids that have none. */
  bind(ids: string[], poles: { us: string; china: string }, members: Map<string, string[]>): Binding {
    for (const p of this.paths.values()) { p.setAttribute('fill', NO_DATA); p.classList.remove('row', 'pole'); }
    this.pathRow.clear();
    this.labels.replaceChildren();
    const own = new Set(ids);
    const unmapped: string[] = [];
    let mapped = 0;
    this.rowPaths = ids.map((id, i) => {
      const codes = members.has(id) ? members.get(id)!.filter((m) => !own.has(m)) : [id];
      const ps = codes.map((c) => { const n = isoNumeric(c); return n ? this.paths.get(n) : undefined; }).filter((p): p is SVGPathElement => !!p);
      if (ps.length) mapped++; else unmapped.push(id);
      for (const p of ps) { this.pathRow.set(p, i); p.classList.add('row'); }
      return ps;
    });
    for (const [id, side] of [[poles.us, 'us'], [poles.china, 'cn']] as const) {
      const p = this.paths.get(isoNumeric(id) ?? '');
      if (!p) continue;
      p.setAttribute('fill', `url(#${this.pid}-hatch-${side})`);
      p.classList.add('pole');
      const [x, y] = (p as unknown as { centroid: [number, number] }).centroid;
      const t = document.createElementNS(NS, 'text');
      t.setAttribute('x', String(x));
      t.setAttribute('y', String(y));
      t.setAttribute('class', `pole-label pole-${side}`);
      t.textContent = side === 'us' ? `${id}: US pole` : `${id}: China pole`;
      this.labels.appendChild(t);
    }
    return { mapped, unmapped };
  }

  /** Colour each row by value(row) on the alignment scale (or by a colour function). */
  colour(value: (row: number) => number, color: (v: number) => string = alignColor): void {
    for (let i = 0; i < this.rowPaths.length; i++) {
      const ps = this.rowPaths[i];
      if (!ps.length) continue;
      const c = color(value(i));
      for (const p of ps) p.setAttribute('fill', c);
    }
  }

  select(row: number | null): void {
    for (const p of this.selected) p.classList.remove('selected');
    this.selected = row === null ? [] : this.rowPaths[row] ?? [];
    for (const p of this.selected) { p.classList.add('selected'); p.parentNode?.appendChild(p); }
  }

  /** How many shapes are coloured as rows (for tests: the EU row colours its members). */
  colouredShapes(): number { return this.pathRow.size; }
}
