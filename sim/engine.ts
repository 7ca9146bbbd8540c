/**
 * The loop only. A step: time-varying parameters, scheduled events, the poles'
 * rules and trust, the countries' decisions, swap, record. Step 0 is the initial
 * state after the events dated on the start; decisions happen from step 1.
 */
import { Rng } from './rng.ts';
import type { World, Params } from './world/world.ts';
import { newState, type State } from './model/state.ts';
import { applyEvents, applyHistory, type Scope } from './model/events.ts';
import { poleRules } from './model/poles.ts';
import { decide, calibrate } from './model/decide.gen.ts';
import { newStepScalars, refreshMeasures, refreshTariff, stepScalars, type StepScalars } from './model/utility.ts';
import { eventSink, type EventSink } from './model/log.ts';
import { DecisionKernel } from './kernel/kernel.ts';

export interface Recorder {
  /** called on step 0, every `every`-th step and the last step */
  record(w: World, st: State, S: StepScalars, t: number): void;
}

export interface RunOptions {
  seed?: number;
  recorder?: Recorder;
  /** record every K-th step (default: the world's record.every) */
  every?: number;
  /** keep event rows (default true) */
  keepEvents?: boolean;
  /** called after every step (sweep metrics) */
  onStep?: (w: World, st: State, S: StepScalars, t: number) => void;
  /**
   * checked after every step (after onStep, from step 0): true ends the run there
   * (a sweep's stop_when); the stopping step is recorded as the last one.
   */
  until?: (t: number) => boolean;
  /**
   * Who runs the poles' rules and the decisions: 'wasm' (sim/kernel), 'js'
   * (sim/model/poles.ts and decide.ts, the reference) or 'auto' (default: wasm from
   * KERNEL_MIN_WORK agent-steps up). All give the same bits. Default: HEDGESIM_KERNEL
   * from the environment, else 'auto'.
   */
  kernel?: 'auto' | 'wasm' | 'js';
  /** another build of the kernel's module (tests of the kernel itself) */
  kernelModule?: WebAssembly.Module;
}

/**
 * Agent-steps from which a run uses the WebAssembly kernel by default. Below, setting up
 * its memory (about 80 microseconds, mostly the first touch of fresh pages) costs more
 * than it saves: the baseline scenario (19 countries x 26 steps) runs in about 80
 * microseconds with the JavaScript loop.
 */
export const KERNEL_MIN_WORK = 5000;

/**
 * HEDGESIM_KERNEL=js|wasm|auto in the environment sets the default of RunOptions.kernel
 * for every run of the process (the command line's and its sweep workers' too): a way
 * to run the JavaScript reference loop from the command line, and to check that it
 * gives the same bytes.
 */
function kernelFromEnv(): 'auto' | 'wasm' | 'js' {
  const v = typeof process !== 'undefined' ? process.env.HEDGESIM_KERNEL : undefined;
  if (v === undefined || v === '' || v === 'auto') return 'auto';
  if (v === 'js' || v === 'wasm') return v;
  process.stderr.write(`hedgesim: HEDGESIM_KERNEL=${v} is not js, wasm or auto; using auto\n`);
  return 'auto';
}
const ENV_KERNEL = kernelFromEnv();

export interface RunResult {
  state: State; events: EventSink; scalars: StepScalars;
  /** who ran the poles' rules and the decisions: the WebAssembly kernel or the JavaScript reference loop (same bits) */
  kernel: 'wasm' | 'js';
  /** why the JavaScript loop ran ('' when the kernel did) */
  kernelNote: string;
}

export function runWorld(w: World, opts: RunOptions = {}): RunResult {
  const P = w.params;
  const kernel = opts.kernel ?? ENV_KERNEL;
  // the kernel when asked for ('wasm': an error if it cannot run this world) or, with 'auto',
  // from KERNEL_MIN_WORK agent-steps when it can (a world over 4 GiB runs the JavaScript loop)
  let K: DecisionKernel | null = null;
  let kernelNote = kernel === 'js' ? 'asked for' : 'a small run';
  if (kernel === 'wasm' || (kernel === 'auto' && w.n * w.steps >= KERNEL_MIN_WORK)) {
    const why = DecisionKernel.unavailable(w);
    if (why === null) K = new DecisionKernel(w, opts.kernelModule);
    else if (kernel === 'wasm') throw new Error(`HEDGESIM_KERNEL=wasm: the WebAssembly kernel cannot run this world: ${why}`);
    else kernelNote = why;
  }
  const st = K ? K.state : newState(w);
  const rng = new Rng(opts.seed ?? w.seed);
  const log = eventSink(opts.keepEvents ?? true);
  const S: StepScalars = newStepScalars();
  const scope: Scope = { ...w.parameters, t: 0, step: 0, day: 0, year: 0, steps: w.steps };
  const every = opts.every ?? w.record.every;
  const rec = opts.recorder;

  setTime(w, scope, 0);
  updateTimeParams(w, P, scope);
  refreshAll(w, st);
  // the starting state: the history (events dated before the start), then the model's fixed
  // effects calibrated so that this state is a resting point, then the events of step 0
  applyHistory(w, st, scope, log);
  st.k0.set(st.k); st.o0.set(st.o);
  stepScalars(P, st, S);
  calibrate(w, st, S);
  applyEvents(w, st, 0, scope, log);
  stepScalars(P, st, S);
  rec?.record(w, st, S, 0);
  opts.onStep?.(w, st, S, 0);
  if (opts.until?.(0)) return { state: st, events: log, scalars: S, kernel: K ? 'wasm' : 'js', kernelNote: K ? '' : kernelNote };

  for (let t = 1; t <= w.steps; t++) {
    st.t = t;
    setTime(w, scope, t);
    if (w.timeParams.length && updateTimeParams(w, P, scope)) refreshAll(w, st);
    applyEvents(w, st, t, scope, log);
    if (K) K.poles(t, S, rng, log); else poleRules(w, st, t, rng, log);
    stepScalars(P, st, S);
    if (K) K.decide(S, t, rng, log); // the new alignments end in st.a
    else { decide(w, st, S, t, rng, log); const tmp = st.a; st.a = st.aNext; st.aNext = tmp; } // decide updates k in place
    if (rec && (t % every === 0 || t === w.steps)) rec.record(w, st, S, t);
    opts.onStep?.(w, st, S, t);
    if (opts.until?.(t)) {
      if (rec && !(t % every === 0 || t === w.steps)) rec.record(w, st, S, t);
      break;
    }
  }
  return { state: st, events: log, scalars: S, kernel: K ? 'wasm' : 'js', kernelNote: K ? '' : kernelNote };
}

function setTime(w: World, scope: Scope, t: number) {
  scope.t = t;
  scope.step = t;
  scope.day = t * w.stepDays;
  scope.year = 1970 + (w.startDay + t * w.stepDays) / 365.2425;
}

/** Returns true when a parameter that the cached trade losses depend on changed. */
function updateTimeParams(w: World, P: Params, scope: Scope): boolean {
  let lossChanged = false;
  for (const tp of w.timeParams) {
    const v = tp.fn(scope) * tp.scale;
    if (!Number.isFinite(v)) throw new RangeError(`the expression for ${String(tp.key)} gave ${v} at step ${scope.t}`);
    if (P[tp.key] !== v && (tp.key === 'elasticity' || tp.key === 'passThrough')) lossChanged = true;
    P[tp.key] = v;
  }
  return lossChanged;
}

function refreshAll(w: World, st: State) {
  for (let i = 0; i < w.n; i++) refreshTariff(st, w.params, i);
  for (const i of st.measures.keys()) refreshMeasures(w, st, i);
}
