import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, it } from 'vitest';
import { initBackend } from '../../init-backend.js';
import { checkGradients } from '../../internal/testing/check-gradients.js';

/** Every gradient registered by registerFastGradients (besides BatchMatMul), against finite differences. */
describe('registered gradients', () => {
  beforeAll(async () => {
    await initBackend('cpu', () => {});
  });
  const positive = (n: number) => ({ shape: [n], data: Float32Array.from({ length: n }, (_, i) => 0.5 + 0.3 * i) });

  it('binary ops, with broadcasting', () => {
    const ab = [{ shape: [3, 4] }, { shape: [4] }];
    checkGradients((a, b) => tf.add(a, b), ab);
    checkGradients((a, b) => tf.sub(a, b), ab);
    checkGradients((a, b) => tf.mul(a, b), ab);
    checkGradients((a, b) => tf.div(a, b), [{ shape: [2, 4] }, positive(4)]);
    checkGradients((a, b) => tf.squaredDifference(a, b), [{ shape: [3, 1] }, { shape: [3, 4] }]);
    checkGradients((a, b) => tf.minimum(a, b), [{ shape: [6] }, { shape: [6] }], { seed: 3 });
    checkGradients((a, b) => tf.maximum(a, b), [{ shape: [6] }, { shape: [6] }], { seed: 3 });
  });

  it('unary ops', () => {
    checkGradients((x) => tf.neg(x), [{ shape: [5] }]);
    checkGradients((x) => tf.square(x), [{ shape: [5] }]);
    checkGradients((x) => tf.log(x), [positive(5)]);
    checkGradients((x) => tf.softplus(x), [{ shape: [5] }]);
    checkGradients((x) => tf.exp(x), [{ shape: [5] }]);
    checkGradients((x) => tf.tanh(x), [{ shape: [5] }]);
    checkGradients((x) => tf.sigmoid(x), [{ shape: [5] }]);
    checkGradients((x) => tf.sqrt(x), [positive(5)]);
    checkGradients((x) => tf.clipByValue(x, -0.5, 0.5), [{ shape: [8], data: Float32Array.of(-2, -0.7, -0.3, 0, 0.2, 0.45, 0.8, 3) }]);
  });

  it('reductions', () => {
    checkGradients((x) => tf.sum(x), [{ shape: [2, 3] }]);
    checkGradients((x) => tf.sum(x, 0), [{ shape: [2, 3] }]);
    checkGradients((x) => tf.mean(x, -1, true), [{ shape: [2, 3] }]);
    checkGradients((x) => tf.mean(x, [0, 2]), [{ shape: [2, 3, 2] }]);
  });

  it('structure ops', () => {
    checkGradients((x) => tf.reshape(x, [3, 2]), [{ shape: [2, 3] }]);
    checkGradients((a, b) => tf.concat([a, b], 1), [{ shape: [2, 3] }, { shape: [2, 2] }]);
    checkGradients((a, b) => tf.addN([a, b, a]), [{ shape: [3] }, { shape: [3] }]);
    checkGradients((a, b) => tf.stack([a, b]), [{ shape: [3] }, { shape: [3] }]);
  });
});
