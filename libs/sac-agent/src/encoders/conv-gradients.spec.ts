import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { conv2dInputGradient, registerEncoderKernels } from './conv-gradients.js';

/** Filter and input gradients of conv2d on wasm (our registered kernel) against the cpu backend's own kernels. */
describe('conv2d gradients on wasm', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
    registerEncoderKernels();
  });

  const cases = [
    { x: [2, 9, 9, 3], f: [3, 3, 3, 4], s: 2, pad: 'same' as const },
    { x: [3, 16, 16, 2], f: [3, 3, 2, 5], s: 2, pad: 'same' as const },
    { x: [2, 8, 7, 3], f: [3, 2, 3, 2], s: 1, pad: 'valid' as const },
    { x: [1, 10, 10, 2], f: [4, 4, 2, 3], s: 3, pad: 'valid' as const },
    { x: [2, 12, 12, 4], f: [3, 3, 4, 4], s: 1, pad: 'same' as const },
    // Sizes divisible by the stride: the input gradient goes phase by phase (sub-pixel convolutions).
    { x: [2, 16, 16, 3], f: [3, 3, 3, 4], s: 2, pad: 'same' as const },
    { x: [1, 8, 8, 2], f: [3, 3, 2, 3], s: 2, pad: 'valid' as const },
    { x: [2, 12, 12, 2], f: [4, 4, 2, 3], s: 2, pad: 'same' as const },
    { x: [1, 12, 12, 2], f: [3, 3, 2, 3], s: 3, pad: 'same' as const },
    { x: [1, 12, 8, 2], f: [3, 2, 2, 3], s: 2, pad: 'same' as const },
    { x: [1, 9, 9, 2], f: [1, 1, 2, 3], s: 3, pad: 'valid' as const },
    { x: [1, 10, 10, 2], f: [5, 5, 2, 2], s: 2, pad: 'valid' as const },
  ];

  function grads(backend: string, xs: Float32Array, fs: Float32Array, c: (typeof cases)[number]): { dx: Float32Array; df: Float32Array } {
    tf.setBackend(backend);
    return tf.tidy(() => {
      const x = tf.tensor4d(xs, c.x as [number, number, number, number]);
      const f = tf.tensor4d(fs, c.f as [number, number, number, number]);
      const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad)));
      const [dx, df] = tf.grads(loss)([x, f]);
      return { dx: dx.dataSync() as Float32Array, df: df.dataSync() as Float32Array };
    });
  }

  it.each(cases)('x $x, filter $f, stride $s, $pad', async (c) => {
    const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
    const xs = Float32Array.from({ length: size(c.x) }, (_, i) => Math.sin(i * 1.3));
    const fs = Float32Array.from({ length: size(c.f) }, (_, i) => Math.cos(i * 0.7));
    const wasm = grads('wasm', xs, fs, c);
    const cpu = grads('cpu', xs, fs, c);
    tf.setBackend('wasm');
    const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    const scale = Math.max(...cpu.df.map(Math.abs));
    expect(wasm.df.length).toBe(cpu.df.length);
    expect(maxDiff(wasm.df, cpu.df)).toBeLessThan(1e-4 * scale);
    expect(maxDiff(wasm.dx, cpu.dx)).toBeLessThan(1e-3);
  });

  it.each(cases)('input gradient as a forward conv equals conv2dTranspose (cpu): x $x, filter $f, stride $s, $pad', (c) => {
    tf.setBackend('cpu');
    const diff = tf.tidy(() => {
      const x = c.x as [number, number, number, number];
      const f = tf.randomNormal(c.f as [number, number, number, number], 0, 1, 'float32', 3) as tf.Tensor4D;
      const dyShape = tf.conv2d(tf.zeros(x) as tf.Tensor4D, f, c.s, c.pad).shape as [number, number, number, number];
      const dy = tf.randomNormal(dyShape, 0, 1, 'float32', 4) as tf.Tensor4D;
      const ours = conv2dInputGradient(x, dy, f, c.s, c.pad);
      const reference = tf.conv2dTranspose(dy, f, x, c.s, c.pad);
      return tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0];
    });
    tf.setBackend('wasm');
    expect(diff).toBeLessThan(1e-4);
  });

  it('leaks no tensors', () => {
    const x = tf.randomNormal([2, 8, 8, 3]) as tf.Tensor4D;
    const f = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => {
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, f]);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    f.dispose();
  });
});
