/**
 * Sampling designs on the unit hypercube for parameter sweeps and sensitivity
 * analysis. Map a design's unit coordinates to parameter values with
 * `quantile(dist, u)` from distributions.ts.
 *
 * Output shape (all designs): `points` is an array of rows, one Float64Array of
 * length k per design point; `points[row][c]` is the unit coordinate of parameter c.
 * Coordinates are in [0, 1), except the Morris grid, which includes 1 (see
 * morrisDesign). Designs that need extra bookkeeping (grid level indices, Saltelli
 * block labels, Morris step order/signs) return it alongside, row-aligned.
 *
 * Every function validates its arguments and throws RangeError with a message
 * naming the argument. Randomised designs draw only from the `Rng` passed in, so
 * the same seed gives the same design bytes.
 *
 * Test reference values (test/sweep/designs.test.ts): Sobol points from
 * scipy.stats.qmc.Sobol(d, scramble=False, bits=32).random(n), scipy 1.17.1.
 */
import { Rng } from '../rng.ts';

/** Largest number of rows any design will build (memory guard). */
export const MAX_ROWS = 10_000_000;

/** Highest Sobol dimension supported by the embedded direction-number table. */
export const SOBOL_MAX_DIM = 64;

/** Highest parameter count for saltelliDesign (it needs a 2k-dimensional Sobol sequence). */
export const SALTELLI_MAX_K = SOBOL_MAX_DIM / 2;

function checkInt(name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(v)) throw new RangeError(`${name} must be an integer, got ${v}`);
  if (v < min) throw new RangeError(`${name} must be >= ${min}, got ${v}`);
  if (v > max) throw new RangeError(`${name} must be <= ${max}, got ${v}`);
}

function checkRows(what: string, rows: number): void {
  if (rows > MAX_ROWS) throw new RangeError(`${what}: ${rows} rows exceeds MAX_ROWS (${MAX_ROWS})`);
}

// ---------------------------------------------------------------------------
// Full factorial grid
// ---------------------------------------------------------------------------

export interface GridDesign {
  /** Number of points, the product of `levels`. */
  n: number;
  k: number;
  /** Level count per dimension (copy of the argument). */
  levels: number[];
  /** indices[row][c] = level index of parameter c, in [0, levels[c]). */
  indices: Int32Array[];
  /** points[row][c] = (indices[row][c] + 0.5) / levels[c], the level's cell midpoint. */
  points: Float64Array[];
}

/**
 * Full factorial design (every combination of levels). Row order is lexicographic
 * in the level indices with the LAST dimension varying fastest (as nested loops or
 * itertools.product). Unit coordinates are cell midpoints (l + 0.5)/L, so
 * `quantile(discrete(values), u)` returns exactly values[l] for a list of L values;
 * callers that want grid endpoints (e.g. min..max inclusive for a numeric range)
 * use `indices` directly (value = min + l (max - min)/(L - 1)).
 */
export function gridDesign(levels: number[]): GridDesign {
  if (!Array.isArray(levels) || levels.length < 1) throw new RangeError('gridDesign: levels must be a non-empty list');
  let n = 1;
  levels.forEach((L, c) => {
    checkInt(`gridDesign: levels[${c}]`, L, 1);
    n *= L;
  });
  checkRows('gridDesign', n);
  const k = levels.length;
  const indices: Int32Array[] = [];
  const points: Float64Array[] = [];
  for (let row = 0; row < n; row++) {
    const idx = new Int32Array(k);
    const pt = new Float64Array(k);
    let rest = row;
    for (let c = k - 1; c >= 0; c--) {
      idx[c] = rest % levels[c];
      rest = Math.floor(rest / levels[c]);
      pt[c] = (idx[c] + 0.5) / levels[c];
    }
    indices.push(idx);
    points.push(pt);
  }
  return { n, k, levels: [...levels], indices, points };
}

// ---------------------------------------------------------------------------
// Random and Latin hypercube
// ---------------------------------------------------------------------------

function checkNK(fn: string, n: number, k: number): void {
  checkInt(`${fn}: n`, n, 1);
  checkInt(`${fn}: k`, k, 1);
  checkRows(fn, n);
  if (n * k > MAX_ROWS * 8) throw new RangeError(`${fn}: n*k = ${n * k} is too large`);
}

/** n iid uniform points in [0, 1)^k; draws row by row, column by column. */
export function randomDesign(n: number, k: number, rng: Rng): Float64Array[] {
  checkNK('randomDesign', n, k);
  const points: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const pt = new Float64Array(k);
    for (let c = 0; c < k; c++) pt[c] = rng.next();
    points.push(pt);
  }
  return points;
}

/** In-place Fisher-Yates shuffle (Knuth, TAOCP vol. 2, Algorithm 3.4.2P). */
function shuffle(a: Int32Array, rng: Rng): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/**
 * Latin hypercube sample (McKay, Beckman & Conover 1979, Technometrics 21(2)):
 * for each dimension an independent random permutation assigns the n points to
 * the n strata [s/n, (s+1)/n), one point per stratum, jittered uniformly within its
 * stratum. Draw order: per dimension, the permutation then the n jitters.
 */
export function lhsDesign(n: number, k: number, rng: Rng): Float64Array[] {
  checkNK('lhsDesign', n, k);
  const points: Float64Array[] = [];
  for (let i = 0; i < n; i++) points.push(new Float64Array(k));
  const perm = new Int32Array(n);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    shuffle(perm, rng);
    for (let i = 0; i < n; i++) {
      const s = perm[i];
      let x = (s + rng.next()) / n;
      // rounding guard for huge n: keep the point inside its own stratum
      if (Math.floor(x * n) !== s) x = (s + 0.5) / n;
      points[i][c] = x;
    }
  }
  return points;
}

/**
 * Grow a Latin hypercube of n points to m = c n points (c a whole number >= 2),
 * keeping the n points as the first rows: in each dimension every one of the n
 * strata [s/n, (s+1)/n) is split into c sub-strata of width 1/m; the old point of
 * the stratum sits in one of them; the m - n new points take the free sub-strata,
 * assigned by an independent random permutation per dimension and jittered
 * uniformly within the sub-stratum. The result is a Latin hypercube of m points
 * (one point per sub-stratum in every dimension): the extension by doubling of
 * Sallaberry, Helton & Hora (2008, Reliab. Eng. Syst. Saf. 93, "Extension of Latin
 * hypercube samples with correlated variables"), for any whole factor. Draw order:
 * per dimension, the permutation then the m - n jitters.
 */
export function extendLhs(points: Float64Array[], m: number, rng: Rng): Float64Array[] {
  const n = points.length;
  if (n < 1) throw new RangeError('extendLhs: no points to extend');
  const k = points[0].length;
  checkNK('extendLhs', m, k);
  if (m <= n || m % n !== 0) throw new RangeError(`extendLhs: the new size must be a multiple of ${n} larger than it, got ${m}`);
  const out = points.map((p) => Float64Array.from(p));
  for (let i = n; i < m; i++) out.push(new Float64Array(k));
  const used = new Uint8Array(m);
  const free = new Int32Array(m - n);
  for (let c = 0; c < k; c++) {
    used.fill(0);
    for (let i = 0; i < n; i++) {
      const f = Math.min(m - 1, Math.floor(points[i][c] * m));
      if (used[f] || Math.floor(points[i][c] * n) !== Math.floor(f / (m / n))) throw new RangeError(`extendLhs: the points are not a Latin hypercube in dimension ${c}`);
      used[f] = 1;
    }
    let q = 0;
    for (let f = 0; f < m; f++) if (!used[f]) free[q++] = f;
    shuffle(free, rng);
    for (let i = 0; i < m - n; i++) {
      const s = free[i];
      let x = (s + rng.next()) / m;
      if (Math.floor(x * m) !== s) x = (s + 0.5) / m;
      out[n + i][c] = x;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Sobol sequence
// ---------------------------------------------------------------------------

/**
 * Joe-Kuo direction numbers, rows d = 2..64 of the file new-joe-kuo-6.21201
 * (S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better two-dimensional
 * projections", SIAM J. Sci. Comput. 30 (2008) 2635-2654; table published at
 * https://web.maths.unsw.edu.au/~fkuo/sobol/). Each row is [s, a, [m_1..m_s]]:
 * s the degree of the primitive polynomial, a its interior coefficients as a
 * binary number, m_i the initial direction integers. Dimension 1 (not listed) is the
 * van der Corput sequence (all m_i = 1). Transcribed from scipy's bundled copy of
 * the same table and spot-checked against the published file.
 */
const JOE_KUO: ReadonlyArray<readonly [number, number, readonly number[]]> = [
  [1, 0, [1]], // d=2
  [2, 1, [1, 3]], // d=3
  [3, 1, [1, 3, 1]], // d=4
  [3, 2, [1, 1, 1]], // d=5
  [4, 1, [1, 1, 3, 3]], // d=6
  [4, 4, [1, 3, 5, 13]], // d=7
  [5, 2, [1, 1, 5, 5, 17]], // d=8
  [5, 4, [1, 1, 5, 5, 5]], // d=9
  [5, 7, [1, 1, 7, 11, 19]], // d=10
  [5, 11, [1, 1, 5, 1, 1]], // d=11
  [5, 13, [1, 1, 1, 3, 11]], // d=12
  [5, 14, [1, 3, 5, 5, 31]], // d=13
  [6, 1, [1, 3, 3, 9, 7, 49]], // d=14
  [6, 13, [1, 1, 1, 15, 21, 21]], // d=15
  [6, 16, [1, 3, 1, 13, 27, 49]], // d=16
  [6, 19, [1, 1, 1, 15, 7, 5]], // d=17
  [6, 22, [1, 3, 1, 15, 13, 25]], // d=18
  [6, 25, [1, 1, 5, 5, 19, 61]], // d=19
  [7, 1, [1, 3, 7, 11, 23, 15, 103]], // d=20
  [7, 4, [1, 3, 7, 13, 13, 15, 69]], // d=21
  [7, 7, [1, 1, 3, 13, 7, 35, 63]], // d=22
  [7, 8, [1, 3, 5, 9, 1, 25, 53]], // d=23
  [7, 14, [1, 3, 1, 13, 9, 35, 107]], // d=24
  [7, 19, [1, 3, 1, 5, 27, 61, 31]], // d=25
  [7, 21, [1, 1, 5, 11, 19, 41, 61]], // d=26
  [7, 28, [1, 3, 5, 3, 3, 13, 69]], // d=27
  [7, 31, [1, 1, 7, 13, 1, 19, 1]], // d=28
  [7, 32, [1, 3, 7, 5, 13, 19, 59]], // d=29
  [7, 37, [1, 1, 3, 9, 25, 29, 41]], // d=30
  [7, 41, [1, 3, 5, 13, 23, 1, 55]], // d=31
  [7, 42, [1, 3, 7, 3, 13, 59, 17]], // d=32
  [7, 50, [1, 3, 1, 3, 5, 53, 69]], // d=33
  [7, 55, [1, 1, 5, 5, 23, 33, 13]], // d=34
  [7, 56, [1, 1, 7, 7, 1, 61, 123]], // d=35
  [7, 59, [1, 1, 7, 9, 13, 61, 49]], // d=36
  [7, 62, [1, 3, 3, 5, 3, 55, 33]], // d=37
  [8, 14, [1, 3, 1, 15, 31, 13, 49, 245]], // d=38
  [8, 21, [1, 3, 5, 15, 31, 59, 63, 97]], // d=39
  [8, 22, [1, 3, 1, 11, 11, 11, 77, 249]], // d=40
  [8, 38, [1, 3, 1, 11, 27, 43, 71, 9]], // d=41
  [8, 47, [1, 1, 7, 15, 21, 11, 81, 45]], // d=42
  [8, 49, [1, 3, 7, 3, 25, 31, 65, 79]], // d=43
  [8, 50, [1, 3, 1, 1, 19, 11, 3, 205]], // d=44
  [8, 52, [1, 1, 5, 9, 19, 21, 29, 157]], // d=45
  [8, 56, [1, 3, 7, 11, 1, 33, 89, 185]], // d=46
  [8, 67, [1, 3, 3, 3, 15, 9, 79, 71]], // d=47
  [8, 70, [1, 3, 7, 11, 15, 39, 119, 27]], // d=48
  [8, 84, [1, 1, 3, 1, 11, 31, 97, 225]], // d=49
  [8, 97, [1, 1, 1, 3, 23, 43, 57, 177]], // d=50
  [8, 103, [1, 3, 7, 7, 17, 17, 37, 71]], // d=51
  [8, 115, [1, 3, 1, 5, 27, 63, 123, 213]], // d=52
  [8, 122, [1, 1, 3, 5, 11, 43, 53, 133]], // d=53
  [9, 8, [1, 3, 5, 5, 29, 17, 47, 173, 479]], // d=54
  [9, 13, [1, 3, 3, 11, 3, 1, 109, 9, 69]], // d=55
  [9, 16, [1, 1, 1, 5, 17, 39, 23, 5, 343]], // d=56
  [9, 22, [1, 3, 1, 5, 25, 15, 31, 103, 499]], // d=57
  [9, 25, [1, 1, 1, 11, 11, 17, 63, 105, 183]], // d=58
  [9, 44, [1, 1, 5, 11, 9, 29, 97, 231, 363]], // d=59
  [9, 47, [1, 1, 5, 15, 19, 45, 41, 7, 383]], // d=60
  [9, 52, [1, 3, 7, 7, 31, 19, 83, 137, 221]], // d=61
  [9, 55, [1, 1, 1, 3, 23, 15, 111, 223, 83]], // d=62
  [9, 59, [1, 1, 5, 13, 31, 15, 55, 25, 161]], // d=63
  [9, 62, [1, 1, 3, 13, 25, 47, 39, 87, 257]], // d=64
];

const SOBOL_BITS = 32;

/** Direction numbers V_1..V_32 (as 32-bit integers) for every supported dimension. */
const DIRECTIONS: Uint32Array[] = buildDirections();

/** Bratley & Fox (1988, ACM TOMS 14, Algorithm 659) recurrence as in Joe & Kuo. */
function buildDirections(): Uint32Array[] {
  const out: Uint32Array[] = [];
  const first = new Uint32Array(SOBOL_BITS);
  for (let b = 0; b < SOBOL_BITS; b++) first[b] = (1 << (SOBOL_BITS - 1 - b)) >>> 0;
  out.push(first);
  for (const [s, a, m] of JOE_KUO) {
    const v = new Uint32Array(SOBOL_BITS);
    for (let b = 0; b < SOBOL_BITS; b++) {
      if (b < s) {
        v[b] = (m[b] << (SOBOL_BITS - 1 - b)) >>> 0;
      } else {
        let x = v[b - s] ^ (v[b - s] >>> s);
        for (let i = 1; i < s; i++) if ((a >>> (s - 1 - i)) & 1) x ^= v[b - i];
        v[b] = x >>> 0;
      }
    }
    out.push(v);
  }
  return out;
}

/**
 * The first n points (after `skip`) of the unscrambled Sobol sequence in k <= 64
 * dimensions (Sobol 1967; Joe-Kuo direction numbers, above), generated in Gray-code
 * order (Antonov & Saleev 1979): x_{i+1} = x_i XOR V_c, c = position of the lowest
 * zero bit of i. This is exactly scipy.stats.qmc.Sobol(k, scramble=False) order:
 * index 0 is the all-zero point, then (0.5, 0.5, ...), (0.75, 0.25, ...),
 * (0.25, 0.75, ...), ...
 *
 * Convention: `skip` (default 1) drops the first `skip` indices, so by default the
 * all-zero point is omitted (it maps every parameter to its lower bound, and an
 * unbounded normal to its extreme tail). Pass skip = 0 for the full net: with
 * skip = 0 and n = 2^m every 1-D projection puts exactly one point in each dyadic
 * interval [j/2^m, (j+1)/2^m). 32-bit resolution: skip + n <= 2^32.
 */
export function sobolSequence(n: number, k: number, skip = 1): Float64Array[] {
  checkInt('sobolSequence: n', n, 1);
  checkInt('sobolSequence: k', k, 1, SOBOL_MAX_DIM);
  checkInt('sobolSequence: skip', skip, 0);
  checkRows('sobolSequence', n);
  if (skip + n > 2 ** SOBOL_BITS) throw new RangeError(`sobolSequence: skip + n must be <= 2^${SOBOL_BITS}`);
  const scale = 2 ** -SOBOL_BITS;
  const x = new Uint32Array(k);
  // state at index `skip`: XOR of V_b over the set bits of gray(skip)
  const gray = skip ^ Math.floor(skip / 2);
  for (let b = 0; b < SOBOL_BITS; b++) {
    if (Math.floor(gray / 2 ** b) % 2 === 1) for (let c = 0; c < k; c++) x[c] ^= DIRECTIONS[c][b];
  }
  const points: Float64Array[] = [];
  for (let i = skip; i < skip + n; i++) {
    const pt = new Float64Array(k);
    for (let c = 0; c < k; c++) pt[c] = x[c] * scale;
    points.push(pt);
    // advance to index i + 1: flip direction number at the lowest zero bit of i
    let b = 0;
    let t = i;
    while (t % 2 === 1) {
      t = Math.floor(t / 2);
      b++;
    }
    if (b < SOBOL_BITS) for (let c = 0; c < k; c++) x[c] ^= DIRECTIONS[c][b];
  }
  return points;
}

// ---------------------------------------------------------------------------
// Saltelli (Sobol' indices) design
// ---------------------------------------------------------------------------

export type SaltelliBlock = 'A' | 'B' | 'AB';

export interface SaltelliRowLabel {
  block: SaltelliBlock;
  /** For 'AB': the parameter whose column comes from B. -1 for 'A' and 'B'. */
  i: number;
  /** Base-sample index in [0, n). */
  j: number;
}

export interface SaltelliDesign {
  /** Base sample size N. */
  n: number;
  k: number;
  /** n * (k + 2) rows; see saltelliDesign for the order. */
  points: Float64Array[];
  /** labels[row] tells which matrix and base sample a row belongs to. */
  labels: SaltelliRowLabel[];
}

export interface SaltelliOptions {
  /** Sobol indices to skip before the base sample (default 1: drop the zero point). */
  skip?: number;
}

/** Row of (block, i, j) in a saltelliDesign with base size n (block-major order). */
export function saltelliRow(n: number, block: SaltelliBlock, i: number, j: number): number {
  if (block === 'A') return j;
  if (block === 'B') return n + j;
  return (2 + i) * n + j;
}

/**
 * Saltelli et al. (2010, "Variance based sensitivity analysis of model output.
 * Design and estimator for the total sensitivity index", Comput. Phys. Commun. 181)
 * sampling scheme for first- and total-order Sobol' indices. A 2k-dimensional
 * Sobol sequence (sobolSequence(n, 2k, skip)) gives the base matrices
 * A = its first k columns and B = its last k columns; AB_i is A with column i taken
 * from B. Total rows n (k + 2).
 *
 * Row order (block-major): rows [0, n) are A_j, rows [n, 2n) are B_j, and rows
 * [(2 + i) n, (3 + i) n) are AB_i,j for i = 0..k-1; within each block j runs
 * 0..n-1. `labels[row]` = { block, i, j } states this per row and
 * `saltelliRow(n, block, i, j)` inverts it. n a power of two is recommended (Sobol
 * balance). k <= SALTELLI_MAX_K (32).
 */
export function saltelliDesign(n: number, k: number, opts: SaltelliOptions = {}): SaltelliDesign {
  checkInt('saltelliDesign: n', n, 1);
  checkInt('saltelliDesign: k', k, 1, SALTELLI_MAX_K);
  const skip = opts.skip ?? 1;
  checkInt('saltelliDesign: skip', skip, 0);
  checkRows('saltelliDesign', n * (k + 2));
  const base = sobolSequence(n, 2 * k, skip);
  const points: Float64Array[] = [];
  const labels: SaltelliRowLabel[] = [];
  for (let j = 0; j < n; j++) {
    points.push(base[j].slice(0, k));
    labels.push({ block: 'A', i: -1, j });
  }
  for (let j = 0; j < n; j++) {
    points.push(base[j].slice(k, 2 * k));
    labels.push({ block: 'B', i: -1, j });
  }
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < n; j++) {
      const row = base[j].slice(0, k);
      row[i] = base[j][k + i];
      points.push(row);
      labels.push({ block: 'AB', i, j });
    }
  }
  return { n, k, points, labels };
}

// ---------------------------------------------------------------------------
// Morris elementary-effects design
// ---------------------------------------------------------------------------

export interface MorrisTrajectory {
  /** order[s] = parameter changed between trajectory points s and s + 1 (a permutation of 0..k-1). */
  order: Int32Array;
  /** sign[s] = +1 if that parameter increased by delta at step s, -1 if it decreased. */
  sign: Int8Array;
}

export interface MorrisDesign {
  /** Number of trajectories. */
  r: number;
  k: number;
  /** Number of grid levels p (even). */
  p: number;
  /** Step in unit space, p / (2 (p - 1)). */
  delta: number;
  /** r (k + 1) rows, trajectory-major: row t (k + 1) + s is point s of trajectory t. */
  points: Float64Array[];
  trajectories: MorrisTrajectory[];
}

/**
 * Morris (1991, "Factorial sampling plans for preliminary computational
 * experiments", Technometrics 33(2)) one-at-a-time trajectories on the p-level grid
 * {0, 1/(p-1), ..., 1} (inclusive of 1) with the step Delta = p / (2(p-1)) of
 * Campolongo, Cariboni & Saltelli (2007, Environ. Model. Softw. 22), which makes every
 * level equally likely. p must be even.
 *
 * Each trajectory: a random base point x* with every coordinate on levels
 * {0, ..., 1 - Delta}, a random factor order (permutation) and random signs. A
 * factor with sign +1 starts at x*_i and steps up to x*_i + Delta; with sign -1 it
 * starts at x*_i + Delta and steps down (equivalent to Morris's B* = (J x* +
 * (Delta/2)[(2B - J)D* + J])P* construction). Point s + 1 differs from point s only
 * in parameter order[s], by sign[s] * Delta.
 *
 * Rows: trajectory-major, row t (k + 1) + s = point s (0..k) of trajectory t.
 * Draw order per trajectory: k base levels, the permutation, k signs.
 * Call as morrisDesign(r, k, rng) (p = 4) or morrisDesign(r, k, p, rng).
 */
export function morrisDesign(r: number, k: number, rng: Rng): MorrisDesign;
export function morrisDesign(r: number, k: number, p: number, rng: Rng): MorrisDesign;
export function morrisDesign(r: number, k: number, pOrRng: number | Rng, maybeRng?: Rng): MorrisDesign {
  const p = typeof pOrRng === 'number' ? pOrRng : 4;
  const rng = typeof pOrRng === 'number' ? maybeRng : pOrRng;
  if (!(rng instanceof Rng)) throw new RangeError('morrisDesign: an Rng is required');
  checkInt('morrisDesign: r', r, 1);
  checkInt('morrisDesign: k', k, 1);
  checkInt('morrisDesign: p (levels)', p, 2);
  if (p % 2 !== 0) throw new RangeError(`morrisDesign: p (levels) must be even, got ${p}`);
  checkRows('morrisDesign', r * (k + 1));
  const half = p / 2; // delta in grid units: Delta * (p - 1) = p / 2
  const delta = p / (2 * (p - 1));
  const points: Float64Array[] = [];
  const trajectories: MorrisTrajectory[] = [];
  const level = new Int32Array(k);
  for (let t = 0; t < r; t++) {
    for (let c = 0; c < k; c++) level[c] = rng.int(half);
    const order = new Int32Array(k);
    for (let c = 0; c < k; c++) order[c] = c;
    shuffle(order, rng);
    const sign = new Int8Array(k);
    const signOf = new Int8Array(k);
    for (let s = 0; s < k; s++) {
      sign[s] = rng.next() < 0.5 ? -1 : 1;
      signOf[order[s]] = sign[s];
    }
    for (let c = 0; c < k; c++) if (signOf[c] < 0) level[c] += half;
    const emit = () => {
      const pt = new Float64Array(k);
      for (let c = 0; c < k; c++) pt[c] = level[c] / (p - 1);
      points.push(pt);
    };
    emit();
    for (let s = 0; s < k; s++) {
      level[order[s]] += sign[s] * half;
      emit();
    }
    trajectories.push({ order, sign });
  }
  return { r, k, p, delta, points, trajectories };
}
