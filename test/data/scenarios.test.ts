/**
 * The scenarios built on the data table: asia-focus-2025 (the 19 economies of the April
 * 2025 table, picked with select:) gives its recorded bytes (test/data/asia-focus-2025/,
 * regenerate with UPDATE_GOLDEN=1 after a deliberate model change, and review the diff);
 * baseline-2025 runs every agent of the table with the country rates of 2025-04-02.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { parse } from 'yaml';
import { ROOT, cli, tmpDir, read } from '../helpers.ts';

const SCEN = join(ROOT, 'scenarios');
const GOLDEN = join(ROOT, 'test', 'data', 'asia-focus-2025');
const FILES = ['countries.csv', 'world.csv', 'events.csv'];
const csv = (p: string) => Papa.parse<Record<string, string>>(read(p), { header: true, skipEmptyLines: 'greedy' }).data;
const table = csv(join(SCEN, 'data', 'countries-2025.csv'));
const agents = table.filter((r) => r.id !== 'USA' && r.id !== 'CHN').map((r) => r.id);

async function run(name: string, extra: string[] = []): Promise<string> {
  const out = join(tmpDir(), name);
  const r = await cli(['run', join(SCEN, `${name}.yaml`), '--out', out, '-q', ...extra]);
  expect(r.code, r.err).toBe(0);
  expect(r.err).toBe(''); // no warning about the table either
  return out;
}

describe('the 19-economy world', () => {
  it('asia-focus-2025 selects the 19 economies of the April 2025 table, in its order', () => {
    const y = parse(readFileSync(join(SCEN, 'asia-focus-2025.yaml'), 'utf8'));
    expect(y.select).toEqual(['VNM', 'KHM', 'MYS', 'THA', 'IDN', 'PHL', 'SGP', 'IND', 'JPN', 'KOR', 'TWN', 'EU', 'GBR', 'AUS', 'CAN', 'MEX', 'BRA', 'CHE', 'BGD']);
    expect(agents.slice(0, 19)).toEqual(y.select);
  });

  it('asia-focus-2025 gives its recorded bytes (test/data/asia-focus-2025/)', async () => {
    // the data and the outputs they give; the utility terms are pinned by test/golden/small
    // (so a new term of the model changes one golden file, not two)
    const out = await run('asia-focus-2025', ['--set', 'record.components=false']);
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(GOLDEN, { recursive: true });
      for (const f of FILES) cpSync(join(out, f), join(GOLDEN, f));
    }
    for (const f of FILES) expect(read(join(out, f)), f).toBe(read(join(GOLDEN, f)));
    // 19 countries, 27 recorded steps
    expect(new Set(csv(join(out, 'countries.csv')).map((r) => r.country)).size).toBe(19);
  });

});

describe('baseline-2025: the whole world', () => {
  const y = parse(readFileSync(join(SCEN, 'baseline-2025.yaml'), 'utf8'));
  const events = y.events as { id: string; kind: string; target: string | string[]; rate?: number; except?: string[]; layer?: string; date: string }[];

  it('has every country rate of the chart of 2025-04-02 for the economies of the table', () => {
    // The chart announced on 2025-04-02 (Annex I of EO 14257 as revised to it), for the
    // economies of the table; the others have the 10% floor.
    const CHART: Record<string, number> = {
      LSO: 50, KHM: 49, LAO: 48, MDG: 47, VNM: 46, LKA: 44, MMR: 44, IRQ: 39, BGD: 37, SRB: 37, THA: 36, AGO: 32, IDN: 32, TWN: 32,
      CHE: 31, ZAF: 30, DZA: 30, PAK: 29, KAZ: 27, IND: 26, KOR: 25, BRN: 24, JPN: 24, MYS: 24, EU: 20, ISR: 17, PHL: 17, NOR: 15,
      VEN: 15, NGA: 14, HKG: 34,
    };
    const rates = events.filter((e) => e.kind === 'tariff' && e.date === '2025-04-09' && typeof e.target === 'string' && e.target !== 'CHN' && !e.layer);
    const byTarget = Object.fromEntries(rates.filter((e) => e.id.startsWith('rate-')).map((e) => [e.target as string, e.rate]));
    expect(byTarget).toMatchObject(CHART);
    for (const id of Object.keys(byTarget)) expect(agents, id).toContain(id);
  });

  it('puts the 10% floor on every other agent but the exempt ones (USMCA; Russia and Belarus under sanctions)', () => {
    const floor = events.find((e) => e.id === 'us-baseline')!;
    expect(floor).toMatchObject({ target: 'ALL', rate: 10 });
    expect(floor.except).toEqual(['CAN', 'MEX', 'RUS', 'BLR']);
    expect(events.find((e) => e.id === 'pause')!.except).toEqual(['HKG']);
  });

  it('validates and runs with every agent of the table; Hong Kong faces China\'s 145', async () => {
    expect((await cli(['validate', join(SCEN, 'baseline-2025.yaml')])).code).toBe(0);
    const out = await run('baseline-2025');
    const rows = csv(join(out, 'countries.csv'));
    expect(rows.filter((r) => r.step === '0').map((r) => r.country)).toEqual(agents);
    const hkg = rows.find((r) => r.country === 'HKG' && r.date === '2025-04-12')!;
    expect(Number(hkg.us_tariff)).toBe(145);
    const rus = rows.find((r) => r.country === 'RUS' && r.date === '2025-04-12')!;
    expect(Number(rus.us_tariff)).toBe(0);
  });
});
