/** Messages between the page and the engine's worker (worker.ts). */

export interface IssueOut {
  code: string; severity: 'error' | 'warning'; path: string; message: string;
  file?: string; line?: number; col?: number;
  /** as `hedgesim validate` prints it: file:line:col, code, path, message, the source line and a caret */
  text: string;
}

/** A CSV read into columns: numbers as Float64Array (NaN for an empty cell), other columns as text. */
export interface Table {
  header: string[];
  rows: number;
  num: Record<string, Float64Array>;
  text: Record<string, string[]>;
}

export interface TariffEvent {
  /** position in the merged (resolved) event list */
  index: number; id?: string; kind: string; actor: string; target: string; when: string;
  rate: number | null; expr?: string; layer?: string;
}

export interface Resolved {
  name: string | null;
  /** every setting as resolved (defaults applied): expressions as {expr} objects */
  spec: Record<string, unknown>;
  tariffs: TariffEvent[];
  /** the file extends another (inherited events can be changed by id only) */
  extends: string | null;
  seed: number;
}

export interface Graph { linkStart: Int32Array; linkTo: Int32Array; blocs: [string, Int32Array][] }

export interface RunData {
  n: number; ids: string[]; names: string[]; poles: { us: string; china: string };
  synthetic: boolean; seed: number;
  /** recorded steps and their dates */
  steps: number[]; dates: string[];
  /** countries.csv, world.csv and events.csv, read into columns (countries: step-major, n rows a step) */
  countries: Table | null; world: Table | null; events: Table | null;
  gdp: Float64Array;
  graph: Graph;
  files: { name: string; bytes: number }[];
  kernel: 'js' | 'wasm';
  ms: { load: number; run: number; read: number };
}

export interface RepData {
  seeds: number[]; ids: string[]; steps: number[]; dates: string[];
  /** alignment [rep][step][country], flattened */
  alignment: Float64Array;
  /** world columns [rep][step][column], flattened; columns as in worldHeader (after step and date) */
  worldHeader: string[]; world: Float64Array;
  ms: number;
}

export type Request =
  | { type: 'put'; id: number; files: Record<string, string> }
  | { type: 'check'; id: number; file: string; text: string; seed?: number; run: boolean }
  | { type: 'replicate'; id: number; file: string; text: string; seed: number; n: number }
  | { type: 'file'; id: number; name: string }
  | { type: 'template'; id: number; name: string; from?: string };

export type Reply =
  | { type: 'ok'; id: number }
  | { type: 'check'; id: number; issues: IssueOut[]; valid: boolean; resolved?: Resolved; run?: RunData; ms: number }
  | { type: 'replicate'; id: number; data?: RepData; issues: IssueOut[] }
  | { type: 'progress'; id: number; done: number; of: number }
  | { type: 'file'; id: number; name: string; bytes: Uint8Array | null }
  | { type: 'template'; id: number; text: string }
  | { type: 'error'; id: number; message: string };
