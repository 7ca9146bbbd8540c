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
  const H = header.length;
  // one pass, straight into columns (no matrix of cells: a 10,000-country run has millions);
  // a column's type is decided by its first non-empty cell
  const kind = new Int8Array(H); // 0 undecided, 1 number, 2 text
  const nums: (Float64Array | null)[] = header.map(() => null);
  const texts: (string[] | null)[] = header.map(() => null);
  for (let r = 0; r < rows; r++) {
    const f = splitLine(ls[r + 1]);
    for (let j = 0; j < H; j++) {
      const v = f[j] ?? '';
      if (kind[j] === 0) {
        if (v === '') continue;
        if (NUMBER.test(v)) { kind[j] = 1; const c = (nums[j] = new Float64Array(rows)); c.fill(NaN, 0, r); }
        else { kind[j] = 2; texts[j] = new Array<string>(rows).fill('', 0, r); }
      }
      if (kind[j] === 1) nums[j]![r] = v === '' ? NaN : +v;
      else texts[j]![r] = v;
    }
  }
  const num: Table['num'] = {}, txt: Table['text'] = {};
  header.forEach((h, j) => {
    if (kind[j] === 1) num[h] = nums[j]!;
    else txt[h] = texts[j] ?? new Array<string>(rows).fill(''); // a column with no value at all is text
  });
  return { header, rows, num, text: txt };
}
