/**
 * The model's claims about the baseline (scenarios/baseline-2025.yaml), each an effect:
 * a paired difference between the baseline (or a variant of it) and a counterfactual
 * with the same seeds (compare.ts), with its 95% interval and the sign the mechanism
 * table of shared/MODEL.md says it must have. test/model/claims.test.ts checks them;
 * `npm run docs` writes the tables of sim/model/README.md (effects and robustness)
 * from them, and a test checks the committed tables are what they give.
 */
import { loadScenario } from '../scenario/load.ts';
import { compileWorld } from '../world/compile.ts';
import type { EventIn } from '../scenario/schema.ts';
import type { Scenario } from '../scenario/types.ts';
import { comparePaired, effectOf, effectOfMean, type Comparison, type Effect } from './compare.ts';
import { meanCI } from './stats.ts';

/**
 * A change to the baseline: settings (--set paths), events dropped (`quiet`: every event
 * of the run dropped), events added. The history (events dated before the start, part of
 * the starting state) is never dropped.
 */
export interface Variant { set?: string[]; drop?: (e: EventIn) => boolean; quiet?: boolean; add?: EventIn[] }

/** The pre-shock world with one cause added: how a response to that cause is isolated. */
const only = (...add: EventIn[]): Variant => ({ quiet: true, add });
const QUIET: Variant = { quiet: true };

export type Expect = 'positive' | 'negative' | 'not_negative' | 'not_positive' | 'rank_positive';

export interface ClaimResult { effect: Effect | { diff: number; lo: number | null; hi: number | null; measure: string; country: string }; pass: boolean; shown: string }

export interface Claim {
  id: string;
  /** the mechanism or fact, in words */
  says: string;
  /** 'sign': a response to one cause (shared/MODEL.md, expected signs); 'fact': a stylized fact of April 2025 */
  kind: 'sign' | 'fact';
  /** the factual arm (default: the baseline) and the counterfactual */
  a?: Variant; b: Variant;
  /** what is measured and how it must move (A - B) */
  measure: (c: Comparison, ctx: Ctx) => ClaimResult;
  /** the step compared (default: the last) */
  at?: number;
  /** a difference of two effects instead: (A - B) with setting `by` minus (A - B) without it, per replication */
  differenceIn?: { set: string[]; measure: string; country: string; expect: Expect };
}

export interface Ctx {
  /** countries of the baseline, by a property, largest first (only those that start on China's side of 0 with towardChina) */
  top(by: 'eCN' | 'eUS' | 'mCN', k: number, except?: string[], towardChina?: boolean): string[];
  /** countries that start on a pole's side of the default hedging band */
  leaning(side: 'us' | 'china'): string[];
}

/** Margin for "does not move": the interval must stay above -MARGIN (or below +MARGIN). */
export const MARGIN = 0.02;

function judge(e: ClaimResult['effect'], expect: Expect, margin = MARGIN): ClaimResult {
  const lo = e.lo ?? -Infinity, hi = e.hi ?? Infinity;
  const pass = expect === 'positive' ? lo > 0 : expect === 'negative' ? hi < 0 : expect === 'not_negative' ? lo > -margin : expect === 'not_positive' ? hi < margin : e.diff > 0;
  const f = (x: number | null) => (x === null ? 'NA' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(2));
  return { effect: e, pass, shown: `${f(e.diff)} [${f(e.lo)}, ${f(e.hi)}]` };
}

const one = (measure: string, country: string, expect: Expect, margin?: number) => (c: Comparison) => judge(effectOf(c, measure, country), expect, margin);
const mean = (measure: string, pick: (ctx: Ctx) => string[], expect: Expect, margin?: number) => (c: Comparison, ctx: Ctx) => judge(effectOfMean(c, measure, pick(ctx)), expect, margin);

/** Spearman rank correlation of two lists. */
export function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => { const o = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]); const r = new Array(v.length); o.forEach(([, i], k) => { r[i] = k; }); return r as number[]; };
  const rx = rank(x), ry = rank(y), n = x.length, mx = (n - 1) / 2;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (rx[i] - mx) * (ry[i] - mx); sxx += (rx[i] - mx) ** 2; syy += (ry[i] - mx) ** 2; }
  return sxy / Math.sqrt(sxx * syy);
}

/** The US courts every country (a visit raising trust in the US by 50 points), for claims about what keeps countries from leaning US. */
const US_COURTS = { id: 'us-courts', date: '2025-04-16', kind: 'visit', actor: 'USA', target: 'ALL', trust: 50, note: 'hypothetical: the US courts every country' } as EventIn;

const isId = (...ids: string[]) => (e: EventIn) => !!e.id && ids.includes(e.id);
const usChinaEscalation = isId('us-chn-104', 'us-chn-145');

/** Events of the baseline by id (the causes of the response claims), and hypothetical ones. */
const ev = (id: string, e: Omit<EventIn, 'id'>): EventIn => ({ id, ...e }) as EventIn;
const ESCALATION = [
  ev('us-chn-104', { date: '2025-04-09', kind: 'tariff', actor: 'USA', target: 'CHN', rate: 104 }),
  ev('us-chn-145', { date: '2025-04-10', kind: 'tariff', actor: 'USA', target: 'CHN', rate: 145 }),
];
const VNM_46 = ev('rate-VNM', { date: '2025-04-09', kind: 'tariff', actor: 'USA', target: 'VNM', rate: 46 });
const CANOLA = [
  ev('chn-can-canola', { date: '2025-03-20', kind: 'retaliation', actor: 'CHN', target: 'CAN', rate: 100, share: 2.9, duration: 0 }),
  ev('chn-can-pork', { date: '2025-03-20', kind: 'retaliation', actor: 'CHN', target: 'CAN', rate: 25, share: 4.7, duration: 0 }),
];
/** Countries the 2025-04-02 rates hit hardest among those that sell most to the US (rates above 10%; Canada and Mexico were exempt). */
const HIT = ['VNM', 'KHM', 'THA', 'MYS', 'TWN', 'KOR', 'JPN', 'EU', 'CHE', 'IND'];
/** China courts every country (a visit raising trust in China by 50 points), for claims about what keeps countries from leaning toward China. */
const CHINA_COURTS = ev('china-courts', { date: '2025-04-16', kind: 'visit', actor: 'CHN', target: 'ALL', trust: 50, note: 'hypothetical: China courts every country' });

export const CLAIMS: Claim[] = [
  // ---------------------------------------------------------------- responses to one cause
  // Each in the pre-shock world (every event of the run removed, the history kept), with
  // the cause added (A) or not (B), and the context the cause needs (the US-China
  // escalation for transshipment) in both arms.
  { id: 'us-tariff-trust', kind: 'sign', says: "a US tariff on Vietnam (46%, amid the US-China escalation) lowers Vietnam's trust in the US", a: only(...ESCALATION, VNM_46), b: only(...ESCALATION), measure: one('trust_us', 'VNM', 'negative') },
  { id: 'us-tariff-crackdown', kind: 'sign', says: '... raises its crackdown on transshipment', a: only(...ESCALATION, VNM_46), b: only(...ESCALATION), measure: one('crackdown', 'VNM', 'positive') },
  { id: 'us-tariff-deal', kind: 'sign', says: '... and its chance of taking a deal (within a year)', a: { ...only(...ESCALATION, VNM_46), set: ['steps=52'] }, b: { ...only(...ESCALATION), set: ['steps=52'] }, measure: one('deal', 'VNM', 'positive') },
  { id: 'us-tariffs-align', kind: 'sign', says: 'the reciprocal tariffs (every country rate of 2025-04-02) do not push the countries that export most to the US toward the US: an erratic US loses appeal', a: { drop: (e) => !(e.id?.startsWith('rate-') || e.id === 'us-baseline') }, b: QUIET, measure: mean('alignment', (x) => x.top('eUS', 10), 'negative') },
  { id: 'pause-cap', kind: 'sign', at: 10, says: "the pause caps the rate a country faces at its rate: (pause at 10) - (pause at 30) on Vietnam's US tariff", a: only(VNM_46, ev('pause', { date: '2025-04-09', kind: 'pause', actor: 'USA', target: 'ALL', rate: 10, duration: 13 })), b: only(VNM_46, ev('pause', { date: '2025-04-09', kind: 'pause', actor: 'USA', target: 'ALL', rate: 30, duration: 13 })), measure: (c) => judge(effectOf(c, 'us_tariff', 'VNM'), 'not_positive', 0) },
  { id: 'retaliation-trust', kind: 'sign', says: "China's retaliation on Canada (canola, pork) lowers Canada's trust in China", a: only(...CANOLA), b: QUIET, measure: one('trust_china', 'CAN', 'negative') },
  { id: 'retaliation-align', kind: 'sign', says: '... and does not move Canada toward China (Australia after 2020)', a: only(...CANOLA), b: QUIET, measure: one('alignment', 'CAN', 'not_negative') },
  { id: 'retaliation-tariff', kind: 'sign', says: '... measures stack: Canada faces their sum (100% on 2.9% and 25% on 4.7% of its exports to China: 4.075%)', a: only(...CANOLA), b: QUIET, measure: one('china_tariff', 'CAN', 'positive') },
  { id: 'retaliation-threat', kind: 'sign', says: "a higher chance of China's retaliation (10% per step against 0) keeps the bystanders that export most to China from leaning US when the US courts them", a: { quiet: true, set: ['retaliation.probability=10'], add: [US_COURTS] }, b: { quiet: true, set: ['retaliation.probability=0'], add: [US_COURTS] }, measure: mean('alignment', (x) => x.top('eCN', 10, ['CAN']), 'negative') },
  { id: 'visit-align', kind: 'sign', says: "Xi's visit moves Vietnam toward China", a: only(ev('xi-vnm', { date: '2025-04-14', kind: 'visit', actor: 'CHN', target: 'VNM', trust: 10 })), b: QUIET, measure: one('alignment', 'VNM', 'negative') },
  {
    id: 'visit-trade', kind: 'sign', says: "... more, the more it trades with China: the visit's effect on Vietnam with twice its exports to China, less its effect as it is",
    a: only(ev('xi-vnm', { date: '2025-04-14', kind: 'visit', actor: 'CHN', target: 'VNM', trust: 10 })), b: QUIET, measure: one('alignment', 'VNM', 'negative'),
    differenceIn: { set: ['countries.VNM.to_china=34'], measure: 'alignment', country: 'VNM', expect: 'negative' },
  },
  { id: 'inducement-align', kind: 'sign', says: "an inducement (10% better access to China's market) moves Vietnam toward China", a: only(ev('ind-vnm', { date: '2025-04-16', kind: 'inducement', actor: 'CHN', target: 'VNM', active: true, gain: 10 })), b: QUIET, measure: one('alignment', 'VNM', 'negative') },
  { id: 'escalation-rerouting', kind: 'sign', says: 'a higher US tariff on China (145% against 10%) raises rerouted volume', a: only(...ESCALATION), b: QUIET, measure: one('transshipment_usd_bn', '', 'positive') },
  { id: 'escalation-diverted', kind: 'sign', says: '... and the goods diverted to third markets', a: only(...ESCALATION), b: QUIET, measure: one('diverted_usd_bn', '', 'positive') },
  { id: 'escalation-dumping', kind: 'sign', says: "... which hurt the EU's producers (its dumping cost)", a: only(...ESCALATION), b: QUIET, measure: one('u_dumping', 'EU', 'negative') },
  { id: 'truce-rerouting', kind: 'sign', says: 'a lower US tariff on China (145% cut to 30% in May) lowers rerouted volume', a: only(...ESCALATION, ev('truce', { date: '2025-05-03', kind: 'tariff', actor: 'USA', target: 'CHN', rate: 30 })), b: only(...ESCALATION), measure: one('transshipment_usd_bn', '', 'negative') },
  { id: 'truce-crackdown', kind: 'sign', says: "... without raising Vietnam's crackdown", a: only(...ESCALATION, VNM_46, ev('truce', { date: '2025-05-03', kind: 'tariff', actor: 'USA', target: 'CHN', rate: 30 })), b: only(...ESCALATION, VNM_46), measure: one('crackdown', 'VNM', 'not_positive') },
  { id: 'china-tariff-us', kind: 'sign', says: "China's tariff on the US (125%) makes its market worth more to the third countries that sell to it instead (re-sourcing): the value of leaning to China rises for the big exporters to China that lean to it", a: only(ev('chn-usa-125', { date: '2025-04-12', kind: 'tariff', actor: 'CHN', target: 'USA', rate: 125 })), b: QUIET, measure: mean('u_promises', (x) => x.top('eCN', 10, ['CAN'], true), 'positive') },
  { id: 'export-controls', kind: 'sign', says: "China's export controls move the big importers from China toward China", a: only(ev('rare-earths', { date: '2025-04-04', kind: 'export_control', actor: 'CHN', active: true })), b: QUIET, measure: mean('alignment', (x) => x.top('mCN', 10), 'negative') },
  { id: 'deal-trust', kind: 'sign', says: 'a deal raises trust in the US (the reciprocal tariffs with deals on, against off)', a: { drop: (e) => !e.id?.startsWith('rate-') }, b: { drop: (e) => !e.id?.startsWith('rate-'), set: ['deals.enabled=false'] }, measure: mean('trust_us', () => HIT, 'positive') },
  { id: 'deal-align', kind: 'sign', says: '... and moves alignment toward the US', a: { drop: (e) => !e.id?.startsWith('rate-') }, b: { drop: (e) => !e.id?.startsWith('rate-'), set: ['deals.enabled=false'] }, measure: mean('alignment', () => HIT, 'positive') },
  { id: 'retribution-threat', kind: 'sign', says: "a higher chance of the US pole's retribution (5% per step against 0) keeps the countries that export most to the US from leaning toward China when China courts them", a: { quiet: true, set: ['retribution.probability=5'], add: [CHINA_COURTS] }, b: { quiet: true, set: ['retribution.probability=0'], add: [CHINA_COURTS] }, measure: mean('alignment', (x) => x.top('eUS', 10), 'positive') },
  { id: 'retribution-china-count', kind: 'sign', says: '... and lowers the number of China-aligned countries', a: { quiet: true, set: ['retribution.probability=5'], add: [CHINA_COURTS] }, b: { quiet: true, set: ['retribution.probability=0'], add: [CHINA_COURTS] }, measure: one('n_china', '', 'negative') },
  { id: 'statement-risk', kind: 'sign', says: 'a joint statement with China raises the US retribution risk Vietnam weighs', a: only(ev('js-vnm', { date: '2025-04-14', kind: 'joint_statement', actor: 'CHN', target: 'VNM' })), b: QUIET, measure: one('u_retribution_risk', 'VNM', 'negative') },
  { id: 'escalation-own-tariffs', kind: 'sign', says: "a higher US tariff on China raises third countries' own tariffs on Chinese goods", a: only(...ESCALATION), b: QUIET, measure: mean('own_tariff', (x) => x.top('mCN', 1000), 'positive') },
  {
    id: 'escalation-own-tariffs-importers', kind: 'sign', says: "... most for the large importers from China: the escalation's effect on Mexico's own tariff with twice its imports from China, less its effect as it is (Mexico sells little to China: China's retaliation weighs little on it)",
    a: only(...ESCALATION), b: QUIET, measure: one('own_tariff', 'MEX', 'positive'),
    differenceIn: { set: ['countries.MEX.imports_from_china=42'], measure: 'own_tariff', country: 'MEX', expect: 'positive' },
  },
  { id: 'own-tariff-retaliation', kind: 'sign', says: "a country's own tariff on Chinese goods raises China's retaliation against it (Canada raises its duties by 15 points of its imports from China)", a: only(ev('can-more', { date: '2025-04-16', kind: 'tariff', actor: 'CAN', target: 'CHN', rate: 30, coverage: 50 })), b: QUIET, measure: one('china_tariff', 'CAN', 'positive') },

  // ---------------------------------------------------------------- stylized facts of April 2025
  { id: 'fact-1-eu-dumping', kind: 'fact', says: '1. the EU\'s concern about dumping shows in its utility: the US-China escalation adds to its dumping cost', b: { drop: usChinaEscalation }, measure: one('u_dumping', 'EU', 'negative') },
  { id: 'fact-1-allies', kind: 'fact', says: '1. the EU, Japan and South Korea do not join China: the whole shock does not make them China-aligned', b: { drop: () => true }, measure: mean('china_stance', () => ['EU', 'JPN', 'KOR'], 'not_positive') },
  { id: 'fact-2-australia', kind: 'fact', says: "2. Australia does not answer China's call: China's warning does not move it toward China", b: { drop: isId('chn-warning') }, measure: one('alignment', 'AUS', 'not_negative') },
  { id: 'fact-3-vietnam-crackdown', kind: 'fact', says: '3. Vietnam cracks down on transshipment as a concession to the US (the effect of the shock on its crackdown)', b: { drop: () => true }, measure: one('crackdown', 'VNM', 'positive') },
  { id: 'fact-3-vietnam-hedges', kind: 'fact', says: '3. ... while staying close to China: the shock does not make it US-aligned', b: { drop: () => true }, measure: one('us_stance', 'VNM', 'not_positive') },
  { id: 'fact-4-no-coalition', kind: 'fact', says: '4. China fails to build a coalition: the shock adds less than 5% of world GDP to the countries aligned with China', b: { drop: () => true }, measure: one('coalition_china', '', 'not_positive', 0.05) },
  { id: 'fact-4-hedging', kind: 'fact', says: "4. ... but China keeps the countries it cannot win from aligning fully with the US: with China's levers (retaliation, threats, visits, export controls) the countries that lean US lean less US than with a passive China", b: { drop: (e) => e.actor === 'CHN' && e.kind !== 'tariff', set: ['retaliation.enabled=false'] }, measure: mean('alignment', (x) => x.leaning('us'), 'negative') },
  { id: 'fact-5-canada', kind: 'fact', says: '5. retaliation lands on Canada (the scheduled measures)', b: { drop: isId('chn-can-canola', 'chn-can-pork') }, measure: one('china_tariff', 'CAN', 'positive') },
  { id: 'fact-5-credible', kind: 'fact', says: '5. ... and the rule is credible enough that exporters to China weigh it: without it, they would lean further US when the US courts them', a: { add: [US_COURTS] }, b: { set: ['retaliation.enabled=false'], add: [US_COURTS] }, measure: mean('alignment', (x) => x.top('eCN', 10, ['CAN']), 'negative') },
];

export interface ClaimRun { claim: Claim; result: ClaimResult }

async function variant(file: string, v: Variant | undefined, extraSet: string[]): Promise<Scenario> {
  const r = await loadScenario(file, { set: [...extraSet, ...(v?.set ?? [])] });
  if (!r.scenario) throw new Error(`${file}: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const sc = r.scenario;
  let events = sc.spec.events ?? [];
  const history = (e: EventIn) => e.date !== undefined && e.date < sc.spec.start;
  if (v?.quiet) events = events.filter(history);
  if (v?.drop) events = events.filter((e) => history(e) || !v.drop!(e));
  if (v?.add) events = [...events, ...v.add];
  sc.spec.events = events;
  return sc;
}

/** Run claims on a scenario (the baseline by default), each as a paired comparison. */
export async function runClaims(file: string, opts: { replications?: number; seed?: number; set?: string[]; claims?: Claim[] } = {}): Promise<ClaimRun[]> {
  const base = await variant(file, {}, opts.set ?? []);
  const w = compileWorld(base);
  const ctx: Ctx = {
    top(by, k, except = [], towardChina = false) {
      const col = by === 'eCN' ? w.eCN : by === 'eUS' ? w.eUS : w.mCN;
      return w.ids.map((id, i) => [id, col[i], w.align0[i]] as const).filter(([id, , a]) => !except.includes(id) && (!towardChina || a < 0))
        .sort((x, y) => y[1] - x[1]).slice(0, k).map(([id]) => id);
    },
    leaning(side) {
      const b = w.params.hedgeBand;
      return w.ids.filter((_, i) => (side === 'us' ? w.align0[i] > b : w.align0[i] < -b));
    },
  };
  const out: ClaimRun[] = [];
  for (const claim of opts.claims ?? CLAIMS) {
    const R = opts.replications ?? 50, seed = opts.seed ?? 1;
    const a = await variant(file, claim.a, opts.set ?? []), b = await variant(file, claim.b, opts.set ?? []);
    const c = comparePaired(a, b, { replications: R, seed, at: claim.at });
    const dd = claim.differenceIn;
    if (!dd) { out.push({ claim, result: claim.measure(c, ctx) }); continue; }
    // the effect with the setting changed, less the effect as it is, paired by replication
    const more = [...(opts.set ?? []), ...dd.set];
    const c2 = comparePaired(await variant(file, claim.a, more), await variant(file, claim.b, more), { replications: R, seed, at: claim.at });
    const e1 = effectOf(c, dd.measure, dd.country), e2 = effectOf(c2, dd.measure, dd.country);
    const d = new Float64Array(R);
    for (let r = 0; r < R; r++) d[r] = e2.d[r] - e1.d[r];
    const ci = meanCI(d);
    out.push({ claim, result: judge({ measure: dd.measure, country: dd.country, diff: ci.mean, lo: ci.lo, hi: ci.hi }, dd.expect) });
  }
  return out;
}

/**
 * One-at-a-time changes of the behavioural parameters over their documented ranges
 * (sim/model/README.md): the robustness table runs every claim under each.
 */
export const ROBUSTNESS: { label: string; set: string[] }[] = [
  { label: 'rationality 20', set: ['model.rationality=20'] },
  { label: 'rationality 80', set: ['model.rationality=80'] },
  { label: 'adjustment cost 0.25', set: ['model.adjustment_cost=0.25'] },
  { label: 'adjustment cost 1', set: ['model.adjustment_cost=1'] },
  { label: 'hedge value 0.025', set: ['model.hedge_value=0.025'] },
  { label: 'hedge value 0.1', set: ['model.hedge_value=0.1'] },
  // Boehm, Levchenko and Pandalai-Nayar (2023): short run about 0.8; gravity estimates about 4
  { label: 'elasticity 0.8', set: ['model.elasticity=0.8'] },
  { label: 'elasticity 4', set: ['model.elasticity=4'] },
];
