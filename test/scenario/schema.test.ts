/**
 * The JSON Schema: generated from the one schema in sim/scenario/schema.ts, committed
 * as scenarios/scenario.schema.json (regenerating it gives the same bytes), printed by
 * `hedgesim schema`, complete (a description, unit and range for every field), and
 * every shipped scenario validates against it with ajv, each file on its own.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';

// ajv is CommonJS: its class is the default export's default under NodeNext
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as unknown as typeof AjvModule.default;
import { parse } from 'yaml';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../sim/scenario/jsonschema.ts';
import { scenarioSchema } from '../../sim/scenario/schema.ts';
import type { S } from '../../sim/scenario/dsl.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { cli } from './helpers.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SCEN = join(ROOT, 'scenarios');
const COMMITTED = join(SCEN, 'scenario.schema.json');

/** Shipped scenarios: scenarios/*.yaml but sweep files (which have their own format). */
export function shippedScenarios(): string[] {
  return readdirSync(SCEN)
    .filter((f) => /\.ya?ml$/.test(f))
    .filter((f) => !/sweep/i.test(f) && !/\$schema=\S*sweep/.test(readFileSync(join(SCEN, f), 'utf8').split('\n')[0]))
    .map((f) => join(SCEN, f));
}

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  return ajv.compile(JSON.parse(readFileSync(COMMITTED, 'utf8')));
}

describe('scenarios/scenario.schema.json', () => {
  it('is what the code generates, byte for byte (run `hedgesim schema > scenarios/scenario.schema.json` after changing schema.ts)', () => {
    expect(readFileSync(COMMITTED, 'utf8')).toBe(scenarioJsonSchemaText());
  });

  it('is printed by `hedgesim schema`', async () => {
    const r = await cli(['schema']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(scenarioJsonSchemaText());
  });

  it('compiles under ajv strict mode', () => {
    expect(() => validator()).not.toThrow();
  });

  it('gives every field a description, a unit and a range', () => {
    const missing: string[] = [];
    const walk = (s: S, p: string) => {
      if (!s.description) missing.push(`${p}: description`);
      if (s.kind === 'number') {
        if (!s.unit) missing.push(`${p}: unit`);
        if (s.min === undefined || s.max === undefined) missing.push(`${p}: range`);
      }
      if (s.kind === 'object') for (const [k, v] of Object.entries(s.fields)) walk(v as S, p ? `${p}.${k}` : k);
      if (s.kind === 'array') walk(s.items, `${p}[]`);
      if (s.kind === 'record') walk(s.values, `${p}.*`);
      if (s.kind === 'union') (s.options as S[]).forEach((o) => walk(o, p));
    };
    walk(scenarioSchema, '');
    expect(missing).toEqual([]);
    // and the generated JSON carries them
    const js = scenarioJsonSchema() as any;
    expect(js.properties.model.properties.elasticity.description).toMatch(/\[unit: dimensionless\] \[range: 0 to 20\]/);
  });

  const files = shippedScenarios();
  it('finds the shipped scenarios', () => {
    expect(files.map((f) => f.slice(SCEN.length + 1))).toContain('baseline-2025.yaml');
  });

  it.each(files.map((f) => [f.slice(SCEN.length + 1), f]))('%s validates against the committed schema (ajv) and loads', async (_n, f) => {
    const text = readFileSync(f, 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./scenario.schema.json');
    const v = validator();
    const ok = v(parse(text));
    expect(v.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const r = await loadScenario(f);
    expect(r.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('accepts a partial file that extends another (events by id alone)', () => {
    const v = validator();
    expect(v({ extends: 'baseline-2025.yaml', events: [{ id: 'rate-VNM', rate: 30 }, { id: 'xi-vnm', remove: true }] })).toBe(true);
  });

  it('agrees with the loader on typical mistakes', () => {
    const v = validator();
    expect(v({ stpes: 10 })).toBe(false);
    expect(v({ steps: 0 })).toBe(false);
    expect(v({ steps: 10.5 })).toBe(false);
    expect(v({ start: 'next week' })).toBe(false);
    expect(v({ events: [{ kind: 'tarif', date: '2025-04-02' }] })).toBe(false);
    expect(v({ events: [{ date: '2025-04-02' }] })).toBe(false); // neither kind nor id
    expect(v({ countries: [{ id: 'VNM', alignment: 2 }] })).toBe(false);
    expect(v({ model: { elasticity: '2 + t' } })).toBe(true); // expressions are strings
    expect(v({ parameters: { '1bad': 2 } })).toBe(false);
  });
});
