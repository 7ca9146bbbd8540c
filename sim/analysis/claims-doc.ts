/**
 * The tables of sim/model/README.md made from the claims (claims.ts): the measured
 * effects over paired replications, and their robustness to one-at-a-time changes of
 * the behavioural parameters. `npm run docs` writes them between the README's markers;
 * test/model/claims-doc.test.ts checks the committed tables are what a fresh run gives.
 */
import { runClaims, ROBUSTNESS, type ClaimRun } from './claims.ts';

export const CLAIM_REPLICATIONS = 50;
export const CLAIM_SEED = 1;

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** The effects table: each claim, the effect A - B with its 95% interval, and whether it has the expected sign. */
export function effectsTable(runs: ClaimRun[]): string {
  const rows = ['| claim | what it says | A - B [95% interval] | holds |', '|---|---|---|---|'];
  for (const r of runs) rows.push(`| \`${r.claim.id}\` | ${cell(r.claim.says)} | ${r.result.shown} | ${r.result.pass ? 'yes' : '**no**'} |`);
  return rows.join('\n') + '\n';
}

/** The robustness table: for each claim and each one-at-a-time change, whether it still holds. */
export function robustnessTable(byVariant: { label: string; runs: ClaimRun[] }[]): string {
  const head = `| claim | ${byVariant.map((v) => v.label).join(' | ')} | verdict |`;
  const rows = [head, `|---|${byVariant.map(() => '---').join('|')}|---|`];
  const ids = byVariant[0].runs.map((r) => r.claim.id);
  for (const id of ids) {
    const marks = byVariant.map((v) => v.runs.find((r) => r.claim.id === id)!.result.pass);
    const flips = marks.filter((m) => !m).length;
    rows.push(`| \`${id}\` | ${marks.map((m) => (m ? 'holds' : '**flips**')).join(' | ')} | ${flips === 0 ? 'robust' : `knife-edge (${flips} of ${marks.length})`} |`);
  }
  return rows.join('\n') + '\n';
}

export async function claimTables(file: string): Promise<{ effects: string; robustness: string }> {
  const base = await runClaims(file, { replications: CLAIM_REPLICATIONS, seed: CLAIM_SEED });
  const variants = [];
  for (const v of ROBUSTNESS) variants.push({ label: v.label, runs: await runClaims(file, { replications: CLAIM_REPLICATIONS, seed: CLAIM_SEED, set: v.set }) });
  return { effects: effectsTable(base), robustness: robustnessTable(variants) };
}
