import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { BASELINE, cli, tmpDir, read } from '../helpers.ts';

describe('determinism', () => {
  it('same scenario and seed give identical bytes in every CSV; another seed differs', async () => {
    const d = tmpDir();
    for (const [out, seed] of [['a', '7'], ['b', '7'], ['c', '8']]) {
      const r = await cli(['run', BASELINE, '--seed', seed, '--out', join(d, out), '-q']);
      expect(r.code).toBe(0);
    }
    for (const f of ['countries.csv', 'world.csv', 'events.csv']) {
      expect(read(join(d, 'a', f))).toBe(read(join(d, 'b', f)));
    }
    expect(read(join(d, 'c', 'countries.csv'))).not.toBe(read(join(d, 'a', 'countries.csv')));
    const m = JSON.parse(read(join(d, 'a', 'manifest.json')));
    expect(m.seed).toBe(7);
    expect(m.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
