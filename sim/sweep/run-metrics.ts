/**
 * The metrics of one run of a sweep: the fixed metrics (metrics.ts: a world measure
 * or a country field with a stat) and the metric expressions (series-metrics.ts),
 * in the sweep file's order, and the stop_when condition. One per World, reset for
 * each of its runs:
 *
 *   const rm = new RunMetrics(world, sweep);     // once per World
 *   rm.reset();
 *   const res = runWorld(world, { seed, onStep: rm.onStep, until: rm.until, keepEvents: rm.keepEvents });
 *   rm.finish(res);
 *   rm.values(); rm.stopStep;
 */
import type { World } from '../world/world.ts';
import type { State } from '../model/state.ts';
import type { StepScalars } from '../model/utility.ts';
import type { RunResult } from '../engine.ts';
import { MetricCollector } from './metrics.ts';
import { SeriesRun } from './series-metrics.ts';
import type { Sweep } from './spec.ts';

export class RunMetrics {
  private fixed: MetricCollector;
  private series?: SeriesRun;
  private stopped = false;
  /** the step at which stop_when held (the run's last step), or null */
  stopStep: number | null = null;
  /** the run must keep its event log (an expression counts events) */
  readonly keepEvents: boolean;

  constructor(w: World, private sw: Pick<Sweep, 'spec' | 'exprs' | 'stop'>) {
    this.fixed = new MetricCollector(w, sw.spec.metrics.filter((_, i) => !sw.exprs[i]));
    const exprs = sw.exprs.filter((e) => e !== undefined);
    if (exprs.length || sw.stop) this.series = new SeriesRun(w, exprs, sw.stop);
    this.keepEvents = this.series?.usesEvents ?? false;
  }

  reset(): void {
    this.fixed.reset();
    this.series?.reset();
    this.stopped = false;
    this.stopStep = null;
  }

  onStep = (w: World, st: State, S: StepScalars, t: number): void => {
    this.fixed.onStep(w, st, S, t);
    if (!this.series) return;
    this.series.onStep(w, st, S, t);
    if (this.sw.stop && t < w.steps && this.series.stopNow()) {
      this.stopped = true;
      this.stopStep = t;
      this.fixed.finalAt(w, st, S, t);
    } else if (this.sw.stop && t === w.steps && this.series.stopNow()) {
      this.stopStep = t;
    }
  };

  until = (): boolean => this.stopped;

  /** After runWorld: count the events the expressions use. */
  finish(res: RunResult): void {
    if (this.keepEvents) this.series!.events(res.events.rows);
  }

  /** One value per metric of the sweep file, in its order; null when undefined. */
  values(): (number | null)[] {
    const f = this.fixed.values(), e = this.series?.values() ?? [];
    let fi = 0, ei = 0;
    return this.sw.exprs.map((x) => (x ? e[ei++] : f[fi++]));
  }
}
