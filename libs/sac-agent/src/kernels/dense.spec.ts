import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { checkGradients, maxAbsDiff, onBothBackends } from '../internal/testing/check-gradients.js';
import { dense } from './dense.js';

describe('dense', () => {
  beforeAll(async () => {
    await initBackend('cpu', () => {});
  });

  it('computes x · W + b', () => {
    const y = dense(
      tf.tensor2d([[1, 2]]),
      tf.tensor2d([
        [1, 0, 2],
        [3, 1, -1],
      ]),
      tf.tensor1d([0.5, 0, 1]),
    );
    expect(Array.from(y.dataSync())).toEqual([7.5, 2, 1]);
  });

  it('has gradients matching finite differences (x, W, b)', () => {
    checkGradients((x, W, b) => dense(x as tf.Tensor2D, W as tf.Tensor2D, b as tf.Tensor1D), [{ shape: [3, 4] }, { shape: [4, 5] }, { shape: [5] }]);
  });

  it('with paramGrads false, passes dx and returns zero parameter gradients', () => {
    const [x, W, b] = [tf.randomNormal([3, 4]), tf.randomNormal([4, 2]), tf.randomNormal([2])] as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const full = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(dense(a as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor1D)))([x, W, b]);
    const frozen = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
      tf.sum(dense(a as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor1D, { paramGrads: false })),
    )([x, W, b]);
    expect(maxAbsDiff(full[0].dataSync<'float32'>(), frozen[0].dataSync<'float32'>())).toBe(0);
    expect(Array.from(frozen[1].dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(frozen[2].dataSync()).every((v) => v === 0)).toBe(true);
  });

  it('gives the same values and gradients on wasm as on cpu', async () => {
    const x = tf.randomNormal([16, 32], 0, 1, 'float32', 1);
    const W = tf.randomNormal([32, 8], 0, 1, 'float32', 2);
    const b = tf.randomNormal([8], 0, 1, 'float32', 3);
    const r = tf.randomNormal([16, 8], 0, 1, 'float32', 4);
    const { cpu, wasm } = await onBothBackends(() => {
      const [xs, Ws, bs, rs] = [x, W, b, r].map((t) => tf.tensor(t.dataSync(), t.shape));
      const f = (a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => tf.sum(tf.mul(dense(a as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor1D), rs));
      return [dense(xs as tf.Tensor2D, Ws as tf.Tensor2D, bs as tf.Tensor1D), ...tf.grads(f)([xs, Ws, bs])];
    });
    cpu.forEach((c, i) => expect(maxAbsDiff(c, wasm[i])).toBeLessThan(1e-4));
  });
});
