/**
 * What the two peers (plain-objects.ts, flocc.ts) share: the result they return, the
 * check of what they support, and three small pure functions of the model's formula
 * language (sim/model/spec.ts, header): smooth(u), and the logit choices. The model
 * itself (the phases, the formulas, the order of the draws) is written out in each peer,
 * in its own style.
 */
import { EV, type World } from '../../sim/world/world.ts';
import { expNeg } from '../../sim/model/math.ts';

/** Event rows the peers count, by the engine's kind names (events.csv), for the rules and decisions they run. */
export const TALLY_KINDS = [
  'talks_started', 'deal_offered', 'deal_expired', 'deal_accepted', 'deal_renegotiated', 'deal_refused',
  'retaliation_imposed', 'retaliation_lifted', 'retribution_imposed', 'retribution_lifted', 'crackdown_up', 'crackdown_down',
] as const;
export type TallyKind = (typeof TALLY_KINDS)[number];
export type Tally = Record<TallyKind, number>;
export const newTally = (): Tally => Object.fromEntries(TALLY_KINDS.map((k) => [k, 0])) as Tally;

/** A peer's state after its run, in the engine's country order. */
export interface PeerResult {
  alignment: Float64Array; crackdown: Float64Array; ownTariff: Float64Array; trustUS: Float64Array; trustCN: Float64Array;
  /** countries with a deal, under a retaliation (China pole), under a retribution (US pole) at the end */
  deals: number; retaliations: number; retributions: number;
  /** how many times each rule and decision event happened over the run */
  tally: Tally;
}

/**
 * The peers implement what bench/scenarios/synthetic.yaml uses: tariffs between the
 * poles and US tariffs on countries (any layer), a pause (with or without a cap), its
 * end (by duration or a resume event) and threats, with numbers (not expressions of
 * time); every rule (retaliation, retribution, talks, offers, deals) and every decision.
 * Anything else is refused before any work, with the reason.
 */
export function assertSupported(w: World, peer: string): void {
  const no = (what: string) => { throw new Error(`the ${peer} peer implements the model as bench/scenarios/synthetic.yaml uses it; ${what}`); };
  if (w.timeParams.length) no(`parameters that vary with time are not supported (got ${w.timeParams.map((p) => p.key).join(', ')})`);
  if (w.history.length) no(`events dated before the start (history) are not supported (got ${w.history.length})`);
  for (const ev of w.events) {
    const at = `event ${ev.id || ev.kindName} at step ${ev.step}`;
    const numeric = (x: unknown, field: string) => { if (x !== undefined && typeof x !== 'number') no(`${at}: its ${field} is an expression; give a number`); };
    switch (ev.kind) {
      case EV.tariff:
        numeric(ev.rate, 'rate'); numeric(ev.coverage, 'coverage');
        if (ev.actor === 2) no(`${at}: a country's own tariff on the China pole is not supported`);
        if (!ev.targetsPole && ev.actor !== 0) no(`${at}: only the US pole's tariffs on countries are supported`);
        break;
      case EV.pause: numeric(ev.rate, 'rate'); break;
      case EV.resume: case EV.threat: break;
      default: no(`${at}: events of kind ${ev.kindName} are not supported (tariff, pause, resume, threat are)`);
    }
  }
}

/** smooth(u) of the formula language: 0 below 0, 1 above 1, u^2 (3 - 2u) between. */
export function smooth(u: number): number {
  return u <= 0 ? 0 : u >= 1 ? 1 : u * u * (3 - 2 * u);
}

/**
 * Multinomial logit over three options of values u0, u1, u2 with rationality lam and a
 * uniform draw: weights exp(-lam (best - u)), the best option's weight exactly 1.
 * Returns the index of the chosen option.
 */
export function choose3(u0: number, u1: number, u2: number, lam: number, draw: number): 0 | 1 | 2 {
  const m = u0 > u1 ? (u0 > u2 ? u0 : u2) : u1 > u2 ? u1 : u2;
  const w0 = u0 === m ? 1 : expNeg(lam * (m - u0));
  const w1 = u1 === m ? 1 : expNeg(lam * (m - u1));
  const w2 = u2 === m ? 1 : expNeg(lam * (m - u2));
  const r = draw * (w0 + w1 + w2);
  return r < w0 ? 0 : r < w0 + w1 ? 1 : 2;
}

/** Binary logit between refusing (value 0) and accepting (value gain) a deal: true to accept. */
export function acceptDeal(gain: number, lam: number, draw: number): boolean {
  const m = 0 > gain ? 0 : gain;
  const wRefuse = expNeg(lam * (m - 0));
  const wAccept = expNeg(lam * (m - gain));
  return !(draw * (wRefuse + wAccept) < wRefuse);
}
