/**
 * CSV text (as the engine writes it: one header line, RFC 4180 quoting, LF) read into
 * columns by header name, so the page follows the model's columns instead of naming
 * them. A column is numeric when its first non-empty cell is a number (ids start with a
 * letter, dates have dashes).
 */
import type { Table } from './protocol.ts';

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Split one CSV line into fields (quotes per RFC 4180). */
export function splitLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '', q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"') { if (line[i + 1] === '"') { cur += '"'; i++; } else q = false; } else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Lines of a CSV text, joining quoted fields that hold line breaks. */
function lines(text: string): string[] {
  const raw = text.split('\n');
  if (raw[raw.length - 1] === '') raw.pop();
  if (!text.includes('"')) return raw;
  const out: string[] = [];
  let acc: string | null = null;
  for (const l of raw) {
    const s: string = acc === null ? l : acc + '\n' + l;
    if (((s.match(/"/g)?.length ?? 0) & 1) === 1) acc = s; else { out.push(s); acc = null; }
  }
  if (acc !== null) out.push(acc);
  return out;
}

export function readTable(text: string): Table {
  const ls = lines(text);
  const header = ls.length ? splitLine(ls[0]) : [];
  const rows = Math.max(0, ls.length - 1);
  const cells: string[][] = new Array(rows);
  for (let r = 0; r < rows; r++) cells[r] = splitLine(ls[r + 1]);
  const num: Table['num'] = {}, txt: Table['text'] = {};
  header.forEach((h, j) => {
    let numeric = false; // a column with no value at all is text
    for (let r = 0; r < rows; r++) { const v = cells[r][j]; if (v !== undefined && v !== '') { numeric = NUMBER.test(v); break; } }
    if (numeric) {
      const col = new Float64Array(rows);
      for (let r = 0; r < rows; r++) { const v = cells[r][j]; col[r] = v === undefined || v === '' ? NaN : +v; }
      num[h] = col;
    } else {
      const col = new Array<string>(rows);
      for (let r = 0; r < rows; r++) col[r] = cells[r][j] ?? '';
      txt[h] = col;
    }
  });
  return { header, rows, num, text: txt };
}
