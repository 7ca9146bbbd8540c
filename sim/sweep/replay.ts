/**
 * replay: one run of a sweep again, with the full time series (countries.csv,
 * world.csv, events.csv, manifest.json), exactly as `hedgesim run SCENARIO --seed S
 * --set path=value ...` would make it; its metrics are checked against runs.csv.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, UsageError, issue, EXIT, formatIssue } from '../errors.ts';
import { loadScenario } from '../scenario/load.ts';
import { compileWorld } from '../world/compile.ts';
import { runWorld } from '../engine.ts';
import { runToFolder } from '../run-folder.ts';
import { fmt } from '../io/csv.ts';
import { loadSweep } from './spec.ts';
import { planSweep, runSpec, setsOf } from './plan.ts';
import { sweepIdOf } from './identity.ts';
import { RunMetrics } from './run-metrics.ts';
import { fmtValue, runHead } from './exec.ts';
import { STATE_FILE } from './runner.ts';
import { cliCommand, shellQuote } from '../io/command-name.ts';
import { readJsonFile } from '../io/files.ts';

export interface ReplayResult {
  code: number;
  out: string;
  runId: number;
  seed: number;
  command: string;
  metrics: Record<string, string>;
  /** the runs.csv row's metrics agree with the replay (null when runs.csv has no row yet) */
  matches: boolean | null;
  error?: string;
}

export async function replayRun(folder: string, runId: number, opts: { out?: string; argv?: string[] } = {}): Promise<ReplayResult> {
  const mp = join(folder, 'manifest.json');
  let sweepFile: string | undefined, sweepId: string | undefined;
  if (existsSync(mp)) { const m = readJsonFile(mp); sweepFile = m?.sweep?.path; sweepId = m?.sweep_id; }
  else if (existsSync(join(folder, STATE_FILE))) { const s = readJsonFile(join(folder, STATE_FILE)); sweepFile = s?.sweep_file; sweepId = s?.sweep_id; }
  if (!sweepFile) throw new UsageError(`${folder} is not a sweep folder (no manifest.json); give the --out folder of hedgesim sweep`);
  const { sweep, issues } = await loadSweep(sweepFile);
  if (!sweep) throw new UserError(`the sweep file ${sweepFile} named in ${folder} has errors`, issues, EXIT.input);
  if (sweepIdOf(sweep) !== sweepId) {
    const msg = `${sweepFile} or its scenario changed since the sweep in ${folder} ran, so run ${runId} cannot be replayed exactly; restore the files it was made from`;
    throw new UserError(msg, [issue('SWEEP_RESUME_MISMATCH', '', msg, { file: sweepFile })], EXIT.input);
  }
  const plan = planSweep(sweep);
  if (!Number.isInteger(runId) || runId < 0 || runId >= plan.runs) throw new UsageError(`--run takes a run id from 0 to ${plan.runs - 1}, got ${runId}`);
  const r = runSpec(plan, runId);
  const sets = [...(sweep.spec.set ?? []), ...setsOf(plan, plan.values[r.point])];
  // every value shell-quoted: a crafted value cannot run a command when the line is pasted
  const command = `${cliCommand()} run ${shellQuote(sweep.scenarioPath)} --seed ${r.seed} ${sets.map((s) => `--set ${shellQuote(s)}`).join(' ')}`;
  const out = opts.out ?? join(folder, `replay-${runId}`);
  const res: ReplayResult = { code: EXIT.ok, out, runId, seed: r.seed, command, metrics: {}, matches: null };
  const { scenario, issues: si } = await loadScenario(sweep.scenarioPath, { set: sets });
  if (!scenario) {
    res.error = si.filter((i) => i.severity === 'error').map((i) => formatIssue(i)).join('; ');
    res.code = EXIT.run;
    return res;
  }
  try {
    runToFolder(scenario, { out, seed: r.seed, argv: opts.argv });
    const w = compileWorld(scenario, { seed: r.seed });
    const mc = new RunMetrics(w, sweep);
    mc.reset();
    mc.finish(runWorld(w, { seed: r.seed, keepEvents: mc.keepEvents, onStep: mc.onStep, until: mc.until }));
    mc.values().forEach((v, j) => { res.metrics[sweep.spec.metrics[j].name] = v === null ? '' : fmt(v); });
    if (sweep.stop) res.metrics.stop_step = mc.stopStep === null ? '' : fmt(mc.stopStep);
  } catch (e) {
    res.error = (e as Error)?.message ?? String(e);
    res.code = EXIT.run;
  }
  // compare with runs.csv when the row is there
  const rp = join(folder, 'runs.csv');
  if (existsSync(rp) && !res.error) {
    const lines = readFileSync(rp, 'utf8').split('\n');
    const line = lines[runId + 1];
    if (line) {
      const expected = `${runHead(r)},${plan.values[r.point].map(fmtValue).join(',')},${Object.values(res.metrics).join(',')},ok,`;
      res.matches = line === expected;
    }
  }
  return res;
}
