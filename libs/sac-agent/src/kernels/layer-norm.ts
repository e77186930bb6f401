import * as tf from '@tensorflow/tfjs-core';
import { sumRows } from '../internal/sum-rows.js';

/** Flax's `nn.LayerNorm` default epsilon. */
export const LAYER_NORM_EPSILON = 1e-6;

/**
 * Layer normalisation over the last axis with a learned scale and offset:
 *
 *   μ = mean(x), σ² = mean((x - μ)²), x̂ = (x - μ) / sqrt(σ² + ε), y = x̂ · scale + offset
 *
 * x [B, N], scale [N], offset [N]. The gradient is written by hand (one pass over saved x̂
 * and 1/σ instead of tfjs's per-op chain):
 *
 *   g = dy · scale
 *   dx = (g - mean(g) - x̂ · mean(g · x̂)) / sqrt(σ² + ε)
 *   dscale = Σ_rows dy · x̂,   doffset = Σ_rows dy
 *
 * `options.paramGrads: false` returns zero gradients for scale and offset (as `dense`).
 */
export function layerNorm(
  x: tf.Tensor2D,
  scale: tf.Tensor1D,
  offset: tf.Tensor1D,
  epsilon: number = LAYER_NORM_EPSILON,
  options: { readonly paramGrads?: boolean } = {},
): tf.Tensor2D {
  const paramGrads = options.paramGrads !== false;
  const n = x.shape[1];
  if (x.rank !== 2 || scale.shape[0] !== n || offset.shape[0] !== n) {
    throw new Error(`layerNorm: expected x [B,N], scale [N], offset [N]; got x [${x.shape}], scale [${scale.shape}], offset [${offset.shape}]`);
  }
  const op = tf.customGrad((...args) => {
    const [xi, scaleI, offsetI, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const centered = tf.sub(xi, tf.mean(xi, -1, true));
    const invStd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), epsilon));
    const xHat = tf.mul(centered, invStd);
    save([xHat, invStd, scaleI]);
    return {
      value: tf.add(tf.mul(xHat, scaleI), offsetI),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, inv, sc] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const dy2 = dy as tf.Tensor2D;
        const g = tf.mul(dy2, sc);
        const dx = tf.mul(tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(xh, tf.mean(tf.mul(g, xh), -1, true))), inv);
        // With paramGrads false, scale and offset are constants (stop-gradient): zeros.
        if (!paramGrads) return [dx, tf.zeros([n]), tf.zeros([n])];
        return [dx, sumRows(tf.mul(dy2, xh)), sumRows(dy2)];
      },
    };
  });
  return op(x, scale, offset) as tf.Tensor2D;
}
