/**
 * The invalid-scenario corpus (corpus.ts): every case is refused (or warned about)
 * with its issue code, path and line; every issue carries a line and a column; every
 * issue code that belongs to scenarios is reachable; hostile files are answered fast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenario } from '../../sim/scenario/load.ts';
import { loadExprEngine } from '../../sim/scenario/expr.ts';
import { ISSUE_CODES, type IssueCode } from '../../sim/errors.ts';
import { CASES, MIN } from './corpus.ts';
import { cleanup, markedLine, writeFiles } from './helpers.ts';

afterAll(cleanup);
// mathjs loads once, lazily (~0.5 s); keep that out of the per-case timings
beforeAll(loadExprEngine);

async function run(c: (typeof CASES)[number]) {
  const d = writeFiles({ 'scenario.yaml': c.text, ...(c.files ?? {}) });
  const t0 = performance.now();
  const r = await loadScenario(join(d, c.load ?? 'scenario.yaml'), { set: c.set });
  return { ...r, ms: performance.now() - t0 };
}

describe('the corpus of invalid scenarios', () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('starts from a valid scenario', async () => {
    const d = writeFiles({ 'scenario.yaml': MIN });
    const r = await loadScenario(join(d, 'scenario.yaml'));
    expect(r.issues).toEqual([]);
    expect(r.scenario).toBeDefined();
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const r = await run(c);
    const hit = r.issues.find((i) => i.code === c.code && (c.path === undefined || i.path === c.path));
    expect(hit, `expected ${c.code} at ${c.path ?? '(any path)'}, got ${JSON.stringify(r.issues.map((i) => [i.code, i.path, i.line]))}`).toBeDefined();
    expect(hit!.severity).toBe(c.severity ?? 'error');
    const line = c.line ?? markedLine(c.text);
    if (line !== undefined) expect(hit!.line).toBe(line);
    if ((c.severity ?? 'error') === 'error') expect(r.scenario).toBeUndefined();
    else expect(r.scenario).toBeDefined();
    // every issue from a file has a file, a line and a column
    for (const i of r.issues) {
      if (i.code === 'BAD_OVERRIDE' || i.file?.startsWith('--')) continue;
      expect(i.file, `${i.code} has no file`).toBeTruthy();
      expect(i.line, `${i.code} ${i.path} has no line`).toBeGreaterThanOrEqual(1);
      expect(i.col, `${i.code} ${i.path} has no column`).toBeGreaterThanOrEqual(1);
      expect(i.path).toBeTypeOf('string');
    }
  });

  it('reaches every issue code that belongs to scenarios', () => {
    // not scenario codes: sweeps, output folders, size limits (test/cli/hostile.test.ts covers them, and
    // FILE_UNREADABLE, which needs a user other than root and is driven from there)
    const scenarioCodes = ISSUE_CODES.filter((c) => !c.startsWith('SWEEP_') && !c.startsWith('OUTPUT_') && c !== 'TOO_LARGE' && c !== 'FILE_UNREADABLE');
    const covered = new Set<IssueCode>(CASES.map((c) => c.code));
    expect(scenarioCodes.filter((c) => !covered.has(c))).toEqual([]);
  });
});
