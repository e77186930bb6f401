import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { checkGradients, maxAbsDiff, onBothBackends } from '../internal/testing/check-gradients.js';
import { layerNorm } from './layer-norm.js';

const ln = (x: tf.Tensor, s: tf.Tensor, o: tf.Tensor) => layerNorm(x as tf.Tensor2D, s as tf.Tensor1D, o as tf.Tensor1D);

describe('layerNorm', () => {
  beforeAll(async () => {
    await initBackend('cpu', () => {});
  });

  it('normalises each row, then scales and offsets', () => {
    // Row [1, 2, 3]: mean 2, variance 2/3 → x̂ = [-1.2247, 0, 1.2247].
    const y = ln(tf.tensor2d([[1, 2, 3]]), tf.tensor1d([1, 2, 3]), tf.tensor1d([0, 1, 0])).dataSync();
    const s = Math.sqrt(1.5);
    [-s, 1, 3 * s].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 4));
  });

  it('has gradients matching finite differences (x, scale, offset)', () => {
    checkGradients(ln, [{ shape: [3, 5] }, { shape: [5] }, { shape: [5] }], { tolerance: 5e-3 });
  });

  it('gives the same values and gradients on wasm as on cpu', async () => {
    const x = tf.randomNormal([8, 16], 0, 1, 'float32', 1).dataSync();
    const s = tf.randomNormal([16], 1, 0.1, 'float32', 2).dataSync();
    const o = tf.randomNormal([16], 0, 0.1, 'float32', 3).dataSync();
    const { cpu, wasm } = await onBothBackends(() => {
      const xs = [tf.tensor(x, [8, 16]), tf.tensor(s), tf.tensor(o)];
      return [ln(xs[0], xs[1], xs[2]), ...tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.square(ln(a, b, c))))(xs)];
    });
    cpu.forEach((c, i) => expect(maxAbsDiff(c, wasm[i])).toBeLessThan(1e-4));
  });
});
