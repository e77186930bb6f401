import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { checkGradients } from './testing/check-gradients.js';
import { actorLayout, policyGaussian, sampleTanhNormal } from './tanh-normal-policy.js';
import { Rng } from './rng.js';

describe('tanh-squashed Gaussian', () => {
  beforeAll(async () => {
    await initBackend('cpu', () => {});
  });

  it('log-prob matches the direct float64 formula, also far in the tails', () => {
    const mean = [
      [0.1, -2],
      [3, 0],
    ];
    const std = [
      [0.5, 1],
      [2, 1e-3],
    ];
    const noise = [
      [0.3, -1.2],
      [2.5, 0.7],
    ];
    const { actions, logPi } = sampleTanhNormal(tf.tensor2d(mean), tf.tensor2d(std), tf.tensor2d(noise));
    expect(actions.shape).toEqual([2, 2]);
    expect(logPi.shape).toEqual([2]);
    const lp = logPi.dataSync();
    const a = actions.dataSync();
    for (let i = 0; i < 2; i++) {
      let expected = 0;
      for (let j = 0; j < 2; j++) {
        const u = mean[i][j] + std[i][j] * noise[i][j];
        expect(a[2 * i + j]).toBeCloseTo(Math.tanh(u), 6);
        const logNormal = -0.5 * noise[i][j] ** 2 - Math.log(std[i][j]) - 0.5 * Math.log(2 * Math.PI);
        // log(1 - tanh²u) = log(4) - 2|u| - 2 log(1 + e^{-2|u|}), exact in float64.
        const logDet = Math.log(4) - 2 * Math.abs(u) - 2 * Math.log1p(Math.exp(-2 * Math.abs(u)));
        expected += logNormal - logDet;
      }
      expect(lp[i]).toBeCloseTo(expected, 3);
    }
  });

  it('log-prob and actions have gradients matching finite differences in mean and std', () => {
    const noise = tf.tensor2d([
      [0.3, -1.2],
      [0.5, 0.7],
    ]);
    checkGradients(
      (m, s) => sampleTanhNormal(m as tf.Tensor2D, s as tf.Tensor2D, noise).logPi,
      [
        { shape: [2, 2], data: Float32Array.of(0.1, -0.5, 0.8, 0) },
        { shape: [2, 2], data: Float32Array.of(0.5, 1, 0.3, 0.8) },
      ],
      { tolerance: 5e-3 },
    );
  });

  it('std is exp(head) clipped to [stdMin, stdMax]', () => {
    const shape = { observationDim: 3, actionDim: 2, hiddenDims: [8], layerNorm: true, stdMin: 1e-5, stdMax: 5 };
    const layout = actorLayout(shape);
    const params = layout.init(new Rng(1));
    // Push the log-std bias far up: every std hits the upper clip.
    const biasAt = layout.offsets[layout.specs.findIndex((s) => s.name === 'log_std/bias')];
    params.fill(10, biasAt, biasAt + 2);
    const { mean, std } = policyGaussian(layout.named(layout.tensors(params)), shape, tf.randomNormal([4, 3]));
    expect(mean.shape).toEqual([4, 2]);
    expect(Array.from(std.dataSync()).every((v) => Math.abs(v - 5) < 1e-6)).toBe(true);
  });
});
