import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { Rng } from '../internal/rng.js';
import { maxAbsDiff } from '../internal/testing/check-gradients.js';
import { scalarHead, scalarHeadBackward, scalarHeadFits } from './scalar-head.js';

describe('scalarHead (a one-output layer as one kernel forward and one backward)', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  const rng = new Rng(5);
  const [B, N] = [7, 12];
  const h = rng.fillNormal(new Float32Array(B * N));
  const w = rng.fillNormal(new Float32Array(N));
  const b = Float32Array.of(0.3);
  const dq = rng.fillNormal(new Float32Array(B));

  /** The same layer and its gradients through tfjs ops and tf.grads of Σ dq · q. */
  function reference(): Float32Array[] {
    return tf.tidy(() => {
      const f = (hh: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.reshape(tf.add(tf.matMul(hh, ww), bb), [-1]), tf.tensor1d(dq)));
      const inputs = [tf.tensor2d(h, [B, N]), tf.tensor2d(w, [N, 1]), tf.tensor1d(b)];
      const q = tf.reshape(tf.add(tf.matMul(inputs[0], inputs[1]), inputs[2]), [-1]);
      return [q, ...tf.grads(f)(inputs)].map((t) => t.dataSync<'float32'>().slice());
    });
  }

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`equals tfjs ops and tf.grads on ${backend}`, async () => {
      const previous = tf.getBackend();
      await tf.setBackend(backend);
      const expected = reference();
      const got = tf.tidy(() => {
        const hT = tf.tensor2d(h, [B, N]);
        const wT = tf.tensor2d(w, [N, 1]);
        const q = scalarHead(hT, wT, tf.tensor1d(b));
        const back = scalarHeadBackward(hT, wT, tf.tensor1d(dq), true);
        expect(back.grads.map((g) => g.shape)).toEqual([[N, 1], [1]]);
        return [q, back.dh, ...back.grads].map((t) => t.dataSync<'float32'>().slice());
      });
      got.forEach((values, i) => expect(maxAbsDiff(values, expected[i])).toBeLessThan(1e-5));
      // Frozen head: only the input gradient.
      const frozen = tf.tidy(() => scalarHeadBackward(tf.tensor2d(h, [B, N]), tf.tensor2d(w, [N, 1]), tf.tensor1d(dq), false).grads.length);
      expect(frozen).toBe(0);
      await tf.setBackend(previous);
    });
  }

  it('runs as one kernel on wasm when N is a multiple of 4', () => {
    expect(scalarHeadFits(256)).toBe(true);
    expect(scalarHeadFits(6)).toBe(false);
  });

  it('rejects a head that is not [N, 1], and leaks no tensors', () => {
    expect(() => scalarHead(tf.zeros([2, 4]) as tf.Tensor2D, tf.zeros([4, 2]), tf.zeros([1]))).toThrow(/w \[4,2\]/);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const hT = tf.ones([8, 16]) as tf.Tensor2D;
      scalarHead(hT, tf.ones([16, 1]), tf.zeros([1]));
      scalarHeadBackward(hT, tf.ones([16, 1]), tf.ones([8]), false);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
