import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { registerEncoderKernels } from './conv-gradients.js';
import { smallConvNetBackward, smallConvNetForwardFlops, smallConvNetTrace } from './small-conv-net-backward.js';
import { initSmallConvNet, smallConvNetForward, smallConvNetShapes } from './small-conv-net.js';

/**
 * The `small` encoder's hand-chained backward pass against tf.grads of `smallConvNetForward`
 * (on cpu: the backend's own Conv2DBackpropFilter; the input gradient is conv2dInputGradient,
 * checked against conv2dTranspose in conv-gradients.spec.ts) and against central finite
 * differences of a few parameters.
 */
const N = 2;
const SIZE = 64; // the net's pooled input

function setup() {
  const weights = initSmallConvNet('cam', 5);
  // Biases away from zero, so their gradients and the ReLU masks are not trivial.
  for (const [name, t] of Object.entries(weights))
    if (name.endsWith('/bias')) for (let i = 0; i < t.data.length; i++) t.data[i] = 0.05 * Math.sin(i + name.length);
  const names = Object.keys(smallConvNetShapes('cam'));
  const x = Float32Array.from({ length: N * SIZE * SIZE * 3 }, (_, i) => 0.5 * Math.sin(i * 0.37));
  const dF = Float32Array.from({ length: N * 64 }, (_, i) => Math.cos(i * 0.9));
  return { weights, names, x, dF };
}

type Setup = ReturnType<typeof setup>;

function params(s: Setup, override?: { name: string; index: number; delta: number }): Record<string, tf.Tensor> {
  return Object.fromEntries(
    s.names.map((name) => {
      const data = s.weights[name].data.slice();
      if (override?.name === name) data[override.index] += override.delta;
      return [name, tf.tensor(data, s.weights[name].shape)];
    }),
  );
}

function ours(s: Setup): Float32Array[] {
  return tf.tidy(() => {
    const p = params(s);
    const x = tf.tensor4d(s.x, [N, SIZE, SIZE, 3]);
    const trace = smallConvNetTrace(p, 'cam', x);
    expect(Array.from(trace.features.dataSync())).toEqual(Array.from(smallConvNetForward(p, 'cam', x).dataSync()));
    return smallConvNetBackward(p, 'cam', trace, tf.tensor2d(s.dF, [N, 64])).map((g) => g.dataSync() as Float32Array);
  });
}

function loss(s: Setup, p: Record<string, tf.Tensor>): tf.Scalar {
  return tf.sum(tf.mul(smallConvNetForward(p, 'cam', tf.tensor4d(s.x, [N, SIZE, SIZE, 3])), tf.tensor2d(s.dF, [N, 64])));
}

function tapeGrads(s: Setup): Float32Array[] {
  return tf.tidy(() => {
    const p = params(s);
    const grads = tf.grads((...xs: tf.Tensor[]) => loss(s, Object.fromEntries(s.names.map((n, i) => [n, xs[i]]))))(s.names.map((n) => p[n]));
    return grads.map((g) => g.dataSync() as Float32Array);
  });
}

function expectClose(actual: Float32Array[], expected: Float32Array[], names: string[], tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, k) => {
    const scale = Math.max(1e-6, ...Array.from(expected[k], Math.abs));
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - expected[k][i]));
    expect(worst / scale, `${names[k]}: max abs diff ${worst} against max |grad| ${scale}`).toBeLessThan(tolerance);
  });
}

describe('small conv net backward (the small encoder)', () => {
  it('equals tf.grads on cpu and on wasm', async () => {
    await initBackend('cpu', () => {});
    registerEncoderKernels();
    const s = setup();
    const reference = tapeGrads(s);
    expectClose(ours(s), reference, s.names, 1e-4);
    await initBackend('wasm', () => {});
    registerEncoderKernels();
    expectClose(ours(s), reference, s.names, 1e-4);
    expectClose(tapeGrads(s), reference, s.names, 1e-4); // the tape on wasm (our Conv2DBackpropFilter kernel) agrees too
  });

  it('matches central finite differences from conv2 on (cpu)', async () => {
    await initBackend('cpu', () => {});
    const s = setup();
    const grads = ours(s);
    const value = (override: { name: string; index: number; delta: number }) => tf.tidy(() => loss(s, params(s, override)).dataSync()[0]);
    // conv0 and conv1 are left to the tf.grads test: a 5e-3 step of an early weight moves
    // thousands of pre-activations, and those within reach of zero cross the ReLU's kink.
    for (const [k, name] of s.names.entries()) {
      if (name.includes('conv0') || name.includes('conv1')) continue;
      for (const index of [0, Math.floor(s.weights[name].data.length / 2)]) {
        const eps = 5e-3;
        const numeric = (value({ name, index, delta: eps }) - value({ name, index, delta: -eps })) / (2 * eps);
        expect(Math.abs(grads[k][index] - numeric), `${name}[${index}]: ${grads[k][index]} vs ${numeric}`).toBeLessThan(
          0.01 * Math.max(0.1, Math.abs(numeric)),
        );
      }
    }
  });

  it('leaks no tensors', async () => {
    await initBackend('wasm', () => {});
    const s = setup();
    ours(s);
    const before = tf.memory().numTensors;
    ours(s);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('counts its FLOPs', () => {
    // 64→32→16→8→4 pixels, 3→16→32→32→64 channels, 3x3 kernels, then 1024 → 64.
    const expected = 2 * (32 * 32 * 9 * 3 * 16 + 16 * 16 * 9 * 16 * 32 + 8 * 8 * 9 * 32 * 32 + 4 * 4 * 9 * 32 * 64 + 1024 * 64);
    expect(smallConvNetForwardFlops()).toBe(expected);
  });
});
