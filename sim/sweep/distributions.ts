/**
 * Parameter distributions for sweeps: each maps a unit coordinate u (a design
 * point's column, see designs.ts) to a parameter value through its quantile
 * function (inverse CDF), so any unit-hypercube design becomes a design over the
 * parameter space (inverse transform sampling, Devroye 1986, ch. II.2).
 *
 * Domain of u: [0, 1]. The designs produce u in [0, 1) except the Morris design,
 * whose grid includes 1 (Morris 1991); u = 1 maps to the top of the support
 * (max / last list value), and for an unbounded normal u is clamped to
 * [2^-53, 1 - 2^-53] so the value stays finite (about -/+ 8.2 sd).
 *
 * Test reference values (test/sweep/distributions.test.ts): normal quantiles from
 * scipy.stats.norm.ppf (= R's qnorm) and closed forms.
 */
import { normCdf, normQuantile } from '../analysis/normal.ts';

export type Scalar = number | string | boolean;

export interface UniformDist { kind: 'uniform'; min: number; max: number }
export interface LogUniformDist { kind: 'loguniform'; min: number; max: number }
/** Normal(mean, sd), optionally truncated to [min, max] (either bound may be omitted). */
export interface NormalDist { kind: 'normal'; mean: number; sd: number; min?: number; max?: number }
export interface TriangularDist { kind: 'triangular'; min: number; mode: number; max: number }
/** Equal-weight choice among a list of values (numbers, strings or booleans). */
export interface DiscreteDist<T extends Scalar = Scalar> { kind: 'discrete'; values: readonly T[] }
/** Equal-weight integer in [min, max], both ends included. */
export interface IntegerDist { kind: 'integer'; min: number; max: number }

/** Distributions whose quantile is a number. */
export type NumericDist =
  | UniformDist | LogUniformDist | NormalDist | TriangularDist | IntegerDist | DiscreteDist<number>;
export type Dist = UniformDist | LogUniformDist | NormalDist | TriangularDist | DiscreteDist | IntegerDist;

const U_EPS = 2 ** -53;

function finite(name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number, got ${v}`);
}

/** Throw a RangeError if the distribution's parameters are invalid; returns it unchanged. */
export function checkDist<D extends Dist>(d: D): D {
  switch (d.kind) {
    case 'uniform':
      finite('uniform.min', d.min);
      finite('uniform.max', d.max);
      if (d.min > d.max) throw new RangeError(`uniform: min (${d.min}) > max (${d.max})`);
      break;
    case 'loguniform':
      finite('loguniform.min', d.min);
      finite('loguniform.max', d.max);
      if (!(d.min > 0)) throw new RangeError(`loguniform: min must be > 0, got ${d.min}`);
      if (d.min > d.max) throw new RangeError(`loguniform: min (${d.min}) > max (${d.max})`);
      break;
    case 'normal':
      finite('normal.mean', d.mean);
      finite('normal.sd', d.sd);
      if (!(d.sd > 0)) throw new RangeError(`normal: sd must be > 0, got ${d.sd}`);
      if (d.min !== undefined) finite('normal.min', d.min);
      if (d.max !== undefined) finite('normal.max', d.max);
      if (d.min !== undefined && d.max !== undefined && !(d.min < d.max)) {
        throw new RangeError(`normal: truncation min (${d.min}) must be < max (${d.max})`);
      }
      break;
    case 'triangular':
      finite('triangular.min', d.min);
      finite('triangular.mode', d.mode);
      finite('triangular.max', d.max);
      if (!(d.min < d.max)) throw new RangeError(`triangular: min (${d.min}) must be < max (${d.max})`);
      if (d.mode < d.min || d.mode > d.max) throw new RangeError(`triangular: mode (${d.mode}) outside [min, max]`);
      break;
    case 'discrete':
      if (!Array.isArray(d.values) || d.values.length < 1) throw new RangeError('discrete: values must be a non-empty list');
      break;
    case 'integer':
      if (!Number.isSafeInteger(d.min) || !Number.isSafeInteger(d.max)) {
        throw new RangeError(`integer: min and max must be integers, got ${d.min}, ${d.max}`);
      }
      if (d.min > d.max) throw new RangeError(`integer: min (${d.min}) > max (${d.max})`);
      break;
    default:
      throw new RangeError(`unknown distribution kind: ${(d as { kind: unknown }).kind}`);
  }
  return d;
}

/** Uniform on [min, max]. */
export function uniform(min: number, max: number): UniformDist {
  return checkDist({ kind: 'uniform', min, max });
}

/** Log-uniform on [min, max], min > 0: log(x) uniform on [log min, log max]. */
export function loguniform(min: number, max: number): LogUniformDist {
  return checkDist({ kind: 'loguniform', min, max });
}

/** Normal(mean, sd), optionally truncated to [min, max]. */
export function normal(mean: number, sd: number, min?: number, max?: number): NormalDist {
  const d: NormalDist = { kind: 'normal', mean, sd };
  if (min !== undefined) d.min = min;
  if (max !== undefined) d.max = max;
  return checkDist(d);
}

/** Triangular on [min, max] with peak at mode. */
export function triangular(min: number, mode: number, max: number): TriangularDist {
  return checkDist({ kind: 'triangular', min, mode, max });
}

/** Equal-weight choice among `values`. */
export function discrete<T extends Scalar>(values: readonly T[]): DiscreteDist<T> {
  return checkDist({ kind: 'discrete', values: [...values] });
}

/** Equal-weight integer in [min, max] inclusive. */
export function integer(min: number, max: number): IntegerDist {
  return checkDist({ kind: 'integer', min, max });
}

/**
 * Normal quantile truncated to [min, max]: u is mapped to
 * p = Phi(a) + u (Phi(b) - Phi(a)) with a, b the standardised bounds (inverse-CDF
 * method for truncated distributions, e.g. Robert 1995, Stat. Comput. 5). When the
 * interval lies above the mean the mirror image is used so both tails keep relative
 * precision. The result is clamped to [min, max].
 */
function truncNormalQuantile(d: NormalDist, u: number): number {
  const a = d.min === undefined ? -Infinity : (d.min - d.mean) / d.sd;
  const b = d.max === undefined ? Infinity : (d.max - d.mean) / d.sd;
  let z: number;
  if (a > 0) {
    // mirror: -Z restricted to [-b, -a], with u -> 1 - u
    const pa = normCdf(-b);
    const pb = normCdf(-a);
    z = -normQuantile(clampOpen(pa + (1 - u) * (pb - pa)));
  } else {
    const pa = normCdf(a);
    const pb = normCdf(b);
    z = normQuantile(clampOpen(pa + u * (pb - pa)));
  }
  let x = d.mean + d.sd * z;
  if (d.min !== undefined && !(x >= d.min)) x = d.min;
  if (d.max !== undefined && !(x <= d.max)) x = d.max;
  return x;
}

function clampOpen(p: number): number {
  return Math.min(1 - U_EPS, Math.max(U_EPS, p));
}

/** Index of an equal-weight cell: floor(u * len), with u = 1 mapped to the last cell. */
function cell(u: number, len: number): number {
  return Math.min(len - 1, Math.floor(u * len));
}

/**
 * Value of `dist` at unit coordinate u in [0, 1] (its quantile function). Monotone
 * non-decreasing in u for numeric distributions (for the normal, up to last-bit
 * rounding of the inverse CDF: two u a few ulps apart may come out a few ulps
 * reversed); `discrete` returns values[floor(u * len)] (list order, not sorted).
 * Validates dist and u (RangeError).
 */
export function quantile<T extends Scalar>(dist: DiscreteDist<T>, u: number): T;
export function quantile(dist: NumericDist, u: number): number;
export function quantile(dist: Dist, u: number): Scalar;
export function quantile(dist: Dist, u: number): Scalar {
  if (!(u >= 0 && u <= 1)) throw new RangeError(`quantile: u must be in [0, 1], got ${u}`);
  checkDist(dist);
  switch (dist.kind) {
    case 'uniform':
      return u === 1 ? dist.max : dist.min + u * (dist.max - dist.min);
    case 'loguniform': {
      if (u === 0) return dist.min;
      if (u === 1) return dist.max;
      const lmin = Math.log(dist.min);
      return Math.min(dist.max, Math.max(dist.min, Math.exp(lmin + u * (Math.log(dist.max) - lmin))));
    }
    case 'normal':
      if (dist.min === undefined && dist.max === undefined) return dist.mean + dist.sd * normQuantile(clampOpen(u));
      return truncNormalQuantile(dist, u);
    case 'triangular': {
      // inverse CDF of the triangular distribution (Johnson, Kotz & Balakrishnan 1995, ch. 26)
      const { min, mode, max } = dist;
      const w = max - min;
      const c = (mode - min) / w;
      const x = u < c ? min + Math.sqrt(u * w * (mode - min)) : max - Math.sqrt((1 - u) * w * (max - mode));
      return Math.min(max, Math.max(min, x));
    }
    case 'discrete':
      return dist.values[cell(u, dist.values.length)];
    case 'integer':
      return dist.min + cell(u, dist.max - dist.min + 1);
  }
}
