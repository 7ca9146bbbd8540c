/**
 * Ordinary least squares by Householder QR (Golub & Van Loan, Matrix Computations,
 * 4th ed., section 5.3): y = b0 + sum_j b_j x_j + e. QR rather than the normal
 * equations, so nearly collinear inputs lose no more precision than they must.
 * Used by the standardized regression coefficients and the partial (rank)
 * correlation coefficients of prcc.ts.
 */

export interface OlsFit {
  /** coefficients: [intercept, b_1, ..., b_k] (intercept first when fitted) */
  beta: Float64Array;
  /** standard errors of beta (sqrt of the diagonal of s^2 (X'X)^-1) */
  se: Float64Array;
  residuals: Float64Array;
  /** residual sum of squares */
  rss: number;
  /** residual degrees of freedom n - p */
  df: number;
  /** 1 - rss / total sum of squares about the mean (with an intercept) */
  r2: number;
}

/**
 * Fit y on the columns `xs` (each of length n), with an intercept unless told not
 * to. Throws RangeError when n <= p or the columns are collinear (a constant
 * input, or one input a linear combination of others): the coefficients are then
 * not identified.
 */
export function ols(xs: readonly ArrayLike<number>[], y: ArrayLike<number>, intercept = true): OlsFit {
  const n = y.length;
  const p = xs.length + (intercept ? 1 : 0);
  if (p === 0) throw new RangeError('ols: no columns');
  if (n <= p) throw new RangeError(`ols: need more observations (${n}) than coefficients (${p})`);
  // A: n x p, column-major
  const A: Float64Array[] = [];
  if (intercept) A.push(new Float64Array(n).fill(1));
  for (const x of xs) {
    if (x.length !== n) throw new RangeError(`ols: a column has ${x.length} values, y has ${n}`);
    A.push(Float64Array.from(x));
  }
  const qty = Float64Array.from(y);
  const norms = A.map((c) => Math.hypot(...c));
  const Rdiag = new Float64Array(p);
  // Householder: for each column j, reflect A[j][j..n) onto e_j, apply to later columns and to y
  for (let j = 0; j < p; j++) {
    const c = A[j];
    let s = 0;
    for (let i = j; i < n; i++) s += c[i] * c[i];
    const alpha = c[j] > 0 ? -Math.sqrt(s) : Math.sqrt(s);
    if (Math.abs(alpha) <= 1e-10 * Math.max(norms[j], 1e-300)) {
      throw new RangeError(`ols: column ${intercept ? j : j + 1} is constant or a linear combination of the others; the coefficients are not identified`);
    }
    // v = c[j..n) - alpha e_1, stored in c[j..n)
    c[j] -= alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += c[i] * c[i];
    const apply = (t: Float64Array) => {
      let d = 0;
      for (let i = j; i < n; i++) d += c[i] * t[i];
      const f = (2 * d) / vv;
      for (let i = j; i < n; i++) t[i] -= f * c[i];
    };
    for (let q = j + 1; q < p; q++) apply(A[q]);
    apply(qty);
    Rdiag[j] = alpha;
  }
  // R is upper triangular: R[j][j] = Rdiag[j], R[j][q] = A[q][j] for q > j
  const R = (j: number, q: number) => (j === q ? Rdiag[j] : A[q][j]);
  const beta = new Float64Array(p);
  for (let j = p - 1; j >= 0; j--) {
    let s = qty[j];
    for (let q = j + 1; q < p; q++) s -= R(j, q) * beta[q];
    beta[j] = s / R(j, j);
  }
  // residuals from the original columns (not from Q'y, to keep them exact in the data's units)
  const residuals = new Float64Array(n);
  let rss = 0, ym = 0;
  for (let i = 0; i < n; i++) ym += y[i];
  ym /= n;
  let tss = 0;
  for (let i = 0; i < n; i++) {
    let f = intercept ? beta[0] : 0;
    xs.forEach((x, j) => { f += beta[j + (intercept ? 1 : 0)] * x[i]; });
    const e = y[i] - f;
    residuals[i] = e;
    rss += e * e;
    tss += (y[i] - ym) ** 2;
  }
  const df = n - p;
  const s2 = rss / df;
  // (X'X)^-1 = R^-1 R^-T: diagonal = squared norms of the rows of R^-1
  const Rinv: Float64Array[] = Array.from({ length: p }, () => new Float64Array(p));
  for (let q = 0; q < p; q++) {
    Rinv[q][q] = 1 / R(q, q);
    for (let j = q - 1; j >= 0; j--) {
      let s = 0;
      for (let m = j + 1; m <= q; m++) s += R(j, m) * Rinv[m][q];
      Rinv[j][q] = -s / R(j, j);
    }
  }
  const se = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let q = j; q < p; q++) s += Rinv[j][q] ** 2;
    se[j] = Math.sqrt(s2 * s);
  }
  return { beta, se, residuals, rss, df, r2: tss > 0 ? 1 - rss / tss : NaN };
}
