/**
 * Dense linear algebra on small row-major Float64Array matrices, in place, without allocation:
 * what the arm controller needs every physics step.
 */

/** Cholesky factor of the symmetric positive-definite n x n matrix `a` into its lower triangle. Returns false when not positive definite. */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let diag = a[j * n + j];
    for (let k = 0; k < j; k++) diag -= a[j * n + k] * a[j * n + k];
    if (!(diag > 0)) return false;
    const root = Math.sqrt(diag);
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = sum / root;
    }
  }
  return true;
}

/** Solves L L^T x = b for the column `b` (length n, stride `stride`, starting at `offset`) in place. */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array, offset = 0, stride = 1): void {
  for (let i = 0; i < n; i++) {
    let sum = b[offset + i * stride];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * b[offset + k * stride];
    b[offset + i * stride] = sum / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[offset + i * stride];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * b[offset + k * stride];
    b[offset + i * stride] = sum / l[i * n + i];
  }
}

/** out (r x c) = a (r x k) * b (k x c). `out` must not alias `a` or `b`. */
export function matMul(a: Float64Array, b: Float64Array, out: Float64Array, r: number, k: number, c: number): void {
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      let sum = 0;
      for (let t = 0; t < k; t++) sum += a[i * k + t] * b[t * c + j];
      out[i * c + j] = sum;
    }
  }
}

/** out (c) = a^T (c x r) * v (r), for a row-major r x c matrix `a`. */
export function matTVec(a: Float64Array, v: Float64Array, out: Float64Array, r: number, c: number): void {
  for (let j = 0; j < c; j++) {
    let sum = 0;
    for (let i = 0; i < r; i++) sum += a[i * c + j] * v[i];
    out[j] = sum;
  }
}

/** out (r) = a (r x c) * v (c). */
export function matVec(a: Float64Array, v: Float64Array, out: Float64Array, r: number, c: number): void {
  for (let i = 0; i < r; i++) {
    let sum = 0;
    for (let j = 0; j < c; j++) sum += a[i * c + j] * v[j];
    out[i] = sum;
  }
}
