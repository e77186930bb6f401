import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { checkGradients, maxAbsDiff, onBothBackends } from '../internal/testing/check-gradients.js';
import { fastTanh } from './fast-tanh.js';

describe('fastTanh', () => {
  beforeAll(async () => {
    await initBackend('cpu', () => {});
  });

  it('equals Math.tanh within float32 rounding, including large |x|', () => {
    const xs = [-30, -5, -1, -1e-3, 0, 1e-4, 0.5, 2, 30];
    const y = fastTanh(tf.tensor1d(xs)).dataSync();
    xs.forEach((x, i) => expect(Math.abs(y[i] - Math.tanh(x))).toBeLessThan(3e-7));
  });

  it('has a gradient matching finite differences', () => {
    checkGradients((x) => fastTanh(x), [{ shape: [4, 3] }]);
  });

  it('agrees between wasm and cpu', async () => {
    const x = tf.randomNormal([64, 64], 0, 2, 'float32', 1).dataSync();
    const { cpu, wasm } = await onBothBackends(() => fastTanh(tf.tensor(x, [64, 64])));
    expect(maxAbsDiff(cpu[0], wasm[0])).toBeLessThan(1e-6);
  });
});
