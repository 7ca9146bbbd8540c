/**
 * Reading the CSV files hedgesim writes (runs.csv, points.csv, world.csv, ...)
 * back for analysis. Tables are kept as columns of strings with a name index;
 * numbers are parsed on demand. Large time-series files of sweeps are read as a
 * stream and filtered by run id before parsing, so a plot of one design point
 * does not hold the whole sweep in memory.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import Papa from 'papaparse';
import { UserError } from '../errors.ts';

export interface Table {
  /** file the table was read from (for messages) */
  file: string;
  columns: string[];
  rows: string[][];
}

export function colIndex(t: Table, name: string): number {
  return t.columns.indexOf(name);
}

/** Index of a column that must exist, or a UserError naming the file and the columns it has. */
export function needCol(t: Table, name: string): number {
  const i = t.columns.indexOf(name);
  if (i < 0) {
    throw new UserError(`${t.file}: column '${name}' is missing, got columns ${t.columns.slice(0, 12).join(', ')}${t.columns.length > 12 ? ', ...' : ''}; ` +
      'is this a folder written by hedgesim run or hedgesim sweep?');
  }
  return i;
}

/** A numeric cell: NaN for an empty or non-numeric field. */
export function num(s: string | undefined): number {
  if (s === undefined || s === '') return NaN;
  const x = Number(s);
  return Number.isFinite(x) ? x : NaN;
}

function parseLines(text: string, file: string): string[][] {
  const res = Papa.parse<string[]>(text, { header: false, skipEmptyLines: true });
  const bad = res.errors.find((e) => e.type !== 'Delimiter');
  if (bad) throw new UserError(`${file}:${(bad.row ?? 0) + 1}: CSV syntax error: ${bad.message}; was the file cut short or edited by hand?`);
  return res.data;
}

export function mustExist(file: string, what: string): void {
  if (!existsSync(file)) throw new UserError(`${file}: not found; ${what}`);
}

/** Read a whole CSV file. */
export function readTable(file: string): Table {
  mustExist(file, 'expected an output folder of hedgesim run or hedgesim sweep');
  const text = readFileSync(file, 'utf8');
  const data = parseLines(text, file);
  if (data.length === 0) throw new UserError(`${file}: empty file, expected a header line; was the run interrupted?`);
  const [columns, ...rows] = data;
  return { file, columns, rows };
}

/**
 * Read a CSV whose first column is a run id, keeping only the rows whose run id
 * is in `keep`. Lines are filtered on their first field before parsing.
 */
export async function readTableForRuns(file: string, keep: ReadonlySet<string>): Promise<Table> {
  mustExist(file, 'expected an output folder of hedgesim sweep');
  if (statSync(file).size === 0) throw new UserError(`${file}: empty file, expected a header line`);
  const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let header: string | null = null;
  const kept: string[] = [];
  for await (const line of rl) {
    if (header === null) { header = line; continue; }
    const comma = line.indexOf(',');
    if (comma > 0 && keep.has(line.slice(0, comma))) kept.push(line);
  }
  const data = parseLines([header ?? '', ...kept].join('\n'), file);
  const [columns, ...rows] = data;
  return { file, columns: columns ?? [], rows };
}

/** Column of numbers by name. */
export function numbers(t: Table, name: string): Float64Array {
  const i = needCol(t, name);
  const out = new Float64Array(t.rows.length);
  for (let r = 0; r < t.rows.length; r++) out[r] = num(t.rows[r][i]);
  return out;
}

/** Rows as objects, numbers parsed where the whole column is numeric (for chart data). */
export function records(t: Table, columns?: readonly string[]): Record<string, string | number | null>[] {
  const cols = (columns ?? t.columns).map((c) => ({ c, i: needCol(t, c) }));
  const numeric = cols.map(({ i }) => t.rows.every((r) => r[i] === '' || r[i] === undefined || Number.isFinite(Number(r[i]))));
  return t.rows.map((r) => {
    const o: Record<string, string | number | null> = {};
    cols.forEach(({ c, i }, q) => {
      const v = r[i];
      o[c] = v === '' || v === undefined ? null : numeric[q] ? Number(v) : v;
    });
    return o;
  });
}
