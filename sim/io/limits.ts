/**
 * Size estimates made before any work: rows and bytes a run or a sweep would write,
 * and the memory a sweep's design takes. Above the documented limits the command is
 * refused (exit 3) with the estimate, unless --force (sim/sweep/README.md: Limits).
 * Bytes per row are measured on the shipped scenarios (bench/README.md), rounded up.
 */
import { UserError, EXIT, issue } from '../errors.ts';

/** Output of one command: 20 GiB. */
export const MAX_OUTPUT_BYTES = 20 * 2 ** 30;
/** A sweep's design in memory (every point's coordinates and values, in each worker): 2 GiB. */
export const MAX_DESIGN_BYTES = 2 * 2 ** 30;

/** Measured bytes per row (countries.csv with and without components, world.csv, runs.csv per column). */
export const BYTES_PER_ROW = { countries: 130, countriesWithComponents: 330, world: 190, runsPerColumn: 12 };
/** Memory of one design point: two arrays of k numbers and their headers (measured with --expose-gc on k = 4: about 260 bytes). */
export const designBytes = (points: number, k: number) => points * (200 + 24 * k);

/** Recorded steps of a run: 0, every K-th, and the last. */
export function recordedSteps(steps: number, every: number): number {
  return Math.floor(steps / every) + 1 + (steps % every ? 1 : 0);
}

export const human = (b: number) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(1)} GiB` : b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(1)} MiB` : `${Math.ceil(b / 1024)} KiB`);
export const count = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(1)} billion` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} million` : String(Math.round(n)));

export interface Estimate { rows: number; bytes: number; memory?: number; text: string }

/** Refuse an estimate above the limits unless `force`. */
export function checkEstimate(e: Estimate, force: boolean | undefined, what: string): void {
  if (force) return;
  const over: string[] = [];
  if (e.bytes > MAX_OUTPUT_BYTES) over.push(`it would write about ${human(e.bytes)}, more than the ${human(MAX_OUTPUT_BYTES)} allowed`);
  if (e.memory !== undefined && e.memory > MAX_DESIGN_BYTES) over.push(`its design would take about ${human(e.memory)} of memory per process, more than the ${human(MAX_DESIGN_BYTES)} allowed`);
  if (!over.length) return;
  const msg = `${e.text}; ${over.join(', and ')}. Record fewer steps (record.every), fewer tables or fewer points, or add --force to go on anyway`;
  throw new UserError(`${what}: ${msg}`, [issue('TOO_LARGE', '', msg, { file: what })], EXIT.input);
}
