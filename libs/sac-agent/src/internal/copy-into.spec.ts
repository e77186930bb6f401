import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { copyInto } from './copy-into.js';

describe('copyInto (tensor values into a preallocated array)', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    it(`copies float32 tensors, reshaped ones included, at an offset on ${backend}`, async () => {
      const previous = tf.getBackend();
      await tf.setBackend(backend);
      const out = new Float32Array(8).fill(-1);
      tf.tidy(() => {
        const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
        copyInto(tf.reshape(x, [6]), out, 1);
      });
      expect([...out]).toEqual([-1, 1, 2, 3, 4, 5, 6, -1]);
      // Other dtypes go through dataSync.
      tf.tidy(() => copyInto(tf.tensor1d([7, 8], 'int32'), out, 6));
      expect([...out.slice(6)]).toEqual([7, 8]);
      await tf.setBackend(previous);
    });
  }
});
