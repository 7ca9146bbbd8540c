/**
 * Sweep throughput and memory.
 *   npx tsx bench/sweep-bench.ts            # runs/s with 1 and 2 workers, scaling efficiency
 *   npx tsx bench/sweep-bench.ts --memory   # also a 100,000-run sweep, RSS sampled while it runs
 * Baseline scenario, summary metrics only (bench/sweep-bench.yaml). Each configuration is
 * run `--repeat` times (default 3), alternating, and the best rate is kept (least disturbed
 * by other processes). Rates count every run over the whole command, start-up included.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir, loadavg, cpus } from 'node:os';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.mjs');
const args = process.argv.slice(2);
const repeat = +(args[args.indexOf('--repeat') + 1] || 3) || 3;
spawnSync(process.execPath, [join(ROOT, 'sim', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'hedgesim-bench-'));

function sweepFile(name: string, n: number, reps: number): string {
  const f = join(dir, `${name}.yaml`);
  const text = readFileSync(join(ROOT, 'bench', 'sweep-bench.yaml'), 'utf8')
    .replace('../scenarios/', join(ROOT, 'scenarios') + '/').replace('n: 20', `n: ${n}`).replace('replications: 500', `replications: ${reps}`);
  writeFileSync(f, text);
  return f;
}

function once(file: string, jobs: number): { rate: number; seconds: number; rss: number; cpu: number } {
  const out = join(dir, `out-${jobs}-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, [CLI, 'sweep', file, '--jobs', String(jobs), '--out', out, '-q'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const t = JSON.parse(readFileSync(join(out, 'timing.json'), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  return { rate: t.runs_per_second, seconds: t.seconds, rss: t.max_rss_mb, cpu: t.cpu_seconds };
}

const file = sweepFile('speed', 40, 1000); // 40,000 runs
console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model}), node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const best: Record<number, number> = { 1: 0, 2: 0 };
const cpuBest: Record<number, number> = { 1: Infinity, 2: Infinity };
for (let i = 0; i < repeat; i++) {
  for (const j of [1, 2]) {
    const r = once(file, j);
    console.log(`  jobs ${j}: 40000 runs in ${r.seconds.toFixed(2)} s = ${r.rate.toFixed(0)} runs/s, CPU ${r.cpu.toFixed(2)} s (${(r.cpu * 1e6 / 40000).toFixed(0)} us/run), max RSS ${r.rss} MB, load ${loadavg()[0].toFixed(2)}`);
    best[j] = Math.max(best[j], r.rate);
    cpuBest[j] = Math.min(cpuBest[j], r.cpu);
  }
}
const eff = best[2] / (2 * best[1]);
console.log(`best: jobs 1 ${best[1].toFixed(0)} runs/s, jobs 2 ${best[2].toFixed(0)} runs/s, scaling efficiency ${eff.toFixed(2)} (wall clock)`);
console.log(`CPU work: jobs 1 ${cpuBest[1].toFixed(2)} s, jobs 2 ${cpuBest[2].toFixed(2)} s for the same runs: parallel overhead ${((cpuBest[2] / cpuBest[1] - 1) * 100).toFixed(1)}%, so efficiency on two idle cores <= ${(cpuBest[1] / cpuBest[2]).toFixed(2)}`);

if (args.includes('--memory')) {
  const big = sweepFile('memory', 100, 1000); // 100,000 runs
  const out = join(dir, 'mem');
  const p = spawn(process.execPath, [CLI, 'sweep', big, '--jobs', '2', '--out', out, '-q'], { cwd: ROOT, stdio: 'ignore' });
  const samples: { runs: number; rss: number }[] = [];
  let listed = 0;
  const timer = setInterval(() => {
    try {
      const st = readFileSync(`/proc/${p.pid}/status`, 'utf8');
      const rss = +(/VmRSS:\s+(\d+)/.exec(st)?.[1] ?? 0) / 1024;
      if (++listed % 5 === 0 || !samples.length) {
        let runs = 0;
        for (const f of readdirSync(join(out, '.chunks'))) { const m = /^(\d+)-(\d+)\.chunk$/.exec(f); if (m) runs += +m[2] - +m[1]; }
        samples.push({ runs, rss });
      } else samples.push({ runs: samples.at(-1)!.runs, rss });
    } catch { /* starting or finishing */ }
  }, 100);
  await new Promise((res) => p.on('exit', res));
  clearInterval(timer);
  const t = JSON.parse(readFileSync(join(out, 'timing.json'), 'utf8'));
  const at = (frac: number) => samples.filter((s) => s.runs <= frac * 100000).at(-1);
  console.log(`100000 runs in ${t.seconds} s (${t.runs_per_second} runs/s), jobs 2`);
  for (const f of [0.1, 0.25, 0.5, 0.75, 0.95]) { const s = at(f); if (s) console.log(`  RSS with ${s.runs} runs done: ${s.rss.toFixed(1)} MB`); }
  console.log(`  max RSS (sampled in the process): ${t.max_rss_mb} MB; runs.csv ${(readFileSync(join(out, 'runs.csv')).length / 1048576).toFixed(1)} MB on disk`);
}
rmSync(dir, { recursive: true, force: true });
