/**
 * The benchmark compares hedgesim with peers that re-implement the same model
 * (bench/peers/*.ts: plain objects, flocc agents). The comparison is only fair if they
 * do the same work, so the peers must give the engine's numbers from the same random
 * stream: alignment, crackdown, own tariff and trust of every country, the deals and
 * measures in force at the end, and how many times each rule and decision fired
 * (counted by the peers, against the engine's event rows). The engine runs twice, with
 * the JavaScript reference loop and with the WebAssembly kernel (they give the same
 * bits; test/model/kernel.test.ts), and the peers must match both.
 *
 * The worlds are small synthetic worlds of bench/scenarios/synthetic.yaml, with settings
 * that make every rule fire within 40 steps (the tests assert that they did), and a
 * variant with US tariffs on countries, a capped pause and a resume event.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../sim/scenario/load.ts';
import { compileWorld } from '../../sim/world/compile.ts';
import { runWorld } from '../../sim/engine.ts';
import type { World } from '../../sim/world/world.ts';
import { PlainObjectsModel } from '../../bench/peers/plain-objects.ts';
import { FloccModel } from '../../bench/peers/flocc.ts';
import { TALLY_KINDS, type PeerResult } from '../../bench/peers/shared.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCEN = join(ROOT, 'bench', 'scenarios', 'synthetic.yaml');

/**
 * Settings under which every rule fires in 40 steps on 300 countries (found by running
 * the engine; the test checks each branch ran): low thresholds for retaliation and
 * retribution, short measures (so they are lifted), anti-China clauses in deal offers
 * (so signing brings a retaliation draw), a low own-tariff threshold with a low
 * retaliation probability (so some own tariffs rise past it), and a deal's crackdown
 * condition of 20.5% (crackdowns of 0.2 meet it only through the rule's half-point slack,
 * poles.ts CRACKDOWN_SLACK: a peer without it disagrees).
 */
const EVERY_RULE = [
  'retaliation.threshold=0.02', 'retaliation.probability=1', 'retaliation.own_tariff=0.001', 'retaliation.duration=6',
  'retribution.threshold=0.02', 'retribution.probability=30', 'retribution.duration=5', 'deals.anti_china=true', 'deals.min_crackdown=20.5',
];

async function world(file: string, n: number, steps: number, set: string[] = []): Promise<World> {
  const r = await loadScenario(file, { set: [`world.countries=${n}`, `steps=${steps}`, ...set] });
  expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return compileWorld(r.scenario!);
}

/** A scenario that extends the benchmark's with more events, in a temporary folder. */
function variant(events: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'hedgesim-peers-')), 'variant.yaml');
  writeFileSync(file, `extends: ${JSON.stringify(SCEN)}\nname: peers-variant\nevents:\n${events}`);
  return file;
}

const maxDiff = (x: ArrayLike<number>, y: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < x.length; i++) { const d = Math.abs(x[i] - y[i]); if (!(d <= m)) m = d; }
  return m;
};

/** The engine with both loops: final state, counts at the end, event rows by kind and by kind and note. */
function engine(w: World, kernel: 'js' | 'wasm') {
  const r = runWorld(w, { kernel });
  expect(r.kernel).toBe(kernel);
  const st = r.state;
  let deals = 0, retaliations = 0, retributions = 0;
  for (let i = 0; i < w.n; i++) { deals += st.deal[i]; retaliations += st.retUntil[i] >= 0 ? 1 : 0; retributions += st.usrUntil[i] >= 0 ? 1 : 0; }
  const kinds: Record<string, number> = {}, notes: Record<string, number> = {};
  for (const e of r.events.rows) {
    kinds[e.kind] = (kinds[e.kind] ?? 0) + 1;
    const key = `${e.kind}: ${e.note}`;
    notes[key] = (notes[key] ?? 0) + 1;
  }
  return { st, deals, retaliations, retributions, kinds, notes };
}

/** Largest differences between a peer and the engine (all must be 0). */
function compare(p: PeerResult, e: ReturnType<typeof engine>) {
  const st = e.st;
  const diff = {
    alignment: maxDiff(p.alignment, st.a), crackdown: maxDiff(p.crackdown, st.k), ownTariff: maxDiff(p.ownTariff, st.o),
    trustUS: maxDiff(p.trustUS, st.trustUS), trustCN: maxDiff(p.trustCN, st.trustCN),
  };
  // exactly: a peer that leaves out the engine's Float32 rounding of rates and losses is off by
  // about 1e-8 in trust after 40 steps, so a tolerance of 1e-9 would barely catch it
  expect(diff).toEqual({ alignment: 0, crackdown: 0, ownTariff: 0, trustUS: 0, trustCN: 0 });
  expect({ deals: p.deals, retaliations: p.retaliations, retributions: p.retributions })
    .toEqual({ deals: e.deals, retaliations: e.retaliations, retributions: e.retributions });
  expect(p.tally).toEqual(Object.fromEntries(TALLY_KINDS.map((k) => [k, e.kinds[k] ?? 0])));
  return diff;
}

describe("the benchmark's peers give the engine's numbers", () => {
  it('plain objects and flocc agree with both engine loops after 40 steps, with every rule firing', async () => {
    const w = await world(SCEN, 300, 40, EVERY_RULE);
    const js = engine(w, 'js'), wasm = engine(w, 'wasm');
    // the rare branches ran (counts from the engine's event rows), not only the common path
    for (const k of ['talks_started', 'deal_offered', 'deal_accepted', 'deal_refused', 'retaliation_imposed', 'retaliation_lifted',
      'retribution_imposed', 'retribution_lifted', 'crackdown_up', 'crackdown_down']) expect(js.kinds[k] ?? 0, k).toBeGreaterThan(0);
    for (const why of ['alignment moved toward the US', 'own tariff on Chinese goods', 'deal with anti-China clauses'])
      expect(js.notes[`retaliation_imposed: ${why}`] ?? 0, why).toBeGreaterThan(0);
    expect(js.notes['retribution_imposed: alignment moved toward China'] ?? 0).toBeGreaterThan(0);
    expect(js.deals).toBeGreaterThan(0);
    expect(js.retaliations).toBeGreaterThan(0);
    expect(js.retributions).toBeGreaterThan(0);
    // own tariffs and crackdowns moved
    expect(maxDiff(js.st.o, js.st.o0)).toBeGreaterThan(0);
    expect(maxDiff(js.st.k, js.st.k0)).toBeGreaterThan(0);
    for (const p of [new PlainObjectsModel(w).run(), new FloccModel(w).run()]) { compare(p, js); compare(p, wasm); }
  });

  it('they agree on a world with US tariffs on countries (every layer), a capped pause, a resume, a US threat and a costly transshipment clause', async () => {
    const file = variant([
      '  - {id: hike, step: 2, kind: tariff, actor: USA, target: [C001, C005, C010, C050], rate: 46}',
      '  - {id: pause, step: 3, kind: pause, actor: USA, rate: 12, duration: 0}',
      '  - {id: baseline, step: 5, kind: tariff, actor: USA, target: ALL, rate: 15, layer: baseline}',
      '  - {id: specific, step: 6, kind: tariff, actor: USA, target: [C002, C003], rate: 25, layer: specific}',
      '  - {id: us-threat, step: 7, kind: threat, actor: USA, value: 3}',
      '  - {id: resume, step: 12, kind: resume, actor: USA}',
    ].join('\n') + '\n');
    // with much transshipment, a sure detection and a high penalty, the transshipment clause weighs on the deals
    // (a peer that weighs an offer with the crackdown after this step's move instead of before disagrees)
    const w = await world(file, 300, 40, [...EVERY_RULE, 'deals.min_crackdown=50', 'world.transshipment=[10,60]', 'model.detection=100', 'deals.penalty=100']);
    const js = engine(w, 'js'), wasm = engine(w, 'wasm');
    // the events took effect: three US tariffs on countries, the pause (with no end date) and its end by the resume event
    expect(js.kinds.tariff_set).toBe(5);
    expect(js.notes['pause: country rates capped at 12%']).toBe(1);
    expect(js.kinds.pause_ended).toBe(1);
    expect(js.deals).toBeGreaterThan(0);
    expect(js.kinds.retribution_imposed ?? 0).toBeGreaterThan(0);
    for (const p of [new PlainObjectsModel(w).run(), new FloccModel(w).run()]) { compare(p, js); compare(p, wasm); }
  });

  it('the check can fail: another random stream gives other numbers', async () => {
    const w = await world(SCEN, 200, 30, EVERY_RULE);
    const e = engine(w, 'js');
    for (const p of [new PlainObjectsModel(w, w.seed + 1).run(), new FloccModel(w, w.seed + 1).run()]) {
      expect(maxDiff(p.alignment, e.st.a)).toBeGreaterThan(1e-3);
      expect(() => compare(p, e)).toThrow();
    }
  });

  it('they refuse events the benchmark scenario does not use, before any work', async () => {
    const w = await world(variant('  - {step: 2, kind: visit, actor: CHN, target: [C001]}\n'), 50, 5);
    expect(() => new PlainObjectsModel(w)).toThrow(/plain-objects peer .*events of kind visit are not supported/);
    expect(() => new FloccModel(w)).toThrow(/flocc peer .*events of kind visit are not supported/);
  });
});
