// Memory of a large world, measured in a fresh process (so nothing else the benchmark
// did counts): import the built library, generate + compile a synthetic world of N
// countries, run it, and report RSS and heap. Prints one JSON line.
// Usage: node bench/memory-child.mjs N STEPS   (after `node sim/build.mjs`)
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
const here = dirname(fileURLToPath(import.meta.url));
const { loadScenario, compileWorld, runWorld } = await import(join(here, '..', 'dist', 'index.mjs'));
const n = Number(process.argv[2] ?? 1000000), steps = Number(process.argv[3] ?? 10);
const MB = 1048576;
// peak resident set of this process: VmHWM (Linux; exec starts it afresh, unlike getrusage's
// maxrss, which a spawned child can inherit from its parent), else maxRSS
const peakRss = () => {
  try { const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8')); if (m) return +m[1] / 1024; } catch { /* not Linux */ }
  return process.resourceUsage().maxRSS / 1024;
};
const snap = () => { const m = process.memoryUsage(); return { rss: m.rss / MB, heap: m.heapUsed / MB, arrayBuffers: m.arrayBuffers / MB }; };
const base = snap();
const basePeakRssMB = peakRss();
let heapPeak = base.heap + base.arrayBuffers;
const r = await loadScenario(join(here, 'scenarios', 'synthetic.yaml'), { set: [`world.countries=${n}`, `steps=${steps}`] });
if (!r.scenario) { console.error(JSON.stringify(r.issues)); process.exit(3); }
const t0 = performance.now();
const w = compileWorld(r.scenario);
const compileSec = (performance.now() - t0) / 1000;
const afterCompile = snap();
heapPeak = Math.max(heapPeak, afterCompile.heap + afterCompile.arrayBuffers);
const t1 = performance.now();
const res = runWorld(w, { keepEvents: false, onStep: (_w, _st, _S, t) => { if (t === steps) { const s = snap(); heapPeak = Math.max(heapPeak, s.heap + s.arrayBuffers); } } });
const runSec = (performance.now() - t1) / 1000;
const end = snap();
console.log(JSON.stringify({
  n, steps, links: w.linkStart[w.n], linkBytes: (w.linkOff ?? w.linkTo).byteLength, compileSec, runSec,
  baseRssMB: base.rss, afterCompileRssMB: afterCompile.rss, endRssMB: end.rss,
  peakRssMB: peakRss(), basePeakRssMB,
  heapMB: end.heap, arrayBuffersMB: end.arrayBuffers, heapPlusBuffersPeakMB: heapPeak,
  check: res.state.a[0],
}));
