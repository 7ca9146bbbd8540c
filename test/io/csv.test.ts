/** The CSVs load as tidy tables: one header line, the documented columns, numbers parse as numbers. */
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import Papa from 'papaparse';
import { BASELINE, cli, tmpDir, read } from '../helpers.ts';
import { COUNTRY_COLUMNS, EVENT_COLUMNS } from '../../sim/record/recorder.ts';
import { COMPONENTS } from '../../sim/record/recorder.ts';
import { WORLD_COLUMNS } from '../../sim/model/measures.ts';
import { fmt } from '../../sim/io/csv.ts';

const TEXT = new Set(['date', 'country', 'stance', 'kind', 'actor', 'target', 'source', 'note']);
const OPTIONAL = new Set(['deal_rate', 'value', 'note']);

describe('CSV outputs', () => {
  let out: string;
  beforeAll(async () => {
    out = join(tmpDir(), 'out');
    expect((await cli(['run', BASELINE, '--out', out, '-q'])).code).toBe(0);
  });
  const cases: [string, readonly string[]][] = [
    ['countries.csv', [...COUNTRY_COLUMNS, ...COMPONENTS]],
    ['world.csv', ['step', 'date', ...WORLD_COLUMNS]],
    ['events.csv', EVENT_COLUMNS],
  ];
  it.each(cases)('%s: header, types, encoding', (file, cols) => {
    const text = read(join(out, file));
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text).not.toMatch(/\r/);
    expect(text.endsWith('\n')).toBe(true);
    const p = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(p.errors).toEqual([]);
    expect(p.meta.fields).toEqual([...cols]);
    for (const h of cols) expect(h).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(p.data.length).toBeGreaterThan(0);
    for (const row of p.data) {
      for (const c of cols) {
        const v = row[c];
        if (TEXT.has(c)) continue;
        if (v === '' && OPTIONAL.has(c)) continue;
        expect(Number.isFinite(Number(v)), `${file} ${c}=${v}`).toBe(true);
        expect(v).toMatch(/^-?\d+(\.\d+)?(e[-+]\d+)?$/);
      }
      if ('date' in row) expect(row.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
  it('the manifest says how the rows were made', () => {
    const m = JSON.parse(read(join(out, 'manifest.json')));
    expect(m.files['countries.csv'].rows).toBe(27 * m.countries);
    expect(m.countries).toBeGreaterThanOrEqual(60);
    expect(m.files['world.csv'].rows).toBe(27);
    expect(m.resolved.model.elasticity).toBeTypeOf('number');
    expect(typeof m.hedgesim).toBe('string');
    expect(Date.parse(m.finished_at)).toBeGreaterThanOrEqual(Date.parse(m.started_at));
  });
  it('numbers are formatted without locale, -0, NaN', () => {
    expect(fmt(-0)).toBe('0');
    expect(fmt(1234567.891)).toBe('1234570');
    expect(fmt(0.000123456789)).toBe('0.000123457');
    expect(() => fmt(NaN)).toThrow();
    expect(() => fmt(Infinity)).toThrow();
  });
});
