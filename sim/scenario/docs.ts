/**
 * Tables made from the schema, never copied by hand: the parameter table of
 * sim/model/README.md (`hedgesim schema --markdown`) and the event reference of
 * scenarios/README.md (`hedgesim schema --events`). Tests check that the committed
 * tables are what these functions give (test/scenario/docs.test.ts).
 */
import { PARAMS } from '../world/params.ts';
import { EVENT_DOCS, EVENT_KINDS, eventSchema } from './schema.ts';
import type { S } from './dsl.ts';

const cellText = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The model's parameters: path, default, unit, range, what it is (with its source). */
export function parameterTable(): string {
  const rows = ['| setting | default | unit | range | meaning and source |', '|---|---|---|---|---|'];
  for (const p of PARAMS) {
    const s = p.schema;
    const dflt = s.default === undefined ? '' : String(s.default);
    const unit = s.kind === 'number' ? s.unit ?? '' : '';
    const range = s.kind === 'number' ? `${s.min ?? '-inf'}..${s.max ?? 'inf'}${s.expr ? ' (or an expression)' : ''}` : 'true or false';
    rows.push(`| \`${p.path}\` | ${dflt} | ${cellText(unit)} | ${range} | ${cellText(s.description ?? '')} |`);
  }
  return rows.join('\n') + '\n';
}

/** Every event kind: what it does, who acts on whom, its fields with their defaults, and what happens when two events touch the same thing. */
export function eventReference(): string {
  const fields = eventSchema.fields as Record<string, S>;
  const out: string[] = [];
  out.push('Fields every event has: `kind`, and `date` (YYYY-MM-DD; before `start:` it is history, in force at step 0) or `step`; optionally `id` (for `extends`), `remove`, `note`.');
  out.push('');
  for (const k of EVENT_KINDS) {
    const d = EVENT_DOCS[k];
    out.push(`#### \`${k}\``);
    out.push('');
    out.push(`${d.does[0].toUpperCase()}${d.does.slice(1)}.`);
    out.push('');
    out.push(`- actor: ${d.actor}; target: ${d.target}`);
    for (const [f, dflt] of Object.entries(d.fields)) {
      const s = fields[f];
      const unit = s && s.kind === 'number' && s.unit ? ` (${s.unit})` : '';
      out.push(`- \`${f}\`${unit}: ${dflt.startsWith('required') ? dflt : `default ${dflt}`}`);
    }
    out.push(`- when two events touch the same thing: ${d.overlap}`);
    out.push('');
  }
  return out.join('\n');
}

/** Replace the text between `<!-- name -->` and `<!-- /name -->` in a document (throws if the markers are missing). */
export function replaceBetween(doc: string, name: string, body: string): string {
  const a = `<!-- ${name} -->`, b = `<!-- /${name} -->`;
  const i = doc.indexOf(a), j = doc.indexOf(b);
  if (i < 0 || j < i) throw new Error(`the document has no ${a} ... ${b} section`);
  return doc.slice(0, i + a.length) + '\n' + body + (body.endsWith('\n') ? '' : '\n') + doc.slice(j);
}

/** The text between the markers (for the tests that compare it with a fresh table). */
export function textBetween(doc: string, name: string): string {
  const a = `<!-- ${name} -->`, b = `<!-- /${name} -->`;
  const i = doc.indexOf(a), j = doc.indexOf(b);
  if (i < 0 || j < i) throw new Error(`the document has no ${a} ... ${b} section`);
  return doc.slice(i + a.length + 1, j);
}
