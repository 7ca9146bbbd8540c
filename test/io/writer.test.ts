/** ByteLines and CsvWriter: UTF-8 lines into Buffers, growth, truncation, huge lines, atomic rename. */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ByteLines, CsvWriter } from '../../sim/io/csv.ts';

describe('ByteLines', () => {
  it('holds the UTF-8 bytes of its lines, growing as needed', () => {
    const b = new ByteLines(4);
    const lines = ['a,b', 'Côte d’Ivoire,1', '', 'x'.repeat(1000), '日本,😀'];
    for (const l of lines) b.line(l);
    expect(b.bytes().toString('utf8')).toBe(lines.map((l) => l + '\n').join(''));
    expect(b.length).toBe(Buffer.byteLength(lines.map((l) => l + '\n').join('')));
    expect(b.rows).toBe(5);
  });
  it('truncate() drops the lines after a mark', () => {
    const b = new ByteLines(8);
    b.line('keep');
    const at = b.length, rows = b.rows;
    b.line('drop 1'); b.line('drop 2');
    b.truncate(at, rows);
    b.line('next');
    expect(b.bytes().toString()).toBe('keep\nnext\n');
    expect(b.rows).toBe(2);
  });
});

describe('CsvWriter', () => {
  it('writes header and lines (also ones longer than its buffer) under .partial, renamed on close', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hedgesim-writer-'));
    const path = join(dir, 'sub', 't.csv');
    const w = new CsvWriter(path, ['a', 'b']);
    const big = 'é'.repeat(600_000); // 1.2 MB in UTF-8, more than the buffer
    const want = ['a,b', '1,2', big, 'Ünïcode,3'];
    for (const l of want.slice(1)) w.line(l);
    for (let i = 0; i < 50_000; i++) { w.line(`${i},x`); want.push(`${i},x`); }
    expect(existsSync(path)).toBe(false);
    w.close();
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(want.join('\n') + '\n');
    expect(w.rows).toBe(want.length - 1);
    expect(w.bytes).toBe(Buffer.byteLength(text));
    expect(existsSync(path + '.partial')).toBe(false);
  });
  it('abort() leaves nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hedgesim-writer-'));
    const w = new CsvWriter(join(dir, 't.csv'), ['a']);
    w.line('1');
    w.abort();
    expect(existsSync(join(dir, 't.csv'))).toBe(false);
    expect(existsSync(join(dir, 't.csv.partial'))).toBe(false);
  });
});
