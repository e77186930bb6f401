import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { checkGradients, maxAbsDiff, onBothBackends } from '../internal/testing/check-gradients.js';

describe('BatchMatMul gradient override', () => {
  beforeAll(async () => {
    await initBackend('cpu', () => {});
  });

  for (const [transposeA, transposeB] of [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const) {
    it(`matches finite differences, transposeA=${transposeA} transposeB=${transposeB}`, () => {
      const aShape = transposeA ? [4, 3] : [3, 4];
      const bShape = transposeB ? [5, 4] : [4, 5];
      checkGradients((a, b) => tf.matMul(a, b, transposeA, transposeB), [{ shape: aShape }, { shape: bShape }]);
    });
  }

  it('sums over broadcast batch axes: [B,M,K] x [K,N] and [1,K,N]', () => {
    checkGradients((a, b) => tf.matMul(a, b), [{ shape: [2, 3, 4] }, { shape: [4, 2] }]);
    checkGradients((a, b) => tf.matMul(a, b), [{ shape: [2, 3, 4] }, { shape: [1, 4, 2] }]);
    checkGradients((a, b) => tf.matMul(a, b, true, false), [{ shape: [3, 4] }, { shape: [2, 3, 2] }]);
  });

  it('gives the same gradients on wasm as on cpu', async () => {
    const a = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 1).dataSync();
    const b = tf.randomNormal([8, 5], 0, 1, 'float32', 2).dataSync();
    const { cpu, wasm } = await onBothBackends(() =>
      tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y))))([tf.tensor(a, [2, 6, 8]), tf.tensor(b, [8, 5])]),
    );
    cpu.forEach((c, i) => expect(maxAbsDiff(c, wasm[i])).toBeLessThan(1e-3));
  });
});
