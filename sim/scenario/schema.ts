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

export const EVENT_KINDS = ['tariff', 'pause', 'resume', 'retaliation', 'deal_offer', 'deal_end', 'visit', 'joint_statement', 'crackdown', 'threat', 'export_control', 'inducement'] as const;

export const eventSchema = obj({
  id: str({ description: 'optional name, so that a scenario that extends this one can override or remove the event', pattern: '^[A-Za-z0-9_.-]{1,64}$', patternHint: 'use 1 to 64 letters, digits, _ . -' }),
  remove: bool({ description: 'with extends: drop the inherited event with this id' }),
  date: date({ description: 'when the event takes effect: at the first step on or after this date; a date before start: is history, in force at step 0 (part of the starting state the model is calibrated to)' }),
  step: int({ description: 'alternatively, the step number at which it takes effect', unit: 'step', min: 0, max: 1_000_000 }),
  kind: oneOf(EVENT_KINDS, { description: 'what happens' }),
  actor: idStr('who acts: a pole id such as USA or CHN; for crackdown, and for a country\'s own tariff on the China pole, the country'),
  target,
  except: arr(idStr('country id or bloc'), { description: 'with target ALL or a bloc: ids left out', maxItems: 1000 }),
  rate: pctE({ description: 'tariff rate; for retaliation the tariff on the share of exports hit; for pause the cap on country rates during the pause', max: 1000 }),
  layer: oneOf(['baseline', 'reciprocal', 'specific'] as const, { description: 'for a US tariff on countries: the baseline rate (default for ALL), the country (reciprocal) rate (default for a country), or a product-specific rate added on top' }),
  coverage: pctE({ description: 'share of the target\'s exports (of the actor\'s imports from the China pole, for a country\'s own tariff) the tariff covers', max: 100, default: 100 }),
  share: pctE({ description: 'for retaliation: share of the target\'s exports to the actor hit', max: 100 }),
  duration: int({ description: 'for retaliation: how many steps it lasts (0 = until the end); for pause: how many steps the pause lasts', unit: 'steps', min: 0, max: 1_000_000 }),
  penalty: pctE({ description: 'for deal_offer: penalty tariff on goods found to be rerouted (transshipment clause)', max: 1000 }),
  anti_china: bool({ description: 'for deal_offer: the deal carries clauses against the China pole' }),
  expires: int({ description: 'for deal_offer: steps the offer stays open', unit: 'steps', min: 1, max: 1_000_000 }),
  level: pctE({ description: 'for crackdown: the enforcement level committed to', max: 100 }),
  trust: num({ description: 'for visit and joint_statement: change in the target\'s trust in the actor, in percentage points', unit: 'percentage points', min: -100, max: 100 }),
  value: num({ description: 'for threat: how much the threat adds to the credibility of the actor\'s coercion (1 = one retaliation\'s worth)', unit: 'retaliations', min: 0, max: 100 }),
  gain: pctE({ description: 'for inducement: market access gain on the target\'s exports to the China pole (default inducements.gain)', max: 100 }),
  active: bool({ description: 'for export_control and inducement: switch the lever on or off' }),
  note: str({ description: 'free text: the source or meaning of the event', maxLength: 500 }),
}, { description: 'an event of the timeline: what happens (kind), when (date or step), who acts and on whom', required: ['kind'] });

/**
 * What each event kind does, which fields it reads (required, or the default it falls
 * back on) and what happens when two events touch the same thing. scenarios/README.md's
 * event reference is generated from this table (`hedgesim schema --events`), and a test
 * checks that every kind and field is described.
 */
export const EVENT_DOCS: Record<(typeof EVENT_KINDS)[number], { does: string; actor: string; target: string; fields: Record<string, string>; overlap: string }> = {
  tariff: {
    does: 'sets a tariff: the US pole on countries (a layer of its tariff), on the China pole, the China pole on the US pole, or a country on the China pole (its own average tariff on Chinese goods, as a commitment: the country does not go below it)',
    actor: 'a pole, or a country (own tariff, target the China pole)', target: 'countries, blocs, ALL, or a pole',
    fields: { rate: 'required; may be an expression of time (then re-applied every step)', coverage: '100 (the tariff is rate x coverage)', layer: 'baseline for ALL, reciprocal for a country or bloc; specific adds on top' },
    overlap: 'a later tariff on the same layer and target replaces the earlier one (and ends a time-varying one); layers combine as max(baseline, reciprocal) + specific; a deal replaces all layers while in force; a rise is coercion (lowers trust in the US pole)',
  },
  pause: {
    does: 'pauses the reciprocal layer: paused countries face at most the cap (rate) until the pause ends or a resume event; they expect the scheduled rate back with probability model.pause_risk',
    actor: 'the US pole', target: 'countries, blocs or ALL (default ALL)',
    fields: { rate: 'the baseline rate of each country (the cap)', duration: 'until a resume event' },
    overlap: 'a second pause replaces the cap and the end date; countries with a deal are not paused',
  },
  resume: { does: 'ends the pause: paused countries face their scheduled rates again', actor: 'the US pole', target: 'not used', fields: {}, overlap: 'a rise is coercion (lowers trust in the US pole)' },
  retaliation: {
    does: 'a measure against the target: the China pole taxes a share of its exports to China; the US pole, a share of its exports to the US (punitive tariff)',
    actor: 'either pole (default the China pole)', target: 'countries, blocs or ALL',
    fields: { rate: 'retaliation.rate (or retribution.rate for the US pole)', share: 'retaliation.share (retribution.share)', duration: 'retaliation.duration (retribution.duration); 0 = until the end' },
    overlap: 'measures stack: each keeps its own rate, share, start and end; the tariff the target faces is their sum (china_tariff, us_tariff); each adds one to the actor\'s credibility and lowers the target\'s trust in the actor',
  },
  deal_offer: {
    does: 'the US pole offers a deal at a rate (the whole US tariff the country then faces) with a transshipment clause; the country accepts or refuses by comparing utilities; a country that has a deal renegotiates (accepting replaces its terms)',
    actor: 'the US pole', target: 'countries or blocs',
    fields: { rate: 'deals.rate', penalty: 'deals.penalty', anti_china: 'deals.anti_china', expires: 'deals.expires' },
    overlap: 'a new offer replaces an open one; accepting ends any pause for the country, raises its trust in the US pole by deals.trust and, with anti-China clauses, may bring China\'s retaliation (retaliation.on_deal)',
  },
  deal_end: { does: 'ends the target\'s deal: it faces its scheduled rates again', actor: 'the US pole', target: 'countries or blocs', fields: {}, overlap: 'no effect on a country without a deal; the rise is coercion' },
  visit: {
    does: 'a state visit or call: the target\'s trust in the actor changes',
    actor: 'either pole', target: 'countries or blocs', fields: { trust: '10 (percentage points)' }, overlap: 'visits add up; trust stays within 0 to 100',
  },
  joint_statement: {
    does: 'the target signs a joint statement with the China pole: its trust in China changes as with a visit, and the US pole sees it as siding with China (its retribution rule draws once, with probability retribution.on_statement, and countries weigh that risk)',
    actor: 'the China pole', target: 'countries or blocs', fields: { trust: '10 (percentage points)' }, overlap: 'each statement draws once; the suspicion fades with model.credibility_decay',
  },
  crackdown: {
    does: 'the target commits to a crackdown on transshipment at a level: its crackdown is at least that level from then on',
    actor: 'the country (optional)', target: 'countries', fields: { level: 'required' }, overlap: 'a later commitment replaces the floor (a lower one lets the country relax)',
  },
  threat: { does: 'a public threat: adds to the credibility of the actor\'s coercion (its rule\'s chance of striking, as countries perceive it)', actor: 'either pole (default the China pole)', target: 'not used (ALL)', fields: { value: '1' }, overlap: 'threats add up; credibility fades with model.credibility_decay' },
  export_control: { does: 'switches the China pole\'s export controls on or off (an input cost on imports from China, felt more the closer a country is to the US)', actor: 'the China pole', target: 'not used', fields: { active: 'required' }, overlap: 'the last event wins' },
  inducement: {
    does: 'better market access in China for the target (a gain on its exports to China, worth more the closer it leans to China), or its end',
    actor: 'the China pole', target: 'countries, blocs or ALL', fields: { active: 'required', gain: 'inducements.gain' }, overlap: 'a later inducement replaces the target\'s gain; active: false ends it',
  },
};

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
  rationality: num({ description: 'logit rationality: how sharply countries pick the best option, per percent of GDP of utility (0 = at random); calibration choice', unit: 'per % of GDP', min: 0, max: 1e4, default: 40, expr: true }),
  step_size: num({ description: 'how far one option moves alignment from the current value', unit: 'alignment', min: 0.001, max: 2, default: 0.2 }),
  inertia: num({ description: 'share of the way to the chosen option that alignment, crackdown and own tariffs move each step (1 = all the way)', unit: 'share (0 to 1)', min: 0.001, max: 1, default: 0.5 }),
  adjustment_cost: num({ description: 'cost of changing alignment, per unit squared; calibration choice', unit: '% of GDP per unit of alignment squared', min: 0, max: 1e4, default: 0.5, expr: true }),
  commitment: num({ description: 'curvature of alignment around its starting position: the domestic and diplomatic cost of taking sides, per unit squared (a change of 1 % of GDP in the marginal value of leaning US moves the resting point by 1/commitment); calibration choice', unit: '% of GDP per unit of alignment squared', min: 0.01, max: 1e4, default: 1.5, expr: true }),
  hedge_band: num({ description: 'half-width of the hedging band with no pressure: |alignment| <= band is `hedge`', unit: 'alignment', min: 0, max: 1, default: 0.3 }),
  band_shrink: num({ description: 'how fast the hedging band and the value of hedging shrink with pressure from both poles: x 1 / (1 + band_shrink x pressure)', unit: 'dimensionless', min: 0, max: 100, default: 2 }),
  hedge_value: num({ description: 'value of keeping both markets: weight on min(exports to US, exports to China) x (1 - alignment^2), shrinking with pressure', unit: 'weight (% of GDP per unit)', min: 0, max: 1e4, default: 0.05, expr: true }),
  security_weight: num({ description: 'weight of security affinity, discounted by trust (utility per unit alignment toward a pole at full affinity and trust)', unit: 'weight (% of GDP per unit)', min: 0, max: 1e4, default: 2, expr: true }),
  promise_weight: num({ description: 'weight of the value of a pole\'s market (exports to it net of the tariffs it imposes, discounted by trust), per unit alignment toward it', unit: 'weight (% of GDP per unit)', min: 0, max: 1e4, default: 0.1, expr: true }),
  peer_weight: num({ description: 'weight of conformity with trade partners and bloc members', unit: 'weight (% of GDP per unit)', min: 0, max: 1e4, default: 1, expr: true }),
  bloc_weight: num({ description: 'weight of a link between two members of the same bloc, relative to listed links', unit: 'dimensionless', min: 0, max: 1e4, default: 1 }),
  // UNCTAD (2019): of China's lost US sales in 2018-19, about 62% went to other countries.
  diversion: pctE({ description: 'share of the China pole\'s lost US sales diverted to third markets (UNCTAD 2019: ~62)', max: 100, default: 62 }),
  // shared/data/countries-2025.csv: 14.6% of China's exports went to the US (2024).
  china_us_share: pctE({ description: 'share of the China pole\'s exports that go to the US pole (2024: 14.6)', max: 100, default: 14.6 }),
  // China Customs: exports of goods in 2024, US$3.58 trillion.
  china_exports: num({ description: 'exports of the China pole, for the world measure of diverted goods (China Customs 2024: 3580)', unit: 'US$ bn', min: 0, max: 1e6, default: 3580 }),
  // China's imports from the US in 2024, about US$164 bn of US$2,587 bn (China Customs): 6.3%.
  us_share_of_china_imports: pctE({ description: 'share of the China pole\'s imports that come from the US pole (China Customs 2024: 6.3)', max: 100, default: 6.3 }),
  // 2018-19: Brazil's soybeans and others replaced most of China's lost US farm imports; a calibration choice.
  resourcing: pctE({ description: 'share of the China pole\'s imports lost to its tariffs on the US that it buys from third countries instead (their exports to China gain in proportion); calibration choice', max: 100, default: 50 }),
  dumping_weight: num({ description: 'harm to domestic producers per unit of diverted (dumped) goods, relative to their value; calibration choice', unit: 'weight (% of GDP per unit)', min: 0, max: 1e4, default: 2, expr: true }),
  trust_us: pctE({ description: 'default starting trust in the US pole', max: 100, default: 70 }),
  trust_china: pctE({ description: 'default starting trust in the China pole', max: 100, default: 50 }),
  trust_recovery: pctE({ description: 'share of the gap to starting trust recovered each step', max: 100, default: 2 }),
  coercion_trust_loss: num({ description: 'trust lost per 100 points of tariff (or retaliation) imposed on a country, in percentage points', unit: 'percentage points per 100 tariff points', min: 0, max: 1000, default: 40, scale: 0.01 }),
  volatility_trust_loss: num({ description: 'trust in a pole lost by everyone per 100 points of average change in its tariffs, in percentage points', unit: 'percentage points per 100 tariff points', min: 0, max: 1000, default: 20, scale: 0.01 }),
  transshipment_margin: pctE({ description: 'rent kept by the country on rerouted goods, as a share of their value (processing margins, fees); calibration choice', max: 100, default: 5 }),
  transshipment_gap_half: pctE({ min: 0.1, description: 'tariff gap (US tariff on the China pole minus on the country) at which rerouting reaches half of the country\'s capacity; calibration choice', max: 1000, default: 25 }),
  detection: pctE({ description: 'chance per year that rerouting is detected and penalised, with no crackdown', max: 100, default: 30 }),
  transshipment_penalty: pctE({ description: 'default US penalty tariff on goods found rerouted (MODEL.md example: 40)', max: 1000, default: 40 }),
  enforcement_cost: num({ description: 'administrative cost of a full crackdown, percent of GDP per year', unit: '% of GDP per year', min: 0, max: 100, default: 0.1, expr: true }),
  crackdown_step: num({ description: 'how far one option moves crackdown from the current level', unit: 'share (0 to 1)', min: 0.001, max: 1, default: 0.2 }),
  crackdown_cost: num({ description: 'cost of changing the crackdown level, per unit squared', unit: '% of GDP per unit of crackdown squared', min: 0, max: 1e4, default: 2 }),
  crackdown_commitment: num({ description: 'curvature of crackdown around its starting level, per unit squared; calibration choice', unit: '% of GDP per unit of crackdown squared', min: 0.001, max: 1e4, default: 1 }),
  own_tariff_step: pctE({ description: 'how far one option moves a country\'s own average tariff on imports from the China pole', max: 100, default: 5, fractionOk: true }),
  own_tariff_max: pctE({ description: 'highest own average tariff on imports from the China pole a country considers', max: 1000, default: 50 }),
  own_tariff_cost: num({ description: 'consumers\' cost of an own tariff on imports from China: weight on the Harberger triangle elasticity/2 x tariff^2 x imports', unit: 'weight', min: 0, max: 1e4, default: 1, expr: true }),
  own_tariff_commitment: num({ description: 'curvature of the own tariff around its starting level, per unit squared; calibration choice', unit: '% of GDP per unit of tariff squared', min: 0.001, max: 1e4, default: 10 }),
  own_tariff_adjustment: num({ description: 'cost of changing the own tariff, per unit squared', unit: '% of GDP per unit of tariff squared', min: 0, max: 1e4, default: 10 }),
  us_goodwill: num({ description: 'value of the US pole\'s goodwill for an own tariff on Chinese goods: weight on trust in the US x exports to the US x the tariff; calibration choice', unit: 'weight', min: 0, max: 1e4, default: 0.5, expr: true }),
  pause_risk: pctE({ description: 'perceived chance that a paused country rate comes back without a deal', max: 100, default: 50 }),
  horizon: int({ description: 'planning horizon for risks, in steps', unit: 'steps', min: 1, max: 10000, default: 26 }),
  credibility_decay: pctE({ description: 'share of each pole\'s credibility of coercion lost each step', max: 100, default: 5 }),
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
    probability: pctE({ description: 'chance per step that a country seen to side with the US is hit (times 1 + credibility)', max: 100, default: 5 }),
    threshold: num({ description: 'shift of alignment toward the US from the country\'s starting alignment above which it is seen to side with the US (China tolerates where countries stood; it punishes moves: Korea 2017, Australia 2020, Lithuania 2021, Canada 2024)', unit: 'alignment', min: 0, max: 2, default: 0.3 }),
    width: num({ description: 'softness of the threshold in the risk that countries perceive', unit: 'alignment', min: 0.001, max: 2, default: 0.1 }),
    // China against Australia 2020-23: barley 80.5%, wine 116-218% (data/SOURCES.md).
    rate: pctE({ description: 'tariff imposed (China on Australia 2020-23: barley 80.5, wine up to 218)', max: 1000, default: 80 }),
    share: pctE({ description: 'share of the target\'s exports to China hit', max: 100, default: 20 }),
    duration: int({ description: 'steps a retaliation lasts (Australia 2020-23: about three years)', unit: 'steps', min: 1, max: 100000, default: 52 }),
    on_deal: pctE({ description: 'chance of retaliation when a country accepts a deal with anti-China clauses', max: 100, default: 50 }),
    own_tariff: pctE({ description: 'rise of a country\'s own average tariff on Chinese goods above its starting level that China treats like siding with the US (Canada\'s 2024 duties on electric vehicles, steel and aluminium brought China\'s 2025 duties on canola and pork)', max: 1000, default: 5, fractionOk: true }),
  }, { description: 'the China pole\'s rule of retaliation against countries that side with the US pole' }),
  retribution: obj({
    enabled: bool({ description: 'whether the US pole punishes by rule countries that side with China', default: true }),
    probability: pctE({ description: 'chance per step that a country seen to side with China is hit (times 1 + the US pole\'s credibility); a calibration choice (the US pole punished few countries for their ties to China in 2025)', max: 100, default: 1 }),
    threshold: num({ description: 'shift of alignment toward China from the starting alignment beyond which a country is seen to side with China', unit: 'alignment', min: 0, max: 2, default: 0.3 }),
    width: num({ description: 'softness of the threshold in the risk that countries perceive', unit: 'alignment', min: 0.001, max: 2, default: 0.1 }),
    // Section 301 and IEEPA tariffs of 2025 ran at 25 to 50 points on top of the reciprocal rate (e.g. 25 on India, 2025-08-27); a calibration choice.
    rate: pctE({ description: 'punitive tariff imposed', max: 1000, default: 25 }),
    share: pctE({ description: 'share of the target\'s exports to the US it covers', max: 100, default: 50 }),
    duration: int({ description: 'steps a punitive tariff lasts', unit: 'steps', min: 1, max: 100000, default: 26 }),
    on_statement: pctE({ description: 'chance of a punitive tariff when a country signs a joint statement with China', max: 100, default: 20 }),
  }, { description: 'the US pole\'s rule of retribution against countries that side with the China pole (the mirror of retaliation)' }),
  deals: obj({
    enabled: bool({ description: 'whether the US pole offers deals by rule', default: true }),
    min_alignment: num({ description: 'talks start when alignment is at least this (the US talked to nearly every country in 2025: the edge of the hedging band on China\'s side)', unit: 'alignment', min: -1, max: 1, default: -0.3 }),
    min_crackdown: pctE({ description: 'and crackdown at least this (countries with transshipment capacity above max_transshipment)', max: 100, default: 50 }),
    max_transshipment: pctE({ description: 'countries whose transshipment capacity is at most this need no crackdown to get an offer', max: 100, default: 2, fractionOk: true }),
    rate: pctE({ description: 'tariff rate under the deal: the whole US tariff the country then faces (every layer included)', max: 1000, default: 10 }),
    penalty: pctE({ description: 'transshipment clause: penalty tariff on rerouted goods', max: 1000, default: 40 }),
    anti_china: bool({ description: 'whether rule offers carry anti-China clauses', default: false }),
    // From 2 April 2025 to the deal's announcement: UK 5 weeks (8 May), Vietnam 13 (2 July), Japan 16 (22 July), EU 17 (27 July), South Korea 17 (30 July).
    negotiation: int({ description: 'steps of talks before the US pole makes its offer (2025: 5 to 17 weeks from 2 April, median about 16)', unit: 'steps', min: 0, max: 100000, default: 13 }),
    expires: int({ description: 'steps an offer stays open', unit: 'steps', min: 1, max: 100000, default: 4 }),
    cooldown: int({ description: 'steps before a refused country gets new talks', unit: 'steps', min: 0, max: 100000, default: 8 }),
    credit: pctE({ description: 'perceived chance that a crackdown earns a deal', max: 100, default: 30 }),
    trust: num({ description: 'change in trust in the US pole when a country signs a deal, in percentage points (a visit\'s worth: calibration choice)', unit: 'percentage points', min: -100, max: 100, default: 10, scale: 0.01 }),
  }, { description: 'the US pole\'s rule of deal offers' }),
  inducements: obj({
    enabled: bool({ description: 'whether inducement events take effect', default: true }),
    gain: pctE({ description: 'market access gain on exports to China of an inducement event that does not give its own', max: 100, default: 5 }),
  }, { description: 'the China pole\'s inducements: better market access for countries that lean toward it (events of kind inducement)' }),
  export_controls: obj({
    active: bool({ description: 'whether export controls by the China pole are in force at the start', default: false }),
    cost: pctE({ description: 'input cost increase on imports from China, felt more the closer a country is to the US', max: 100, default: 3 }),
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
