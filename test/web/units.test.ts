/**
 * The playground's own logic, in Node: the browser stand-ins for node:crypto and
 * node:fs (the hash must equal Node's, so manifest.json agrees), the YAML edits the
 * sliders make, the cursor paths for completion, the CSV reader, the paired compare
 * and the share link.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { createHash as browserHash } from '../../sim/web/node/crypto.ts';
import * as vfs from '../../sim/web/node/fs.ts';
import { fastUtf8Write } from '../../sim/web/node/globals.ts';
import { Buffer as PolyBuffer } from 'buffer';
import { setAt, setEventField, applyEdit } from '../../sim/web/src/yamledit.ts';
import { yamlPathAt, keysAt } from '../../sim/web/src/yamlpath.ts';
import { readTable } from '../../sim/web/src/table.ts';
import { pairedDifference } from '../../sim/web/src/compare.ts';
import { encodeShare, decodeShare } from '../../sim/web/src/share.ts';
import { curve } from '../../sim/web/src/sliders.ts';
import { alignColor, hexToLab } from '../../sim/web/src/colors.ts';
import { meanCI } from '../../sim/analysis/stats.ts';
import { scenarioJsonSchema } from '../../sim/scenario/jsonschema.ts';
import { ROOT } from '../helpers.ts';
import type { RepData } from '../../sim/web/src/protocol.ts';

const fcSeed = 1234;

describe('browser stand-ins', () => {
  it('sha256 gives Node\'s digest for the shipped scenario files and random text', () => {
    const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(ROOT, 'scenarios', f), 'utf8'));
    expect(files.length).toBeGreaterThan(3);
    const both = (parts: string[]) => {
      const a = createHash('sha256'), b = browserHash('sha256');
      for (const p of parts) { a.update(p); b.update(p); }
      return [a.digest('hex'), b.digest('hex')];
    };
    const [x, y] = both(files);
    expect(y).toBe(x);
    fc.assert(fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 4 }), (parts) => { const [p, q] = both(parts); return p === q; }), { seed: fcSeed, numRuns: 300 });
  });

  it('the browser Buffer writes UTF-8 as Node\'s does (bytes and count, whole characters only)', () => {
    class B extends (PolyBuffer as unknown as typeof Buffer) {}
    fastUtf8Write(B as unknown as typeof Buffer);
    const mk = (n: number) => (B as unknown as typeof Buffer).alloc(n);
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(20), fc.nat(60), (s, off, size) => {
      const a = Buffer.alloc(size + off), b = mk(size + off);
      const o = Math.min(off, a.length);
      const na = a.write(s, o, 'utf8'), nb = b.write(s, o, 'utf8');
      return na === nb && Buffer.compare(a, Buffer.from(b)) === 0;
    }), { seed: fcSeed, numRuns: 500 });
    const b = mk(4);
    expect(b.write('\u00e9\u00e9\u00e9', 0, 'utf8')).toBe(4); // two whole characters of three
    expect(b.write('hi', 1, 1)).toBe(1);
  });

  it('the in-memory file system reads, writes, renames and refuses as node:fs does', () => {
    vfs.vfs.put('/t/a/b.txt', 'hello');
    expect(vfs.statSync('/t/a').isDirectory()).toBe(true);
    expect(vfs.statSync('t/a/b.txt').size).toBe(5);
    expect(vfs.readFileSync('/t/a/b.txt', 'utf8')).toBe('hello');
    expect(() => vfs.readFileSync('/t/a/missing')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => vfs.readFileSync('/t/a')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    const fd = vfs.openSync('/t/a/out.partial', 'w');
    vfs.writeSync(fd, new TextEncoder().encode('xyz,1\n'), 0, 6);
    vfs.writeSync(fd, 'é\n');
    vfs.closeSync(fd);
    vfs.renameSync('/t/a/out.partial', '/t/a/out.csv');
    expect(vfs.existsSync('/t/a/out.partial')).toBe(false);
    expect(vfs.readFileSync('/t/a/out.csv', 'utf8')).toBe('xyz,1\né\n');
    expect(() => vfs.mkdirSync('/t/x/y')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => vfs.writeFileSync('/t/a/b.txt', 'x', { flag: 'wx' })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    const rfd = vfs.openSync('/t/a/b.txt', 'r');
    const buf = new Uint8Array(3);
    expect(vfs.readSync(rfd, buf, 0, 3, 1)).toBe(3);
    expect(new TextDecoder().decode(buf)).toBe('ell');
    vfs.closeSync(rfd);
    vfs.rmSync('/t', { recursive: true });
    expect(vfs.existsSync('/t/a/b.txt')).toBe(false);
  });
});

describe('slider edits of the YAML', () => {
  const base = readFileSync(join(ROOT, 'scenarios', 'baseline-2025.yaml'), 'utf8');
  const child = readFileSync(join(ROOT, 'scenarios', 'no-retaliation.yaml'), 'utf8');
  const tariffId = (parse(base).events as { id?: string; kind: string; rate?: unknown }[]).find((e) => e.id && e.kind === 'tariff' && typeof e.rate === 'number')!.id!;

  it('replaces a value where it stands and keeps every other line', () => {
    const e = setAt(base, ['tariffs', 'us_on_china'], '12')!;
    const out = applyEdit(base, e);
    expect(parse(out).tariffs.us_on_china).toBe(12);
    const a = base.split('\n'), b = out.split('\n');
    expect(b.length).toBe(a.length);
    expect(a.filter((l, i) => l !== b[i]).length).toBe(1); // one line changed, its comment kept
  });

  it('adds a missing key to its section, or the section at the end', () => {
    const out = applyEdit(child, setAt(child, ['retaliation', 'rate'], '60')!);
    expect(parse(out).retaliation).toEqual({ enabled: false, rate: 60 });
    const out2 = applyEdit(child, setAt(child, ['model', 'elasticity'], '3.5')!);
    expect(parse(out2).model).toEqual({ elasticity: 3.5 });
    const flow = 'name: x\nmodel: {elasticity: 2}\n';
    expect(parse(applyEdit(flow, setAt(flow, ['model', 'inertia'], '0.3')!)).model).toEqual({ elasticity: 2, inertia: 0.3 });
  });

  it('changes an event in place by id, or overrides an inherited one by id', () => {
    const out = applyEdit(base, setEventField(base, tariffId, 0, 'rate', '5', false)!);
    expect((parse(out).events as { id: string; rate: number }[]).find((x) => x.id === tariffId)!.rate).toBe(5);
    const out2 = applyEdit(child, setEventField(child, tariffId, 0, 'rate', '5', true)!);
    const evs = parse(out2).events as { id: string; rate?: number; remove?: boolean }[];
    expect(evs[evs.length - 1]).toEqual({ id: tariffId, rate: 5 });
    expect(evs.length).toBe((parse(child).events as unknown[]).length + 1);
  });

  it('waits when the YAML does not parse', () => {
    expect(setAt('model: [1, 2\n', ['model', 'elasticity'], '2')).toBeNull();
  });

  it('slider curves put the default near the middle and invert', () => {
    for (const [lo, hi, d] of [[0, 10000, 10], [0, 1000, 0], [0, 20, 2], [-1, 1, 0.5], [0.001, 1, 0.5]]) {
      const c = curve(lo, hi, d);
      expect(c.toValue(0)).toBeCloseTo(lo, 9);
      expect(c.toValue(1)).toBeCloseTo(hi, 9);
      for (const p of [0.1, 0.37, 0.8]) expect(c.toPos(c.toValue(p))).toBeCloseTo(p, 9);
    }
    const r = curve(0, 10000, 10);
    expect(r.toValue(0.5)).toBeGreaterThan(5);
    expect(r.toValue(0.5)).toBeLessThan(20);
  });
});

describe('cursor paths for completion and hover', () => {
  const schema = scenarioJsonSchema() as Record<string, any>;
  const at = (s: string) => { const pos = s.indexOf('|'); return yamlPathAt(s.replace('|', ''), pos); };
  it('finds the map the cursor is in, block or flow', () => {
    expect(at('name: x\nmodel:\n  elas|')).toMatchObject({ path: ['model'], inKey: true, word: 'elas' });
    expect(at('model:\n  elasticity: |')).toMatchObject({ path: ['model'], inKey: false, key: 'elasticity' });
    expect(at('events:\n  - id: a\n    ra|').path).toEqual(['events', '[]']);
    expect(at('events:\n  - {id: a, kind: |')).toMatchObject({ path: ['events', '[]'], inKey: false, key: 'kind' });
    expect(at('events:\n- id: a\n  ki|').path).toEqual(['events', '[]']);
    expect(at('wor|').path).toEqual([]);
  });
  it('offers the schema\'s keys there', () => {
    expect(keysAt(schema, ['model']).map(([k]) => k)).toContain('elasticity');
    expect(keysAt(schema, ['events', '[]']).map(([k]) => k)).toEqual(expect.arrayContaining(['kind', 'rate', 'date', 'target']));
  });
});

describe('CSV into columns', () => {
  it('reads numbers, empty cells and quoted text by header name', () => {
    const t = readTable('step,date,kind,value,note\n0,2025-03-01,tariff_set,10,"a, ""quoted""\nnote"\n1,2025-03-08,pause,,\n');
    expect(t.rows).toBe(2);
    expect(Array.from(t.num.step)).toEqual([0, 1]);
    expect(t.num.value[0]).toBe(10);
    expect(Number.isNaN(t.num.value[1])).toBe(true);
    expect(t.text.note).toEqual(['a, "quoted"\nnote', '']);
    expect(t.text.date).toEqual(['2025-03-01', '2025-03-08']);
  });
});

describe('paired compare', () => {
  const rep = (seeds: number[], ids: string[], steps: number[], f: (r: number, s: number, i: number) => number): RepData => {
    const a = new Float64Array(seeds.length * steps.length * ids.length);
    seeds.forEach((_x, r) => steps.forEach((_t, s) => ids.forEach((_id, i) => { a[(r * steps.length + s) * ids.length + i] = f(r, s, i); })));
    return { seeds, ids, steps, dates: steps.map(String), alignment: a, worldHeader: [], world: new Float64Array(0), ms: 0 };
  };
  it('is the mean and t interval of the per-replication differences, by country id', () => {
    const A = rep([1, 2, 3, 4], ['X', 'Y', 'Z'], [0, 5], (r, s, i) => 0.1 * r + s + i);
    const B = rep([1, 2, 3, 4], ['Y', 'X'], [0, 5], (r, s, i) => 0.1 * r * r + s + 2 * i);
    const res = pairedDifference(A, B);
    expect(res.step).toBe(5);
    expect(res.diffs.map((d) => d.id)).toEqual(['X', 'Y']); // Z is only in A
    const dx = [0, 1, 2, 3].map((r) => (0.1 * r * r + 5 + 2) - (0.1 * r + 5 + 0)); // X is row 1 of B, row 0 of A
    const ci = meanCI(dx);
    const x = res.diffs[0];
    expect(x.mean).toBeCloseTo(ci.mean, 12);
    expect(x.lo).toBeCloseTo(ci.lo!, 12);
    expect(x.hi).toBeCloseTo(ci.hi!, 12);
  });
  it('refuses replications with different seeds', () => {
    expect(() => pairedDifference(rep([1, 2], ['X'], [0], () => 0), rep([1, 3], ['X'], [0], () => 0))).toThrow(/same seeds/);
  });
});

describe('share link', () => {
  it('round-trips any scenario text and seed, and refuses foreign paths', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 2000 }), fc.option(fc.nat()), (text, seed) => {
      const h = encodeShare({ file: 'scenarios/x.yaml', text, seed: seed ?? undefined });
      expect(h).toMatch(/^#s=[A-Za-z0-9+\-$]*$/);
      expect(decodeShare(h)).toEqual({ file: 'scenarios/x.yaml', text, seed: seed ?? undefined });
    }), { seed: fcSeed, numRuns: 200 });
    expect(decodeShare(encodeShare({ file: '../etc/passwd', text: 'x' }))).toBeNull();
    expect(decodeShare('#s=garbage')).toBeNull();
  });
});

describe('alignment colours', () => {
  it('run from red through grey to blue, lightest in the middle (readable in grey)', () => {
    const L = (v: number) => hexToLab(alignColor(v))[0];
    expect(L(0)).toBeGreaterThan(L(0.5));
    expect(L(0.5)).toBeGreaterThan(L(1));
    expect(L(0)).toBeGreaterThan(L(-0.5));
    expect(L(-0.5)).toBeGreaterThan(L(-1));
    const [, a0, b0] = hexToLab(alignColor(0));
    expect(Math.hypot(a0, b0)).toBeLessThan(3); // grey
    expect(hexToLab(alignColor(-1))[1]).toBeGreaterThan(30); // red: a* > 0
    expect(hexToLab(alignColor(1))[2]).toBeLessThan(-30); // blue: b* < 0
  });
});
