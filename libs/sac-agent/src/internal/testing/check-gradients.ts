import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { Rng } from '../rng.js';

export interface GradientInput {
  readonly shape: number[];
  /** Default: standard normal from the seed. */
  readonly data?: Float32Array;
}

/**
 * Checks tf.grads of `loss = Σ f(inputs) · r` (r a fixed random projection) against central
 * finite differences of the same loss, element by element, on the current backend.
 */
export function checkGradients(
  f: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: readonly GradientInput[],
  options: { seed?: number; eps?: number; tolerance?: number } = {},
): void {
  const rng = new Rng(options.seed ?? 7);
  const eps = options.eps ?? 1e-2;
  const tolerance = options.tolerance ?? 2e-3;
  const values = inputs.map((i) => i.data ?? rng.fillNormal(new Float32Array(i.shape.reduce((a, b) => a * b, 1))));
  const outShape = tf.tidy(() => f(...values.map((v, i) => tf.tensor(v, inputs[i].shape))).shape);
  const projection = rng.fillNormal(new Float32Array(outShape.reduce((a, b) => a * b, 1)));
  const loss = (xs: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(f(...xs), tf.tensor(projection, outShape)));
  const lossAt = (vals: Float32Array[]): number => tf.tidy(() => loss(vals.map((v, i) => tf.tensor(v, inputs[i].shape))).dataSync()[0]);

  const analytic = tf.tidy(() => {
    const grads = tf.grads((...xs: tf.Tensor[]) => loss(xs))(values.map((v, i) => tf.tensor(v, inputs[i].shape)));
    return grads.map((g) => g.dataSync<'float32'>().slice());
  });
  values.forEach((v, k) => {
    for (let j = 0; j < v.length; j++) {
      const plus = values.map((x) => x.slice());
      const minus = values.map((x) => x.slice());
      plus[k][j] += eps;
      minus[k][j] -= eps;
      const numeric = (lossAt(plus) - lossAt(minus)) / (2 * eps);
      const scale = Math.max(1, Math.abs(numeric));
      expect(Math.abs(analytic[k][j] - numeric) / scale, `input ${k} element ${j}: analytic ${analytic[k][j]} vs numeric ${numeric}`).toBeLessThan(tolerance);
    }
  });
}

/** Runs `f` on the cpu and the wasm backend and returns both results as flat arrays. */
export async function onBothBackends(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; wasm: Float32Array[] }> {
  const run = async (name: string): Promise<Float32Array[]> => {
    await tf.setBackend(name);
    return tf.tidy(() => {
      const out = f();
      return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync<'float32'>().slice());
    });
  };
  const previous = tf.getBackend();
  const cpu = await run('cpu');
  const wasm = await run('wasm');
  await tf.setBackend(previous);
  return { cpu, wasm };
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
