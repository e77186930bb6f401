import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { maxAbsDiff, onBothBackends } from '../internal/testing/check-gradients.js';
import { Rng } from '../internal/rng.js';
import { sampleTanhNormalOps, tanhNormalSample, tanhNormalSampleBackward } from './tanh-normal-sample.js';

const B = 6;
const A = 3;
// Tight bounds so that some rows are clipped at each end (their log-std gradient is 0).
const bounds = { stdMin: 0.5, stdMax: 2 };
const rng = new Rng(3);
const normal = (n: number, scale = 1) => rng.fillNormal(new Float32Array(n)).map((x) => x * scale);
const data = {
  meanPre: normal(B * A),
  meanBias: normal(A),
  logStdPre: normal(B * A, 1.5),
  logStdBias: normal(A, 0.3),
  noise: normal(B * A),
  dActions: normal(B * A),
};
const dLogPi = 0.37;

const heads = () => ({
  meanPre: tf.tensor2d(data.meanPre, [B, A]),
  meanBias: tf.tensor1d(data.meanBias),
  logStdPre: tf.tensor2d(data.logStdPre, [B, A]),
  logStdBias: tf.tensor1d(data.logStdBias),
});

/** The loss the backward kernel differentiates: Σ dA · a + dLogPi · Σ log π, as tfjs ops. */
function referenceGrads(): tf.Tensor[] {
  const noise = tf.tensor2d(data.noise, [B, A]);
  const loss = (meanPre: tf.Tensor, logStdPre: tf.Tensor): tf.Scalar => {
    const h = heads();
    const mean = tf.add(meanPre, h.meanBias) as tf.Tensor2D;
    const std = tf.clipByValue(tf.exp(tf.add(logStdPre, h.logStdBias)), bounds.stdMin, bounds.stdMax) as tf.Tensor2D;
    const { actions, logPi } = sampleTanhNormalOps(mean, std, noise);
    return tf.add(tf.sum(tf.mul(actions, tf.tensor2d(data.dActions, [B, A]))), tf.mul(tf.sum(logPi), dLogPi));
  };
  const h = heads();
  return tf.grads(loss)([h.meanPre, h.logStdPre]);
}

describe('tanhNormalSample (fused tanh-Gaussian sample, log-density and their backward)', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  it('gives the values of the tfjs ops on cpu and wasm', async () => {
    const { cpu, wasm } = await onBothBackends(() => {
      const noise = tf.tensor2d(data.noise, [B, A]);
      const fused = tanhNormalSample(heads(), noise, bounds);
      const h = heads();
      const mean = tf.add(h.meanPre, h.meanBias) as tf.Tensor2D;
      const std = tf.clipByValue(tf.exp(tf.add(h.logStdPre, h.logStdBias)), bounds.stdMin, bounds.stdMax) as tf.Tensor2D;
      const ops = sampleTanhNormalOps(mean, std, noise);
      return [fused.actions, ops.actions, fused.logPi, ops.logPi, fused.std, std, fused.mean, mean];
    });
    for (const out of [cpu, wasm]) {
      for (let i = 0; i < out.length; i += 2) expect(maxAbsDiff(out[i], out[i + 1])).toBeLessThan(2e-5);
    }
    // Some stds were clipped, so the bounds were exercised.
    expect(cpu[4].some((s) => s === bounds.stdMin) && cpu[4].some((s) => s === bounds.stdMax)).toBe(true);
  });

  it('backward equals tf.grads of Σ dA · a + dLogPi · Σ log π (clipped stds get no log-std gradient)', async () => {
    const { cpu, wasm } = await onBothBackends(() => {
      const noise = tf.tensor2d(data.noise, [B, A]);
      const sample = tanhNormalSample(heads(), noise, bounds);
      const { du, dLogStd } = tanhNormalSampleBackward(sample, noise, tf.tensor2d(data.dActions, [B, A]), tf.scalar(dLogPi), bounds);
      return [du, dLogStd, ...referenceGrads()];
    });
    for (const out of [cpu, wasm]) {
      expect(maxAbsDiff(out[0], out[2])).toBeLessThan(1e-4);
      expect(maxAbsDiff(out[1], out[3])).toBeLessThan(1e-4);
    }
  });

  it('leaks no tensors', () => {
    const noise = tf.tensor2d(data.noise, [B, A]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const sample = tanhNormalSample(heads(), noise, bounds);
      tanhNormalSampleBackward(sample, noise, tf.tensor2d(data.dActions, [B, A]), tf.scalar(dLogPi), bounds);
    });
    expect(tf.memory().numTensors).toBe(before);
    noise.dispose();
  });
});
