/**
 * Sliders for the scenario's settings, made from the schema (sim/scenario/schema.ts):
 * every number and switch of its sections, with the field's range, unit, default and
 * description (shown on hover), and one slider per event rate of the scenario (the
 * tariffs). Moving one calls onChange(target, value): the page writes the value into
 * the YAML, which re-runs; values read back from each run (the resolved scenario)
 * move the sliders, so YAML and sliders follow each other.
 */
import { scenarioSchema } from '../../scenario/schema.ts';
import type { S, NumS, BoolS } from '../../scenario/dsl.ts';
import type { Resolved, TariffEvent } from './protocol.ts';
import { yamlNumber } from './yamledit.ts';

export type Target = { kind: 'path'; path: string[] } | { kind: 'event'; event: TariffEvent; key: 'rate' };

/** Sections that are not model settings (outputs, ids, the synthetic generator) get no sliders. */
const SKIP = new Set(['record', 'poles', 'world']);
/** Shown first: the settings a class changes most (a choice of the page; missing ones are skipped). */
const FEATURED = ['tariffs.us_on_china', 'tariffs.china_on_us', 'tariffs.us_baseline', 'retaliation.enabled', 'retaliation.probability', 'retaliation.rate',
  'deals.enabled', 'deals.rate', 'inducements.enabled', 'export_controls.active', 'model.elasticity', 'model.rationality', 'model.hedge_value'];

/**
 * Slider position p in [0, 1] <-> value: a power curve that puts the default near the
 * middle, so fields with wide ranges (weights up to 10,000) stay usable by hand.
 */
export function curve(min: number, max: number, def: number): { toValue(p: number): number; toPos(v: number): number } {
  const r = (def - min) / (max - min);
  // a default at the minimum (a tariff of 0) gets the middle at 2% of the range
  const k = Math.max(1, Math.min(12, Math.log(r > 0 ? Math.max(r, 2.5e-4) : 0.02) / Math.log(0.5)));
  const kk = r > 0.5 ? 1 : k;
  return {
    toValue: (p) => min + (max - min) * p ** kk,
    toPos: (v) => Math.max(0, Math.min(1, (Math.max(0, v - min) / (max - min)) ** (1 / kk))),
  };
}

const round = (v: number, s: NumS) => (s.integer ? Math.round(v) : +v.toPrecision(3));

interface Ctl { key: string; set(v: unknown): void }

let uid = 0;

export class Sliders {
  private ctls: Ctl[] = [];
  private events: HTMLElement;
  private busy = false;

  constructor(host: HTMLElement, private onChange: (t: Target, value: string) => void) {
    const fields = scenarioSchema.fields as Record<string, S>;
    const leaf = (path: string) => { const [a, b] = path.split('.'); const o = fields[a]; return o?.kind === 'object' ? (o.fields as Record<string, S>)[b] : undefined; };
    const featured = document.createElement('section');
    featured.className = 'sliders-featured';
    featured.innerHTML = '<h3>Tariffs and rules</h3>';
    for (const p of FEATURED) {
      const s = leaf(p);
      if (s && (s.kind === 'number' || s.kind === 'boolean')) featured.appendChild(this.control(p.split('.'), s));
    }
    this.events = document.createElement('div');
    this.events.className = 'event-rates';
    featured.appendChild(this.events);
    host.replaceChildren(featured);
    for (const [sec, o] of Object.entries(fields)) {
      if (o.kind !== 'object' || SKIP.has(sec)) continue;
      const entries = Object.entries(o.fields as Record<string, S>).filter(([k, s]) => (s.kind === 'number' || s.kind === 'boolean') && !FEATURED.includes(`${sec}.${k}`));
      if (!entries.length) continue;
      const d = document.createElement('details');
      d.className = 'sliders-section';
      const sum = document.createElement('summary');
      sum.textContent = `${sec} (${entries.length})`;
      sum.title = o.description ?? '';
      d.appendChild(sum);
      for (const [k, s] of entries) d.appendChild(this.control([sec, k], s as NumS | BoolS));
      host.appendChild(d);
    }
  }

  private control(path: string[], s: NumS | BoolS, label = path.join('.'), target: Target = { kind: 'path', path }): HTMLElement {
    const row = document.createElement('div');
    row.className = 'ctl';
    row.dataset.path = label;
    const id = `ctl-${++uid}`;
    const doc = `${s.description ?? ''}${s.unit ? ` [unit: ${s.unit}]` : ''}${s.kind === 'number' ? ` [range: ${s.min ?? '-inf'} to ${s.max ?? 'inf'}]` : ''}${s.default !== undefined ? ` [default: ${s.default}]` : ''}`;
    row.title = doc;
    const lab = document.createElement('label');
    lab.htmlFor = id;
    lab.textContent = label;
    row.appendChild(lab);
    if (s.kind === 'boolean') {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = id;
      box.dataset.path = label;
      box.addEventListener('change', () => { if (!this.busy) this.onChange(target, String(box.checked)); });
      row.appendChild(box);
      this.ctls.push({ key: label, set: (v) => { box.checked = v === true; } });
      return row;
    }
    const min = s.min ?? 0, max = s.max ?? Math.max(1, (s.default ?? 1) * 10);
    const c = curve(min, max, s.default ?? min);
    const range = document.createElement('input');
    range.type = 'range'; range.id = id; range.min = '0'; range.max = '1000'; range.step = '1';
    range.dataset.path = label;
    const num = document.createElement('input');
    num.type = 'number'; num.min = String(min); num.max = String(max); num.step = 'any';
    num.setAttribute('aria-label', `${label} value${s.unit ? ` (${s.unit})` : ''}`);
    const unit = document.createElement('span');
    unit.className = 'unit';
    unit.textContent = s.unit === '%' ? '%' : '';
    const send = (v: number) => { if (!this.busy) this.onChange(target, yamlNumber(v)); };
    range.addEventListener('input', () => { const v = round(c.toValue(+range.value / 1000), s); num.value = String(v); range.setAttribute('aria-valuetext', `${v}${s.unit === '%' ? '%' : ''}`); send(v); });
    num.addEventListener('change', () => {
      const v = +num.value;
      if (num.value === '' || !Number.isFinite(v) || v < min || v > max) { num.setCustomValidity(`from ${min} to ${max}`); num.reportValidity(); return; }
      num.setCustomValidity('');
      range.value = String(Math.round(c.toPos(v) * 1000));
      send(s.integer ? Math.round(v) : v);
    });
    row.append(range, num, unit);
    this.ctls.push({
      key: label,
      set: (v) => {
        const isExpr = typeof v === 'object' && v !== null && 'expr' in v;
        range.disabled = num.disabled = isExpr;
        if (isExpr) { num.value = ''; num.placeholder = 'expr'; row.title = `${doc}\nset by the expression ${(v as { expr: string }).expr} (edit it in the YAML)`; return; }
        row.title = doc;
        if (typeof v !== 'number') return;
        if (document.activeElement !== num) num.value = String(v);
        if (document.activeElement !== range) range.value = String(Math.round(c.toPos(v) * 1000));
        range.setAttribute('aria-valuetext', `${v}${s.unit === '%' ? '%' : ''}`);
      },
    });
    return row;
  }

  /** Show a run's resolved values (without sending changes back). */
  update(r: Resolved): void {
    this.busy = true;
    try {
      for (const c of this.ctls) {
        if (c.key.startsWith('event:')) continue;
        const [a, b] = c.key.split('.');
        c.set((r.spec[a] as Record<string, unknown> | undefined)?.[b]);
      }
      this.eventRates(r);
    } finally { this.busy = false; }
  }

  private lastEvents = '';
  private eventRates(r: Resolved) {
    const rateSchema = (scenarioSchema.fields.events.items.fields.rate) as NumS;
    // events a slider can reach: with an id (changed by id), or in a file that extends nothing (by position)
    const evs = r.tariffs.filter((e) => e.id !== undefined || !r.extends);
    const sig = evs.map((e) => `${e.index}:${e.id}:${e.kind}:${e.target}`).join('|');
    if (sig !== this.lastEvents) {
      this.lastEvents = sig;
      this.ctls = this.ctls.filter((c) => !c.key.startsWith('event:'));
      const rows = evs.map((e) => {
        const label = `${e.kind} ${e.actor}\u2192${e.target} ${e.when}`;
        const row = this.control(['events', String(e.index), 'rate'], rateSchema, label, { kind: 'event', event: e, key: 'rate' });
        this.ctls[this.ctls.length - 1].key = `event:${e.index}`;
        row.classList.add('event-rate');
        row.dataset.eventId = e.id ?? `#${e.index}`;
        return row;
      });
      const det = document.createElement('details');
      det.open = true;
      const sum = document.createElement('summary');
      sum.textContent = `event rates (${rows.length})`;
      det.append(sum, ...rows);
      this.events.replaceChildren(det);
    }
    for (const c of this.ctls) {
      if (!c.key.startsWith('event:')) continue;
      const e = evs.find((x) => `event:${x.index}` === c.key);
      if (e) c.set(e.rate ?? { expr: e.expr ?? '' });
    }
  }
}
