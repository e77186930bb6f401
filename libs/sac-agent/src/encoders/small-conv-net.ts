import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensors } from '../named-tensors.js';
import { Rng } from '../internal/rng.js';

/**
 * The small conv net of the `default` encoder, one per camera: a 2x2 average pool (128 → 64
 * pixels), four 3x3 stride-2 convolutions with ReLU (channels below; 64 → 4 pixels), the 4x4
 * map flattened (keeping where things are, as hil-serl's spatial embeddings do) and a Dense
 * layer with tanh to `featureDim` features. About 10 MFLOP per 128x128 frame.
 */
export const SMALL_CONV_NET = Object.freeze({
  inputSize: 128,
  pool: 2,
  channels: Object.freeze([16, 32, 32, 64]),
  kernel: 3,
  stride: 2,
  featureDim: 64,
});

/** Parameter names and shapes of one camera's net under `prefix` (e.g. `front`). */
export function smallConvNetShapes(prefix: string): Record<string, number[]> {
  const { inputSize, pool, channels, kernel, stride, featureDim } = SMALL_CONV_NET;
  const shapes: Record<string, number[]> = {};
  let inChannels = 3;
  let size = inputSize / pool;
  channels.forEach((c, i) => {
    shapes[`${prefix}/conv${i}/kernel`] = [kernel, kernel, inChannels, c];
    shapes[`${prefix}/conv${i}/bias`] = [c];
    inChannels = c;
    size = Math.ceil(size / stride);
  });
  shapes[`${prefix}/dense/kernel`] = [size * size * inChannels, featureDim];
  shapes[`${prefix}/dense/bias`] = [featureDim];
  return shapes;
}

/** He-uniform kernels (fan in), zero biases. */
export function initSmallConvNet(prefix: string, seed: number): NamedTensors {
  const rng = new Rng(seed);
  const out: NamedTensors = {};
  for (const [name, shape] of Object.entries(smallConvNetShapes(prefix))) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (name.endsWith('/kernel')) {
      const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const limit = Math.sqrt(6 / fanIn);
      for (let i = 0; i < data.length; i++) data[i] = (2 * rng.uniform() - 1) * limit;
    }
    out[name] = { shape, data };
  }
  return out;
}

/** uint8 frames [N, H, W, 3] → the net's input: [0, 1] - 0.5, average-pooled to [N, H/2, W/2, 3]. */
export function smallConvNetInput(frames: Uint8Array, count: number, height: number, width: number): tf.Tensor4D {
  return tf.tidy(() => {
    const x = tf.tensor4d(frames, [count, height, width, 3], 'int32');
    const scaled = tf.sub(tf.mul(tf.cast(x, 'float32'), 1 / 255), 0.5) as tf.Tensor4D;
    const { pool } = SMALL_CONV_NET;
    return pool > 1 ? tf.avgPool(scaled, pool, pool, 'valid') : scaled;
  });
}

/** Features [N, featureDim] of pooled input `x` (see `smallConvNetInput`), with `params` under `prefix`. */
export function smallConvNetForward(params: Readonly<Record<string, tf.Tensor>>, prefix: string, x: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    const get = (name: string): tf.Tensor => {
      const t = params[`${prefix}/${name}`];
      if (t === undefined) throw new Error(`small conv net: parameter '${prefix}/${name}' is missing`);
      return t;
    };
    let h: tf.Tensor4D = x;
    for (let i = 0; i < SMALL_CONV_NET.channels.length; i++) {
      const conv = tf.conv2d(h, get(`conv${i}/kernel`) as tf.Tensor4D, SMALL_CONV_NET.stride, 'same');
      h = tf.relu(tf.add(conv, get(`conv${i}/bias`))) as tf.Tensor4D;
    }
    const flat = tf.reshape(h, [h.shape[0], -1]);
    return tf.tanh(tf.add(tf.matMul(flat, get('dense/kernel') as tf.Tensor2D), get('dense/bias'))) as tf.Tensor2D;
  });
}
