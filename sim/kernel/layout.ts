/**
 * The kernel's contract, in one table: which columns it reads (pointer slots), which
 * step values it is given (scalar slots, each with the function that fills it), its
 * scratch columns, and the byte sizes that follow. sim/model/gen writes the slot
 * numbers into the AssemblyScript it generates; sim/kernel/kernel.ts fills the slots
 * from this table in a loop. No slot number is written anywhere by hand.
 *
 * Context block at `ctx` in the run's memory: PTRS i32 byte offsets (slot 0 unused...
 * every slot is a column's offset, 0 = no such column), then NSCALARS f64 values.
 */
import { MODEL, type ModelSpec } from '../model/spec.ts';
import { STATE_COLUMNS, stateBytes, align8 as up } from '../model/state.ts';
import { EXP_TABLE } from '../model/math.ts';
import { CRACKDOWN_SLACK, dealLossAsColumn } from '../model/poles.ts';
import type { Params } from '../world/params.ts';
import type { StepScalars } from '../model/utility.ts';
import type { State } from '../model/state.ts';
import type { World } from '../world/world.ts';

/** Countries per block of the kernel's paired stages (even). */
export const BLOCK = 64;
/** Alignment values held by the in-place update: a ring of RING_SLOTS and the first HELD countries (decide.as.ts). */
export const RING_SLOTS = 256, HELD = 128;
/** Worlds of fewer countries than this (with 1-byte link offsets) read alignments from a ring copy with the ends wrapped. */
export const RING_MAX = 4096;

export type Fill = (P: Params, S: StepScalars, st: State, w: World) => number;

/** Scalars of the poles' pass (poles.as.ts), which is written by hand. */
export const POLES_SCALARS: Record<string, { fill: Fill; doc: string }> = {
  retOn: { fill: (P) => (P.retEnabled === 1 ? 1 : 0), doc: 'retaliation rule on' },
  usrOn: { fill: (P) => (P.usRetEnabled === 1 ? 1 : 0), doc: 'retribution rule on' },
  dealsOn: { fill: (P) => (P.dealEnabled === 1 ? 1 : 0), doc: 'deal rule on' },
  pCN: { fill: (P, _S, st) => Math.min(1, P.retProbability * (1 + st.credibility)), doc: "chance per step of China's retaliation against a country seen to side with the US" },
  pThr: { fill: (P) => P.retThreshold, doc: 'shift toward the US that China punishes' },
  pThrO: { fill: (P) => P.retOwnTariff, doc: 'rise of an own tariff that China punishes' },
  pUS: { fill: (P, _S, st) => Math.min(1, P.usRetProbability * (1 + st.usCredibility)), doc: "chance per step of the US pole's retribution against a country seen to side with China" },
  pThrUS: { fill: (P) => P.usRetThreshold, doc: 'shift toward China that the US pole punishes' },
  onStatement: { fill: (P) => P.usRetOnStatement, doc: 'chance of retribution when a joint statement is signed' },
  minA: { fill: (P) => P.dealMinAlignment, doc: 'deal offers from this alignment' },
  minK: { fill: (P) => P.dealMinCrackdown - CRACKDOWN_SLACK, doc: 'and this crackdown (less the slack)' },
  maxQ: { fill: (P) => P.dealMaxTransshipment, doc: 'no crackdown needed up to this transshipment' },
  pLossDeal: { fill: (P, _S, st) => dealLossAsColumn(P, st), doc: 'trade loss at the rule deal rate, rounded as the expected losses are stored' },
  retOnDeal: { fill: (P) => P.retOnDeal, doc: 'chance of retaliation on a deal with anti-China clauses' },
};

/** Columns of the state the loop's skeleton and the poles' pass read, beyond those of the model spec. */
const SKELETON_STATE = ['a', 'aNext', 'k', 'o', 'o0', 'stmt', 'stmtNew', 'offerUntil', 'talksUntil', 'retUntil', 'retRule', 'usrUntil', 'usrRule', 'antiDeal', 'cooldownUntil', 'deal', 'lossUSExp'] as const;
/** Columns of the world the loop reads, beyond those of the model spec (links). */
const SKELETON_WORLD = ['linkStart', 'linkOff', 'linkTo', 'linkW', 'q', 'a0'] as const;
/** Buffers the kernel owns in the run's memory. */
const OWN = ['expTable', 'rng', 'scratch', 'ring'] as const;

export interface PtrSlot { name: string; slot: number; kind: 'own' | 'state' | 'world' }
export interface ScalarSlot { name: string; slot: number; group: 'decide' | 'poles'; fill: Fill }

export interface Layout {
  ptrs: PtrSlot[];
  scalars: ScalarSlot[];
  /** i32 slots (even, so the scalars that follow are 8-aligned) */
  nptrs: number;
  nscalars: number;
  ctxBytes: number;
  /** scratch columns of BLOCK f64, by name, in order */
  scratch: string[];
  scratchBytes: number;
}

/** The scratch columns the generated paired loop uses for a model (per dimension: values, options, draw, new value). */
export function scratchColumns(m: ModelSpec): string[] {
  const out = ['M', 'DD'];
  m.dims.forEach((_, d) => out.push(`U${d}_0`, `U${d}_1`, `U${d}_2`, `X${d}_0`, `X${d}_1`, `X${d}_2`, `D${d}`, `N${d}`));
  return out;
}

export function layoutOf(m: ModelSpec): Layout {
  const ptrs: PtrSlot[] = [];
  const add = (name: string, kind: PtrSlot['kind']) => { if (!ptrs.some((p) => p.name === name)) ptrs.push({ name, slot: ptrs.length + 1, kind }); };
  for (const o of OWN) add(o, 'own');
  for (const s of SKELETON_STATE) add(s, 'state');
  for (const [name, c] of Object.entries(m.columns)) if (c.from === 'state') add(name, 'state');
  for (const s of SKELETON_WORLD) add(s, 'world');
  for (const [name, c] of Object.entries(m.columns)) if (c.from === 'world') add(name, 'world');
  const stateNames = new Set(STATE_COLUMNS.map((c) => c.name as string));
  for (const p of ptrs) if (p.kind === 'state' && !stateNames.has(p.name)) throw new Error(`the kernel reads state column ${p.name}, which sim/model/state.ts does not have`);
  const nptrs = (ptrs.length + 1 + 1) & ~1; // slot 0 unused (a null offset means "no column")
  const scalars: ScalarSlot[] = [];
  for (const [name, s] of Object.entries(m.scalars)) scalars.push({ name, slot: scalars.length, group: 'decide', fill: s.fill as Fill });
  for (const [name, s] of Object.entries(POLES_SCALARS)) {
    if (m.scalars[name]) throw new Error(`scalar ${name} is both the model's and the poles' pass's`);
    scalars.push({ name, slot: scalars.length, group: 'poles', fill: s.fill });
  }
  const scratch = scratchColumns(m);
  return {
    ptrs, scalars, nptrs, nscalars: scalars.length, ctxBytes: nptrs * 4 + scalars.length * 8,
    scratch, scratchBytes: (scratch.length * BLOCK + RING_SLOTS + HELD) * 8,
  };
}

/** The layout of the model of sim/model/spec.ts, which the committed kernel was generated from. */
export const LAYOUT = layoutOf(MODEL);

/** Bytes of the ring copy of alignments (small worlds with link offsets; 0 from RING_MAX up). */
export const ringBytes = (n: number) => (n < RING_MAX ? up((n + 254) * 8) : 0);

/**
 * Bytes a run's kernel takes beyond the world's columns: the state, the exponential
 * table, the context, the random stream, the scratch, the ring. The kernel asserts
 * that it used exactly this much.
 */
export function kernelBytes(n: number, narrow: boolean, L: Layout = LAYOUT): number {
  return stateBytes(n, narrow) + up(EXP_TABLE.length * 8) + up(L.ctxBytes) + 16 + up(L.scratchBytes) + ringBytes(n);
}
