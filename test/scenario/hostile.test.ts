/**
 * Hostile or broken files: each is answered quickly (< 1 s) with its issue code and
 * never an exception; a BOM and CRLF line ends are accepted with correct positions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../../sim/scenario/load.ts';
import { loadExprEngine } from '../../sim/scenario/expr.ts';
import { MIN } from './corpus.ts';
import { cleanup, writeFiles } from './helpers.ts';

afterAll(cleanup);
beforeAll(loadExprEngine);

async function timed(content: string | Buffer) {
  const d = writeFiles({ 'h.yaml': content });
  const t0 = performance.now();
  const r = await loadScenario(join(d, 'h.yaml'));
  return { ...r, ms: performance.now() - t0, codes: r.issues.map((i) => i.code) };
}

const billionLaughs = (() => {
  const rows = ['l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) rows.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
  return rows.join('\n') + '\n';
})();

const HOSTILE: [string, () => string | Buffer, string][] = [
  ['an alias bomb (10^9 nodes)', () => billionLaughs, 'YAML_ALIAS_LIMIT'],
  ['a self-referencing alias', () => 'a: &a [1, *a]\n', 'YAML_ALIAS_LIMIT'],
  ['100k-deep flow lists', () => 'x: ' + '['.repeat(100_000) + ']'.repeat(100_000), 'YAML_TOO_DEEP'],
  ['100k-deep flow maps', () => 'x: ' + '{a: '.repeat(100_000) + '1' + '}'.repeat(100_000), 'YAML_TOO_DEEP'],
  ['100k unclosed brackets', () => '['.repeat(100_000), 'YAML_TOO_DEEP'],
  ['a 5 MB file', () => 'name: big\ndescription: "' + 'x'.repeat(5_000_000) + '"\n', 'FILE_TOO_LARGE'],
  ['binary content', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'FILE_BINARY'],
  ['an empty file', () => '', 'FILE_EMPTY'],
  ['only white space', () => '   \n\n  \n', 'FILE_EMPTY'],
  ['a BOM alone', () => '\ufeff', 'FILE_EMPTY'],
  ['tab indentation', () => 'model:\n\telasticity: 2\n', 'YAML_TAB_INDENT'],
  ['a list at the top level', () => '- a\n- b\n', 'YAML_NOT_A_MAP'],
  ['a number at the top level', () => '42\n', 'YAML_NOT_A_MAP'],
  ['invalid UTF-8', () => Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), 'FILE_NOT_UTF8'],
  ['200k keys', () => Array.from({ length: 200_000 }, (_, i) => `k${i}: ${i}`).join('\n'), 'FILE_TOO_LARGE'],
  ['300k flow items on one line', () => 'countries: [' + Array.from({ length: 300_000 }, () => '1').join(',') + ']\n', 'FILE_TOO_LARGE'],
  ['a duplicate key among 5000', () => Array.from({ length: 5000 }, (_, i) => `k${i % 4999}: ${i}`).join('\n'), 'YAML_DUPLICATE_KEY'],
];

describe('hostile input', () => {
  // how fast is measured in the benchmark (npm run bench -- --only inputs), not here: the machine is shared
  it.each(HOSTILE)('%s is refused with its code', async (_n, make, code) => {
    const r = await timed(make());
    expect(r.codes).toContain(code);
    expect(r.scenario).toBeUndefined();
  });

  it('reports every junk key of a large file', async () => {
    const r = await timed(Array.from({ length: 5000 }, (_, i) => `junk${i}: 1`).join('\n'));
    expect(r.codes.filter((c) => c === 'UNKNOWN_KEY')).toHaveLength(5000);
  });
});

describe('accepted variations', () => {
  it('accepts a BOM', async () => {
    const r = await timed('\ufeff' + MIN);
    expect(r.issues).toEqual([]);
    expect(r.scenario).toBeDefined();
  });

  it('accepts CRLF line ends and keeps positions right', async () => {
    const ok = await timed(MIN.replace(/\n/g, '\r\n'));
    expect(ok.issues).toEqual([]);
    const bad = await timed(('\ufeff' + MIN.replace('steps: 10', 'stepz: 10')).replace(/\n/g, '\r\n'));
    expect(bad.issues.map((i) => [i.code, i.path, i.line, i.col])).toEqual([['UNKNOWN_KEY', 'stepz', 3, 1]]);
  });

  it('accepts a document start marker and comments anywhere', async () => {
    const r = await timed('# a comment\n---\n' + MIN + '# the end\n');
    expect(r.issues).toEqual([]);
  });
});
