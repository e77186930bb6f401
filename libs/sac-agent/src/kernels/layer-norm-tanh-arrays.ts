/**
 * The arithmetic of the fused bias + LayerNorm + tanh layer on plain Float32Arrays, one row at a
 * time (row-major [rows, n]). Sums are taken in float64. Used by the custom kernels in
 * layer-norm-tanh.ts on the cpu and wasm backends.
 */

// Eigen's rational approximation of tanh (also XNNPACK's): odd degree-13 numerator over an even
// degree-6 denominator, inputs clamped to ±7.9053. Computed in float64 here: |error| <= 2.7e-7
// against Math.tanh over the reals (float32 rounding of the result is 6e-8), at a fifth of the
// cost of Math.exp and a tenth of Math.tanh in V8.
export const TANH_CLAMP = 7.90531110763549805;
/** Numerator coefficients a1, a3, …, a13 (of x, x³, …, x¹³). */
export const TANH_NUMERATOR: readonly number[] = [
  4.89352455891786e-3, 6.37261928875436e-4, 1.48572235717979e-5, 5.12229709037114e-8, -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16,
];
/** Denominator coefficients b0, b2, b4, b6. */
export const TANH_DENOMINATOR: readonly number[] = [4.89352518554385e-3, 2.268434632439e-3, 1.18534705686654e-4, 1.19825839466702e-6];
const [A1, A3, A5, A7, A9, A11, A13] = TANH_NUMERATOR;
const [B0, B2, B4, B6] = TANH_DENOMINATOR;
const CLAMP = TANH_CLAMP;

/** tanh(x) within 2.7e-7 (see above). */
export function rationalTanh(value: number): number {
  const x = value > CLAMP ? CLAMP : value < -CLAMP ? -CLAMP : value;
  const x2 = x * x;
  const p = x * (A1 + x2 * (A3 + x2 * (A5 + x2 * (A7 + x2 * (A9 + x2 * (A11 + x2 * A13))))));
  const q = B0 + x2 * (B2 + x2 * (B4 + x2 * B6));
  return p / q;
}

/**
 * Forward: y = z + bias; x̂ = (y - mean(y)) / sqrt(var(y) + ε) per row; h = tanh(x̂ · scale + offset).
 * Writes xHat [rows, n], invStd [rows] (1 / sqrt(var + ε)) and h [rows, n].
 */
export function layerNormTanhForwardArrays(
  z: Float32Array,
  bias: Float32Array,
  scale: Float32Array,
  offset: Float32Array,
  rows: number,
  n: number,
  epsilon: number,
  out: { readonly xHat: Float32Array; readonly invStd: Float32Array; readonly h: Float32Array },
): void {
  const { xHat, invStd, h } = out;
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let sum = 0;
    for (let j = 0; j < n; j++) sum += z[o + j] + bias[j];
    const mean = sum / n;
    let squares = 0;
    for (let j = 0; j < n; j++) {
      const c = z[o + j] + bias[j] - mean;
      squares += c * c;
    }
    const inv = 1 / Math.sqrt(squares / n + epsilon);
    invStd[r] = inv;
    for (let j = 0; j < n; j++) {
      const xh = (z[o + j] + bias[j] - mean) * inv;
      xHat[o + j] = xh;
      h[o + j] = rationalTanh(xh * scale[j] + offset[j]);
    }
  }
}

/**
 * Backward from dh (the gradient at h): with dy = dh · (1 - h²) (tanh) and g = dy · scale,
 *   dz = (g - mean(g) - x̂ · mean(g · x̂)) · invStd   (LayerNorm, per row),
 *   dBias = Σ_rows dz,  dScale = Σ_rows dy · x̂,  dOffset = Σ_rows dy.
 * `columnSums` is scratch of length 3n (float64 accumulators).
 */
export function layerNormTanhBackwardArrays(
  dh: Float32Array,
  h: Float32Array,
  xHat: Float32Array,
  invStd: Float32Array,
  scale: Float32Array,
  rows: number,
  n: number,
  columnSums: Float64Array,
  out: { readonly dz: Float32Array; readonly dBias: Float32Array; readonly dScale: Float32Array; readonly dOffset: Float32Array },
): void {
  const { dz } = out;
  columnSums.fill(0);
  const nn = 2 * n;
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    let sumG = 0;
    let sumGx = 0;
    for (let j = 0; j < n; j++) {
      const hj = h[o + j];
      const dy = dh[o + j] * (1 - hj * hj);
      const xh = xHat[o + j];
      const g = dy * scale[j];
      dz[o + j] = g; // g for now, dz below
      sumG += g;
      sumGx += g * xh;
      columnSums[n + j] += dy * xh;
      columnSums[nn + j] += dy;
    }
    const meanG = sumG / n;
    const meanGx = sumGx / n;
    const inv = invStd[r];
    for (let j = 0; j < n; j++) {
      const d = (dz[o + j] - meanG - xHat[o + j] * meanGx) * inv;
      dz[o + j] = d;
      columnSums[j] += d;
    }
  }
  for (let j = 0; j < n; j++) {
    out.dBias[j] = columnSums[j];
    out.dScale[j] = columnSums[n + j];
    out.dOffset[j] = columnSums[nn + j];
  }
}
