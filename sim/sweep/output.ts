/**
 * The files of a finished sweep folder: streamed concatenation of chunk (or part)
 * files in run-id order under a temporary name, then renamed; and manifest.json,
 * whose content depends only on the sweep, the scenario and the results (never on
 * workers, shards, timing or the output path), so it is byte-identical too.
 */
import { closeSync, readFileSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { VERSION, gitCommit, type FileRecord } from '../io/manifest.ts';
import { createExclusive } from '../io/files.ts';
import { shellQuote } from '../io/command-name.ts';
import { describeMetric } from './metrics.ts';
import type { Plan } from './plan.ts';
import type { Sweep } from './spec.ts';

/** Concatenate files (each without a header, or with one to skip) under `header`. Returns the rows, bytes and sha256 written. */
export function concatInto(path: string, header: readonly string[], files: string[], skipHeader = false): Required<FileRecord> {
  const [fd, tmp] = createExclusive(path);
  const h = createHash('sha256');
  let rows = 0, bytes = 0;
  const put = (b: Buffer) => { h.update(b); bytes += b.length; for (let at = 0; at < b.length;) at += writeSync(fd, b, at, b.length - at); };
  try {
    put(Buffer.from(header.join(',') + '\n'));
    for (const f of files) {
      if (!existsSync(f)) throw new Error(`missing ${f}`);
      let buf = readFileSync(f);
      if (skipHeader) {
        const nl = buf.indexOf(10);
        buf = nl < 0 ? Buffer.alloc(0) : buf.subarray(nl + 1);
      }
      for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) rows++;
      put(buf);
    }
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
  return { rows, bytes, sha256: h.digest('hex') };
}

export interface Counts { runs: number; ok: number; failed: number }
export interface FailedRun { run_id: number; error: string; replay: string }
export const MAX_FAILED_LISTED = 100;

/** The command that replays a run (`cmd`: how hedgesim is called; the manifest keeps plain `hedgesim`, whatever the install). */
export const replayCommand = (runId: number, folder = '<sweep folder>', cmd = 'hedgesim') => `${cmd} replay ${folder === '<sweep folder>' ? folder : shellQuote(folder)} --run ${runId}`;

/** The parts of a manifest that come from the sweep and its plan. */
export function manifestBase(sw: Sweep, plan: Plan, sweepId: string): Record<string, unknown> {
  const sc = sw.scenario;
  const design: Record<string, unknown> = {
    type: plan.type,
    parameters: plan.params.map((p) => ({ path: p.path, distribution: p.dist, ...(p.levels !== undefined ? { levels: p.levels } : {}) })),
    points: plan.points,
    replications: plan.replications,
    runs: plan.runs,
    base_seed: plan.baseSeed,
  };
  if (plan.sobol) design.sobol = plan.sobol;
  if (plan.morris) design.morris = { ...plan.morris, delta: +plan.morris.delta.toPrecision(12) };
  if (plan.policy) {
    design.policy = {
      policies: plan.policy.policies, scenarios: plan.policy.scenarios, lever_design: plan.policy.leverType, scenario_design: plan.policy.scenarioType,
      levers: plan.params.slice(0, plan.policy.levers).map((p) => p.path), uncertainties: plan.params.slice(plan.policy.levers).map((p) => p.path),
    };
  }
  if (sw.adaptive) design.adaptive = { metric: sw.adaptive.metric, half_width: sw.adaptive.halfWidth, min: sw.adaptive.min, max: sw.adaptive.max, level: sw.adaptive.level };
  return {
    kind: 'sweep',
    hedgesim: VERSION,
    git_commit: gitCommit(),
    sweep: { path: sw.file, sha256: sw.sha256, resolved: sw.spec },
    sweep_id: sweepId,
    scenario: { path: sw.scenarioPath, sha256: sc.hash, name: sc.spec.name ?? null, steps: sc.spec.steps, countries: sc.spec.world?.type === 'synthetic' ? sc.spec.world.countries : sc.countries.length, files: [...sc.sources.keys()] },
    seeds: plan.policy
      ? 'run seed = hashSeed(base_seed, scenario, replicate) (sim/rng.ts), the same for every policy (common random numbers); point = scenario * policies + policy; run_id = point * replications + replicate'
      : 'run seed = hashSeed(base_seed, point, replicate) (sim/rng.ts); run_id = point * replications + replicate',
    design,
    metrics: sw.spec.metrics.map((m) => (m.expr !== undefined ? { ...m, definition: describeMetric(m) } : { ...m, stat: m.stat ?? 'final', definition: describeMetric(m) })),
    ...(sw.spec.stop_when !== undefined ? { stop_when: sw.spec.stop_when } : {}),
    record: sw.spec.record,
  };
}

export function finishManifest(base: Record<string, unknown>, counts: Counts, failed: FailedRun[], files: Record<string, FileRecord>, shard?: Record<string, number>): string {
  const m: Record<string, unknown> = { ...base };
  delete m.shard;
  delete m.counts;
  delete m.failed;
  delete m.files;
  if (shard) m.shard = shard;
  m.counts = counts;
  m.failed = failed.slice(0, MAX_FAILED_LISTED);
  m.files = files;
  return JSON.stringify(m, null, 2) + '\n';
}
