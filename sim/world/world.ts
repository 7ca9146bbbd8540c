/**
 * The compiled world: ids turned into indices, per-country attributes in typed
 * columns, trade links in CSR form, the event table by step, parameters resolved
 * to model units (fractions, not percent). Built once by compileWorld; the step
 * loop only reads it.
 */
import type { CompiledExpr } from '../scenario/expr.ts';

export type { Params, TimeParam } from './params.ts';

/** Where typed columns are made: plain typed arrays, or views into one memory (sim/kernel/arena.ts). */
export interface Alloc {
  f64(n: number): Float64Array;
  f32(n: number): Float32Array;
  i32(n: number): Int32Array;
  u8(n: number): Uint8Array;
  i8(n: number): Int8Array;
}

export const jsAlloc: Alloc = {
  f64: (n) => new Float64Array(n), f32: (n) => new Float32Array(n), i32: (n) => new Int32Array(n), u8: (n) => new Uint8Array(n), i8: (n) => new Int8Array(n),
};

/**
 * Memory a world can be generated into, with room left for one run, which the first run
 * uses in place (the kernel's WebAssembly memory: no copies of a large world).
 */
export interface RunMemory extends Alloc {
  /** the first caller gets the memory (the room after the world is theirs), every later one null */
  claim(): RunMemory | null;
}

/**
 * Makes a RunMemory for a world of `worldBytes` bytes of n countries (narrow: Float32
 * columns), with room for one run; null when it cannot (then plain typed arrays). Given
 * to compileWorld by callers that run large worlds (sim/run.ts, the benchmark):
 * sim/kernel/arena.ts's kernelMemory.
 */
export type MemoryFactory = (worldBytes: number, n: number, narrow: boolean) => RunMemory | null;
import type { Params, TimeParam } from './params.ts';

export const EV = {
  tariff: 0, pause: 1, resume: 2, retaliation: 3, deal_offer: 4, visit: 5, crackdown: 6, threat: 7, export_control: 8, inducement: 9,
  deal_end: 10, joint_statement: 11,
} as const;
export type EventKindName = keyof typeof EV;

/** A value that is either a number or an expression of time (evaluated when the event fires). */
export type Num = number | CompiledExpr['fn'];

export interface CompiledEvent {
  step: number;
  kind: number;
  kindName: EventKindName;
  /** 0 = US pole, 1 = China pole, 2 = a country (crackdown, own tariff) */
  actor: number;
  /** for a country's own tariff: its index */
  actorIndex: number;
  actorId: string;
  /** country indices hit (empty when the target is the other pole) */
  targets: Int32Array;
  targetLabel: string;
  /** the event targets the other pole (US-China tariffs) */
  targetsPole: boolean;
  layer: 'baseline' | 'reciprocal' | 'specific';
  rate?: Num; coverage: Num; share?: Num; duration?: number; penalty?: Num; antiChina?: boolean;
  expires?: number; level?: Num; trust?: number; value?: number; active?: boolean; gain?: Num;
  /** dated before the start: history, applied at step 0 before the model is calibrated */
  history: boolean;
  /** the date it was given (history events keep theirs in their event row's note) */
  date?: string;
  note: string;
  id: string;
}

/**
 * A static per-country column. Listed worlds use Float64Array; synthetic worlds use
 * Float32Array (7 significant digits, more than their generated inputs carry) to
 * halve the memory of large worlds. State columns stay Float64Array.
 */
export type Col = Float64Array | Float32Array;

export interface World {
  n: number;
  ids: string[];
  names: string[];
  poles: { us: string; china: string };
  steps: number;
  stepDays: number;
  startDay: number; // days since 1970-01-01 of step 0
  seed: number;
  params: Params;
  timeParams: TimeParam[];
  parameters: Record<string, number>;
  // static attributes (fractions of GDP unless said)
  gdp: Col; // US$ bn
  eUS: Col; // exports to the US pole / GDP
  eCN: Col; // exports to the China pole / GDP
  mCN: Col; // imports from the China pole / GDP
  q: Col; // transshipment capacity (share of exports to the US)
  affUS: Col; // security affinity to the US pole, 0..1
  affCN: Col; // security affinity to the China pole, 0..1
  hedgeExp: Col; // min(eUS, eCN): what hedging keeps
  cnWeight: Col; // China's trade with i, normalised to sum 1 (isolation index)
  align0: Col;
  trustUS0: Col;
  trustCN0: Col;
  usBase0: Col; usRecip0: Col; usSpecific0: Col;
  tauUC0: number; tauCU0: number;
  // trade links, CSR, weights normalised per row; linkW is null when all weights are equal
  linkStart: Int32Array;
  /** partner indices; in a world with linkOff, made on first use (the engine does not read it) */
  linkTo: Int32Array;
  /**
   * Synthetic worlds with locality <= 127: partner j of row i as a 1-byte offset,
   * j = i + linkOff[x] modulo n (a wrap only within 127 rows of either end). Null
   * otherwise (read linkTo).
   */
  linkOff: Int8Array | null;
  linkW: Float32Array | null;
  blocs: Map<string, Int32Array>;
  /**
   * Columns that hold one value for every country (synthetic worlds): that value. The
   * columns themselves are then made on first use; the engine reads these values.
   */
  uniform?: { trustUS0: number; trustCN0: number; usBase0: number } | null;
  /** the memory a synthetic world was generated into, with room for one run's state (the kernel's, sim/kernel/arena.ts) */
  arena?: RunMemory | null;
  /** events sorted by step; those of step s are events[eventStart[s] .. eventStart[s+1]) */
  events: CompiledEvent[];
  /** events dated before the start, in date order: the history the starting state includes */
  history: CompiledEvent[];
  eventStart: Int32Array;
  record: { every: number; countries: boolean; world: boolean; events: boolean; components: boolean };
}
