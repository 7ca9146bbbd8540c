/**
 * Metric expressions of sweeps (sim/sweep/series-metrics.ts, run-metrics.ts):
 * - errors: the EXPR_* codes of scenario expressions, located at file:line:col of
 *   the sweep file (the column of the offending name inside the quoted string);
 * - values: each reduction is checked against the same quantity computed here by
 *   hand from the run's state, captured step by step by an onStep of the test's own
 *   and from the run's event log (a run with the same World and seed);
 * - stop_when: the run ends at the first step where the condition holds in the
 *   full-length run, and final values are taken there;
 * - the list of event kinds holds every kind the model logs.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadSweep } from '../../sim/sweep/spec.ts';
import { compileSeriesExpr, EVENT_KINDS, type SeriesEnv } from '../../sim/sweep/series-metrics.ts';
import { RunMetrics } from '../../sim/sweep/run-metrics.ts';
import { ExprError, loadExprEngine } from '../../sim/scenario/expr.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { compileWorld } from '../../sim/world/compile.ts';
import { runWorld } from '../../sim/engine.ts';
import { WORLD_COLUMNS, worldMeasures } from '../../sim/model/measures.ts';
import type { Scenario } from '../../sim/scenario/types.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BASE = join(ROOT, 'scenarios', 'baseline-2025.yaml');
let sc: Scenario;
let env: SeriesEnv;

beforeAll(async () => {
  await loadExprEngine();
  sc = (await loadScenario(BASE)).scenario!;
  env = { countries: sc.countries.map((c) => c.id), blocs: [...new Set(sc.countries.flatMap((c) => c.blocs ?? []))], synthetic: false, steps: sc.spec.steps, start: sc.spec.start, stepDays: sc.spec.step_days };
});

async function load(body: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hedgesim-expr-'));
  const f = join(dir, 'sweep.yaml');
  writeFileSync(f, `scenario: ${BASE}\nparameters: [{path: model.elasticity, values: [2]}]\n${body}`);
  return loadSweep(f);
}

const codeOf = (src: string, role: 'metric' | 'stop' = 'metric') => {
  try { compileSeriesExpr(src, env, role); return 'ok'; } catch (e) { return (e as ExprError).code ?? String(e); }
};

describe('metric expressions: errors', () => {
  it('refuses what the sandbox refuses, with the scenario expression codes', () => {
    expect(codeOf('max(n_hedge)')).toBe('ok');
    expect(codeOf('evaluate("1")')).toBe('EXPR_FORBIDDEN');
    expect(codeOf('n_hedge.constructor')).toBe('EXPR_FORBIDDEN');
    expect(codeOf('x = 3')).toBe('EXPR_FORBIDDEN');
    expect(codeOf('max(n_hedg)')).toBe('EXPR_UNKNOWN_SYMBOL');
    expect(codeOf('mean(alignment[VNX])')).toBe('EXPR_UNKNOWN_SYMBOL');
    expect(codeOf('count(events.deal_acepted)')).toBe('EXPR_UNKNOWN_SYMBOL');
    expect(codeOf('max(n_hedge')).toBe('EXPR_SYNTAX');
    expect(codeOf(`${'('.repeat(40)}1${')'.repeat(40)}`)).toBe('EXPR_TOO_DEEP');
    expect(codeOf(Array(300).fill('1').join('+'))).toBe('EXPR_TOO_LONG');
    // a series is not one number; a date past the horizon; events cannot stop a run
    expect(codeOf('n_hedge')).toBe('EXPR_FORBIDDEN');
    expect(codeOf('mean(n_hedge, from: "2031-01-01")')).toBe('EXPR_FORBIDDEN');
    expect(codeOf('events.deal_accepted > 0', 'stop')).toBe('EXPR_FORBIDDEN');
    expect(codeOf('share_hedge < 0.1', 'stop')).toBe('ok');
    // own-property names are not functions or series
    expect(codeOf('constructor(n_hedge)')).toBe('EXPR_FORBIDDEN');
    expect(codeOf('max(toString)')).toBe('EXPR_UNKNOWN_SYMBOL');
  });
  it('says what to write instead', () => {
    const msg = (src: string) => { try { compileSeriesExpr(src, env, 'metric'); return ''; } catch (e) { return (e as Error).message; } };
    expect(msg('mean(alignment[VNX])')).toMatch(/did you mean 'VNM'/);
    expect(msg('max(alignment)')).toMatch(/alignment\[VNM\]/);
    expect(msg('n_hedge')).toMatch(/reduce it with final\(\), mean\(\)/);
  });
  it('locates an error at file:line:col of the name inside the quoted expression', async () => {
    const r = await load('metrics:\n  - {name: a, world: share_us}\n  - {name: b, expr: "first_step(alignment[VNN] > 0.2)"}\n');
    const i = r.issues.find((x) => x.severity === 'error')!;
    expect(i).toMatchObject({ code: 'EXPR_UNKNOWN_SYMBOL', path: 'metrics[1].expr', line: 5 });
    const line = r.sources.get(i.file!)!.split('\n')[i.line! - 1];
    expect(line.slice(i.col! - 1, i.col! + 2)).toBe('VNN');
    const s = await load('metrics: [{name: a, world: share_us}]\nstop_when: "count(events.deal_accepted) > 2"\n');
    expect(s.issues.map((x) => `${x.code} ${x.path} ${x.line}`)).toEqual(['EXPR_FORBIDDEN stop_when 4']);
  });
  it('refuses an expr metric that also names world, stat, ...', async () => {
    const r = await load('metrics:\n  - {name: b, expr: "max(n_hedge)", stat: mean}\n');
    expect(r.issues.map((x) => x.code)).toEqual(['UNKNOWN_KEY']);
  });
});

describe('metric expressions: values', () => {
  it('each reduction equals the hand computation over the captured state', () => {
    const w = compileWorld(sc, { seed: 11 });
    const vnm = w.ids.indexOf('VNM');
    const asean = Array.from(w.blocs.get('ASEAN')!);
    const nHedge: number[] = [], aV: number[] = [], aA: number[] = [];
    const row = new Float64Array(WORLD_COLUMNS.length), band = new Float64Array(w.n);
    const ref = runWorld(w, {
      seed: 11, keepEvents: true, onStep: (ww, st, S) => {
        worldMeasures(ww, st, S, row, band);
        nHedge.push(row[WORLD_COLUMNS.indexOf('n_hedge')]);
        aV.push(st.a[vnm]);
        aA.push(asean.reduce((s, i) => s + st.a[i], 0) / asean.length);
      },
    });
    // a level Vietnam's alignment crosses after step 0, whichever way it moves
    const x = (Math.min(...aV) + Math.max(...aV)) / 2;
    const up = aV[0] < x;
    const op = up ? '>=' : '<';
    const holds = (v: number) => (up ? v >= x : v < x);
    const juneStep = Math.ceil((Date.parse('2025-06-01') - Date.parse(sc.spec.start)) / 86400000 / sc.spec.step_days);
    const deals = ref.events.rows.filter((e) => e.kind === 'deal_accepted');
    const exprs = [
      `first_step(alignment[VNM] ${op} ${x})`, 'max(n_hedge)', 'min(n_hedge, from: 3, to: 10)', 'mean(alignment[ASEAN], from: "2025-06-01")',
      'count(events.deal_accepted)', 'count(events.tariff_set[VNM])', `count(alignment[VNM] ${op} ${x})`, 'final(n_hedge) - at(n_hedge, 0)',
      'last_step(n_hedge == max(n_hedge))', 'sum(events.deal_offered)',
    ];
    const firstIdx = aV.findIndex(holds);
    const maxH = Math.max(...nHedge);
    const want = [
      firstIdx, maxH, Math.min(...nHedge.slice(3, 11)), aA.slice(juneStep).reduce((s, v) => s + v, 0) / (aA.length - juneStep),
      deals.length, ref.events.rows.filter((e) => e.kind === 'tariff_set' && (e.actor === 'VNM' || e.target === 'VNM')).length, aV.filter(holds).length,
      nHedge.at(-1)! - nHedge[0], nHedge.lastIndexOf(maxH), ref.events.rows.filter((e) => e.kind === 'deal_offered').length,
    ];
    const sweep = { spec: { metrics: exprs.map((e, i) => ({ name: `m${i}`, expr: e })) }, exprs: exprs.map((e) => compileSeriesExpr(e, env, 'metric')) } as any;
    const w2 = compileWorld(sc, { seed: 11 });
    const rm = new RunMetrics(w2, sweep);
    rm.reset();
    expect(rm.keepEvents).toBe(true);
    rm.finish(runWorld(w2, { seed: 11, keepEvents: rm.keepEvents, onStep: rm.onStep, until: rm.until }));
    const got = rm.values();
    want.forEach((v, i) => expect(got[i], exprs[i]).toBeCloseTo(v, 12));
    // the checks are not all zero: the run has events and hedging moves
    expect(deals.length + ref.events.rows.filter((e) => e.kind === 'tariff_set').length).toBeGreaterThan(0);
    expect(firstIdx).toBeGreaterThan(0);
  });
  it('a first_step that never happens is empty, not NaN', () => {
    const sweep = { spec: { metrics: [{ name: 'a', expr: 'first_step(n_hedge > 1000)' }] }, exprs: [compileSeriesExpr('first_step(n_hedge > 1000)', env, 'metric')] } as any;
    const w = compileWorld(sc, { seed: 1 });
    const rm = new RunMetrics(w, sweep);
    rm.reset();
    rm.finish(runWorld(w, { seed: 1, onStep: rm.onStep, until: rm.until }));
    expect(rm.values()).toEqual([null]);
  });
});

describe('stop_when', () => {
  it('ends the run at the first step where the condition holds, with final values from there', () => {
    const w = compileWorld(sc, { seed: 4 });
    const hedge: number[] = [];
    const row = new Float64Array(WORLD_COLUMNS.length), band = new Float64Array(w.n);
    runWorld(w, { seed: 4, onStep: (ww, st, S) => { worldMeasures(ww, st, S, row, band); hedge.push(row[WORLD_COLUMNS.indexOf('n_hedge')]); } });
    // a level first reached after a few steps
    const level = hedge.find((v, t) => t > 0 && v !== hedge[0]) ?? hedge[0];
    const cond = level > hedge[0] ? `n_hedge >= ${level}` : `n_hedge <= ${level}`;
    const tStop = hedge.findIndex((v) => (level > hedge[0] ? v >= level : v <= level));
    expect(tStop).toBeGreaterThan(0);
    expect(tStop).toBeLessThan(w.steps);
    const sweep = {
      spec: { metrics: [{ name: 'a', world: 'n_hedge', stat: 'final' }, { name: 'b', expr: 'final(t)' }, { name: 'c', world: 'n_hedge', stat: 'at_step', step: w.steps }] },
      exprs: [undefined, compileSeriesExpr('final(t)', env, 'metric'), undefined], stop: compileSeriesExpr(cond, env, 'stop'),
    } as any;
    const w2 = compileWorld(sc, { seed: 4 });
    const rm = new RunMetrics(w2, sweep);
    rm.reset();
    let steps = 0;
    rm.finish(runWorld(w2, { seed: 4, onStep: (a, b, c, t) => { steps = t; rm.onStep(a, b, c, t); }, until: rm.until }));
    expect(steps).toBe(tStop);
    expect(rm.stopStep).toBe(tStop);
    expect(rm.values()).toEqual([hedge[tStop], tStop, null]);
  });
});

describe('EVENT_KINDS', () => {
  it('holds every kind of event the model logs', () => {
    const kinds = new Set<string>();
    for (const dir of ['sim/model', 'sim/kernel']) {
      for (const f of readdirSync(join(ROOT, dir)).filter((x) => x.endsWith('.ts'))) {
        const text = readFileSync(join(ROOT, dir, f), 'utf8');
        for (const m of text.matchAll(/\.push\([^,]+,\s*(?:[^,]*\?\s*)?'([a-z_]+)'(?:\s*:\s*'([a-z_]+)')?/g)) { kinds.add(m[1]); if (m[2]) kinds.add(m[2]); }
        for (const m of text.matchAll(/ev\.active \? '([a-z_]+)' : '([a-z_]+)'/g)) { kinds.add(m[1]); kinds.add(m[2]); }
      }
    }
    expect(kinds.size).toBeGreaterThan(10);
    expect([...kinds].filter((k) => !(EVENT_KINDS as readonly string[]).includes(k))).toEqual([]);
  });
});
