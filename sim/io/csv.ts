/**
 * CSV output: tidy, UTF-8 without BOM, LF line ends, one header line, `.` decimal
 * point, numbers with 6 significant digits, no NaN or Infinity (a non-finite value
 * is a bug and stops the run). Files are written to a temporary name and renamed
 * when complete, so a crash never leaves a truncated file that looks whole.
 */
import { closeSync, renameSync, writeSync, rmSync, mkdirSync } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { dirname } from 'node:path';
import { RunError } from '../errors.ts';
import { createExclusive } from './files.ts';

/** 10^0 .. 10^22: exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));

/**
 * Format a number: 6 significant digits, no exponent for ordinary magnitudes, no -0.
 * Defined as: '0' for zero; String(x) for integers below 1e15; otherwise
 * String(Number(x.toPrecision(6))) ('-0' written '0'). `fmtSlow` is that definition;
 * `fmt` gives the same string faster (tested against it with fast-check, test/io/fmt.test.ts).
 */
export function fmt(x: number, column = '?'): string {
  if (!Number.isFinite(x)) throw new RunError(`internal: a non-finite value (${x}) reached column ${column}; nothing was written for this row`);
  if (x === 0) return '0';
  const ax = x < 0 ? -x : x;
  if (ax < 1e15) {
    if (Math.floor(ax) === ax) return String(x);
    if (ax >= 1e-15) {
      const s = sixDigits(ax);
      if (s !== undefined) return x < 0 ? '-' + s : s;
    }
  }
  return fmtSlow(x, column);
}

/** The definition of fmt (the slow way). */
export function fmtSlow(x: number, column = '?'): string {
  if (!Number.isFinite(x)) throw new RunError(`internal: a non-finite value (${x}) reached column ${column}; nothing was written for this row`);
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const s = String(Number(x.toPrecision(6)));
  return s === '-0' ? '0' : s;
}

/**
 * String(Number(a.toPrecision(6))) for 1e-15 <= a < 1e15, or undefined when the
 * fast way cannot decide (an exact tie above 1e6: the caller takes the slow way).
 *
 * Why it is the same string. toPrecision(6) rounds the exact value of `a` to
 * n x 10^(e-5) with 10^5 <= n < 10^6, ties to the larger n. Here s = a x 10^(5-e) is
 * computed with one correct rounding (10^k is an exact double for k <= 22). Rounding
 * is monotonic and 10^5, 10^6 and every n + 1/2 below 10^6 are doubles, so s lies on
 * the same side of each of them as the exact product, or is equal to it: then e is
 * right (an s of exactly 10^5 from a product just below gives the same n = 10^5),
 * and Math.round(s) is n unless s is exactly n + 1/2, where the sign of the product's
 * rounding error (Dekker's exact product) says which way the exact value lies.
 * n = 10^6 means 10^5 at the next exponent. Number() of the 6-digit decimal and
 * String() back give the shortest decimal that reads as the same double: distinct
 * decimals of at most 15 digits are distinct doubles, so that is n without its
 * trailing zeros, placed as Number#toString places digits (an exponent below 1e-6).
 */
function sixDigits(a: number): string | undefined {
  let e = Math.floor(Math.log10(a));
  let s = scale(a, 5 - e);
  if (s < 1e5) { e--; s = scale(a, 5 - e); } else if (s >= 1e6) { e++; s = scale(a, 5 - e); }
  const fl = Math.floor(s);
  let n: number;
  if (s - fl === 0.5) {
    const k = 5 - e;
    if (k < 0) return undefined;
    n = productError(a, POW10[k], s) < 0 ? fl : fl + 1;
  } else n = Math.round(s);
  if (n >= 1e6) { n = 1e5; e++; }
  // the digits of n without trailing zeros, from two 3-digit halves
  const hi = (n / 1000) | 0, lo = n - hi * 1000;
  let ds: string, digits: number;
  if (lo !== 0) {
    if (lo % 10 !== 0) { ds = String(hi) + D3[lo]; digits = 6; }
    else if (lo % 100 !== 0) { ds = String(hi) + D3[lo].slice(0, 2); digits = 5; }
    else { ds = String(hi) + String(lo / 100); digits = 4; }
  } else if (hi % 10 !== 0) { ds = String(hi); digits = 3; }
  else if (hi % 100 !== 0) { ds = String(hi / 10); digits = 2; }
  else { ds = String(hi / 100); digits = 1; }
  const whole = e + 1; // digits before the decimal point
  if (whole >= digits) return whole === digits ? ds : ds + ZEROS[whole - digits];
  if (whole > 0) return ds.slice(0, whole) + '.' + ds.slice(whole);
  if (e >= -6) return '0.' + ZEROS[-whole] + ds;
  return (digits > 1 ? ds[0] + '.' + ds.slice(1) : ds) + 'e' + e;
}

/** (exact x * y) - p for p = x * y rounded (Dekker: split each factor in two halves of 26 bits). */
function productError(x: number, y: number, p: number): number {
  const cx = 134217729 * x, xh = cx - (cx - x), xl = x - xh;
  const cy = 134217729 * y, yh = cy - (cy - y), yl = y - yh;
  return xh * yh - p + xh * yl + xl * yh + xl * yl;
}

/** D3[i]: i in three digits, leading zeros; ZEROS[k]: k zeros. */
const D3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const ZEROS = Array.from({ length: 16 }, (_, k) => '0'.repeat(k));
const scale = (a: number, k: number) => (k >= 0 ? a * POW10[k] : a / POW10[-k]);

/** Quote a text field when it needs it (RFC 4180). For ids and other cells whose first character is checked elsewhere. */
export function text(s: string): string {
  return /[",\n\r]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const NUMBER_RE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A free-text cell (an event's note, a string value of a sweep, an error message):
 * quoted as text() does, and, when it begins with = + - @ (or a tab or carriage
 * return), prefixed with ' so that a spreadsheet shows it as text instead of running
 * it as a formula (OWASP, "CSV Injection"). A cell that is a plain number (-0.5) is
 * left as it is: spreadsheets read it as a number, never as a formula.
 */
export function freeText(s: string): string {
  return text(/^[=+\-@\t\r]/.test(s) && !NUMBER_RE.test(s) ? `'${s}` : s);
}

/**
 * Lines encoded to UTF-8 straight into one growing Buffer. Each line string is
 * garbage as soon as it is copied, so no rope of small strings lives on (holding
 * many row strings until a join made garbage collection most of a recorded run).
 */
export class ByteLines {
  buf: Buffer;
  length = 0;
  rows = 0;
  constructor(capacity = 1 << 16) { this.buf = Buffer.allocUnsafe(capacity); }
  /** Append one line (without the newline). */
  line(s: string): void {
    // at most 3 bytes per UTF-16 code unit, plus the newline
    if (this.length + 3 * s.length + 1 > this.buf.length) this.grow(this.length + 3 * s.length + 1);
    this.length += this.buf.write(s, this.length, 'utf8');
    this.buf[this.length++] = 10;
    this.rows++;
  }
  /** Cut back to `length` bytes and `rows` lines (both from earlier reads of the fields). */
  truncate(length: number, rows: number): void { this.length = length; this.rows = rows; }
  /** The bytes so far (a view: copy it before appending more). */
  bytes(): Buffer { return this.buf.subarray(0, this.length); }
  private grow(min: number) {
    const b = Buffer.allocUnsafe(Math.max(min, 2 * this.buf.length));
    this.buf.copy(b, 0, 0, this.length);
    this.buf = b;
  }
}

const WRITER_BUFFER = 1 << 20;

/**
 * A buffered CSV file written under an unpredictable temporary name (created
 * exclusively, no link followed) and renamed by close(). Keeps its rows, bytes and
 * sha256 for the manifest.
 */
export class CsvWriter {
  private fd: number;
  private buf = Buffer.allocUnsafe(WRITER_BUFFER);
  private at = 0;
  rows = 0;
  bytes = 0;
  private tmp: string;
  private hash: Hash = createHash('sha256');
  /** hex sha256 of the file, after close() */
  sha256 = '';
  constructor(public path: string, header: readonly string[]) {
    mkdirSync(dirname(path), { recursive: true });
    [this.fd, this.tmp] = createExclusive(path);
    this.put(header.join(','));
  }
  /** Append one pre-formatted line (without the newline). */
  line(s: string): void {
    this.rows++;
    this.put(s);
  }
  private put(s: string) {
    const most = 3 * s.length + 1; // bytes at most: 3 per UTF-16 code unit, and the newline
    if (this.at + most > this.buf.length) {
      this.flush();
      if (most > this.buf.length) { // a huge line: straight to the file
        const b = Buffer.from(s + '\n', 'utf8');
        this.writeAll(b);
        this.bytes += b.length;
        return;
      }
    }
    const n = this.buf.write(s, this.at, 'utf8');
    this.buf[this.at + n] = 10;
    this.at += n + 1;
    this.bytes += n + 1;
  }
  flush(): void {
    if (!this.at) return;
    this.writeAll(this.buf.subarray(0, this.at));
    this.at = 0;
  }
  private writeAll(b: Buffer) {
    this.hash.update(b);
    for (let o = 0; o < b.length;) o += writeSync(this.fd, b, o, b.length - o);
  }
  /** Finish: flush, close and rename into place. */
  close(): void {
    this.flush();
    closeSync(this.fd);
    this.sha256 = this.hash.digest('hex');
    renameSync(this.tmp, this.path);
  }
  /** Give up: remove the partial file. */
  abort(): void {
    try { closeSync(this.fd); } catch { /* already closed */ }
    rmSync(this.tmp, { force: true });
  }
}
