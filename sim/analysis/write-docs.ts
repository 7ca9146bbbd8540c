/**
 * `npm run docs`: rewrite the tables the documentation takes from the code, between their
 * markers: the parameter table and the claim tables of sim/model/README.md, and the event
 * reference of scenarios/README.md. Tests check that the committed tables are current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventReference, parameterTable, replaceBetween } from '../scenario/docs.ts';
import { claimTables } from './claims-doc.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const model = join(root, 'sim', 'model', 'README.md');
const scen = join(root, 'scenarios', 'README.md');
const only = process.argv.includes('--no-claims') ? ['params'] : ['params', 'claims'];

let doc = readFileSync(model, 'utf8');
doc = replaceBetween(doc, 'parameters', parameterTable());
if (only.includes('claims')) {
  const t = await claimTables(join(root, 'scenarios', 'baseline-2025.yaml'));
  doc = replaceBetween(doc, 'claims:effects', t.effects);
  doc = replaceBetween(doc, 'claims:robustness', t.robustness);
}
writeFileSync(model, doc);
writeFileSync(scen, replaceBetween(readFileSync(scen, 'utf8'), 'events', eventReference()));
process.stderr.write(`wrote the generated tables of sim/model/README.md and scenarios/README.md\n`);
