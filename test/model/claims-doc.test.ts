/**
 * The claim tables of sim/model/README.md (effects over 50 paired replications, and their
 * robustness to one-at-a-time parameter changes) are what a fresh run of the claims
 * gives: a change to the model that moves a claim changes this test's verdict until
 * `npm run docs` rewrites the tables (and the change is seen in review).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.ts';
import { textBetween } from '../../sim/scenario/docs.ts';
import { claimTables, effectsTable, robustnessTable } from '../../sim/analysis/claims-doc.ts';
import { CLAIMS, type ClaimRun } from '../../sim/analysis/claims.ts';

describe('the claim tables of sim/model/README.md', () => {
  it('are current (npm run docs)', async () => {
    const doc = readFileSync(join(ROOT, 'sim', 'model', 'README.md'), 'utf8');
    const t = await claimTables(join(ROOT, 'scenarios', 'baseline-2025.yaml'));
    expect(textBetween(doc, 'claims:effects')).toBe(t.effects);
    expect(textBetween(doc, 'claims:robustness')).toBe(t.robustness);
    // every claim is in both tables
    for (const c of CLAIMS) {
      expect(t.effects).toContain(`| \`${c.id}\` |`);
      expect(t.robustness).toContain(`| \`${c.id}\` |`);
    }
  }, 600_000);

  it('mark a claim that does not hold, and count the variants that flip it', () => {
    const claim = CLAIMS[0];
    const run = (pass: boolean): ClaimRun => ({ claim, result: { effect: { diff: 0, lo: 0, hi: 0, measure: 'x', country: '' }, pass, shown: '0 [0, 0]' } }) as ClaimRun;
    expect(effectsTable([run(false)])).toContain('| **no** |');
    const r = robustnessTable([{ label: 'a', runs: [run(true)] }, { label: 'b', runs: [run(false)] }]);
    expect(r).toContain('| holds | **flips** | knife-edge (1 of 2) |');
    expect(robustnessTable([{ label: 'a', runs: [run(true)] }])).toContain('| holds | robust |');
  });
});
