/**
 * The tables the documentation takes from the code are current: the parameter table of
 * sim/model/README.md and the event reference of scenarios/README.md are what
 * `hedgesim schema --markdown` and `--events` print (`npm run docs` rewrites them), and
 * they name every parameter and every event kind of the schema.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli } from '../helpers.ts';
import { eventReference, parameterTable, replaceBetween, textBetween } from '../../sim/scenario/docs.ts';
import { PARAMS } from '../../sim/world/params.ts';
import { EVENT_KINDS } from '../../sim/scenario/schema.ts';

const model = readFileSync(join(ROOT, 'sim', 'model', 'README.md'), 'utf8');
const scen = readFileSync(join(ROOT, 'scenarios', 'README.md'), 'utf8');

describe('generated documentation', () => {
  it('sim/model/README.md holds the current parameter table (npm run docs)', async () => {
    expect(textBetween(model, 'parameters')).toBe(parameterTable());
    for (const p of PARAMS) expect(textBetween(model, 'parameters')).toContain(`| \`${p.path}\` |`);
    const r = await cli(['schema', '--markdown']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(parameterTable() + '\n');
  });

  it('scenarios/README.md holds the current event reference (npm run docs)', async () => {
    expect(textBetween(scen, 'events')).toBe(eventReference());
    for (const k of EVENT_KINDS) expect(textBetween(scen, 'events')).toContain(`#### \`${k}\``);
    const r = await cli(['schema', '--events']);
    expect(r.out).toBe(eventReference() + '\n');
  });

  it('replaceBetween keeps the text around the markers and refuses a document without them', () => {
    const doc = 'a\n<!-- x -->\nold\n<!-- /x -->\nb\n';
    expect(replaceBetween(doc, 'x', 'new')).toBe('a\n<!-- x -->\nnew\n<!-- /x -->\nb\n');
    expect(textBetween(replaceBetween(doc, 'x', 'new\n'), 'x')).toBe('new\n');
    expect(() => replaceBetween(doc, 'y', 'new')).toThrow(/no <!-- y --> \.\.\. <!-- \/y --> section/);
  });
});
