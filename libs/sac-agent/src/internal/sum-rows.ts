import * as tf from '@tensorflow/tfjs-core';

/**
 * Sum of a [B, N] matrix over its rows (axis 0), as [N]: the bias gradient.
 *
 * Measured on wasm (256x256): `tf.sum(x, 0)` ~0.05 ms; `ones[1, B] · x` ~0.3 ms, because
 * XNNPACK packs the fresh right operand before every product.
 */
export function sumRows(x: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(x, 0);
}
