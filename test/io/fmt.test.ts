/**
 * fmt's fast path gives exactly the string of its definition, the original
 * implementation (copied below as `reference`), for every finite double: checked
 * with fast-check over the whole double range and over the hard cases (ties at the
 * 6th digit, values that round up to a power of ten, neighbours of both, integers,
 * huge and tiny magnitudes, negatives, -0).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fmt, fmtSlow } from '../../sim/io/csv.ts';

/** The original fmt (before the fast path), verbatim but for the error type. */
function reference(x: number): string {
  if (!Number.isFinite(x)) throw new Error('non-finite');
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const s = String(Number(x.toPrecision(6)));
  return s === '-0' ? '0' : s;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
/** the double `steps` ulps away from x (toward +inf for positive steps, on the bit pattern of |x|) */
function ulps(x: number, steps: number): number {
  f64[0] = Math.abs(x);
  u64[0] = BigInt.asUintN(64, u64[0] + BigInt(steps));
  const y = f64[0];
  return x < 0 ? -y : y;
}

const same = (x: number) => {
  const want = reference(x);
  if (fmt(x) !== want || fmtSlow(x) !== want) throw new Error(`fmt(${x}) = ${fmt(x)}, fmtSlow = ${fmtSlow(x)}, reference ${want}`);
};

describe('fmt fast path = reference', () => {
  it('listed edge cases', () => {
    const xs = [
      -0, 0, 1, -1, 0.1, 0.2, 0.1 + 0.2, 1 / 3, -2 / 3, 9.999995, -9.999995, 9.9999949999, 99999.95, 999999.5, 0.000999995,
      1e-5, -1e-5, 9.99999e-6, 1.000005e-5, 1e-6, 1e-7, 2.5e-5, 5e-324, -5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MAX_VALUE,
      1e15, 1e15 - 0.5, 1e15 + 2, 999999999999999.9, 2 ** 53, 2 ** 53 + 2, 1e21, 1.5e21, 123456.5, 1234565, 1.234565, 0.1234565,
      1234567.8, 12345678.9, 100000.5, 0.4921875, 0.0575188 * 1, 0.05751875, 1.2345675e-9, 9.9999995e-7, 9.999995e-7, 1e-15, 9.99e-16, 0.5, 1.5, 2.5, 1.0000005, 0.9999995, 0.99999949, 0.00001234565, 314159.26535, 1e14 + 0.5,
    ];
    for (const x of xs) for (const d of [-2, -1, 0, 1, 2]) { const y = x === 0 ? x : ulps(x, d); if (Number.isFinite(y)) same(y); }
  });

  it('any double', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => { same(x); }), { numRuns: 200_000 });
  });

  it('magnitudes 1e-17 .. 1e16, both signs', () => {
    const mag = fc.tuple(fc.double({ min: 1, max: 10, noNaN: true }), fc.integer({ min: -17, max: 16 }), fc.boolean())
      .map(([m, e, neg]) => (neg ? -1 : 1) * m * 10 ** e);
    fc.assert(fc.property(mag, (x) => { same(x); }), { numRuns: 200_000 });
  });

  it('ties and near-ties at the 6th digit, and values rounding up to a power of ten', () => {
    // n.5 x 10^k for 6-digit n (the decimal tie), and its neighbouring doubles
    const tie = fc.tuple(fc.integer({ min: 100000, max: 999999 }), fc.integer({ min: -12, max: 12 }), fc.integer({ min: -3, max: 3 }), fc.boolean())
      .map(([n, k, d, neg]) => ulps((neg ? -1 : 1) * ((n * 10 + 5) / 10 ** (6 - k)), d));
    fc.assert(fc.property(tie, (x) => { same(x); }), { numRuns: 100_000 });
    const nines = fc.tuple(fc.integer({ min: -12, max: 16 }), fc.integer({ min: -40, max: 40 }), fc.boolean())
      .map(([k, d, neg]) => ulps((neg ? -1 : 1) * 9.999995 * 10 ** k, d));
    fc.assert(fc.property(nines, (x) => { same(x); }), { numRuns: 50_000 });
    // exact binary fractions: many are exact decimal ties at the 6th digit (0.4921875 -> 0.492188)
    const dyadic = fc.tuple(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: -1, max: 1 }), fc.boolean())
      .map(([j, m, d, neg]) => ulps((neg ? -1 : 1) * (j / 2 ** m), d));
    fc.assert(fc.property(dyadic, (x) => { same(x); }), { numRuns: 200_000 });
    const pow = fc.tuple(fc.integer({ min: -8, max: 16 }), fc.integer({ min: -5, max: 5 })).map(([k, d]) => ulps(10 ** k, d));
    fc.assert(fc.property(pow, (x) => { same(x); }), { numRuns: 20_000 });
  });

  it('integers, small and huge', () => {
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double({ min: 1e14, max: 1e22, noNaN: true }).map(Math.round)), (x) => { same(x); }), { numRuns: 50_000 });
  });

  it('refuses non-finite values, naming the column', () => {
    for (const x of [NaN, Infinity, -Infinity]) expect(() => fmt(x, 'utility')).toThrow(/non-finite.*utility/);
  });
});
