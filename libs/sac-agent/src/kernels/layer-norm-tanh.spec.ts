import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { Rng } from '../internal/rng.js';
import { checkGradients, maxAbsDiff, onBothBackends } from '../internal/testing/check-gradients.js';
import { denseLayerNormTanh } from './dense-layer-norm-tanh.js';
import { layerNormTanhBackwardArrays, layerNormTanhForwardArrays, rationalTanh } from './layer-norm-tanh-arrays.js';
import { layerNormTanhBackwardSimd, layerNormTanhForwardSimd, simdFits } from './layer-norm-tanh-wasm.js';
import { LAYER_NORM_TANH, LAYER_NORM_TANH_GRAD, layerNormTanhBackward, layerNormTanhForward, registerLayerNormTanhKernels } from './layer-norm-tanh.js';

const EPSILON = 1e-6;

/** The layer from plain tfjs ops (tf.tanh, mean, rsqrt): the reference. */
function reference(x: tf.Tensor, W: tf.Tensor, b: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor): tf.Tensor {
  const y = tf.add(tf.matMul(x, W), b);
  const centered = tf.sub(y, tf.mean(y, -1, true));
  const xHat = tf.div(centered, tf.sqrt(tf.add(tf.mean(tf.square(centered), -1, true), EPSILON)));
  return tf.tanh(tf.add(tf.mul(xHat, scale), offset));
}

function normal(n: number, seed: number, std = 1, mean = 0): Float32Array {
  return new Rng(seed).fillNormal(new Float32Array(n)).map((v) => v * std + mean);
}

const layer = (x: tf.Tensor, W: tf.Tensor, b: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
  denseLayerNormTanh(x as tf.Tensor2D, W as tf.Tensor2D, b as tf.Tensor1D, s as tf.Tensor1D, o as tf.Tensor1D);

describe('rationalTanh', () => {
  it('equals Math.tanh within 3e-7, including large |x|', () => {
    for (let x = -30; x <= 30; x += 0.0137) expect(Math.abs(rationalTanh(x) - Math.tanh(x))).toBeLessThan(3e-7);
  });
});

describe('the fused bias + LayerNorm + tanh kernels', () => {
  beforeAll(async () => {
    await initBackend('cpu', () => {});
  });
  afterEach(() => {
    registerLayerNormTanhKernels();
  });

  for (const width of [8, 5]) {
    it(`layer values match plain tfjs ops, gradients match finite differences (width ${width}: ${width % 4 === 0 ? 'SIMD' : 'JS loops'})`, () => {
      const inputs = [{ shape: [3, 4] }, { shape: [4, width] }, { shape: [width] }, { shape: [width] }, { shape: [width] }];
      const xs = inputs.map((s, i) =>
        tf.tensor(
          normal(
            s.shape.reduce((a, c) => a * c, 1),
            i + 1,
          ),
          s.shape,
        ),
      );
      expect(
        maxAbsDiff(layer(xs[0], xs[1], xs[2], xs[3], xs[4]).dataSync<'float32'>(), reference(xs[0], xs[1], xs[2], xs[3], xs[4]).dataSync<'float32'>()),
      ).toBeLessThan(1e-6);
      checkGradients(layer, inputs, { tolerance: 5e-3 });
    });
  }

  it('gradients of the layer equal tf.grads of the plain-op reference (all five inputs)', () => {
    const shapes = [[16, 12], [12, 32], [32], [32], [32]];
    const xs = shapes.map((s, i) =>
      tf.tensor(
        normal(
          s.reduce((a, c) => a * c, 1),
          10 + i,
          i === 3 ? 0.3 : 1,
          i === 3 ? 1 : 0,
        ),
        s,
      ),
    );
    const r = tf.tensor(normal(16 * 32, 20), [16, 32]);
    const ours = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(layer(a[0], a[1], a[2], a[3], a[4]), r)))(xs);
    const theirs = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(reference(a[0], a[1], a[2], a[3], a[4]), r)))(xs);
    ours.forEach((g, i) => expect(maxAbsDiff(g.dataSync<'float32'>(), theirs[i].dataSync<'float32'>()), `input ${i}`).toBeLessThan(1e-5));
  });

  it('paramGrads: false gives zero parameter gradients and the same input gradient', () => {
    const xs = [[4, 3], [3, 8], [8], [8], [8]].map((s, i) =>
      tf.tensor(
        normal(
          s.reduce((a, c) => a * c, 1),
          30 + i,
        ),
        s,
      ),
    );
    const loss =
      (paramGrads: boolean) =>
      (...a: tf.Tensor[]) =>
        tf.sum(
          tf.square(
            denseLayerNormTanh(a[0] as tf.Tensor2D, a[1] as tf.Tensor2D, a[2] as tf.Tensor1D, a[3] as tf.Tensor1D, a[4] as tf.Tensor1D, { paramGrads }),
          ),
        );
    const full = tf.grads(loss(true))(xs);
    const frozen = tf.grads(loss(false))(xs);
    expect(maxAbsDiff(frozen[0].dataSync<'float32'>(), full[0].dataSync<'float32'>())).toBe(0);
    frozen.slice(1).forEach((g) => expect(Array.from(g.dataSync<'float32'>()).every((v) => v === 0)).toBe(true));
  });

  // 256: the forward's four-vectors-per-iteration loop; 12: its one-vector loop (not a multiple of 16).
  it.each([
    [64, 256],
    [5, 12],
  ])('the SIMD kernels agree with the plain JS loops (float32 vs float64 sums), %i x %i', (rows, n) => {
    expect(simdFits(n)).toBe(true);
    const [z, bias, scale, offset, dh] = [normal(rows * n, 1, 3, 0.5), normal(n, 2), normal(n, 3, 0.3, 1), normal(n, 4, 0.3), normal(rows * n, 5)];
    const forwardOut = () => ({ xHat: new Float32Array(rows * n), invStd: new Float32Array(rows), h: new Float32Array(rows * n) });
    const [js, simd] = [forwardOut(), forwardOut()];
    layerNormTanhForwardArrays(z, bias, scale, offset, rows, n, EPSILON, js);
    layerNormTanhForwardSimd(z, bias, scale, offset, rows, n, EPSILON, simd);
    expect(maxAbsDiff(js.xHat, simd.xHat)).toBeLessThan(2e-6);
    expect(maxAbsDiff(js.invStd, simd.invStd)).toBeLessThan(1e-6);
    expect(maxAbsDiff(js.h, simd.h)).toBeLessThan(1e-6);
    const backwardOut = () => ({ dz: new Float32Array(rows * n), dBias: new Float32Array(n), dScale: new Float32Array(n), dOffset: new Float32Array(n) });
    const [gJs, gSimd] = [backwardOut(), backwardOut()];
    layerNormTanhBackwardArrays(dh, js.h, js.xHat, js.invStd, scale, rows, n, new Float64Array(3 * n), gJs);
    layerNormTanhBackwardSimd(dh, js.h, js.xHat, js.invStd, scale, rows, n, gSimd);
    expect(maxAbsDiff(gJs.dz, gSimd.dz)).toBeLessThan(1e-6);
    // Column sums over 64 rows of values up to ~3: float32 accumulation.
    for (const k of ['dBias', 'dScale', 'dOffset'] as const) expect(maxAbsDiff(gJs[k], gSimd[k]), k).toBeLessThan(5e-5);
  });

  it('give the same results on wasm (in place on its heap) as on cpu, and as the tfjs-op fallback', async () => {
    const [rows, n] = [32, 64];
    const data = [normal(rows * n, 1, 2), normal(n, 2), normal(n, 3, 0.3, 1), normal(n, 4, 0.3), normal(rows * n, 5)];
    const run = () => {
      const [z, bias, scale, offset, dh] = data.map((d, i) => (i === 0 || i === 4 ? tf.tensor2d(d, [rows, n]) : tf.tensor1d(d)));
      const t = layerNormTanhForward(z as tf.Tensor2D, bias as tf.Tensor1D, scale as tf.Tensor1D, offset as tf.Tensor1D);
      const g = layerNormTanhBackward(dh as tf.Tensor2D, t, scale as tf.Tensor1D);
      return [t.xHat, t.invStd, t.h, g.dz, g.dBias, g.dScale, g.dOffset];
    };
    const { cpu, wasm } = await onBothBackends(run);
    cpu.forEach((c, i) => expect(maxAbsDiff(c, wasm[i])).toBe(0));
    await initBackend('cpu', () => {});
    tf.unregisterKernel(LAYER_NORM_TANH, 'cpu');
    tf.unregisterKernel(LAYER_NORM_TANH_GRAD, 'cpu');
    const fallback = tf.tidy(run).map((t) => t.dataSync<'float32'>());
    fallback.forEach((f, i) => expect(maxAbsDiff(f, cpu[i]), `output ${i}`).toBeLessThan(2e-5));
  });
});
