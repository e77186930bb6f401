import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { checkGradients, maxAbsDiff } from '../internal/testing/check-gradients.js';
import { matMul, matMulTransposedA, productFits } from './mat-mul.js';

/** Plain float64 loops: the reference both products are checked against. */
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transposedA: boolean): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < k; t++) s += (transposedA ? a[t * m + i] : a[i * k + t]) * b[t * n + j];
      out[i * n + j] = s;
    }
  return out;
}

describe('matMul and matMulTransposedA (unpacked SIMD products)', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  // [M, K, N]: full 4-row blocks, leftover rows (1-3), a 1-wide inner dimension, the agent's
  // first layers (K 14, 139), and N not a multiple of 8 (falls back to tf.matMul).
  const shapes: [number, number, number][] = [
    [256, 256, 256],
    [7, 5, 8],
    [1, 3, 16],
    [6, 1, 24],
    [256, 14, 256],
    [64, 139, 256],
    [9, 4, 4],
  ];
  for (const [M, K, N] of shapes) {
    it(`a [${M},${K}] · b [${K},${N}] and aᵀ · b equal plain loops`, () => {
      const a = tf.randomNormal([M, K], 0, 1, 'float32', 1).dataSync<'float32'>();
      const b = tf.randomNormal([K, N], 0, 1, 'float32', 2).dataSync<'float32'>();
      const ab = tf.tidy(() => matMul(tf.tensor2d(a, [M, K]), tf.tensor2d(b, [K, N])).dataSync<'float32'>());
      expect(maxAbsDiff(ab, reference(a, b, M, K, N, false))).toBeLessThan(1e-4 * Math.sqrt(K));
      // aᵀ · b with a stored as [K, M] (the same numbers read column-wise)
      const at = tf.randomNormal([K, M], 0, 1, 'float32', 3).dataSync<'float32'>();
      const atb = tf.tidy(() => matMulTransposedA(tf.tensor2d(at, [K, M]), tf.tensor2d(b, [K, N])).dataSync<'float32'>());
      expect(maxAbsDiff(atb, reference(at, b, M, K, N, true))).toBeLessThan(1e-4 * Math.sqrt(K));
    });
  }

  it('runs as one kernel on wasm exactly when N is a multiple of 8', () => {
    expect(productFits(256)).toBe(true);
    expect(productFits(8)).toBe(true);
    expect(productFits(4)).toBe(false);
    expect(productFits(1)).toBe(false);
  });

  it('equals tf.matMul bit for bit on the 256^3 product (both sum the inner dimension in order)', () => {
    const [a, b] = [tf.randomNormal([256, 256], 0, 1, 'float32', 4), tf.randomNormal([256, 256], 0, 1, 'float32', 5)];
    const ours = tf.tidy(() => matMul(a as tf.Tensor2D, b as tf.Tensor2D).dataSync());
    const theirs = tf.tidy(() => tf.matMul(a, b).dataSync());
    expect(maxAbsDiff(Float32Array.from(ours), Float32Array.from(theirs))).toBeLessThan(1e-5);
    tf.dispose([a, b]);
  });

  it('has gradients that match finite differences (through the tape)', () => {
    checkGradients((a, b) => matMul(a as tf.Tensor2D, b as tf.Tensor2D), [{ shape: [5, 3] }, { shape: [3, 8] }]);
    checkGradients((a, b) => matMulTransposedA(a as tf.Tensor2D, b as tf.Tensor2D), [{ shape: [3, 5] }, { shape: [3, 8] }]);
  });

  it('rejects shapes that do not multiply, naming both', () => {
    expect(() => matMul(tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([4, 8]) as tf.Tensor2D)).toThrow(/\[2,3\] and \[4,8\]/);
    expect(() => matMulTransposedA(tf.zeros([2, 3]) as tf.Tensor2D, tf.zeros([4, 8]) as tf.Tensor2D)).toThrow(/\[2,3\] and \[4,8\]/);
  });

  it('leaks no tensors', () => {
    const a = tf.randomNormal([16, 8]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      matMul(a, tf.ones([8, 16]));
      matMulTransposedA(a, tf.ones([16, 8]));
    });
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});
