/**
 * select: keeps only some countries of countries_file and the inherited list (by id,
 * or by bloc for all its members), in the order of the file; links_file: reads trade
 * links from a CSV after those listed under links:, and drops those to a country that
 * select: left out. The refusals (unknown ids, poles, events on a country left out, bad
 * link rows) are cases of the invalid corpus (corpus.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadScenario } from '../../sim/scenario/load.ts';
import { compileWorld } from '../../sim/world/compile.ts';
import { cleanup, writeFiles } from './helpers.ts';

afterAll(cleanup);

const CSV = `id,name,blocs,gdp,to_us,to_china,source
USA,United States,,29180,,7,pole
VNM,Vietnam,ASEAN,476,29,17,a
MYS,Malaysia,ASEAN,422,13,13,b
JPN,Japan,Quad,4030,20,18,c
KOR,South Korea,,1870,19,20,d
`;
const HEAD = 'name: t\nstart: 2025-03-01\nsteps: 4\ncountries_file: c.csv\n';
const load = async (yaml: string, files: Record<string, string> = {}, main = 'scenario.yaml') => {
  const d = writeFiles({ 'c.csv': CSV, 'scenario.yaml': yaml, ...files });
  return loadScenario(join(d, main));
};
const ids = (r: Awaited<ReturnType<typeof load>>) => r.scenario!.countries.map((c) => c.id);

describe('select:', () => {
  it('keeps the ids and the members of the blocs named, in the order of the file', async () => {
    const r = await load(HEAD + 'select: [KOR, ASEAN]\n');
    expect(r.issues).toEqual([]);
    expect(ids(r)).toEqual(['VNM', 'MYS', 'KOR']);
  });

  it('without select: every country of the file is kept', async () => {
    expect(ids(await load(HEAD))).toEqual(['VNM', 'MYS', 'JPN', 'KOR']);
  });

  it('applies to the inherited list and keeps the inline changes of the countries it keeps', async () => {
    const r = await load('extends: base.yaml\nselect: [JPN, VNM]\ncountries:\n  - {id: VNM, alignment: 0.2, blocs: []}\n  - {id: MYS, alignment: -0.3}\n', { 'base.yaml': HEAD });
    expect(r.issues).toEqual([]);
    expect(ids(r)).toEqual(['VNM', 'JPN']);
    expect(r.scenario!.countries[0]).toMatchObject({ id: 'VNM', gdp: 476, alignment: 0.2, blocs: [] });
    // the emptied blocs make no bloc link in the compiled world
    expect(compileWorld(r.scenario!).blocs.size).toBe(1); // Quad (JPN)
  });

  it('events may target the countries kept, and a bloc by name', async () => {
    const r = await load(HEAD + 'select: [ASEAN]\nevents:\n  - {date: 2025-03-08, kind: tariff, actor: USA, target: ASEAN, rate: 20}\n');
    expect(r.issues).toEqual([]);
    expect(compileWorld(r.scenario!).n).toBe(2);
  });

  it('says that an event names a country left out by select:, and how to fix it', async () => {
    const r = await load(HEAD + 'select: [JPN]\nevents:\n  - {date: 2025-03-08, kind: tariff, actor: USA, target: VNM, rate: 20}\n');
    const i = r.issues.find((x) => x.code === 'UNKNOWN_COUNTRY')!;
    expect(i.path).toBe('events[0].target');
    expect(i.message).toMatch(/select:/);
    expect(r.scenario).toBeUndefined();
  });
});

describe('links_file:', () => {
  const LINKS = 'from,to,weight,source\nVNM,MYS,30,x\nJPN,KOR,75,y\n\nVNM,JPN,,z\n';

  it('reads the links after those listed under links:, weight 1 where the cell is empty', async () => {
    const r = await load(HEAD + 'links_file: l.csv\nlinks:\n  - {from: MYS, to: KOR, weight: 2}\n', { 'l.csv': LINKS });
    expect(r.issues).toEqual([]);
    expect(r.scenario!.spec.links).toEqual([
      { from: 'MYS', to: 'KOR', weight: 2 }, { from: 'VNM', to: 'MYS', weight: 30 }, { from: 'JPN', to: 'KOR', weight: 75 }, { from: 'VNM', to: 'JPN', weight: 1 },
    ]);
    // the file is part of the scenario's sources and hash
    expect([...r.scenario!.sources.keys()].some((k) => k.endsWith('l.csv'))).toBe(true);
    const w = compileWorld(r.scenario!);
    expect(w.linkStart[w.n]).toBeGreaterThan(0);
  });

  it('drops the links to a country left out by select:, keeps the others', async () => {
    const r = await load(HEAD + 'select: [VNM, JPN, KOR]\nlinks_file: l.csv\n', { 'l.csv': LINKS });
    expect(r.issues).toEqual([]);
    expect(r.scenario!.spec.links!.map((l) => `${l.from}-${l.to}`)).toEqual(['JPN-KOR', 'VNM-JPN']);
  });

  it('a path relative to the file that names it', async () => {
    const d = writeFiles({ 'c.csv': CSV, 'l.csv': LINKS, 'scenario.yaml': 'extends: sub/base.yaml\n' });
    mkdirSync(join(d, 'sub'));
    writeFileSync(join(d, 'sub', 'base.yaml'), HEAD.replace('c.csv', '../c.csv') + 'links_file: ../l.csv\n');
    const r = await loadScenario(join(d, 'scenario.yaml'));
    expect(r.issues).toEqual([]);
    expect(r.scenario!.spec.links).toHaveLength(3);
  });

  it('a missing file is reported at links_file', async () => {
    const r = await load(HEAD + 'links_file: nope.csv\n');
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([['FILE_NOT_FOUND', 'links_file']]);
  });
});
