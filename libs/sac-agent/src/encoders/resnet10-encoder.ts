import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensors } from '../named-tensors.js';
import type { FrameEncoder } from './frame-encoder.js';

/** ImageNet normalisation, as hil-serl's ResNet encoder applies to [0, 1] pixels. */
const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
const GROUPS = 4;
const EPSILON = 1e-5;
const STEM_FILTERS = 64;
const STAGES = 4;

/**
 * Parameter paths and shapes of hil-serl's ResNet-10 (`resnetv1-10`, GroupNorm with 4 groups, no
 * conv biases), as Flax names them in `resnet10_params.pkl`: `conv_init`, `norm_init`, then
 * `ResNetBlock_<i>` with `Conv_0`, `MyGroupNorm_0`, `Conv_1`, `MyGroupNorm_1` and, where the
 * block changes the shape (i >= 1), `conv_proj` and `norm_proj`.
 */
export function resnet10Shapes(): Record<string, number[]> {
  const shapes: Record<string, number[]> = {
    'conv_init/kernel': [7, 7, 3, STEM_FILTERS],
    'norm_init/scale': [STEM_FILTERS],
    'norm_init/bias': [STEM_FILTERS],
  };
  let inChannels = STEM_FILTERS;
  for (let i = 0; i < STAGES; i++) {
    const f = STEM_FILTERS * 2 ** i;
    const block = `ResNetBlock_${i}`;
    shapes[`${block}/Conv_0/kernel`] = [3, 3, inChannels, f];
    shapes[`${block}/Conv_1/kernel`] = [3, 3, f, f];
    for (const norm of ['MyGroupNorm_0', 'MyGroupNorm_1']) {
      shapes[`${block}/${norm}/scale`] = [f];
      shapes[`${block}/${norm}/bias`] = [f];
    }
    if (i > 0) {
      shapes[`${block}/conv_proj/kernel`] = [1, 1, inChannels, f];
      shapes[`${block}/norm_proj/scale`] = [f];
      shapes[`${block}/norm_proj/bias`] = [f];
    }
    inChannels = f;
  }
  return shapes;
}

/** Flax's GroupNorm over NHWC: statistics per sample and group of channels (over H, W and the group's channels). */
export function groupNorm(x: tf.Tensor4D, scale: tf.Tensor, bias: tf.Tensor, groups = GROUPS, epsilon = EPSILON): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const grouped = tf.reshape(x, [n, h, w, groups, c / groups]);
    const { mean, variance } = tf.moments(grouped, [1, 2, 4], true);
    const normed = tf.reshape(tf.div(tf.sub(grouped, mean), tf.sqrt(tf.add(variance, epsilon))), [n, h, w, c]);
    return tf.add(tf.mul(normed, scale), bias) as tf.Tensor4D;
  });
}

/**
 * hil-serl's ResNet-10 trunk, frozen, with its pretrained weights (`resnet10_params.pkl`, the
 * same weights for every camera as hil-serl loads them), to a 4x4x512 map per 128x128 frame,
 * average-pooled to 512 features (hil-serl's `pooling_method="avg"`). hil-serl's default head
 * after the trunk (spatial learned embeddings, Dense 256, LayerNorm, tanh) is trained by the
 * critic loss, so it cannot be part of a frozen, cached encoder. ~0.3 GFLOP per frame.
 */
export class Resnet10Encoder implements FrameEncoder {
  readonly featureDim = STEM_FILTERS * 2 ** (STAGES - 1);
  readonly frameShape = [128, 128, 3] as const;
  private readonly params: Record<string, tf.Tensor>;
  private readonly mean: tf.Tensor;
  private readonly std: tf.Tensor;

  constructor(
    readonly cameras: readonly string[],
    tensors: NamedTensors,
    readonly weightsDigest: string,
    readonly name = 'resnet10',
  ) {
    if (cameras.length === 0) throw new Error('encoder resnet10: name at least one camera');
    this.params = {};
    try {
      for (const [path, shape] of Object.entries(resnet10Shapes())) {
        const t = tensors[path];
        if (t === undefined) throw new Error(`encoder resnet10: parameter '${path}' (shape [${shape}]) is missing from the weights`);
        if (t.shape.join(',') !== shape.join(',')) throw new Error(`encoder resnet10: parameter '${path}' has shape [${t.shape}], expected [${shape}]`);
        this.params[path] = tf.keep(tf.tensor(t.data, shape));
      }
    } catch (error) {
      for (const t of Object.values(this.params)) t.dispose();
      throw error;
    }
    this.mean = tf.keep(tf.tensor1d(IMAGENET_MEAN.map((m) => m * 255)));
    this.std = tf.keep(tf.tensor1d(IMAGENET_STD.map((s) => s * 255)));
  }

  /** From arrays by path (e.g. `parseArrayTreePickle` of `resnet10_params.pkl`); the digest is over their bytes. */
  static fromArrays(cameras: readonly string[], arrays: NamedTensors): Resnet10Encoder {
    const hash = createHash('sha256');
    for (const path of Object.keys(arrays).sort())
      hash.update(path).update(new Uint8Array(arrays[path].data.buffer, arrays[path].data.byteOffset, arrays[path].data.byteLength));
    return new Resnet10Encoder(cameras, arrays, hash.digest('hex'));
  }

  encode(camera: string, frames: Uint8Array, count: number): Float32Array {
    if (!this.cameras.includes(camera)) throw new Error(`encoder resnet10: no camera '${camera}' (has ${this.cameras.join(', ')})`);
    if (frames.length !== count * 128 * 128 * 3)
      throw new Error(`encoder resnet10: ${count} frames of ${camera} need ${count * 128 * 128 * 3} bytes, got ${frames.length}`);
    const features = tf.tidy(() => {
      const p = this.params;
      const x = tf.div(tf.sub(tf.cast(tf.tensor4d(frames, [count, 128, 128, 3], 'int32'), 'float32'), this.mean), this.std) as tf.Tensor4D;
      const stem = tf.conv2d(
        tf.pad(x, [
          [0, 0],
          [3, 3],
          [3, 3],
          [0, 0],
        ]),
        p['conv_init/kernel'] as tf.Tensor4D,
        2,
        'valid',
      );
      let h = tf.maxPool(tf.relu(groupNorm(stem, p['norm_init/scale'], p['norm_init/bias'])), 3, 2, 'same');
      for (let i = 0; i < STAGES; i++) {
        const block = `ResNetBlock_${i}`;
        const stride = i > 0 ? 2 : 1;
        let y = tf.conv2d(h, p[`${block}/Conv_0/kernel`] as tf.Tensor4D, stride, 'same');
        y = tf.relu(groupNorm(y, p[`${block}/MyGroupNorm_0/scale`], p[`${block}/MyGroupNorm_0/bias`])) as tf.Tensor4D;
        y = groupNorm(tf.conv2d(y, p[`${block}/Conv_1/kernel`] as tf.Tensor4D, 1, 'same'), p[`${block}/MyGroupNorm_1/scale`], p[`${block}/MyGroupNorm_1/bias`]);
        const residual =
          i > 0
            ? groupNorm(
                tf.conv2d(h, p[`${block}/conv_proj/kernel`] as tf.Tensor4D, stride, 'same'),
                p[`${block}/norm_proj/scale`],
                p[`${block}/norm_proj/bias`],
              )
            : h;
        h = tf.relu(tf.add(residual, y)) as tf.Tensor4D;
      }
      return tf.mean(h, [1, 2]);
    });
    const data = features.dataSync() as Float32Array;
    features.dispose();
    return data;
  }

  dispose(): void {
    for (const t of Object.values(this.params)) t.dispose();
    this.mean.dispose();
    this.std.dispose();
  }
}
