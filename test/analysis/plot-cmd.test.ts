/** `hedgesim plot`: SVG charts and their Vega-Lite specs for a run folder and a sweep folder. */
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { cli, tmpDir } from '../helpers.ts';
import { writeSweepFixture, ishigami, PI_RANGE } from './fixtures.ts';
import { renderSvg } from '../../sim/analysis/charts.ts';

const spec = (dir: string, name: string) => JSON.parse(readFileSync(join(dir, `${name}.vl.json`), 'utf8'));
const svg = (dir: string, name: string) => readFileSync(join(dir, `${name}.svg`), 'utf8');

function checkChart(dir: string, name: string): void {
  const s = svg(dir, name);
  expect(s.startsWith('<svg'), `${name}.svg is an SVG`).toBe(true);
  expect(s.length).toBeGreaterThan(2000);
  expect(s).toMatch(/<path|<rect/);
  const v = spec(dir, name);
  expect(v.$schema).toMatch(/vega-lite\/v6/);
  expect(v.data.values.length).toBeGreaterThan(0);
}

describe('plot a run folder', () => {
  const dir = tmpDir();
  let r: { code: number; out: string; err: string };
  beforeAll(async () => {
    expect((await cli(['run', join('scenarios', 'baseline-2025.yaml'), '--out', dir, '-q', '--every', '1'])).code).toBe(0);
    r = await cli(['plot', dir]);
  });

  it('writes alignment, stance shares and isolation charts with their specs', () => {
    expect(r.code, r.err).toBe(0);
    const plots = join(dir, 'plots');
    expect(readdirSync(plots).sort()).toEqual(['alignment.svg', 'alignment.vl.json', 'isolation_china.svg', 'isolation_china.vl.json', 'stance_shares.svg', 'stance_shares.vl.json']);
    for (const n of ['alignment', 'stance_shares', 'isolation_china']) checkChart(plots, n);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const a = spec(plots, 'alignment');
    expect(a.data.values).toHaveLength(m.countries * (m.steps + 1));
    expect(new Set(a.data.values.map((x: any) => x.country)).size).toBe(m.countries);
    expect(svg(plots, 'alignment')).toContain('VNM');
    const sh = spec(plots, 'stance_shares');
    // shares of each measure sum to 1 at every date
    const sums = new Map<string, number>();
    for (const x of sh.data.values) sums.set(`${x.measure} ${x.date}`, (sums.get(`${x.measure} ${x.date}`) ?? 0) + x.share);
    for (const v of sums.values()) expect(v).toBeCloseTo(1, 4);
  });

  it('writes specs that render to the same SVG on their own, and the same bytes twice', async () => {
    const plots = join(dir, 'plots');
    expect((await renderSvg(spec(plots, 'isolation_china'))) + '\n').toBe(svg(plots, 'isolation_china'));
    const again = join(dir, 'again');
    expect((await cli(['plot', dir, '--out', again, '-q'])).code).toBe(0);
    for (const f of readdirSync(plots)) expect(readFileSync(join(again, f), 'utf8')).toBe(readFileSync(join(plots, f), 'utf8'));
  });
});

describe('plot a sweep folder', () => {
  const dir = join(tmpDir(), 'sw');
  let r: { code: number; out: string; err: string };
  beforeAll(async () => {
    writeSweepFixture(dir, {
      type: 'sobol', n: 64, replications: 2, steps: 6,
      params: [PI_RANGE('x.one'), PI_RANGE('x.two'), PI_RANGE('x.three')],
      model: (x, rng) => ({ y: ishigami(x) + 0.01 * rng.next(), w: x[0] }),
    });
    r = await cli(['plot', dir, '-m', 'y', '--x', 'x.two', '--y', 'x.three']);
  });

  it('writes a heatmap and sensitivity bars, and the time chart of a design point with a band', () => {
    expect(r.code, r.err).toBe(0);
    const plots = join(dir, 'plots');
    for (const n of ['heatmap', 'sensitivity', 'isolation_china']) checkChart(plots, n);
    const h = spec(plots, 'heatmap');
    expect(h.data.values).toHaveLength(64 * 5);
    expect(h.encoding.x.title).toBe('x.two');
    expect(h.encoding.y.title).toBe('x.three');
    const s = spec(plots, 'sensitivity');
    expect(s.data.values.map((v: any) => `${v.parameter} ${v.index}`).sort()).toEqual(
      ['x.one S1', 'x.one ST', 'x.three S1', 'x.three ST', 'x.two S1', 'x.two ST']);
    const iso = spec(plots, 'isolation_china');
    expect(iso.layer[0].mark.type).toBe('area'); // band across the 2 replications
    expect(iso.title.subtitle).toMatch(/design point 0: x\.one = /);
    expect(r.err).toMatch(/note: no countries\.csv time series/);
  });

  it('refuses unknown parameters and points with a usage error', async () => {
    expect((await cli(['plot', dir, '--x', 'nope'])).err).toMatch(/--x nope: not a parameter of this sweep; its parameters are x\.one, x\.two, x\.three/);
    expect((await cli(['plot', dir, '--point', '99999'])).code).toBe(2);
    expect((await cli(['plot', dir, '--x', 'x.one', '--y', 'x.one'])).code).toBe(2);
  });

  it('draws a grid sweep heatmap with ordinal cells and PRCC/SRC sensitivity bars', async () => {
    const g = join(tmpDir(), 'grid');
    writeSweepFixture(g, { type: 'grid', levels: 3, replications: 1, params: [{ path: 'a', lo: 0, hi: 1 }, { path: 'b', lo: 0, hi: 1 }], model: (x) => ({ y: x[0] * x[1] }) });
    const rr = await cli(['plot', g]);
    expect(rr.code, rr.err).toBe(0);
    const h = spec(join(g, 'plots'), 'heatmap');
    expect(h.encoding.x.type).toBe('ordinal');
    const sens = spec(join(g, 'plots'), 'sensitivity');
    expect(sens.title.text).toMatch(/Partial rank correlations/);
    expect(new Set(sens.data.values.map((v: { index: string }) => v.index))).toEqual(new Set(['PRCC', 'SRC']));
  });
});

describe('the analysis commands on a real sweep folder (results/examples/sweep-small, from hedgesim sweep)', () => {
  it('summarizes, plots, and gives PRCC and SRC for its grid design (Sobol\' indices refused)', async () => {
    const { cpSync } = await import('node:fs');
    const { ROOT } = await import('../helpers.ts');
    const dir = join(tmpDir(), 'sweep-small');
    cpSync(join(ROOT, 'results', 'examples', 'sweep-small'), dir, { recursive: true });
    const s = await cli(['summarize', dir]);
    expect(s.code, s.err).toBe(0);
    expect(s.out).toMatch(/9 design points x 4 metrics/);
    const lines = readFileSync(join(dir, 'summary.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('point,retaliation.probability,model.hedge_value,metric,n,n_failed,mean,sd,ci_lo,ci_hi');
    expect(lines).toHaveLength(1 + 9 * 4);
    const p = await cli(['plot', dir, '-m', 'isolation_china']);
    expect(p.code, p.err).toBe(0);
    for (const n of ['stance_shares', 'isolation_china', 'heatmap']) checkChart(join(dir, 'plots'), n);
    expect(spec(join(dir, 'plots'), 'heatmap').data.values).toHaveLength(9);
    const r = await cli(['sensitivity', dir, '--method', 'sobol']);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/got design type 'grid'/);
    const q = await cli(['sensitivity', dir, '-m', 'isolation_china']);
    expect(q.code, q.err).toBe(0);
    expect(readFileSync(join(dir, 'sensitivity.csv'), 'utf8').split('\n')[1]).toMatch(/^prcc,isolation_china,retaliation\.probability,PRCC,/);
  });
});
