/**
 * Synthetic worlds for scaling studies (MODEL.md, "Large runs"): any number of
 * countries from a seed. GDP is Pareto (heavy-tailed); exposures, affinities and US
 * rates are uniform in the given ranges; trade links are sparse and local: each
 * country links to degree/2 others at most `locality` positions ahead (wrapping),
 * and links are symmetric, so neighbours sit near each other in memory. All links
 * have equal weight, so no weight array is stored; with a locality up to 127 the
 * partners are stored as 1-byte offsets (`linkOff`), not 4-byte indices.
 *
 * Memory: static columns are Float32Array (the inputs are drawn from ranges given
 * with a few digits; 7 significant digits keep them), links are built in two passes
 * over a replayed random stream (no temporary edge list) and rows are sorted in
 * place, so a 1,000,000-country world at degree 16 is generated in about a second
 * with no garbage beyond the columns themselves (16 MB of links at degree 16).
 */
import { Rng } from '../rng.ts';
import { jsAlloc, type Alloc, type MemoryFactory, type Params, type RunMemory } from './world.ts';
import { align8 as up } from './bytes.ts';
import type { ScenarioIn, SyntheticIn } from '../scenario/schema.ts';

/** The static columns of a synthetic world (Float32, one per country). */
const COLS = ['gdp', 'eUS', 'eCN', 'mCN', 'q', 'affUS', 'affCN', 'align0', 'usRecip0', 'usSpecific0'] as const;

/** Bytes of a synthetic world's columns and links (each rounded up to 8, as memories lay them out). */
export function syntheticBytes(n: number, maxLinks: number, offsets: boolean): number {
  return COLS.length * up(4 * n) + up(4 * (n + 1)) + up(offsets ? maxLinks : 4 * maxLinks);
}

export function generateSynthetic(spec: SyntheticIn, seed: number, P: Params, sc: ScenarioIn, memory?: MemoryFactory) {
  const n = spec.countries ?? 1000;
  const rng = new Rng(seed);
  const u = (r: number[] | undefined, d: [number, number]) => {
    const [lo, hi] = r ?? d;
    return lo + (hi - lo) * rng.next();
  };
  // the columns and links go into a WebAssembly memory with room for a run's state, which
  // the first run's kernel uses in place (sim/kernel/kernel.ts): no copies of a large world
  const half = Math.floor((spec.degree ?? 16) / 2);
  const loc = Math.max(1, Math.min(n - 1, Math.floor(spec.locality ?? 64)));
  const offsets = loc <= OFF_MAX && n >= 128;
  const maxLinks = 2 * half * n;
  const arena: RunMemory | null = memory?.(syntheticBytes(n, maxLinks, offsets), n, true) ?? null;
  const al: Alloc = arena ?? jsAlloc;
  const c = Object.fromEntries(COLS.map((k) => [k, al.f32(n)])) as Cols;
  const { gdp, eUS, eCN, mCN, q, affUS, affCN, align0, usRecip0 } = c;
  const i32 = (m: number) => al.i32(m);
  const alpha = spec.gdp_pareto ?? 1.1;
  const baseline = typeof sc.tariffs?.us_baseline === 'number' ? sc.tariffs.us_baseline / 100 : 0;
  const tUS = P.trustUs, tCN = P.trustChina;
  for (let i = 0; i < n; i++) {
    gdp[i] = Math.min(30000, Math.pow(1 - rng.next(), -1 / alpha)); // US$ bn, minimum 1
    const x = u(spec.exports, [10, 80]) / 100;
    let tu = u(spec.to_us, [3, 40]), tc = u(spec.to_china, [3, 35]);
    if (tu + tc > 100) { const f = 100 / (tu + tc); tu *= f; tc *= f; }
    eUS[i] = x * tu / 100;
    eCN[i] = x * tc / 100;
    mCN[i] = x * u(spec.imports_from_china, [5, 40]) / 100;
    q[i] = u(spec.transshipment, [0, 10]) / 100;
    const aU = u(spec.affinity_us, [0, 90]), aC = u(spec.affinity_china, [0, 90]);
    affUS[i] = aU / 100;
    affCN[i] = aC / 100;
    align0[i] = Math.max(-1, Math.min(1, 0.5 * (affUS[i] - affCN[i]) + 0.1 * (rng.next() - 0.5)));
    usRecip0[i] = u(spec.us_tariff, [10, 50]) / 100;
  }

  // links: degree/2 forward links per country within `locality`, mirrored
  // starting trust and the US baseline are one value for every country: kept as that value
  // (Float32, as the columns are), the columns are made only if something asks for them
  const uniform = { trustUS0: Math.fround(tUS), trustCN0: Math.fround(tCN), usBase0: Math.fround(baseline) };
  const cols = () => c;
  // pass 1 counts degrees, pass 2 replays the same draws and fills the rows
  const replay = Object.assign(Object.create(Object.getPrototypeOf(rng)), rng) as Rng;
  // degrees counted into linkStart[i + 1], summed into row starts; pass 2 then uses
  // linkStart[i] as row i's cursor and shifts it back (no temporary array)
  const linkStart = i32(n + 1);
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < half; h++) {
      const j = (i + 1 + rng.int(loc)) % n;
      if (j !== i) { linkStart[i + 1]++; linkStart[j + 1]++; }
    }
  }
  for (let i = 0; i < n; i++) linkStart[i + 1] += linkStart[i];
  const fill = linkStart;
  const unshift = () => { for (let i = n; i > 0; i--) linkStart[i] = linkStart[i - 1]; linkStart[0] = 0; };
  // Links within 127 positions (the usual case, locality <= 127) are stored as signed
  // 1-byte offsets from the row's own index, taken modulo n (linkOff): a quarter of the
  // memory of 4-byte indices. Rows are sorted by the partner's index either way, so the
  // partners' sums add in the same order and give the same bits.
  if (offsets) {
    const off = al.i8(linkStart[n]);
    const delta = (i: number, j: number) => { const d = j - i; return d > OFF_MAX ? d - n : d < -OFF_MAX ? d + n : d; };
    for (let i = 0; i < n; i++) {
      for (let h = 0; h < half; h++) {
        const j = (i + 1 + replay.int(loc)) % n;
        if (j === i) continue;
        off[fill[i]++] = delta(i, j);
        off[fill[j]++] = delta(j, i);
      }
    }
    unshift();
    // sort each row by partner index (insertion sort: rows are short); near the ends of
    // the arrays offsets wrap, so the key is the partner's index, not the offset
    for (let i = 0; i < n; i++) {
      const s0 = linkStart[i], e = linkStart[i + 1];
      if (i >= OFF_MAX && i < n - OFF_MAX) {
        for (let x = s0 + 1; x < e; x++) {
          const v = off[x];
          let y = x - 1;
          while (y >= s0 && off[y] > v) { off[y + 1] = off[y]; y--; }
          off[y + 1] = v;
        }
      } else {
        const key = (d: number) => { const j = i + d; return j < 0 ? j + n : j >= n ? j - n : j; };
        for (let x = s0 + 1; x < e; x++) {
          const v = off[x], kv = key(v);
          let y = x - 1;
          while (y >= s0 && key(off[y]) > kv) { off[y + 1] = off[y]; y--; }
          off[y + 1] = v;
        }
      }
    }
    return new SyntheticWorld(n, cols(), linkStart, null, off, blocsOf(n, spec.blocs ?? 0), arena, uniform);
  }
  const linkTo = i32(linkStart[n]);
  for (let i = 0; i < n; i++) {
    for (let h = 0; h < half; h++) {
      const j = (i + 1 + replay.int(loc)) % n;
      if (j === i) continue;
      linkTo[fill[i]++] = j;
      linkTo[fill[j]++] = i;
    }
  }
  unshift();
  // sort each row in place (insertion sort: rows are short), no subarray objects
  for (let i = 0; i < n; i++) {
    const e = linkStart[i + 1];
    for (let x = linkStart[i] + 1; x < e; x++) {
      const v = linkTo[x];
      let y = x - 1;
      while (y >= linkStart[i] && linkTo[y] > v) { linkTo[y + 1] = linkTo[y]; y--; }
      linkTo[y + 1] = v;
    }
  }
  return new SyntheticWorld(n, cols(), linkStart, linkTo, null, blocsOf(n, spec.blocs ?? 0), arena, uniform);
}

/** Largest link offset stored in linkOff (Int8Array). */
const OFF_MAX = 127;

function blocsOf(n: number, nb: number): Map<string, Int32Array> {
  const blocs = new Map<string, Int32Array>();
  if (nb > 0) {
    const size = Math.ceil(n / nb);
    for (let b = 0; b < nb; b++) {
      const lo = b * size, hi = Math.min(n, lo + size);
      if (lo < hi) blocs.set(`B${b}`, Int32Array.from({ length: hi - lo }, (_, k) => lo + k));
    }
  }
  return blocs;
}

type Cols = Record<(typeof COLS)[number], Float32Array>;
type Uniform = { trustUS0: number; trustCN0: number; usBase0: number };

/**
 * A synthetic world. Ids are made on first use (a million strings is memory the
 * engine does not need), by getters on the prototype. Every field of World is
 * declared here, so compileWorld's Object.assign of the rest only overwrites
 * existing fields: the object keeps one fixed shape with fast properties (adding
 * them one by one, or getters on the object itself, turns it into a slow
 * dictionary-mode object, and every phase of every step reads its fields).
 */
class SyntheticWorld {
  gdp: Float32Array; eUS: Float32Array; eCN: Float32Array; mCN: Float32Array; q: Float32Array; affUS: Float32Array; affCN: Float32Array;
  align0: Float32Array; usRecip0: Float32Array; usSpecific0: Float32Array;
  linkW: Float32Array | null = null;
  // set by compileWorld
  poles: unknown = null; steps = 0; stepDays = 0; startDay = 0; seed = 0; params: unknown = null; timeParams: unknown = null; parameters: unknown = null;
  tauUC0 = 0; tauCU0 = 0; events: unknown = null; eventStart: unknown = null; record: unknown = null;
  private idCache: string[] | null = null;
  private toCache: Int32Array | null;
  private hedgeCache: Float32Array | null = null;
  private cnCache: Float32Array | null = null;
  private uniformCache: Partial<Record<keyof Uniform, Float32Array>> = {};

  constructor(
    public n: number, c: Cols, public linkStart: Int32Array, linkTo: Int32Array | null, public linkOff: Int8Array | null,
    public blocs: Map<string, Int32Array>, public arena: RunMemory | null, public uniform: Uniform,
  ) {
    this.toCache = linkTo;
    this.gdp = c.gdp; this.eUS = c.eUS; this.eCN = c.eCN; this.mCN = c.mCN; this.q = c.q; this.affUS = c.affUS; this.affCN = c.affCN;
    this.align0 = c.align0; this.usRecip0 = c.usRecip0; this.usSpecific0 = c.usSpecific0;
  }

  private filled(key: keyof Uniform): Float32Array {
    return (this.uniformCache[key] ??= new Float32Array(this.n).fill(this.uniform[key]));
  }

  /** Starting trust and the US baseline, as columns, made on first use (the engine reads `uniform`: 12 MB per million countries saved). */
  get trustUS0(): Float32Array { return this.filled('trustUS0'); }
  get trustCN0(): Float32Array { return this.filled('trustCN0'); }
  get usBase0(): Float32Array { return this.filled('usBase0'); }

  get ids(): string[] {
    if (this.idCache === null) {
      const width = String(this.n - 1).length;
      this.idCache = Array.from({ length: this.n }, (_, i) => 'C' + String(i).padStart(width, '0'));
    }
    return this.idCache;
  }

  get names(): string[] { return this.ids; }

  /** min(eUS, eCN), made on first use: the engine computes it inline (4 MB per million countries saved). */
  get hedgeExp(): Float32Array {
    if (this.hedgeCache === null) {
      const h = new Float32Array(this.n), eUS = this.eUS, eCN = this.eCN;
      for (let i = 0; i < this.n; i++) h[i] = Math.min(eUS[i], eCN[i]);
      this.hedgeCache = h;
    }
    return this.hedgeCache;
  }

  /** China's trade with i normalised to sum 1, made on first use (only the world measures read it). */
  get cnWeight(): Float32Array {
    if (this.cnCache === null) {
      const c = new Float32Array(this.n), eCN = this.eCN, gdp = this.gdp;
      let tot = 0;
      for (let i = 0; i < this.n; i++) { c[i] = eCN[i] * gdp[i]; tot += c[i]; }
      for (let i = 0; i < this.n; i++) c[i] /= tot;
      this.cnCache = c;
    }
    return this.cnCache;
  }

  /**
   * Partner indices (CSR). Worlds stored with 1-byte offsets (linkOff) make them on
   * first use: the engine reads the offsets; the benchmark's peers read these.
   */
  get linkTo(): Int32Array {
    if (this.toCache === null) {
      const n = this.n, off = this.linkOff!, st = this.linkStart, to = new Int32Array(off.length);
      for (let i = 0; i < n; i++) {
        for (let x = st[i]; x < st[i + 1]; x++) { const j = i + off[x]; to[x] = j < 0 ? j + n : j >= n ? j - n : j; }
      }
      this.toCache = to;
    }
    return this.toCache;
  }
}
