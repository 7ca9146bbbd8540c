/**
 * Chunks of a sweep: one file per chunk, committed by a rename; adaptive sizes that
 * cover the runs to do exactly once and shrink at the end; a resume that cuts the
 * remaining runs differently from the session before still gives the same bytes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChunkOut, readChunk, writeChunk, chunkFile } from '../../sim/sweep/exec.ts';
import { Chunker, committedChunks, gapsOf, runSweep, CHUNK_DIR, CHUNK_FIRST, CHUNK_TARGET_MS } from '../../sim/sweep/runner.ts';
import type { CliIO } from '../../sim/io/console.ts';
import { cli, ensureBuilt, expectSameFiles, tmp } from './helpers.ts';

const quiet = (): CliIO & { errs: string[] } => { const errs: string[] = []; return { errs, out: () => {}, err: (s) => { errs.push(s); }, isTTY: false }; };

describe('chunk files', () => {
  it('round-trip every section, non-ASCII text included', () => {
    const dir = tmp('chunk-rt');
    const o = new ChunkOut();
    o.runs.line('3,a,ok,'); o.runs.line('4,"é, ü",failed,x');
    o.timing.line('3,0.100'); o.timing.line('4,0.200');
    o.world.line('3,0,2025-01-06,0.5');
    o.failures.push({ run_id: 4, error: 'broke: ∞' });
    const bytes = writeChunk(dir, 3, 5, o);
    const path = join(dir, chunkFile(3, 5));
    expect(readFileSync(path).length).toBe(bytes);
    expect(readdirSync(dir)).toEqual([chunkFile(3, 5)]);
    const c = readChunk(path);
    expect(c.section('runs').toString()).toBe('3,a,ok,\n4,"é, ü",failed,x\n');
    expect(c.section('timing').toString()).toBe('3,0.100\n4,0.200\n');
    expect(c.section('world').toString()).toBe('3,0,2025-01-06,0.5\n');
    expect(c.section('countries').length).toBe(0);
    expect(JSON.parse(c.section('failed').toString())).toEqual({ run_id: 4, error: 'broke: ∞' });
  });

  it('a damaged (truncated) chunk is refused with a way out', () => {
    const dir = tmp('chunk-bad');
    const o = new ChunkOut();
    o.runs.line('0,ok,');
    writeChunk(dir, 0, 1, o);
    const path = join(dir, chunkFile(0, 1));
    writeFileSync(path, readFileSync(path).subarray(0, -2));
    expect(() => readChunk(path)).toThrow(/damaged.*resume/);
  });

  it('committedChunks drops partial and foreign files, refuses overlaps', () => {
    const dir = tmp('chunk-list');
    for (const [a, b] of [[10, 20], [0, 5], [20, 30]]) writeChunk(dir, a, b, new ChunkOut());
    writeFileSync(join(dir, chunkFile(5, 10) + '.partial'), 'half');
    writeFileSync(join(dir, '0000000000-0000000064.runs.csv'), 'old format');
    expect(committedChunks(dir, 0, 30)).toEqual([[0, 5], [10, 20], [20, 30]]);
    expect(readdirSync(dir).sort()).toEqual([chunkFile(0, 5), chunkFile(10, 20), chunkFile(20, 30)]);
    expect(gapsOf([[0, 5], [10, 20], [20, 30]], 0, 40)).toEqual([[5, 10], [30, 40]]);
    writeChunk(dir, 15, 25, new ChunkOut());
    expect(() => committedChunks(dir, 0, 30)).toThrow(/overlap/);
  });
});

describe('Chunker', () => {
  const cover = (c: Chunker, report?: (a: number, b: number) => void) => {
    const got: [number, number][] = [];
    for (let x = c.next(); x; x = c.next()) { got.push(x); report?.(x[0], x[1]); }
    return got;
  };
  it('covers the gaps exactly once, in order', () => {
    const gaps: [number, number][] = [[0, 7], [9, 100], [150, 1000]];
    const c = new Chunker(gaps, 2);
    const got = cover(c, (a, b) => c.report(b - a, (b - a) * 0.5, (b - a) * 100));
    const ids: number[] = [];
    for (const [a, b] of got) { expect(b).toBeGreaterThan(a); for (let i = a; i < b; i++) ids.push(i); }
    const want: number[] = [];
    for (const [a, b] of gaps) for (let i = a; i < b; i++) want.push(i);
    expect(ids).toEqual(want);
    expect(c.remaining).toBe(0);
  });
  it('starts small, grows to the target time, shrinks at the end', () => {
    const c = new Chunker([[0, 100000]], 2);
    const got = cover(c, (a, b) => c.report(b - a, (b - a) * 0.1, (b - a) * 80)); // 0.1 ms and 80 bytes per run
    expect(got[0][1] - got[0][0]).toBe(CHUNK_FIRST);
    const sizes = got.map(([a, b]) => b - a);
    expect(Math.max(...sizes)).toBe(Math.round(CHUNK_TARGET_MS / 0.1));
    expect(sizes.at(-1)).toBe(1);
    expect(got.length).toBeLessThan(100000 / Math.round(CHUNK_TARGET_MS / 0.1) + 40);
  });
  it('caps a chunk by bytes, and takes a fixed size when asked', () => {
    const c = new Chunker([[0, 1e6]], 1);
    c.report(10, 1, 10 * 1e6); // 1 MB per run, very fast
    expect(c.next()).toEqual([0, 8]);
    expect(cover(new Chunker([[0, 10]], 4, 3))).toEqual([[0, 3], [3, 6], [6, 9], [9, 10]]);
  });
});

describe('resume with other chunk cuts', () => {
  beforeAll(() => ensureBuilt(), 120_000);
  for (const [file, chunk] of [['test/sweep/fixtures/small-sweep.yaml', 3], ['test/sweep/fixtures/fail-sweep.yaml', 2]] as const) {
    it(`${file}: fixed chunks stopped midway, resumed with adaptive chunks: same bytes`, async () => {
      const ref = join(tmp('chunks-ref'), 'out');
      const r = cli(['sweep', file, '--out', ref, '--jobs', '1']);
      expect([0, 4]).toContain(r.code);
      const out = join(tmp('chunks-resume'), 'out');
      const a = await runSweep({ file, out, jobs: 2, io: quiet(), chunk, stopAfterChunks: 3 });
      expect(a.interrupted).toBe(true);
      expect(readdirSync(join(out, CHUNK_DIR)).length).toBe(3);
      const io = quiet();
      const b = await runSweep({ file, out, jobs: 2, io, resume: true });
      expect(b.done).toBe(true);
      expect(io.errs.join('\n')).toMatch(new RegExp(`resuming: ${3 * chunk} of \\d+ runs already done`));
      expect(b.code).toBe(r.code);
      expectSameFiles(ref, out, expect);
      expect(existsSync(join(out, CHUNK_DIR))).toBe(false);
    }, 60_000);
  }

  it('a damaged chunk file stops the resume with exit 3 and says what to do', async () => {
    const file = 'test/sweep/fixtures/small-sweep.yaml';
    const out = join(tmp('chunks-damaged'), 'out');
    await runSweep({ file, out, jobs: 1, io: quiet(), chunk: 4, stopAfterChunks: 2 });
    const f = join(out, CHUNK_DIR, chunkFile(0, 4));
    writeFileSync(f, readFileSync(f).subarray(0, -3));
    const r = cli(['sweep', file, '--out', out, '--resume']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/damaged.*delete it and resume/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
