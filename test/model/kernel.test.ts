/**
 * The WebAssembly kernel (sim/kernel) runs the poles' rules and the decision loop of
 * every run. sim/model/poles.ts and decide.ts are the reference, written in plain
 * TypeScript: the kernel must give their bits, column by column, and the same event
 * rows in the same order, on every kind of world (Float32 synthetic columns and
 * Float64 listed ones; links as 1-byte offsets, as indices, with weights) and with
 * every rare branch taken (deals, anti-China clauses, retaliation, crackdown events).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadScenario } from '../../sim/scenario/load.ts';
import { compileWorld } from '../../sim/world/compile.ts';
import { runWorld, type RunResult } from '../../sim/engine.ts';
import type { World } from '../../sim/world/world.ts';
import { ROOT, tmpDir, randomParams } from '../helpers.ts';
import { Rng } from '../../sim/rng.ts';
import { DecisionKernel, fromBase64 } from '../../sim/kernel/kernel.ts';
import { LAYOUT } from '../../sim/kernel/layout.ts';
import { MODEL, type ModelSpec } from '../../sim/model/spec.ts';
import { generate, compileKernel, QUICK_FLAGS } from '../../sim/model/gen/build.ts';

const SYNTH = join(ROOT, 'bench', 'scenarios', 'synthetic.yaml');

async function world(file: string, set: string[] = []): Promise<World> {
  const r = await loadScenario(file, { set });
  if (!r.scenario) throw new Error(JSON.stringify(r.issues));
  return compileWorld(r.scenario);
}

/** The first difference between two runs (state columns but the scratch buffer aNext, world scalars, event rows), or null. */
function firstDifference(x: RunResult, y: RunResult): string | null {
  const a = x.state as unknown as Record<string, unknown>, b = y.state as unknown as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    // aNext is the reference loop's second alignment buffer; the kernel updates alignment in place when links are offsets
    if (key === 'aNext') continue;
    const u = a[key], v = b[key];
    if (ArrayBuffer.isView(u)) {
      const p = u as unknown as ArrayLike<number>, q = v as unknown as ArrayLike<number>;
      if (p.length !== q.length) return `${key}: length ${p.length} vs ${q.length}`;
      for (let i = 0; i < p.length; i++) if (!Object.is(p[i], q[i])) return `${key}[${i}]: ${p[i]} vs ${q[i]}`;
    } else if (typeof u === 'number' && !Object.is(u, v)) return `${key}: ${u} vs ${v}`;
  }
  if (x.events.count !== y.events.count) return `event count ${x.events.count} vs ${y.events.count}`;
  for (let i = 0; i < x.events.rows.length; i++) {
    if (JSON.stringify(x.events.rows[i]) !== JSON.stringify(y.events.rows[i])) return `event row ${i}: ${JSON.stringify(x.events.rows[i])} vs ${JSON.stringify(y.events.rows[i])}`;
  }
  return null;
}

/** The run with the reference loop and with the kernel; each says which ran (the comparison is never the loop with itself). */
const both = (w: World, seed?: number) => {
  const js = runWorld(w, { kernel: 'js', seed }), wasm = runWorld(w, { kernel: 'wasm', seed });
  expect(js.kernel).toBe('js');
  expect(wasm.kernel).toBe('wasm');
  return [js, wasm] as const;
};

describe('the WebAssembly kernel', () => {
  const cases: Array<[string, string, string[]]> = [
    ['a synthetic world (Float32 columns, 1-byte link offsets), odd size', SYNTH, ['world.countries=1001', 'steps=40']],
    ['a synthetic world over 4,096 countries (alignment updated in place through a ring of pending values)', SYNTH, ['world.countries=5001', 'steps=8']],
    ['the same where partners weigh most (a wrong partner value changes the choices)', SYNTH,
      ['world.countries=4099', 'world.locality=127', 'steps=10', 'model.peer_weight=20', 'model.rationality=5']],
    ['the same with the farthest 1-byte links, more of them, and deals and retaliation everywhere', SYNTH,
      ['world.countries=4099', 'world.locality=127', 'world.degree=24', 'steps=15', 'retaliation.threshold=0.1', 'retaliation.probability=20', 'deals.anti_china=true', 'deals.min_alignment=0']],
    ['a synthetic world with far links (4-byte indices)', SYNTH, ['world.countries=600', 'world.locality=400', 'steps=25']],
    ['a synthetic world with blocs', SYNTH, ['world.countries=500', 'world.blocs=7', 'steps=25']],
    ['every rare branch: deals with anti-China clauses, frequent retaliation and retribution, short talks', SYNTH,
      ['world.countries=301', 'steps=40', 'retaliation.threshold=0.05', 'retaliation.probability=20', 'deals.anti_china=true', 'deals.min_alignment=-1', 'retaliation.duration=4',
        'retribution.threshold=0.05', 'retribution.probability=20', 'retribution.duration=4', 'deals.negotiation=2', 'model.rationality=5']],
    ['a world of 3 countries (only the scalar remainder loop and the wrapped links)', SYNTH, ['world.countries=3', 'world.degree=2', 'steps=30']],
  ];
  for (const [label, file, set] of cases) {
    it(`gives the reference's bits and events on ${label}`, async () => {
      const w = await world(file, set);
      const [js, wasm] = both(w);
      expect(firstDifference(js, wasm)).toBeNull();
      // the comparison is not empty: decisions moved alignment, and events happened
      let moved = 0;
      for (let i = 0; i < w.n; i++) if (js.state.a[i] !== w.align0[i]) moved++;
      expect(moved).toBeGreaterThan(0);
      expect(js.events.count).toBeGreaterThan(0);
    });
  }

  it('exercises the rare branches in that case (the callbacks into JavaScript)', async () => {
    const w = await world(SYNTH, cases.find(([label]) => label.startsWith('every rare branch'))![2]);
    const r = runWorld(w, { kernel: 'wasm' });
    const kinds = new Set(r.events.rows.map((e) => e.kind));
    for (const k of ['talks_started', 'deal_offered', 'deal_accepted', 'retaliation_imposed', 'retaliation_lifted', 'retribution_imposed', 'retribution_lifted', 'crackdown_up']) expect(kinds, k).toContain(k);
  });

  it('gives the reference\'s bits on every shipped scenario (listed worlds, Float64 columns, weighted links)', async () => {
    const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml') && !f.startsWith('sweep-'));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const w = await world(join(ROOT, 'scenarios', f));
      const [js, wasm] = both(w);
      expect(firstDifference(js, wasm), f).toBeNull();
    }
  });

  it('gives the reference\'s bits on random synthetic worlds with every parameter drawn from its range', async () => {
    await fc.assert(fc.asyncProperty(
      fc.record({
        n: fc.integer({ min: 2, max: 400 }), degree: fc.integer({ min: 0, max: 24 }), locality: fc.integer({ min: 1, max: 300 }),
        pseed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), seed: fc.integer({ min: 0, max: 1e6 }),
      }),
      async (p) => {
        const rng = new Rng(p.pseed);
        const w = await world(SYNTH, [
          `world.countries=${p.n}`, `world.degree=${p.degree}`, `world.locality=${p.locality}`, 'steps=12', ...randomParams(() => rng.next()),
        ]);
        const [js, wasm] = both(w, p.seed);
        expect(firstDifference(js, wasm)).toBeNull();
      },
    ), { numRuns: 40, seed: 20261128 });
  });

  it('a run that asks for the kernel gets it or fails: a world it cannot run is an error, not a silent fallback', async () => {
    const w = await world(SYNTH, ['world.countries=300', 'steps=20']);
    // columns of mixed widths (not a world compileWorld makes)
    const mixed = Object.assign(Object.create(Object.getPrototypeOf(w)), w, { eUS: Float64Array.from(w.eUS) }) as World;
    expect(DecisionKernel.unavailable(mixed)).toMatch(/mix Float32 and Float64/);
    expect(() => runWorld(mixed, { kernel: 'wasm' })).toThrow(/cannot run this world/);
    const auto = runWorld(mixed, { kernel: 'auto' });
    expect(auto.kernel).toBe('js');
    expect(auto.kernelNote).toMatch(/mix/);
  });

  it('lays out its memory exactly as layout.ts and state.ts say: the context, the random stream and the scratch never overlap', async () => {
    const w = await world(join(ROOT, 'scenarios', 'asia-focus-2025.yaml'));
    const k = new DecisionKernel(w) as unknown as { ctx: number; ptr: Int32Array };
    const own = (name: string) => k.ptr[LAYOUT.ptrs.find((p) => p.name === name)!.slot];
    const ranges: [string, number, number][] = [
      ['context', k.ctx, k.ctx + LAYOUT.ctxBytes], ['rng', own('rng'), own('rng') + 16], ['scratch', own('scratch'), own('scratch') + LAYOUT.scratchBytes],
      ['expTable', own('expTable'), own('expTable') + 8 * 5122],
    ];
    for (const [x, a0, a1] of ranges) for (const [y, b0, b1] of ranges) if (x !== y) expect(a1 <= b0 || b1 <= a0, `${x} overlaps ${y}`).toBe(true);
  });

  it('can fail: another seed gives other bits', async () => {
    const w = await world(SYNTH, ['world.countries=200', 'steps=10']);
    expect(firstDifference(runWorld(w, { kernel: 'js', seed: 1 }), runWorld(w, { kernel: 'wasm', seed: 2 }))).not.toBeNull();
  });

  it('leaves each run its own memory: two runs of one world do not share state', async () => {
    const w = await world(SYNTH, ['world.countries=300', 'steps=10']);
    const r1 = runWorld(w, { seed: 1 }), r2 = runWorld(w, { seed: 2 });
    expect(r1.state.a.buffer).not.toBe(r2.state.a.buffer);
    expect(firstDifference(r1, runWorld(w, { seed: 1 }))).toBeNull();
  });
});

describe('the kernel from the command line (HEDGESIM_KERNEL=js|wasm)', () => {
  const hedgesim = (args: string[], kernel: string) => {
    const p = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), ...args], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, HEDGESIM_KERNEL: kernel },
    });
    expect(p.status, p.stderr).toBe(0);
    return p;
  };

  it('hedgesim run writes the same bytes with the reference loop and with the kernel', () => {
    const dir = tmpDir();
    const set = ['--set', 'world.countries=2001', '--set', 'steps=12', '--set', 'record.countries=true', '--set', 'record.world=true',
      '--set', 'record.events=true', '--set', 'record.components=true', '--set', 'retaliation.threshold=0.1', '--set', 'deals.min_alignment=0'];
    for (const k of ['js', 'wasm']) hedgesim(['run', SYNTH, ...set, '--out', join(dir, k), '-q'], k);
    // the two runs did take the two paths, and their manifests say so
    expect(JSON.parse(readFileSync(join(dir, 'js', 'manifest.json'), 'utf8')).decision_loop).toMatch(/JavaScript reference/);
    expect(JSON.parse(readFileSync(join(dir, 'wasm', 'manifest.json'), 'utf8')).decision_loop).toMatch(/WebAssembly kernel/);
    for (const f of ['countries.csv', 'world.csv', 'events.csv']) {
      const js = readFileSync(join(dir, 'js', f)), wasm = readFileSync(join(dir, 'wasm', f));
      expect(js.length, f).toBeGreaterThan(1000);
      expect(wasm.equals(js), `${f} differs between HEDGESIM_KERNEL=js and wasm`).toBe(true);
    }
  });

  it('hedgesim sweep (2 workers) writes the same runs.csv with either', () => {
    const dir = tmpDir();
    const sweep = join(dir, 'sweep.yaml');
    writeFileSync(sweep, readFileSync(join(ROOT, 'bench', 'sweeps', 'synthetic-200.yaml'), 'utf8')
      .replace('../scenarios/synthetic.yaml', SYNTH).replace(/n: \d+/, 'n: 24').replace('steps=365', 'steps=40'));
    for (const k of ['js', 'wasm']) hedgesim(['sweep', sweep, '--out', join(dir, k), '--jobs', '2', '-q'], k);
    const js = readFileSync(join(dir, 'js', 'runs.csv'), 'utf8'), wasm = readFileSync(join(dir, 'wasm', 'runs.csv'), 'utf8');
    expect(js.trim().split('\n')).toHaveLength(25);
    expect(wasm).toBe(js);
  });

  it('an unknown HEDGESIM_KERNEL value is said and ignored', () => {
    const p = hedgesim(['run', SYNTH, '--set', 'world.countries=300', '--set', 'steps=5', '--out', join(tmpDir(), 'o'), '-q'], 'fortran');
    expect(p.stderr).toMatch(/HEDGESIM_KERNEL=fortran is not js, wasm or auto; using auto/);
  });
});

describe('a term left out of the kernel fails the agreement test (mutation check)', () => {
  // The kernel is generated from the same spec as the reference, so a term cannot be left
  // out by hand; this checks that the agreement test would notice if one were: a kernel
  // built from the spec without one term (each dimension's first term, and terms that are
  // 0 unless an event or setting switches them on) differs from the reference.
  const cases: [string, string, string[]][] = [
    ['alignment', 'u_security', []],
    ['alignment', 'u_inducement', []],
    ['alignment', 'u_export_controls', []],
    ['crackdown', 'u_deal_credit', []],
    ['own_tariff', 'u_consumer_cost', []],
  ];
  for (const [dim, term, set] of cases) {
    it(`without ${term} (${dim}) the kernel gives other bits`, async () => {
      const spec: ModelSpec = { ...MODEL, dims: MODEL.dims.map((d) => (d.name === dim ? { ...d, terms: d.terms.filter((t) => t.name !== term) } : d)) };
      expect(spec.dims.find((d) => d.name === dim)!.terms.length).toBe(MODEL.dims.find((d) => d.name === dim)!.terms.length - 1);
      const text = await compileKernel(generate(spec), QUICK_FLAGS);
      const module = new WebAssembly.Module(fromBase64((text.match(/'([A-Za-z0-9+/=]+)'/g) ?? []).map((x) => x.slice(1, -1)).join('')) as BufferSource);
      // the benchmark world (a tariff war, export controls on) with an inducement for everyone, so that no term is 0
      const dir = tmpDir();
      writeFileSync(join(dir, 'm.yaml'), `extends: ${SYNTH}\nevents:\n  - {id: ind, step: 2, kind: inducement, actor: CHN, target: ALL, active: true, gain: 20}\n`);
      const w = await world(join(dir, 'm.yaml'), ['world.countries=400', 'steps=20', ...set]);
      const js = runWorld(w, { kernel: 'js', seed: 3 });
      const mutant = runWorld(w, { kernel: 'wasm', seed: 3, kernelModule: module });
      expect(mutant.kernel).toBe('wasm');
      expect(firstDifference(js, mutant)).not.toBeNull();
    });
  }
});
