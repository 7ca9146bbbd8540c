/**
 * Golden files: the outputs of test/golden/small.yaml are compared byte for byte with
 * test/golden/small/. A change to the model that changes them must be deliberate:
 * regenerate with `npm run golden:update` and review the diff.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { cpSync, mkdirSync } from 'node:fs';
import { ROOT, cli, tmpDir, read } from '../helpers.ts';

const dir = join(ROOT, 'test', 'golden');
const FILES = ['countries.csv', 'world.csv', 'events.csv'];

describe('golden files', () => {
  it('small scenario outputs match test/golden/small/', async () => {
    const out = join(tmpDir(), 'out');
    const r = await cli(['run', join(dir, 'small.yaml'), '--out', out, '-q']);
    expect(r.code, r.err).toBe(0);
    if (process.env.UPDATE_GOLDEN) {
      mkdirSync(join(dir, 'small'), { recursive: true });
      for (const f of FILES) cpSync(join(out, f), join(dir, 'small', f));
    }
    for (const f of FILES) expect(read(join(out, f)), f).toBe(read(join(dir, 'small', f)));
  });
});
