/** Shared helpers for tests: temporary scenario files, loading, a world at step 0. */
import { mkdtempSync, writeFileSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { loadScenario, type Scenario } from '../sim/scenario/load.ts';
import { compileWorld } from '../sim/world/compile.ts';
import { newState, type State } from '../sim/model/state.ts';
import { applyEvents, applyHistory, type Scope } from '../sim/model/events.ts';
import { newStepScalars, refreshTariff, stepScalars, type StepScalars } from '../sim/model/utility.ts';
import { calibrate, optionValues, DIMENSIONS } from '../sim/model/decide.gen.ts';
import { peerMean } from '../sim/model/peers.ts';
import { PARAMS } from '../sim/world/params.ts';
import { eventSink } from '../sim/model/log.ts';
import type { World } from '../sim/world/world.ts';
import { main } from '../sim/cli/main.ts';
import type { CliIO } from '../sim/io/console.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BASELINE = join(ROOT, 'scenarios', 'baseline-2025.yaml');

export function tmpDir(prefix = 'hedgesim-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write a scenario (object or YAML text) to a temporary file and return its path. */
export function writeScenario(content: object | string, dir = tmpDir(), name = 'scenario.yaml'): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : stringify(content));
  return p;
}

export async function loadOk(path: string, set?: string[]): Promise<Scenario> {
  const r = await loadScenario(path, { set });
  if (!r.scenario) throw new Error('scenario did not load: ' + JSON.stringify(r.issues, null, 1));
  return r.scenario;
}

/**
 * Compile and bring a world to its step-0 state as the engine does: tariffs refreshed,
 * the history applied, the fixed effects calibrated, then the events dated on the start.
 */
export function atStep0(sc: Scenario): { w: World; st: State; S: StepScalars } {
  const w = compileWorld(sc);
  const st = newState(w);
  for (let i = 0; i < w.n; i++) refreshTariff(st, w.params, i);
  const scope: Scope = { ...w.parameters, t: 0, step: 0, day: 0, year: 0, steps: w.steps };
  applyHistory(w, st, scope, eventSink(false));
  st.k0.set(st.k); st.o0.set(st.o);
  const S = stepScalars(w.params, st, newStepScalars());
  calibrate(w, st, S);
  applyEvents(w, st, 0, scope, eventSink(false));
  stepScalars(w.params, st, S);
  return { w, st, S };
}

/**
 * The values of the three options of each dimension of country i, as the decision phase
 * scores them (sim/model/decide.gen.ts optionValues): dims[d] = [down, stay, up].
 */
export function options(w: World, st: State, S: StepScalars, i: number): number[][] {
  const out = new Float64Array(4 * DIMENSIONS.length);
  optionValues(w, st, S, i, peerMean(w, st.a, i), out);
  return DIMENSIONS.map((_, d) => [out[3 * d], out[3 * d + 1], out[3 * d + 2]]);
}

/** Utilities of the three alignment options of country i. */
export function alignmentOptions(w: World, st: State, S: StepScalars, i: number): [number, number, number] {
  const [u0, u1, u2] = options(w, st, S, i)[0];
  return [u0, u1, u2];
}

/**
 * Every numeric parameter of the model (model, retaliation, retribution, deals,
 * inducements, export controls) drawn from its schema range with a seeded draw, as
 * --set overrides; booleans drawn too. Wide ranges (over three orders of magnitude) are
 * drawn on a log scale from the lower end (or 0.001) to the upper.
 */
export function randomParams(u: () => number, keep: string[] = []): string[] {
  const out: string[] = [];
  for (const p of PARAMS) {
    if (keep.includes(p.path)) continue;
    const s = p.schema;
    if (s.kind === 'boolean') { out.push(`${p.path}=${u() < 0.5}`); continue; }
    const lo = s.min ?? 0, hi = s.max ?? lo + 100;
    let v: number;
    if (hi / Math.max(lo, 1e-3) > 1000) { const a = Math.log(Math.max(lo, 1e-3)), b = Math.log(hi); v = Math.exp(a + (b - a) * u()); } else v = lo + (hi - lo) * u();
    if (s.integer) v = Math.max(lo, Math.min(hi, Math.round(v)));
    out.push(`${p.path}=${+v.toPrecision(6)}`);
  }
  return out;
}

/** Run the CLI in-process; returns the exit code and what it printed. */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const io: CliIO = { out: (s) => { out += s + '\n'; }, err: (s) => { err += s + '\n'; }, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

export const read = (p: string) => readFileSync(p, 'utf8');
export const exists = (p: string) => existsSync(p) && statSync(p).size >= 0;
