/**
 * The table of invalid scenarios: each case is one or more files (inline text), the
 * file to load, and the issue expected: its code, its path and its line. A line of a
 * case's text that ends with `#<` marks where the issue must be reported (so the
 * table needs no hand-counted line numbers); `line` overrides it where no comment can
 * be written. Tests assert codes and positions, never wording.
 */
import type { IssueCode } from '../../sim/errors.ts';

export interface Case {
  name: string;
  /** text of the main file (scenario.yaml), or bytes */
  text: string | Buffer;
  /** other files in the same folder */
  files?: Record<string, string | Buffer>;
  set?: string[];
  /** the file to load, when not scenario.yaml */
  load?: string;
  code: IssueCode;
  path?: string;
  line?: number;
  severity?: 'error' | 'warning';
}

/** A small valid scenario; cases are built by editing it. */
export const MIN = `name: t
start: 2025-03-01
steps: 10
countries:
  - {id: VNM, gdp: 476, blocs: [ASEAN], to_us: 29, to_china: 17}
  - {id: MYS, gdp: 422, blocs: [ASEAN]}
  - {id: JPN, gdp: 4030}
events:
  - {id: e1, date: 2025-03-15, kind: tariff, actor: USA, target: VNM, rate: 46}
`;

const HEAD = `name: t
start: 2025-03-01
steps: 10
`;
const COUNTRIES = `countries:
  - {id: VNM, gdp: 476, blocs: [ASEAN]}
  - {id: JPN, gdp: 4030}
`;
/** MIN with extra top-level text */
const plus = (extra: string) => MIN + extra;
/** HEAD + COUNTRIES + the given events block items */
const ev = (...items: string[]) => HEAD + COUNTRIES + 'events:\n' + items.map((i) => `  - ${i}\n`).join('');

const CSV = `id,name,gdp,to_us,to_china
VNM,Vietnam,476,29,17
JPN,Japan,4030,19.9,17.6
`;

const aliasBomb = (() => {
  const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++) {
    const p = String.fromCharCode(97 + i - 1), c = String.fromCharCode(97 + i);
    rows.push(`${c}: &${c} [${Array(10).fill('*' + p).join(', ')}]`);
  }
  return rows.join('\n') + '\n';
})();

const chain = (n: number): Record<string, string> => {
  const f: Record<string, string> = {};
  for (let i = 1; i < n; i++) f[`s${i}.yaml`] = `extends: s${i + 1}.yaml\n`;
  f[`s${n}.yaml`] = MIN;
  return f;
};

export const CASES: Case[] = [
  // ---------------------------------------------------------------- file level
  { name: 'missing file', text: MIN, load: 'nothere.yaml', code: 'FILE_NOT_FOUND', line: 1 },
  { name: 'empty file', text: '', code: 'FILE_EMPTY', line: 1 },
  { name: 'only comments', text: '# nothing here\n\n# still nothing\n', code: 'FILE_EMPTY', line: 1 },
  { name: 'binary content', text: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), code: 'FILE_BINARY', line: 1 },
  { name: 'not UTF-8', text: Buffer.from('name: caf\xe9\n', 'latin1'), code: 'FILE_NOT_UTF8', line: 1 },
  { name: 'extends a device (never read)', text: 'extends: /dev/zero\nname: x\n', code: 'FILE_NOT_REGULAR', line: 1 },
  { name: 'countries_file a device (never read)', text: 'name: x\ncountries_file: /dev/urandom\n', code: 'FILE_NOT_REGULAR', line: 1 },
  { name: 'file over 1 MiB', text: '# ' + 'x'.repeat(5 * 1024 * 1024) + '\n', code: 'FILE_TOO_LARGE', line: 1 },
  { name: 'too many lines', text: 'name: t\n'.repeat(30_000), code: 'FILE_TOO_LARGE', line: 1 },
  // ---------------------------------------------------------------- YAML
  { name: 'duplicate key', text: 'name: t\nsteps: 10\nsteps: 12 #<\n', code: 'YAML_DUPLICATE_KEY' },
  { name: 'tab indentation', text: 'name: t\nmodel:\n\telasticity: 2\n', code: 'YAML_TAB_INDENT', line: 3 },
  { name: 'unclosed bracket', text: 'name: t\nsteps: 10\ncountries: [{id: VNM, gdp: 4\n', code: 'YAML_SYNTAX' },
  { name: 'bad indentation', text: 'name: t\nmodel:\n  elasticity: 2\n rationality: 3 #<\n', code: 'YAML_SYNTAX' },
  { name: 'merge key', text: MIN + 'base: &b {elasticity: 2}\nmodel:\n  <<: *b #<\n', code: 'YAML_SYNTAX', path: '<<' },
  { name: 'two documents', text: MIN + '---\nname: u\n', code: 'YAML_MULTIPLE_DOCUMENTS' },
  { name: 'top level is a list', text: '- name: t #<\n- steps: 10\n', code: 'YAML_NOT_A_MAP' },
  { name: 'top level is a scalar', text: 'just a sentence #<\n', code: 'YAML_NOT_A_MAP' },
  { name: 'alias bomb', text: aliasBomb, code: 'YAML_ALIAS_LIMIT' },
  { name: '100k-deep flow nesting', text: 'a: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n', code: 'YAML_TOO_DEEP', line: 1 },
  { name: 'deep block nesting', text: Array.from({ length: 80 }, (_, i) => ' '.repeat(2 * i) + `k${i}:`).join('\n') + ' 1\n', code: 'YAML_TOO_DEEP' },
  // ---------------------------------------------------------------- schema
  { name: 'unknown top-level key', text: plus('stpes: 12 #<\n'), code: 'UNKNOWN_KEY', path: 'stpes' },
  { name: 'unknown model key', text: plus('model:\n  elastcity: 2 #<\n'), code: 'UNKNOWN_KEY', path: 'model.elastcity' },
  { name: 'unknown country key', text: HEAD + 'countries:\n  - id: VNM\n    gpd: 476 #<\n', code: 'UNKNOWN_KEY', path: 'countries[0].gpd' },
  { name: 'event without kind', text: ev('{id: x, date: 2025-03-10, actor: USA, target: VNM, rate: 5} #<'), code: 'MISSING_KEY', path: 'events[0].kind' },
  { name: 'country without id', text: HEAD + 'countries:\n  - {gdp: 476} #<\n', code: 'MISSING_KEY', path: 'countries[0].id' },
  { name: 'country without gdp', text: HEAD + 'countries:\n  - {id: VNM} #<\n', code: 'MISSING_KEY', path: 'countries.VNM.gdp' },
  { name: 'steps as words', text: MIN.replace('steps: 10', 'steps: ten #<'), code: 'WRONG_TYPE', path: 'steps' },
  { name: 'countries as a map', text: HEAD + 'countries:\n  VNM: {gdp: 476} #<\n', code: 'WRONG_TYPE', path: 'countries' },
  { name: 'rate with a percent sign', text: MIN.replace('rate: 46}', 'rate: 46%} #<'), code: 'WRONG_TYPE', path: 'events[0].rate' },
  { name: 'alignment above 1', text: HEAD + 'countries:\n  - {id: VNM, gdp: 476, alignment: 2} #<\n', code: 'OUT_OF_RANGE', path: 'countries[0].alignment' },
  { name: 'zero steps', text: MIN.replace('steps: 10', 'steps: 0 #<'), code: 'OUT_OF_RANGE', path: 'steps' },
  { name: 'shares over 100%', text: HEAD + 'countries:\n  - {id: VNM, gdp: 476, to_us: 60, to_china: 50} #<\n', code: 'OUT_OF_RANGE', path: 'countries.VNM' },
  { name: 'fractional steps', text: MIN.replace('steps: 10', 'steps: 10.5 #<'), code: 'NOT_INTEGER', path: 'steps' },
  { name: 'misspelt event kind', text: MIN.replace('kind: tariff', 'kind: tarif') + '#<', code: 'BAD_ENUM', path: 'events[0].kind', line: 9 },
  { name: 'impossible date', text: MIN.replace('start: 2025-03-01', 'start: 2025-02-30 #<'), code: 'BAD_DATE', path: 'start' },
  { name: 'date in words', text: MIN.replace('date: 2025-03-15', 'date: next week') + '#<', code: 'BAD_DATE', path: 'events[0].date', line: 9 },
  { name: 'id with a space', text: HEAD + 'countries:\n  - {id: "viet nam", gdp: 476} #<\n', code: 'BAD_PATTERN', path: 'countries[0].id' },
  { name: 'name with spaces', text: MIN.replace('name: t', 'name: my scenario #<'), code: 'BAD_PATTERN', path: 'name' },
  { name: 'range with three ends', text: HEAD + 'world:\n  type: synthetic\n  exports: [1, 2, 3] #<\n', code: 'TOO_MANY_ITEMS', path: 'world.exports' },
  { name: 'range with one end', text: HEAD + 'world:\n  type: synthetic\n  exports: [1] #<\n', code: 'TOO_FEW_ITEMS', path: 'world.exports' },
  { name: 'fraction where percent expected', text: MIN.replace('rate: 46}', 'rate: 0.46} #<'), code: 'PERCENT_AS_FRACTION', path: 'events[0].rate', severity: 'warning' },
  { name: 'negative rate', text: MIN.replace('rate: 46}', 'rate: -5} #<'), code: 'NEGATIVE_RATE', path: 'events[0].rate' },
  // ---------------------------------------------------------------- expressions
  { name: 'expression syntax', text: plus('model:\n  elasticity: "2 +* t" #<\n'), code: 'EXPR_SYNTAX', path: 'model.elasticity' },
  { name: 'expression import', text: plus('model:\n  elasticity: "import(x, y)" #<\n'), code: 'EXPR_FORBIDDEN', path: 'model.elasticity' },
  { name: 'expression evaluate', text: plus('model:\n  elasticity: "evaluate(\'2\')" #<\n'), code: 'EXPR_FORBIDDEN', path: 'model.elasticity' },
  { name: 'expression createUnit', text: plus('model:\n  elasticity: "createUnit(\'foo\')" #<\n'), code: 'EXPR_FORBIDDEN', path: 'model.elasticity' },
  { name: 'expression parse', text: plus('model:\n  elasticity: "parse(\'1\')" #<\n'), code: 'EXPR_FORBIDDEN', path: 'model.elasticity' },
  { name: 'expression assignment', text: plus('model:\n  elasticity: "x = 3" #<\n'), code: 'EXPR_FORBIDDEN', path: 'model.elasticity' },
  { name: 'expression function definition', text: plus('model:\n  elasticity: "f(x) = x^2" #<\n'), code: 'EXPR_FORBIDDEN', path: 'model.elasticity' },
  { name: 'expression property access', text: plus('model:\n  elasticity: "t.constructor" #<\n'), code: 'EXPR_FORBIDDEN', path: 'model.elasticity' },
  { name: 'percent sign in an expression', text: MIN.replace('rate: 46}', 'rate: "t + 46%"} #<'), code: 'EXPR_FORBIDDEN', path: 'events[0].rate' },
  { name: 'expression unknown name', text: plus('model:\n  elasticity: "2 * shock" #<\n'), code: 'EXPR_UNKNOWN_SYMBOL', path: 'model.elasticity' },
  { name: 'expression too long', text: plus(`model:\n  elasticity: "${Array(200).fill('1').join(' + ')}" #<\n`), code: 'EXPR_TOO_LONG', path: 'model.elasticity' },
  { name: 'expression too deep', text: plus(`model:\n  elasticity: "${'('.repeat(40)}1${')'.repeat(40)}" #<\n`), code: 'EXPR_TOO_DEEP', path: 'model.elasticity' },
  { name: 'expression divides by zero', text: plus('model:\n  rationality: "10 / (t - 3) ^ 2" #<\n'), code: 'EXPR_NOT_FINITE', path: 'model.rationality' },
  { name: 'expression out of range', text: plus('retaliation:\n  probability: "t * 20" #<\n'), code: 'OUT_OF_RANGE', path: 'retaliation.probability' },
  { name: 'event expression out of range', text: MIN.replace('rate: 46}', 'rate: "t * 600"} #<'), code: 'OUT_OF_RANGE', path: 'events[0].rate' },
  // ---------------------------------------------------------------- rules
  { name: 'duplicate country id', text: HEAD + 'countries:\n  - {id: VNM, gdp: 476}\n  - {id: VNM, gdp: 400} #<\n', code: 'DUPLICATE_ID', path: 'countries[1].id' },
  { name: 'duplicate event id', text: ev('{id: a, date: 2025-03-10, kind: tariff, actor: USA, target: VNM, rate: 5}', '{id: a, date: 2025-03-11, kind: tariff, actor: USA, target: VNM, rate: 6} #<'), code: 'DUPLICATE_ID', path: 'events[1].id' },
  { name: 'poles with one id', text: plus('poles: {us: USA, china: USA}\n'), code: 'DUPLICATE_ID', path: 'poles', line: 1 },
  { name: 'unknown country in target', text: ev('{date: 2025-03-10, kind: tariff, actor: USA, target: VMN, rate: 5} #<'), code: 'UNKNOWN_COUNTRY', path: 'events[0].target' },
  { name: 'unknown country in except', text: ev('{date: 2025-03-10, kind: tariff, actor: USA, target: ALL, except: [JNP], rate: 5} #<'), code: 'UNKNOWN_COUNTRY', path: 'events[0].target' },
  { name: 'unknown pole', text: ev('{date: 2025-03-10, kind: tariff, actor: USB, target: VNM, rate: 5} #<'), code: 'UNKNOWN_POLE', path: 'events[0].actor' },
  { name: 'event after the horizon', text: ev('{date: 2026-01-01, kind: tariff, actor: USA, target: VNM, rate: 5} #<'), code: 'EVENT_OUTSIDE_HORIZON', path: 'events[0].date', severity: 'warning' },
  { name: 'event step past the end', text: ev('{step: 11, kind: tariff, actor: USA, target: VNM, rate: 5} #<'), code: 'EVENT_OUTSIDE_HORIZON', path: 'events[0].step', severity: 'warning' },
  { name: 'retaliation on a pole', text: ev('{date: 2025-03-10, kind: retaliation, actor: CHN, target: USA, rate: 5, share: 10} #<'), code: 'EVENT_BAD_TARGET', path: 'events[0].target' },
  { name: 'tariff without rate', text: ev('{date: 2025-03-10, kind: tariff, actor: USA, target: VNM} #<'), code: 'EVENT_MISSING_FIELD', path: 'events[0].rate' },
  { name: 'date and step', text: ev('{date: 2025-03-10, step: 2, kind: tariff, actor: USA, target: VNM, rate: 5} #<'), code: 'EVENT_BOTH_DATE_AND_STEP', path: 'events[0]' },
  { name: 'event with no time', text: ev('{kind: tariff, actor: USA, target: VNM, rate: 5} #<'), code: 'EVENT_NO_TIME', path: 'events[0]' },
  { name: 'no countries', text: HEAD + 'countries: []\n', code: 'NO_COUNTRIES', path: 'countries', line: 1 },
  { name: 'a pole listed as a country', text: HEAD + 'countries:\n  - {id: CHN, gdp: 18740} #<\n', code: 'POLE_AS_COUNTRY', path: 'countries[0].id' },
  { name: 'link to an unknown country', text: plus('links:\n  - {from: VNM, to: XXX} #<\n'), code: 'BAD_LINK', path: 'links[0].to' },
  { name: 'remove an unknown event', text: plus('  - {id: nope, remove: true} #<\n'), code: 'REMOVE_UNKNOWN', path: 'events[1].id' },
  // ---------------------------------------------------------------- extends
  { name: 'extends cycle', text: 'extends: b.yaml #<\n', files: { 'b.yaml': 'extends: scenario.yaml\n' }, code: 'EXTENDS_CYCLE', path: 'extends' },
  { name: 'extends a missing file', text: 'extends: nowhere.yaml #<\nsteps: 5\n', code: 'EXTENDS_NOT_FOUND', path: 'extends' },
  { name: 'extends 18 deep', text: 'extends: s1.yaml\n', files: chain(18), code: 'EXTENDS_TOO_DEEP', path: 'extends' },
  { name: 'remove an unknown inherited country', text: 'extends: base.yaml\ncountries:\n  - {id: KOR, remove: true} #<\n', files: { 'base.yaml': MIN }, code: 'REMOVE_UNKNOWN', path: 'countries[3].id' },
  { name: 'unknown key in a child', text: 'extends: base.yaml\nmodle: {elasticity: 3} #<\n', files: { 'base.yaml': MIN }, code: 'UNKNOWN_KEY', path: 'modle' },
  { name: 'error in the parent is shown in the parent', text: 'extends: base.yaml\nsteps: 12\n', files: { 'base.yaml': MIN.replace('steps: 10', 'steps: 10\nseeed: 3 #<') }, code: 'UNKNOWN_KEY', path: 'seeed' },
  // ---------------------------------------------------------------- countries CSV
  // ---------------------------------------------------------------- select and links_file
  { name: 'select names an unknown country', text: plus('select: [VNM, JPM] #<\n'), code: 'UNKNOWN_COUNTRY', path: 'select[1]' },
  { name: 'select names a pole', text: plus('select: [VNM, USA] #<\n'), code: 'POLE_AS_COUNTRY', path: 'select[1]' },
  { name: 'event on a country left out by select', text: plus('select: [JPN]\n'), code: 'UNKNOWN_COUNTRY', path: 'events[0].target', line: 9 },
  { name: 'links_file links an unknown country', text: HEAD + COUNTRIES + 'links_file: l.csv\n', files: { 'l.csv': 'from,to,weight\nVNM,JPN,2\nVNM,XXX,1\n' }, load: 'scenario.yaml', code: 'BAD_LINK', path: 'links_file:3.to', line: 3 },
  { name: 'links_file with a word for a weight', text: HEAD + COUNTRIES + 'links_file: l.csv\n', files: { 'l.csv': 'from,to,weight\nVNM,JPN,lots\n' }, code: 'CSV_BAD_VALUE', path: 'links_file[0].weight', line: 2 },
  { name: 'links_file with an unknown column', text: HEAD + COUNTRIES + 'links_file: l.csv\n', files: { 'l.csv': 'from,to,wieght\nVNM,JPN,2\n' }, code: 'UNKNOWN_KEY', path: 'wieght', line: 1 },
  { name: 'links_file without a to column', text: HEAD + COUNTRIES + 'links_file: l.csv\n', files: { 'l.csv': 'from,weight\nVNM,2\n' }, code: 'CSV_MISSING_COLUMN', path: 'links_file', line: 1 },
  { name: 'CSV with a stray quote', text: HEAD + 'countries_file: c.csv\n', files: { 'c.csv': 'id,name,gdp\nVNM,"Viet nam,476\nJPN,Japan,4030\n' }, code: 'CSV_SYNTAX', path: 'countries_file' },
  { name: 'CSV without id', text: HEAD + 'countries_file: c.csv\n', files: { 'c.csv': 'code,gdp\nVNM,476\n' }, code: 'CSV_MISSING_COLUMN', path: 'countries_file', line: 1 },
  { name: 'CSV with a word for a number', text: HEAD + 'countries_file: c.csv\n', files: { 'c.csv': CSV.replace('476', 'abc') }, code: 'CSV_BAD_VALUE', path: 'countries[VNM].gdp', line: 2 },
  { name: 'CSV with an unknown column', text: HEAD + 'countries_file: c.csv\n', files: { 'c.csv': CSV.replace('to_china', 'to_chna') }, code: 'UNKNOWN_KEY', path: 'to_chna', line: 1 },
  { name: 'CSV with a duplicate id', text: HEAD + 'countries_file: c.csv\n', files: { 'c.csv': CSV + 'VNM,Vietnam,476,29,17\n' }, code: 'DUPLICATE_ID', path: 'countries.VNM', line: 4 },
  { name: 'CSV country out of range', text: HEAD + 'countries_file: c.csv\n', files: { 'c.csv': CSV.replace('29,17', '80,30') }, code: 'OUT_OF_RANGE', path: 'countries.VNM', line: 2 },
  // ---------------------------------------------------------------- overrides
  { name: '--set of an unknown setting', text: MIN, set: ['model.elastcity=3'], code: 'BAD_OVERRIDE', path: 'model.elastcity' },
  { name: '--set of an undefined parameter', text: plus('parameters: {peak: 46}\n'), set: ['parameters.paek=50'], code: 'UNKNOWN_PARAMETER', path: 'parameters.paek' },
  { name: '--set to a bad value', text: MIN, set: ['steps=-3'], code: 'OUT_OF_RANGE', path: 'steps' },
];
