/**
 * Cheap, deterministic kernels for the step loop: an exponential table for logit
 * weights and a smoothstep threshold. Built once at load; no allocation per call.
 */

const EXP_RES = 128; // table points per unit
const EXP_MAX = 40; // exp(-40) ~ 4e-18: treated as 0
export const EXP_TABLE = new Float64Array(EXP_MAX * EXP_RES + 2);
for (let i = 0; i < EXP_TABLE.length; i++) EXP_TABLE[i] = Math.exp(-i / EXP_RES);

/**
 * exp(-z) for z >= 0 by linear interpolation in a table (relative error < 8e-6).
 * Used for logit choice weights, where only ratios matter.
 */
export function expNeg(z: number): number {
  const x = z * EXP_RES;
  if (!(x < EXP_MAX * EXP_RES)) return 0;
  const i = x | 0;
  const f = x - i;
  return EXP_TABLE[i] + f * (EXP_TABLE[i + 1] - EXP_TABLE[i]);
}

/**
 * A soft threshold: 0 below theta - width, 1 above theta + width, smoothstep
 * (3u^2 - 2u^3) between. Monotone in x, continuous with its first derivative.
 */
export function softStep(x: number, theta: number, width: number): number {
  let u = (x - theta) / (2 * width) + 0.5;
  if (u <= 0) return 0;
  if (u >= 1) return 1;
  return u * u * (3 - 2 * u);
}

/**
 * Share of export value lost to a tariff `tau` (a fraction): exports fall by the
 * factor (1 + passThrough * tau)^-elasticity (constant-elasticity import demand).
 */
export function tradeLoss(tau: number, elasticity: number, passThrough: number): number {
  if (tau <= 0) return 0;
  return 1 - Math.exp(-elasticity * Math.log1p(passThrough * tau));
}

/** Pick one of three options by multinomial logit; `u` is a uniform draw. */
export function logit3(u0: number, u1: number, u2: number, lambda: number, u: number): number {
  const m = u0 > u1 ? (u0 > u2 ? u0 : u2) : u1 > u2 ? u1 : u2;
  const w0 = expNeg(lambda * (m - u0));
  const w1 = expNeg(lambda * (m - u1));
  const w2 = expNeg(lambda * (m - u2));
  const r = u * (w0 + w1 + w2);
  return r < w0 ? 0 : r < w0 + w1 ? 1 : 2;
}

/** Binary logit: probability weight of option 1 over option 0, then the pick. */
export function logit2(u0: number, u1: number, lambda: number, u: number): number {
  const m = u0 > u1 ? u0 : u1;
  const w0 = expNeg(lambda * (m - u0));
  const w1 = expNeg(lambda * (m - u1));
  return u * (w0 + w1) < w0 ? 0 : 1;
}
