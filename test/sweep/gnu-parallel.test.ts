/**
 * The GNU parallel recipe of sim/sweep/README.md, run as written: shards as parallel jobs with
 * --resume, then merge; the result is byte-identical to the same sweep run in one go.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, CLI, ensureBuilt } from './helpers.ts';

const PARALLEL = spawnSync('sh', ['-c', 'command -v parallel'], { encoding: 'utf8' }).status === 0;
if (!PARALLEL) console.warn('GNU parallel test skipped: install it with `apt-get install parallel`');

describe.skipIf(!PARALLEL)('GNU parallel recipe', () => {
  beforeAll(() => ensureBuilt());
  it('4 shards through parallel + merge = one local sweep, byte for byte', () => {
    const d = mkdtempSync(join(tmpdir(), 'hedgesim-parallel-'));
    const sweep = join(ROOT, 'scenarios', 'sweep-retaliation.yaml');
    const node = process.execPath;
    const cmd = `seq 1 4 | parallel -j 2 --joblog ${d}/joblog --resume-failed ` +
      `${node} ${CLI} sweep ${sweep} --shard {}/4 --out ${d}/parts/part-{} --jobs 1 --resume -q`;
    const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', cwd: ROOT });
    expect(r.status, r.stderr).toBe(0);
    // parallel ran the four shards, each to success (joblog: a header, then one line per job; column 7 is the exit value)
    const jobs = readFileSync(`${d}/joblog`, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    expect(jobs).toHaveLength(4);
    expect(jobs.map((j) => j[6])).toEqual(['0', '0', '0', '0']);
    const m = spawnSync(node, [CLI, 'merge', `${d}/parts/part-1`, `${d}/parts/part-2`, `${d}/parts/part-3`, `${d}/parts/part-4`, '--out', `${d}/merged`], { encoding: 'utf8', cwd: ROOT });
    expect(m.status, m.stderr).toBe(0);
    const l = spawnSync(node, [CLI, 'sweep', sweep, '--out', `${d}/local`, '-q'], { encoding: 'utf8', cwd: ROOT });
    expect(l.status, l.stderr).toBe(0);
    // the comparison is of whole sweeps: every run is in both (a runs.csv of its header alone would also be equal)
    const local = readFileSync(`${d}/local/runs.csv`, 'utf8').trim().split('\n');
    expect(local.length - 1).toBe(JSON.parse(readFileSync(`${d}/local/manifest.json`, 'utf8')).counts.runs);
    expect(local.length - 1).toBeGreaterThan(4);
    for (const f of ['runs.csv', 'points.csv', 'manifest.json']) {
      expect(readFileSync(`${d}/merged/${f}`, 'utf8'), f).toBe(readFileSync(`${d}/local/${f}`, 'utf8'));
    }
  });
});
