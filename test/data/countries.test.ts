/**
 * The data table scenarios/data/countries-2025.csv (and members.csv, links-2025.csv):
 * ids are ISO 3166-1 alpha-3 codes or declared aggregates; shares and exports are in
 * range and consistent; every bloc has its members; every row names its sources and
 * its estimates; starting alignment and affinities follow the rule of data/README.md;
 * the table covers at least 95% of world GDP with 60+ agents and 5+ on China's side.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import iso from 'i18n-iso-countries';
import { ROOT } from '../helpers.ts';

const DATA = join(ROOT, 'scenarios', 'data');
const read = (f: string) => Papa.parse<Record<string, string>>(readFileSync(join(DATA, f), 'utf8'), { header: true, skipEmptyLines: 'greedy' });
const table = read('countries-2025.csv');
const rows = table.data;
const POLES = ['USA', 'CHN'];
const agents = rows.filter((r) => !POLES.includes(r.id));
const members = read('members.csv').data;
const links = read('links-2025.csv').data;
const num = (s: string) => (s === '' ? undefined : Number(s));
const blocsOf = (r: Record<string, string>) => (r.blocs ?? '').split(';').map((b) => b.trim()).filter(Boolean);
const byId = new Map(rows.map((r) => [r.id, r]));

// Aggregates that act as one agent, with their members listed in members.csv.
const AGGREGATES = ['EU'];

/** World GDP 2024, US$ bn: IMF WEO April 2025 gives about 110,500 (data/README.md);
 * the October 2025 update about 111,300. The coverage is asserted against 111,600, above both. */
const WORLD_GDP_FOR_TEST = 111_600;

describe('countries-2025.csv: ids', () => {
  it('parses cleanly, one row per id, with the two pole rows', () => {
    expect(table.errors).toEqual([]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const p of POLES) expect(byId.get(p)?.ties).toBe('pole');
  });

  it('every id is an ISO 3166-1 alpha-3 code or a declared aggregate', () => {
    const bad = rows.filter((r) => !iso.isValid(r.id) && !AGGREGATES.includes(r.id)).map((r) => r.id);
    expect(bad).toEqual([]);
    // Taiwan and Hong Kong are ISO codes of their own (customs territories in the table)
    expect(iso.isValid('TWN') && iso.isValid('HKG')).toBe(true);
    expect(iso.isValid('EU')).toBe(false);
  });

  it('each aggregate lists its members in members.csv, each a valid ISO code and not an agent itself', () => {
    for (const a of AGGREGATES) {
      const m = members.filter((r) => r.aggregate === a);
      // the EU has 27 member states since 2020-02-01 (the United Kingdom left)
      if (a === 'EU') expect(m).toHaveLength(27);
      for (const r of m) {
        expect(iso.isValid(r.id), r.id).toBe(true);
        expect(byId.has(r.id), `${r.id} is both a member of ${a} and a row`).toBe(false);
      }
    }
    expect(new Set(members.map((r) => r.aggregate))).toEqual(new Set(AGGREGATES));
  });
});

describe('countries-2025.csv: figures', () => {
  it('shares are within 0..100, exports within 0..400% of GDP, GDP positive', () => {
    for (const r of rows) {
      for (const k of ['to_us', 'to_china', 'imports_from_china', 'transshipment', 'affinity_us', 'affinity_china']) {
        const v = num(r[k]);
        if (v === undefined) continue;
        expect(v, `${r.id}.${k}`).toBeGreaterThanOrEqual(0);
        expect(v, `${r.id}.${k}`).toBeLessThanOrEqual(100);
      }
      expect(num(r.exports), `${r.id}.exports`).toBeGreaterThan(0);
      expect(num(r.exports)!, `${r.id}.exports`).toBeLessThanOrEqual(400);
      expect(num(r.gdp)!, `${r.id}.gdp`).toBeGreaterThan(0);
    }
  });

  it('exports to the US and to China are not above total exports', () => {
    for (const r of rows) expect((num(r.to_us) ?? 0) + (num(r.to_china) ?? 0), r.id).toBeLessThanOrEqual(100);
  });

  it('every agent has every model figure (no cell left to a default)', () => {
    for (const r of agents) {
      for (const k of ['gdp', 'exports', 'to_us', 'to_china', 'imports_from_china', 'transshipment', 'affinity_us', 'affinity_china', 'alignment']) {
        expect(r[k], `${r.id}.${k}`).not.toBe('');
      }
    }
  });

  it('every row names its sources, and its estimates are columns of the table', () => {
    const cols = table.meta.fields!;
    for (const r of rows) {
      for (const k of ['source_gdp', 'source_trade', 'source_ties']) expect(r[k]?.trim(), `${r.id}.${k}`).toBeTruthy();
      for (const e of (r.estimates ?? '').split(';').filter(Boolean)) expect(cols, `${r.id}: estimate of ${e}`).toContain(e);
    }
  });
});

describe('countries-2025.csv: blocs', () => {
  // Members in force during the run (2025-03 to 2025-08), each list with its source.
  const FULL: Record<string, string[]> = {
    // ASEAN Secretariat: ten members (Timor-Leste joined on 2025-10-26, after the run)
    ASEAN: ['BRN', 'KHM', 'IDN', 'LAO', 'MYS', 'MMR', 'PHL', 'SGP', 'THA', 'VNM'],
    // GCC Charter (1981): six members
    GCC: ['BHR', 'KWT', 'OMN', 'QAT', 'SAU', 'ARE'],
    // BRICS: Egypt, Ethiopia, Iran and the UAE from 2024-01-01, Indonesia from 2025-01-06;
    // Saudi Arabia invited (2023) without confirming: not a member here
    BRICS: ['BRA', 'RUS', 'IND', 'CHN', 'ZAF', 'EGY', 'ETH', 'IRN', 'ARE', 'IDN'],
    // SCO Secretariat: Iran from 2023-07-04, Belarus from 2024-07-04
    SCO: ['CHN', 'RUS', 'KAZ', 'KGZ', 'TJK', 'UZB', 'IND', 'PAK', 'IRN', 'BLR'],
    // USMCA (2020)
    USMCA: ['USA', 'CAN', 'MEX'],
    // Quadrilateral Security Dialogue
    Quad: ['USA', 'JPN', 'IND', 'AUS'],
    // AUKUS (2021)
    AUKUS: ['AUS', 'GBR', 'USA'],
    // the EU acts as one agent; its member states are in members.csv
    EU: ['EU'],
  };
  // African Union: 55 member states (Morocco rejoined in 2017); the table holds some of
  // them, and every one of them must carry the bloc. ESH: the Sahrawi Republic.
  const AU = ['DZA', 'AGO', 'BEN', 'BWA', 'BFA', 'BDI', 'CPV', 'CMR', 'CAF', 'TCD', 'COM', 'COG', 'COD', 'CIV', 'DJI', 'EGY', 'GNQ', 'ERI', 'SWZ',
    'ETH', 'GAB', 'GMB', 'GHA', 'GIN', 'GNB', 'KEN', 'LSO', 'LBR', 'LBY', 'MDG', 'MWI', 'MLI', 'MRT', 'MUS', 'MAR', 'MOZ', 'NAM', 'NER', 'NGA',
    'RWA', 'ESH', 'STP', 'SEN', 'SYC', 'SLE', 'SOM', 'ZAF', 'SSD', 'SDN', 'TZA', 'TGO', 'TUN', 'UGA', 'ZMB', 'ZWE'];

  it('the AU list has 55 members', () => expect(new Set(AU).size).toBe(55));

  it.each(Object.entries(FULL))('%s: every member is in the table and carries the bloc, and no one else does', (bloc, list) => {
    for (const id of list) {
      expect(byId.has(id), `${id} (${bloc}) missing`).toBe(true);
      expect(blocsOf(byId.get(id)!), `${id} should carry ${bloc}`).toContain(bloc);
    }
    const tagged = rows.filter((r) => blocsOf(r).includes(bloc)).map((r) => r.id).sort();
    expect(tagged).toEqual([...list].sort());
  });

  it('AU: the African Union members in the table carry the bloc, and only they do', () => {
    const inTable = rows.filter((r) => AU.includes(r.id)).map((r) => r.id).sort();
    expect(inTable.length).toBeGreaterThanOrEqual(10);
    expect(rows.filter((r) => blocsOf(r).includes('AU')).map((r) => r.id).sort()).toEqual(inTable);
  });

  it('no other bloc names are used', () => {
    const used = new Set(rows.flatMap(blocsOf));
    expect([...used].filter((b) => !(b in FULL) && b !== 'AU')).toEqual([]);
  });
});

describe('countries-2025.csv: the rule for alignment and affinities (data/README.md)', () => {
  const US_TIER: Record<string, number> = { U1: 85, U2: 70, U3: 55, U4: 40, U5: 25, U6: 5 };
  const CN_TIER: Record<string, number> = { C1: 90, C2: 85, C3: 70, C4: 55, C5: 40, C6: 25, C7: 0 };
  // UN General Assembly ideal points (Bailey, Strezhnev and Voeten), IdealPointAll,
  // session 77 (2022), release of July 2023: the US and China anchor the scale
  const X_USA = 2.463429, X_CHN = -0.9781309;
  const u = (x: number | undefined) => (x === undefined ? 0 : Math.max(-1, Math.min(1, x >= 0 ? x / X_USA : x / -X_CHN)));

  it.each(agents.map((r) => [r.id, r] as const))('%s', (_id, r) => {
    expect(Object.keys(US_TIER)).toContain(r.us_tie);
    expect(Object.keys(CN_TIER)).toContain(r.china_tie);
    expect(['0', '1']).toContain(r.china_dispute);
    const aUS = US_TIER[r.us_tie], aCN = Math.max(0, CN_TIER[r.china_tie] - 30 * Number(r.china_dispute));
    expect(num(r.affinity_us)).toBe(aUS);
    expect(num(r.affinity_china)).toBe(aCN);
    const x = num(r.unga_ideal);
    if (x !== undefined) expect(Number(r.unga_year)).toBeGreaterThanOrEqual(2020);
    const a = Math.max(-1, Math.min(1, 0.3 * u(x) + 0.7 * (aUS - aCN) / 100));
    // written rounded to 2 decimals (a half rounds either way)
    expect(Math.abs(num(r.alignment)! - a)).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  it('only Taiwan has no ideal point (no UN seat); Hong Kong takes China\'s', () => {
    expect(agents.filter((r) => r.unga_ideal === '').map((r) => r.id)).toEqual(['TWN']);
    expect(num(byId.get('HKG')!.unga_ideal)).toBe(X_CHN);
  });
});

describe('coverage', () => {
  const gdp = rows.reduce((s, r) => s + num(r.gdp)!, 0);

  it('60+ agents and the two poles cover at least 95% of world GDP (2024)', () => {
    expect(agents.length).toBeGreaterThanOrEqual(60);
    expect(gdp / WORLD_GDP_FOR_TEST).toBeGreaterThanOrEqual(0.95);
  });

  it('at least five economies start on China\'s side of the default hedging band (alignment below -0.3)', () => {
    const chinaSide = agents.filter((r) => num(r.alignment)! < -0.3).map((r) => r.id);
    expect(chinaSide.length).toBeGreaterThanOrEqual(5);
  });

  it('data/README.md states the figures the table gives: agents, GDP and coverage', () => {
    const readme = readFileSync(join(DATA, 'README.md'), 'utf8');
    const m = /(\d+) agent economies[^\n]*?US\$([\d,]+) ?bn[^\n]*?(\d+\.\d)% of/.exec(readme.replace(/\s+/g, ' '));
    expect(m, 'coverage sentence in data/README.md').not.toBeNull();
    expect(Number(m![1])).toBe(agents.length);
    expect(Number(m![2].replace(/,/g, ''))).toBe(Math.round(gdp));
    expect(Number(m![3])).toBeCloseTo((100 * gdp) / 110_500, 1);
  });

  it('data/README.md lists the estimates of every row as the table does', () => {
    const readme = readFileSync(join(DATA, 'README.md'), 'utf8');
    const listed = new Map([...readme.matchAll(/^- `([A-Z]{2,3})`: (.+)$/gm)].map((m) => [m[1], m[2].split(', ').sort().join(';')]));
    const expected = new Map(rows.filter((r) => r.estimates).map((r) => [r.id, r.estimates.split(';').sort().join(';')]));
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(expected));
  });
});

describe('links-2025.csv', () => {
  it('links known agents, once each, with a positive weight and a source', () => {
    const ids = new Set(agents.map((r) => r.id));
    const seen = new Set<string>();
    expect(links.length).toBeGreaterThanOrEqual(60);
    for (const l of links) {
      expect(ids.has(l.from), l.from).toBe(true);
      expect(ids.has(l.to), l.to).toBe(true);
      expect(l.from).not.toBe(l.to);
      const key = [l.from, l.to].sort().join('-');
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      expect(Number(l.weight)).toBeGreaterThan(0);
      expect(l.source?.trim()).toBeTruthy();
    }
  });

  it('every agent has at least one link', () => {
    const linked = new Set(links.flatMap((l) => [l.from, l.to]));
    expect(agents.filter((r) => !linked.has(r.id)).map((r) => r.id)).toEqual([]);
  });
});
