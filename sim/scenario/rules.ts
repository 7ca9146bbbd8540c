/**
 * Rules across fields, after the schema check: ids, poles, event targets and times,
 * links. Each problem is its own issue code, with the position of the offending item
 * and the closest valid names.
 */
import { type Issue, issue, closest } from '../errors.ts';
import { show, type LNode, type Loc } from './dsl.ts';
import type { Scenario } from './types.ts';
import type { EventIn } from './schema.ts';

export const DAY_MS = 86_400_000;
export const dateToDay = (d: string) => Date.parse(d + 'T00:00:00Z') / DAY_MS;
export const dayToDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The step at which an event dated `date` takes effect: the first step on or after it. */
export function stepOfDate(start: string, stepDays: number, date: string): number {
  return Math.ceil((dateToDay(date) - dateToDay(start)) / stepDays);
}

export function itemLoc(root: LNode, list: string, i: number, key?: string): Loc | undefined {
  if (root.kind !== 'map') return undefined;
  const seq = root.entries.get(list)?.node;
  if (!seq || seq.kind !== 'seq') return undefined;
  const it = seq.items[i];
  if (!it) return seq.loc;
  if (key && it.kind === 'map') { const e = it.entries.get(key); if (e) return e.node.loc; }
  return it.loc;
}

/** Fields each event kind needs (those with no default elsewhere in the scenario). */
const REQUIRED: Partial<Record<EventIn['kind'], (keyof EventIn)[]>> = {
  tariff: ['actor', 'target', 'rate'],
  pause: ['actor'],
  resume: ['actor'],
  retaliation: ['target'],
  deal_offer: ['target'],
  deal_end: ['target'],
  visit: ['actor', 'target'],
  joint_statement: ['target'],
  crackdown: ['target', 'level'],
  threat: [],
  export_control: ['active'],
  inducement: ['active'],
};

/** What the loader knows that the rules need: ids left out by select:, and where the links of links_file are. */
export interface RuleContext { dropped?: Set<string>; linkLocs?: Map<number, Loc> }

export function resolveRules(sc: Scenario, root: LNode, issues: Issue[], csvLocs?: Map<string, Loc>, ctx: RuleContext = {}): void {
  const dropped = ctx.dropped ?? new Set<string>();
  const leftOut = (x: string, fix: string) => `${x} is in the countries but left out by select:; add it to select: or ${fix}`;
  const { spec, countries, poles } = sc;
  const poleIds = [poles.us, poles.china];
  if (poles.us === poles.china) issues.push(issue('DUPLICATE_ID', 'poles', `the two poles need different ids, got ${show(poles.us)} twice`, root.loc));

  // countries
  const synthetic = spec.world?.type === 'synthetic';
  if (synthetic && countries.length) {
    issues.push(issue('WRONG_TYPE', 'world', 'a scenario lists countries or asks for a synthetic world, not both; remove countries/countries_file or world', itemLoc(root, 'countries', 0) ?? root.loc));
  }
  if (!synthetic && !countries.length) {
    issues.push(issue('NO_COUNTRIES', 'countries', 'the scenario has no countries; list them under countries:, name a countries_file, or ask for world: {type: synthetic}', root.loc));
  }
  const inline = spec.countries ?? [];
  const seen = new Map<string, number>();
  inline.forEach((c, i) => {
    if (!c) return; // refused by the schema check
    if (c.remove) return; // the loader reports removals of unknown ids
    if (seen.has(c.id)) issues.push(issue('DUPLICATE_ID', `countries[${i}].id`, `the id ${show(c.id)} is already used by countries[${seen.get(c.id)}]; ids must be unique`, itemLoc(root, 'countries', i, 'id')));
    seen.set(c.id, i);
    if (poleIds.includes(c.id)) issues.push(issue('POLE_AS_COUNTRY', `countries[${i}].id`, `${c.id} is a pole, not a country; poles act through events and rules (change poles: to use other ids)`, itemLoc(root, 'countries', i, 'id')));
  });
  const ids = countries.map((c) => c.id);
  const idSet = new Set(ids);
  countries.forEach((c) => {
    const i = inline.findIndex((x) => x?.id === c.id);
    const at = i >= 0 ? itemLoc(root, 'countries', i) : csvLocs?.get(c.id) ?? root.loc;
    if (c.gdp === undefined) issues.push(issue('MISSING_KEY', `countries.${c.id}.gdp`, 'missing; add gdp: (US$ bn), it weighs the country in world measures', at));
    if ((c.to_us ?? 0) + (c.to_china ?? 0) > 100) issues.push(issue('OUT_OF_RANGE', `countries.${c.id}`, `to_us + to_china is ${(c.to_us ?? 0) + (c.to_china ?? 0)}%, more than 100% of exports`, at));
  });
  const blocs = new Set<string>();
  for (const c of countries) for (const b of c.blocs ?? []) blocs.add(b);
  const nSynthBlocs = synthetic ? spec.world!.blocs ?? 0 : 0;
  const isSynthId = (x: string) => synthetic && /^C\d+$/.test(x) && +x.slice(1) < (spec.world!.countries ?? 0);
  const isSynthBloc = (x: string) => synthetic && /^B\d+$/.test(x) && +x.slice(1) < nSynthBlocs;

  // links
  (spec.links ?? []).forEach((l, i) => {
    if (!l) return;
    const fromFile = ctx.linkLocs?.get(i);
    const p = fromFile ? `links_file:${fromFile.line}` : `links[${i}]`;
    for (const k of ['from', 'to'] as const) {
      if (!idSet.has(l[k]) && !isSynthId(l[k])) {
        const near = closest(l[k], ids);
        const why = dropped.has(l[k]) ? leftOut(l[k], 'remove the link') : `unknown country ${show(l[k])}${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`;
        issues.push(issue('BAD_LINK', `${p}.${k}`, why, fromFile ?? itemLoc(root, 'links', i, k)));
      }
    }
    if (l.from === l.to) issues.push(issue('BAD_LINK', p, `a link from ${l.from} to itself has no effect; remove it`, fromFile ?? itemLoc(root, 'links', i)));
  });

  // events
  const { start, steps, step_days } = spec;
  const eventIds = new Set<string>();
  (spec.events ?? []).forEach((e, i) => {
    if (!e) return;
    const p = `events[${i}]`;
    const at = (k?: keyof EventIn) => itemLoc(root, 'events', i, k);
    if (e.remove) {
      issues.push(issue('REMOVE_UNKNOWN', `${p}.id`, `no inherited event with id ${show(e.id ?? '')} to remove; check the id in the scenario this one extends`, at('id')));
      return;
    }
    if (e.id) {
      if (eventIds.has(e.id)) issues.push(issue('DUPLICATE_ID', `${p}.id`, `the event id ${show(e.id)} is used twice; ids must be unique`, at('id')));
      eventIds.add(e.id);
    }
    if (e.date !== undefined && e.step !== undefined) issues.push(issue('EVENT_BOTH_DATE_AND_STEP', p, 'give either date: or step:, not both', at('step')));
    else if (e.date === undefined && e.step === undefined) issues.push(issue('EVENT_NO_TIME', p, 'the event needs a date: (YYYY-MM-DD) or a step:', at()));
    else {
      const s = e.step ?? stepOfDate(start, step_days, e.date!);
      // a date before the start is history (in force at step 0); after the last step, an error
      if (s > steps) {
        // a warning, not an error: a run made shorter (--steps, a sweep's set) just does not reach it
        const last = dayToDate(dateToDay(start) + steps * step_days);
        issues.push(issue('EVENT_OUTSIDE_HORIZON', `${p}.${e.date !== undefined ? 'date' : 'step'}`, `${e.date ?? `step ${e.step}`} is after the run (${start} to ${last}, steps 0 to ${steps}): it will not happen; move it, or change start: or steps:`, at(e.date !== undefined ? 'date' : 'step'), 'warning'));
      }
    }
    for (const f of REQUIRED[e.kind] ?? []) {
      if (e[f] === undefined) issues.push(issue('EVENT_MISSING_FIELD', `${p}.${f}`, `a ${e.kind} event needs ${f}:`, at()));
    }
    // actor
    // a country's own tariff on the China pole: the country acts
    const tlist = e.target === undefined ? [] : Array.isArray(e.target) ? e.target : [e.target];
    const ownTariff = e.kind === 'tariff' && e.actor !== undefined && !poleIds.includes(e.actor);
    if (ownTariff) {
      if (!idSet.has(e.actor!) && !isSynthId(e.actor!)) {
        const near = closest(e.actor!, [...poleIds, ...ids]);
        issues.push(issue('UNKNOWN_POLE', `${p}.actor`, `${show(e.actor)} is neither a pole nor a country${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`, at('actor')));
      } else if (!(tlist.length === 1 && tlist[0] === poles.china)) {
        issues.push(issue('EVENT_BAD_TARGET', `${p}.target`, `a country's own tariff targets the China pole (${poles.china}); got ${show(e.target ?? '')}`, at('target')));
      }
    }
    const needsPole = e.kind !== 'crackdown' && !ownTariff;
    if (e.actor !== undefined && needsPole && !poleIds.includes(e.actor)) {
      issues.push(issue('UNKNOWN_POLE', `${p}.actor`, `${show(e.actor)} is not a pole; the poles are ${poleIds.join(' and ')}`, at('actor')));
    }
    const poleOnly: Record<string, string> = { pause: poles.us, resume: poles.us, deal_offer: poles.us, deal_end: poles.us, joint_statement: poles.china, export_control: poles.china, inducement: poles.china };
    if (e.actor !== undefined && poleOnly[e.kind] && e.actor !== poleOnly[e.kind]) {
      issues.push(issue('UNKNOWN_POLE', `${p}.actor`, `a ${e.kind} event comes from ${poleOnly[e.kind]}, got ${show(e.actor)}`, at('actor')));
    }
    // targets
    const targets = e.target === undefined ? [] : Array.isArray(e.target) ? e.target : [e.target];
    const allowPole = e.kind === 'tariff';
    for (const t of ownTariff ? [] : [...targets, ...(e.except ?? [])]) {
      if (t === 'ALL' || idSet.has(t) || blocs.has(t) || isSynthId(t) || isSynthBloc(t)) continue;
      if (poleIds.includes(t)) {
        if (allowPole && targets.includes(t) && t !== e.actor) continue;
        issues.push(issue('EVENT_BAD_TARGET', `${p}.target`, `${t} is a pole; ${allowPole ? 'a pole cannot target itself' : `a ${e.kind} event targets countries`}`, at('target')));
        continue;
      }
      const near = closest(t, [...ids, ...blocs]);
      if (dropped.has(t)) issues.push(issue('UNKNOWN_COUNTRY', `${p}.target`, leftOut(t, 'remove it from this event (or remove the event)'), at('target')));
      else issues.push(issue('UNKNOWN_COUNTRY', `${p}.target`, `unknown country or bloc ${show(t)}${near.length ? `; did you mean ${near.join(' or ')}?` : `; known: ${[...ids, ...blocs].slice(0, 30).join(', ')}`}`, at('target')));
    }
    if (e.except && !targets.includes('ALL') && !targets.some((t) => blocs.has(t) || isSynthBloc(t))) {
      issues.push(issue('EVENT_BAD_TARGET', `${p}.except`, 'except: only makes sense with target: ALL or a bloc', at('except')));
    }
    if (e.kind === 'crackdown' && e.actor !== undefined && !idSet.has(e.actor) && !isSynthId(e.actor)) {
      // for crackdown the actor is the country itself; accept a pole name only as the one demanding it
      if (!poleIds.includes(e.actor)) issues.push(issue('UNKNOWN_COUNTRY', `${p}.actor`, `unknown country ${show(e.actor)}${closest(e.actor, ids).length ? `; did you mean ${closest(e.actor, ids).join(' or ')}?` : ''}`, at('actor')));
    }
    if (e.kind === 'tariff' && e.layer && targets.some((t) => poleIds.includes(t))) {
      issues.push(issue('EVENT_BAD_TARGET', `${p}.layer`, 'layer: applies to US tariffs on countries, not between the poles', at('layer')));
    }
    if (e.kind === 'tariff' && e.actor === poles.china && targets.some((t) => !poleIds.includes(t))) {
      issues.push(issue('EVENT_BAD_TARGET', `${p}.kind`, `a tariff by ${poles.china} on countries is a retaliation: write kind: retaliation with rate and share`, at('kind')));
    }
  });
}
