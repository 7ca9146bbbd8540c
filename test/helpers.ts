/** Shared helpers for tests: temporary scenario files, loading, a world at step 0. */
import { mkdtempSync, writeFileSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { loadScenario, type Scenario } from '../sim/scenario/load.ts';
import { compileWorld } from '../sim/world/compile.ts';
import { newState, type State } from '../sim/model/state.ts';
import { applyEvents, type Scope } from '../sim/model/events.ts';
import { refreshTariff, stepScalars, alignCoefficients, alignUtility, peerMean, CO_N, type StepScalars } from '../sim/model/utility.ts';
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

/** Compile and bring a world to its step-0 state (after the events dated on the start). */
export function atStep0(sc: Scenario): { w: World; st: State; S: StepScalars } {
  const w = compileWorld(sc);
  const st = newState(w);
  for (let i = 0; i < w.n; i++) refreshTariff(st, w.params, i);
  const scope: Scope = { ...w.parameters, t: 0, step: 0, day: 0, year: 0, steps: w.steps };
  applyEvents(w, st, 0, scope, eventSink(false));
  const S = stepScalars(w.params, st, { pRet: 0, riskRet: 0, lossRet: 0, lossUC: 0, lossDeal: 0, indOn: 0, ecOn: 0 });
  return { w, st, S };
}

/** Utilities of the three alignment options of country i, as the decision phase scores them. */
export function alignmentOptions(w: World, st: State, S: StepScalars, i: number): [number, number, number] {
  const P = w.params, a = st.a[i], d = P.stepSize;
  const co = new Float64Array(CO_N);
  alignCoefficients(w, st, P, S, i, co);
  const has = w.linkStart[i + 1] > w.linkStart[i];
  const abar = has ? peerMean(w, st.a, i) : a;
  const pw = has ? P.peerWeight : 0;
  const u = (x: number, adj: boolean) => alignUtility(x, co, P) - pw * (x - abar) ** 2 - (adj ? P.adjustmentCost * (x - a) ** 2 : 0);
  const x0 = Math.max(-1, a - d), x2 = Math.min(1, a + d);
  return [u(x0, true), u(a, false), u(x2, true)];
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
