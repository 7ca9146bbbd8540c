/**
 * The scenario format: the one source of truth for the TypeScript types, the
 * defaults, validation and scenarios/scenario.schema.json (`hedgesim schema`).
 *
 * Conventions: rates, shares and probabilities are written in percent (46 means
 * 46%); alignment is on [-1, 1] (-1 with China, +1 with the US); weights are
 * dimensionless multipliers on utility, which is measured in percent of GDP per year.
 */
import { arr, bool, date, int, num, obj, oneOf, pct, rec, str, union, type Infer } from './dsl.ts';

const ID = '^[A-Za-z][A-Za-z0-9_]{0,15}$';
const idStr = (description: string) => str({ description, pattern: ID, patternHint: 'an id is 1 to 16 letters, digits or _, starting with a letter (ISO3 codes such as VNM)' });
const pctE = (o: Parameters<typeof pct>[0]) => pct({ expr: true, ...o });

export const countrySchema = obj({
  id: idStr('ISO3 code or another short id, unique in the scenario'),
  name: str({ description: 'display name', maxLength: 80 }),
  blocs: arr(idStr('bloc name'), { description: 'blocs the country belongs to (EU, ASEAN, ...); bloc members influence each other', maxItems: 16 }),
  gdp: num({ description: 'GDP, 2024', unit: 'US$ bn', min: 0.001, max: 1e6 }),
  exports: pct({ description: 'exports of goods and services as a share of GDP', max: 400 }),
  imports: pct({ description: 'imports as a share of GDP (defaults to exports: balanced trade)', max: 400 }),
  to_us: pct({ description: 'share of exports going to the US pole', max: 100 }),
  to_china: pct({ description: 'share of exports going to the China pole', max: 100 }),
  imports_from_china: pct({ description: 'share of imports coming from the China pole', max: 100 }),
  transshipment: pct({ description: 'transshipment capacity: share of exports to the US pole that is rerouted content of the China pole', max: 100, fractionOk: true }),
  affinity_us: pct({ description: 'security affinity to the US pole (alliances, partnerships)', max: 100 }),
  affinity_china: pct({ description: 'security affinity to the China pole', max: 100 }),
  alignment: num({ description: 'starting alignment: -1 fully with China, 0 hedging, +1 fully with the US', unit: 'alignment', min: -1, max: 1 }),
  us_tariff: pct({ description: 'US pole tariff on this country at the start (before any event)', max: 1000 }),
  trust_us: pct({ description: 'starting trust in the US pole (defaults to model.trust_us)', max: 100 }),
  trust_china: pct({ description: 'starting trust in the China pole (defaults to model.trust_china)', max: 100 }),
  remove: bool({ description: 'with extends: drop this inherited country' }),
}, { description: 'a country: its id and the attributes to set (the rest comes from countries_file, an inherited scenario or defaults)', required: ['id'] });

const target = union([idStr('a country id, a bloc name or ALL'), arr(idStr('a country id or bloc name'), { description: 'a list of country ids and bloc names', maxItems: 1000 })] as const,
  { description: 'who the event applies to: a country id, a bloc name, ALL, or a list of them' });

export const EVENT_KINDS = ['tariff', 'pause', 'resume', 'retaliation', 'deal_offer', 'visit', 'crackdown', 'threat', 'export_control', 'inducement'] as const;

export const eventSchema = obj({
  id: str({ description: 'optional name, so that a scenario that extends this one can override or remove the event', pattern: '^[A-Za-z0-9_.-]{1,64}$', patternHint: 'use 1 to 64 letters, digits, _ . -' }),
  remove: bool({ description: 'with extends: drop the inherited event with this id' }),
  date: date({ description: 'when the event takes effect: at the first step on or after this date' }),
  step: int({ description: 'alternatively, the step number at which it takes effect', unit: 'step', min: 0, max: 1_000_000 }),
  kind: oneOf(EVENT_KINDS, { description: 'what happens' }),
  actor: idStr('the pole that acts (a pole id such as USA or CHN); for crackdown, the country that cracks down'),
  target,
  except: arr(idStr('country id or bloc'), { description: 'with target ALL or a bloc: ids left out', maxItems: 1000 }),
  rate: pctE({ description: 'tariff rate; for retaliation the tariff on the share of exports hit; for pause the cap (the baseline)', max: 1000 }),
  layer: oneOf(['baseline', 'reciprocal', 'specific'] as const, { description: 'for a US tariff on countries: the baseline rate (default for ALL), the country (reciprocal) rate (default for a country), or a product-specific rate added on top' }),
  coverage: pctE({ description: 'share of the target\'s exports the tariff covers', max: 100, default: 100 }),
  share: pctE({ description: 'for retaliation: share of the target\'s exports to China hit', max: 100 }),
  duration: int({ description: 'for retaliation: how many steps it lasts (0 = until the end); for pause: how many steps the pause lasts', unit: 'steps', min: 0, max: 1_000_000 }),
  penalty: pctE({ description: 'for deal_offer: penalty tariff on goods found to be rerouted (transshipment clause)', max: 1000 }),
  anti_china: bool({ description: 'for deal_offer: the deal carries clauses against the China pole' }),
  expires: int({ description: 'for deal_offer: steps the offer stays open', unit: 'steps', min: 1, max: 1_000_000 }),
  level: pctE({ description: 'for crackdown: the enforcement level committed to', max: 100 }),
  trust: num({ description: 'for visit: change in the target\'s trust in the actor, in percentage points', unit: 'percentage points', min: -100, max: 100 }),
  value: num({ description: 'for threat: how much the threat adds to the credibility of retaliation (1 = one retaliation\'s worth)', unit: 'retaliations', min: 0, max: 100 }),
  active: bool({ description: 'for export_control and inducement: switch the lever on or off' }),
  note: str({ description: 'free text: the source or meaning of the event', maxLength: 500 }),
}, { description: 'an event of the timeline: what happens (kind), when (date or step), who acts and on whom', required: ['kind'] });

export const syntheticSchema = obj({
  type: oneOf(['synthetic'] as const, { description: 'a generated world instead of listed countries' }),
  countries: int({ description: 'number of countries', unit: 'countries', min: 2, max: 5_000_000, default: 1000 }),
  degree: int({ description: 'average number of trade links per country', unit: 'links per country', min: 0, max: 256, default: 16 }),
  locality: num({ description: 'how close in the arrays linked countries sit: links go to countries within this many positions', unit: 'positions', min: 1, max: 1e7, default: 64 }),
  seed: int({ description: 'seed of the generator (defaults to the run seed)', unit: 'integer', min: 0, max: 4294967295 }),
  gdp_pareto: num({ description: 'tail index of the Pareto GDP distribution (smaller = heavier tail)', unit: 'dimensionless', min: 0.5, max: 5, default: 1.1 }),
  exports: arr(num({ description: 'lower, then upper end of the range', unit: '%', min: 0, max: 400 }), { description: 'range [min, max] of exports, % of GDP', minItems: 2, maxItems: 2, default: [10, 80] }),
  to_us: arr(num({ description: 'lower, then upper end of the range', unit: '%', min: 0, max: 100 }), { description: 'range of the share of exports to the US pole, %', minItems: 2, maxItems: 2, default: [3, 40] }),
  to_china: arr(num({ description: 'lower, then upper end of the range', unit: '%', min: 0, max: 100 }), { description: 'range of the share of exports to the China pole, %', minItems: 2, maxItems: 2, default: [3, 35] }),
  imports_from_china: arr(num({ description: 'lower, then upper end of the range', unit: '%', min: 0, max: 100 }), { description: 'range of the share of imports from the China pole, %', minItems: 2, maxItems: 2, default: [5, 40] }),
  transshipment: arr(num({ description: 'lower, then upper end of the range', unit: '%', min: 0, max: 100 }), { description: 'range of transshipment capacity, %', minItems: 2, maxItems: 2, default: [0, 10] }),
  affinity_us: arr(num({ description: 'lower, then upper end of the range', unit: '%', min: 0, max: 100 }), { description: 'range of security affinity to the US pole, %', minItems: 2, maxItems: 2, default: [0, 90] }),
  affinity_china: arr(num({ description: 'lower, then upper end of the range', unit: '%', min: 0, max: 100 }), { description: 'range of security affinity to the China pole, %', minItems: 2, maxItems: 2, default: [0, 90] }),
  us_tariff: arr(num({ description: 'lower, then upper end of the range', unit: '%', min: 0, max: 1000 }), { description: 'range of US reciprocal rates, %', minItems: 2, maxItems: 2, default: [10, 50] }),
  blocs: int({ description: 'number of blocs; countries in contiguous ranges share a bloc (0 = none)', unit: 'blocs', min: 0, max: 100000, default: 0 }),
}, { description: 'a generated world of any size, instead of listed countries', required: ['type'] });

export const modelSchema = obj({
  // Trade: Boehm, Levchenko and Pandalai-Nayar (2023): short-run trade elasticity
  // about 0.8, long-run about 2; gravity estimates 4 to 6 (Simonovska and Waugh: ~4).
  elasticity: num({ description: 'trade elasticity: exports fall by a factor (1 + pass_through x tariff)^-elasticity (Boehm, Levchenko and Pandalai-Nayar 2023: ~2 long run)', unit: 'dimensionless', min: 0, max: 20, default: 2, expr: true }),
  // Amiti, Redding and Weinstein (2019); Fajgelbaum et al. (2020): pass-through ~1 at the border.
  pass_through: pctE({ description: 'tariff pass-through to import prices at the border (Amiti, Redding and Weinstein 2019: close to 100)', max: 100, default: 100 }),
  rationality: num({ description: 'logit rationality: how sharply countries pick the best option, per percent of GDP of utility (0 = at random)', unit: 'per % of GDP', min: 0, max: 1e4, default: 10, expr: true }),
  step_size: num({ description: 'how far one option moves alignment from the current value', unit: 'alignment', min: 0.001, max: 2, default: 0.2 }),
  inertia: num({ description: 'share of the way to the chosen option that alignment moves each step (1 = all the way)', unit: 'share (0 to 1)', min: 0.001, max: 1, default: 0.5 }),
  adjustment_cost: num({ description: 'cost of changing alignment, per unit squared', unit: '% of GDP per unit of alignment squared', min: 0, max: 1e4, default: 10, expr: true }),
  hedge_band: num({ description: 'half-width of the hedging band with no pressure: |alignment| <= band is `hedge`', unit: 'alignment', min: 0, max: 1, default: 0.3 }),
  band_shrink: num({ description: 'how fast the hedging band shrinks with pressure from both poles: band / (1 + band_shrink x pressure)', unit: 'dimensionless', min: 0, max: 100, default: 2 }),
  hedge_value: num({ description: 'value of keeping both markets: weight on min(exports to US, exports to China) x (1 - alignment^2)', unit: 'weight (% of GDP per unit)', min: 0, max: 1e4, default: 0.5, expr: true }),
  security_weight: num({ description: 'weight of security affinity, discounted by trust (utility per unit alignment toward a pole at full affinity and trust)', unit: 'weight (% of GDP per unit)', min: 0, max: 1e4, default: 2, expr: true }),
  promise_weight: num({ description: 'weight of the trust-discounted value of a pole\'s promises (market access), per unit alignment toward it', unit: 'weight (% of GDP per unit)', min: 0, max: 1e4, default: 0.05, expr: true }),
  peer_weight: num({ description: 'weight of conformity with trade partners and bloc members', unit: 'weight (% of GDP per unit)', min: 0, max: 1e4, default: 2, expr: true }),
  bloc_weight: num({ description: 'weight of a link between two members of the same bloc, relative to listed links', unit: 'dimensionless', min: 0, max: 1e4, default: 1 }),
  // UNCTAD (2019): of China's lost US sales in 2018-19, about 62% went to other countries.
  diversion: pctE({ description: 'share of the China pole\'s lost US sales diverted to third markets (UNCTAD 2019: ~62)', max: 100, default: 62 }),
  // shared/data/countries-2025.csv: 14.6% of China's exports went to the US (2024).
  china_us_share: pctE({ description: 'share of the China pole\'s exports that go to the US pole (2024: 14.6)', max: 100, default: 14.6 }),
  dumping_weight: num({ description: 'weight of harm to domestic producers from diverted (dumped) goods', unit: 'weight (% of GDP per unit)', min: 0, max: 1e4, default: 1, expr: true }),
  trust_us: pctE({ description: 'default starting trust in the US pole', max: 100, default: 70 }),
  trust_china: pctE({ description: 'default starting trust in the China pole', max: 100, default: 50 }),
  trust_recovery: pctE({ description: 'share of the gap to starting trust recovered each step', max: 100, default: 2 }),
  coercion_trust_loss: num({ description: 'trust lost per 100 points of tariff (or retaliation) imposed on a country, in percentage points', unit: 'percentage points per 100 tariff points', min: 0, max: 1000, default: 40, scale: 0.01 }),
  volatility_trust_loss: num({ description: 'trust in a pole lost by everyone per 100 points of average change in its tariffs, in percentage points', unit: 'percentage points per 100 tariff points', min: 0, max: 1000, default: 20, scale: 0.01 }),
  transshipment_margin: pctE({ description: 'share of the tariff gap (US tariff on China minus on the country) captured as rent on rerouted goods', max: 100, default: 30 }),
  detection: pctE({ description: 'chance per year that rerouting is detected and penalised, with no crackdown', max: 100, default: 30 }),
  transshipment_penalty: pctE({ description: 'default US penalty tariff on goods found rerouted (MODEL.md example: 40)', max: 1000, default: 40 }),
  enforcement_cost: num({ description: 'administrative cost of a full crackdown, percent of GDP per year', unit: '% of GDP per year', min: 0, max: 100, default: 0.1, expr: true }),
  crackdown_cost: num({ description: 'cost of changing the crackdown level, per unit squared', unit: '% of GDP per unit of crackdown squared', min: 0, max: 1e4, default: 1 }),
  pause_risk: pctE({ description: 'perceived chance that a paused country rate comes back without a deal', max: 100, default: 50 }),
  horizon: int({ description: 'planning horizon for risks, in steps', unit: 'steps', min: 1, max: 10000, default: 26 }),
  credibility_decay: pctE({ description: 'share of retaliation credibility lost each step', max: 100, default: 5 }),
}, { description: 'parameters of the decision model (equations in sim/model/README.md)' });

export const linkSchema = obj({
  from: idStr('country id'),
  to: idStr('country id'),
  weight: num({ description: 'link weight (trade intensity)', unit: 'dimensionless', min: 0, max: 1e6, default: 1 }),
}, { description: 'a trade link between two countries', required: ['from', 'to'] });

export const scenarioSchema = obj({
  name: str({ description: 'scenario name, used for the default output folder', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$', patternHint: 'use 1 to 64 letters, digits, _ . - (no spaces)' }),
  description: str({ description: 'what the scenario is about', maxLength: 4000 }),
  extends: str({ description: 'path of a scenario this one inherits, relative to this file', maxLength: 500 }),
  start: date({ description: 'date of step 0', default: '2025-03-01' }),
  steps: int({ description: 'number of steps to run', unit: 'steps', min: 1, max: 100000, default: 26 }),
  step_days: int({ description: 'length of a step in days', unit: 'days', min: 1, max: 3660, default: 7 }),
  seed: int({ description: 'seed of the run\'s random stream', unit: 'integer', min: 0, max: 4294967295, default: 1 }),
  parameters: rec(num({ description: 'a named number that expressions can use and sweeps can vary', unit: 'as used by the expressions', min: -1e12, max: 1e12 }), { description: 'named parameters used in expressions', keyPattern: '^[A-Za-z][A-Za-z0-9_]{0,31}$', maxKeys: 200 }),
  poles: obj({
    us: idStr('id of the US pole (default USA)'),
    china: idStr('id of the China pole (default CHN)'),
  }, { description: 'ids of the two poles; countries_file rows with these ids describe the poles and are not agents' }),
  countries_file: str({ description: 'CSV of countries, relative to this file (columns as the keys of countries)', maxLength: 500 }),
  countries: arr(countrySchema, { description: 'countries listed inline (merged by id over countries_file and the inherited list)', maxItems: 100000, mergeBy: 'id' }),
  select: arr(idStr('a country id or a bloc name'), { description: 'keep only these countries of countries_file and the inherited list: country ids, and bloc names for all members of a bloc; the countries keep the order of the file; links of links_file to a country left out are dropped', minItems: 1, maxItems: 100000 }),
  world: syntheticSchema,
  links_file: str({ description: 'CSV of trade links, relative to this file (columns from, to, weight; columns named source, sources, note, notes are ignored); its links come after those listed under links:', maxLength: 500 }),
  links: arr(linkSchema, { description: 'trade links between countries, both ways, for peer influence', maxItems: 1000000 }),
  tariffs: obj({
    us_baseline: pctE({ description: 'US baseline tariff on every country at the start', max: 1000, default: 0 }),
    us_on_china: pctE({ description: 'US tariff on the China pole at the start', max: 1000, default: 0 }),
    china_on_us: pctE({ description: 'China tariff on the US pole at the start', max: 1000, default: 0 }),
  }, { description: 'tariffs in force at step 0, before any event' }),
  model: modelSchema,
  retaliation: obj({
    enabled: bool({ description: 'whether the China pole retaliates by rule against countries that side with the US', default: true }),
    probability: pctE({ description: 'chance per step that a country above the threshold is hit', max: 100, default: 5 }),
    threshold: num({ description: 'alignment above which a country is seen to side with the US', unit: 'alignment', min: -1, max: 1, default: 0.5 }),
    width: num({ description: 'softness of the threshold in the risk that countries perceive', unit: 'alignment', min: 0.001, max: 2, default: 0.1 }),
    // China against Australia 2020-23: barley 80.5%, wine 116-218% (data/SOURCES.md).
    rate: pctE({ description: 'tariff imposed (China on Australia 2020-23: barley 80.5, wine up to 218)', max: 1000, default: 80 }),
    share: pctE({ description: 'share of the target\'s exports to China hit', max: 100, default: 20 }),
    duration: int({ description: 'steps a retaliation lasts (Australia 2020-23: about three years)', unit: 'steps', min: 1, max: 100000, default: 52 }),
    on_deal: pctE({ description: 'chance of retaliation when a country accepts a deal with anti-China clauses', max: 100, default: 50 }),
  }, { description: 'the China pole\'s rule of retaliation against countries that side with the US pole' }),
  deals: obj({
    enabled: bool({ description: 'whether the US pole offers deals by rule', default: true }),
    min_alignment: num({ description: 'offer when alignment is at least this', unit: 'alignment', min: -1, max: 1, default: 0.2 }),
    min_crackdown: pctE({ description: 'and crackdown at least this', max: 100, default: 50 }),
    max_transshipment: pctE({ description: 'countries whose transshipment capacity is at most this need no crackdown to get an offer', max: 100, default: 2, fractionOk: true }),
    rate: pctE({ description: 'tariff rate under the deal', max: 1000, default: 10 }),
    penalty: pctE({ description: 'transshipment clause: penalty tariff on rerouted goods', max: 1000, default: 40 }),
    anti_china: bool({ description: 'whether rule offers carry anti-China clauses', default: false }),
    expires: int({ description: 'steps an offer stays open', unit: 'steps', min: 1, max: 100000, default: 4 }),
    cooldown: int({ description: 'steps before a refused country gets a new offer', unit: 'steps', min: 0, max: 100000, default: 8 }),
    credit: pctE({ description: 'perceived chance that a crackdown earns a deal', max: 100, default: 30 }),
  }, { description: 'the US pole\'s rule of deal offers' }),
  inducements: obj({
    enabled: bool({ description: 'whether the China pole offers better market access to countries that stay neutral or lean China', default: true }),
    gain: pctE({ description: 'market access gain on exports to China', max: 100, default: 5 }),
    max_alignment: num({ description: 'alignment up to which a country qualifies', unit: 'alignment', min: -1, max: 1, default: 0.3 }),
  }, { description: 'the China pole\'s inducements: better market access' }),
  export_controls: obj({
    active: bool({ description: 'whether export controls by the China pole are in force at the start', default: false }),
    cost: pctE({ description: 'input cost increase on imports from China for countries aligned with the US', max: 100, default: 3 }),
    threshold: num({ description: 'alignment above which a country is hit', unit: 'alignment', min: -1, max: 1, default: 0.5 }),
  }, { description: 'the China pole\'s export controls (rare earths)' }),
  events: arr(eventSchema, { description: 'the timeline: dated events (merged by id with extends)', maxItems: 100000, mergeBy: 'id' }),
  record: obj({
    every: int({ description: 'record every K-th step (step 0 and the last step always)', unit: 'steps', min: 1, max: 100000, default: 1 }),
    countries: bool({ description: 'write countries.csv (one row per step and country)', default: true }),
    world: bool({ description: 'write world.csv', default: true }),
    events: bool({ description: 'write events.csv', default: true }),
    components: bool({ description: 'include the utility components in countries.csv', default: true }),
  }, { description: 'what the run writes' }),
}, { description: 'a hedgesim scenario' });

export type ScenarioIn = Infer<typeof scenarioSchema>;
export type CountryIn = Infer<typeof countrySchema>;
export type EventIn = Infer<typeof eventSchema>;
export type ModelIn = Infer<typeof modelSchema>;
export type SyntheticIn = Infer<typeof syntheticSchema>;
export type LinkIn = Infer<typeof linkSchema>;
