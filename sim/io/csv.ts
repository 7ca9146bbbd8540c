/**
 * CSV output: tidy, UTF-8 without BOM, LF line ends, one header line, `.` decimal
 * point, numbers with 6 significant digits, no NaN or Infinity (a non-finite value
 * is a bug and stops the run). Files are written to a temporary name and renamed
 * when complete, so a crash never leaves a truncated file that looks whole.
 */
import { closeSync, openSync, renameSync, writeSync, rmSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { RunError } from '../errors.ts';

/** Format a number: 6 significant digits, no exponent for ordinary magnitudes, no -0. */
export function fmt(x: number, column = '?'): string {
  if (!Number.isFinite(x)) throw new RunError(`internal: a non-finite value (${x}) reached column ${column}; nothing was written for this row`);
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const s = String(Number(x.toPrecision(6)));
  return s === '-0' ? '0' : s;
}

/** Quote a text field when it needs it (RFC 4180). */
export function text(s: string): string {
  return /[",\n\r]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A buffered CSV file written under `path + '.partial'` and renamed by close(). */
export class CsvWriter {
  private fd: number;
  private buf: string[] = [];
  private size = 0;
  rows = 0;
  bytes = 0;
  private tmp: string;
  constructor(public path: string, header: readonly string[]) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = `${path}.partial`;
    this.fd = openSync(this.tmp, 'w');
    this.push(header.join(',') + '\n');
  }
  /** Append one pre-formatted line (without the newline). */
  line(s: string): void {
    this.rows++;
    this.push(s + '\n');
  }
  private push(s: string) {
    this.buf.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (!this.buf.length) return;
    const chunk = this.buf.join('');
    this.bytes += Buffer.byteLength(chunk);
    writeSync(this.fd, chunk);
    this.buf = [];
    this.size = 0;
  }
  /** Finish: flush, close and rename into place. */
  close(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }
  /** Give up: remove the partial file. */
  abort(): void {
    try { closeSync(this.fd); } catch { /* already closed */ }
    rmSync(this.tmp, { force: true });
  }
}
