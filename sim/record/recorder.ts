/**
 * Reporters for one run: countries.csv (one row per recorded step and country),
 * world.csv (one row per recorded step) and events.csv. Rows are formatted as the
 * steps are recorded and streamed to disk; nothing is held for the whole run.
 * An optional `prefix` (a run id) goes in front of every row, for sweeps.
 */
import type { World } from '../world/world.ts';
import type { State } from '../model/state.ts';
import type { EventRow } from '../model/log.ts';
import type { Recorder } from '../engine.ts';
import { FIXED_COMPONENTS, fixedComponents, type StepScalars } from '../model/utility.ts';
import { COMPONENTS as TERMS, components } from '../model/decide.gen.ts';
import { peerMean } from '../model/peers.ts';

/** Every utility component of countries.csv: the spec's recorded terms, then those that do not depend on a choice. */
export const COMPONENTS = [...TERMS, ...FIXED_COMPONENTS] as const;
import { WORLD_COLUMNS, STANCE_NAMES, stanceOf, worldMeasures } from '../model/measures.ts';
import { fmt, freeText, text } from '../io/csv.ts';
import { dayToDate } from '../scenario/rules.ts';

export const COUNTRY_COLUMNS = [
  'step', 'date', 'country', 'alignment', 'stance', 'crackdown', 'own_tariff', 'us_tariff', 'china_tariff', 'deal', 'deal_rate', 'talks', 'offer_pending',
  'retaliated', 'punished', 'trust_us', 'trust_china', 'hedge_band', 'utility',
] as const;
export const EVENT_COLUMNS = ['step', 'date', 'kind', 'actor', 'target', 'value', 'source', 'note'] as const;

export interface LineSink { line(s: string): void }

export function countryHeader(withComponents: boolean, prefix?: string[]): string[] {
  return [...(prefix ?? []), ...COUNTRY_COLUMNS, ...(withComponents ? COMPONENTS : [])];
}
export function worldHeader(prefix?: string[]): string[] {
  return [...(prefix ?? []), 'step', 'date', ...WORLD_COLUMNS];
}

export function dateOfStep(w: World, t: number): string {
  return dayToDate(w.startDay + t * w.stepDays);
}

export class TableRecorder implements Recorder {
  private wrow = new Float64Array(WORLD_COLUMNS.length);
  private band: Float64Array;
  private comp = new Float64Array(COMPONENTS.length);
  recorded = 0;
  /** the last world row recorded, by column name */
  lastWorld: Float64Array = this.wrow;

  constructor(
    w: World,
    private countries: LineSink | null,
    private world: LineSink | null,
    private withComponents: boolean,
    private prefix = '',
  ) {
    this.band = new Float64Array(w.n);
  }

  record(w: World, st: State, S: StepScalars, t: number): void {
    this.recorded++;
    worldMeasures(w, st, S, this.wrow, this.band);
    const date = dateOfStep(w, t);
    const pre = this.prefix;
    if (this.world) {
      let s = `${pre}${t},${date}`;
      for (let j = 0; j < WORLD_COLUMNS.length; j++) s += ',' + fmt(this.wrow[j], WORLD_COLUMNS[j]);
      this.world.line(s);
    }
    if (this.countries) {
      for (let i = 0; i < w.n; i++) {
        const a = st.a[i];
        const abar = peerMean(w, st.a, i);
        let u = components(w, st, S, i, abar, this.comp);
        fixedComponents(w, st, i, this.comp, TERMS.length);
        for (let j = TERMS.length; j < COMPONENTS.length; j++) u += this.comp[j];
        let s = `${pre}${t},${date},${text(w.ids[i])},${fmt(a)},${STANCE_NAMES[stanceOf(a, this.band[i]) + 1]},${fmt(st.k[i])},${fmt(st.o[i] * 100)},` +
          `${fmt(st.usEff[i] * 100)},${fmt(st.cnTariff[i] * 100)},${st.deal[i]},${st.deal[i] ? fmt(st.dealRate[i] * 100) : ''},${st.talksUntil[i] >= 0 ? 1 : 0},` +
          `${st.offerUntil[i] >= 0 ? 1 : 0},${st.retUntil[i] >= 0 ? 1 : 0},${st.usrUntil[i] >= 0 ? 1 : 0},${fmt(st.trustUS[i])},${fmt(st.trustCN[i])},${fmt(this.band[i])},${fmt(u, 'utility')}`;
        if (this.withComponents) for (let j = 0; j < COMPONENTS.length; j++) s += ',' + fmt(this.comp[j], COMPONENTS[j]);
        this.countries.line(s);
      }
    }
  }
}

/**
 * The events.csv rows of one logged event: one row per target (an event on several
 * countries is logged with its targets joined by ';'), so the table stays tidy. The
 * note is free text from the scenario: written with freeText (no spreadsheet formula).
 */
export function eventLines(w: World, e: EventRow, prefix = ''): string[] {
  const head = `${prefix}${e.step},${dateOfStep(w, e.step)},${e.kind},${text(e.actor)},`;
  const tail = `,${e.value === null ? '' : fmt(e.value)},${e.source},${freeText(e.note)}`;
  if (!e.target.includes(';')) return [head + text(e.target) + tail];
  // `A;B except C;D` (compile.ts): one row per target, the exceptions kept with each, space-separated
  const x = e.target.indexOf(' except ');
  const targets = (x < 0 ? e.target : e.target.slice(0, x)).split(';');
  const except = x < 0 ? '' : ' except ' + e.target.slice(x + 8).split(';').join(' ');
  return targets.map((t) => head + text(t + except) + tail);
}
