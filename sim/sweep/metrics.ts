/**
 * Per-run metrics of a sweep: each reads a world measure or a country's state on
 * every step (via runWorld's onStep) and reduces it to one number (final, mean, min,
 * max, at a step, or the first step past a level). World measures are computed only
 * on the steps some metric needs.
 */
import type { World } from '../world/world.ts';
import type { State } from '../model/state.ts';
import type { StepScalars } from '../model/utility.ts';
import { WORLD_COLUMNS, worldMeasures } from '../model/measures.ts';
import type { MetricIn } from './spec.ts';
import { countryGetter, worldGetter, type Getter } from './getters.ts';

interface Acc { get: Getter; stat: string; step: number; level: number; world: boolean; v: number; n: number; done: boolean; name: string }

export function describeMetric(m: MetricIn): string {
  if (m.expr !== undefined) return `${m.expr} (an expression over the run's series; empty when undefined)`;
  const what = m.world !== undefined ? `world ${m.world}` : `${m.country} ${m.field}`;
  const stat = m.stat ?? 'final';
  if (stat === 'at_step') return `${what} at step ${m.step}`;
  if (stat === 'first_above') return `first step with ${what} >= ${m.level} (empty if never)`;
  if (stat === 'first_below') return `first step with ${what} <= ${m.level} (empty if never)`;
  return `${stat} of ${what} over steps 0..steps`;
}

/** Collects the metrics of one run: pass `onStep` to runWorld; `reset()` before reusing it for another run of the same World. */
export class MetricCollector {
  private accs: Acc[];
  private row = new Float64Array(WORLD_COLUMNS.length);
  private band: Float64Array;
  private steps: number;

  constructor(w: World, defs: readonly MetricIn[]) {
    this.steps = w.steps;
    this.band = new Float64Array(w.n);
    this.accs = defs.map((m) => ({
      name: m.name,
      get: m.world !== undefined ? worldGetter(m.world) : countryGetter(w, m.country!, m.field!),
      world: m.world !== undefined,
      stat: m.stat ?? 'final', step: m.step ?? -1, level: m.level ?? 0,
      v: 0, n: 0, done: false,
    }));
    this.reset();
  }

  /** Forget the values collected so far (for the next run of the same World). */
  reset(): void {
    for (const a of this.accs) {
      a.v = a.stat === 'min' ? Infinity : a.stat === 'max' ? -Infinity : 0;
      a.n = 0;
      a.done = false;
    }
  }

  private needs(a: Acc, t: number): boolean {
    switch (a.stat) {
      case 'final': return t === this.steps;
      case 'at_step': return t === a.step;
      case 'first_above': case 'first_below': return !a.done;
      default: return true;
    }
  }

  onStep = (w: World, st: State, S: StepScalars, t: number): void => {
    let haveRow = false;
    for (const a of this.accs) {
      if (!this.needs(a, t)) continue;
      if (a.world && !haveRow) { worldMeasures(w, st, S, this.row, this.band); haveRow = true; }
      const x = a.get(w, st, S, this.row);
      if (!Number.isFinite(x)) throw new RangeError(`metric ${a.name} is ${x} at step ${t}`);
      switch (a.stat) {
        case 'final': case 'at_step': a.v = x; a.n = 1; break;
        case 'mean': a.v += x; a.n++; break;
        case 'min': if (x < a.v) a.v = x; a.n = 1; break;
        case 'max': if (x > a.v) a.v = x; a.n = 1; break;
        case 'first_above': if (x >= a.level) { a.v = t; a.n = 1; a.done = true; } break;
        case 'first_below': if (x <= a.level) { a.v = t; a.n = 1; a.done = true; } break;
      }
    }
  };

  /**
   * The run ends at step t before its last step (stop_when): take the `final`
   * values from the state at t (onStep(t) has already run).
   */
  finalAt(w: World, st: State, S: StepScalars, t: number): void {
    let haveRow = false;
    for (const a of this.accs) {
      if (a.stat !== 'final') continue;
      if (a.world && !haveRow) { worldMeasures(w, st, S, this.row, this.band); haveRow = true; }
      const x = a.get(w, st, S, this.row);
      if (!Number.isFinite(x)) throw new RangeError(`metric ${a.name} is ${x} at step ${t}`);
      a.v = x; a.n = 1;
    }
  }

  /** One value per metric; null when undefined (a level never reached). */
  values(): (number | null)[] {
    return this.accs.map((a) => (a.n === 0 ? null : a.stat === 'mean' ? a.v / a.n : a.v));
  }
}
