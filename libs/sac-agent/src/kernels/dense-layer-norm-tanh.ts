import * as tf from '@tensorflow/tfjs-core';
import { layerNormTanhBackward, layerNormTanhForward, type LayerNormTanhTrace } from './layer-norm-tanh.js';
import { matMul, matMulTransposedA } from './mat-mul.js';
import { transpose2d } from './transpose.js';

function makeOp(paramGrads: boolean) {
  return tf.customGrad((...args) => {
    const [x, W, b, scale, offset, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const trace = layerNormTanhForward(matMul(x, W), b, scale, offset);
    save([x, W, scale, trace.xHat, trace.invStd, trace.h]);
    return {
      value: trace.h,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, Ws, scaleS, xHat, invStd, h] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        const savedTrace: LayerNormTanhTrace = { xHat, invStd, h };
        const g = layerNormTanhBackward(dy as tf.Tensor2D, savedTrace, scaleS);
        const dx = matMul(g.dz, transpose2d(Ws));
        if (!paramGrads) return [dx, tf.zerosLike(Ws), tf.zerosLike(g.dBias), tf.zerosLike(g.dScale), tf.zerosLike(g.dOffset)];
        return [dx, matMulTransposedA(xs, g.dz), g.dBias, g.dScale, g.dOffset];
      },
    };
  });
}

const op = makeOp(true);
const frozenOp = makeOp(false);

/**
 * One hidden layer h = tanh(LayerNorm(x · W + b) · scale + offset), x [B,K], W [K,N], vectors [N]:
 * a matMul (kernels/mat-mul.ts), then the fused kernel of layer-norm-tanh.ts, forward and backward. Same values
 * as `dense` → `layerNorm` → tanh within float32 rounding. `paramGrads: false` treats W, b, scale
 * and offset as constants (zero gradients, as `dense`).
 */
export function denseLayerNormTanh(
  x: tf.Tensor2D,
  W: tf.Tensor2D,
  b: tf.Tensor1D,
  scale: tf.Tensor1D,
  offset: tf.Tensor1D,
  options: { readonly paramGrads?: boolean } = {},
): tf.Tensor2D {
  if (x.rank !== 2 || W.rank !== 2 || x.shape[1] !== W.shape[0]) {
    throw new Error(`denseLayerNormTanh: expected x [B,K], W [K,N]; got x [${x.shape}], W [${W.shape}]`);
  }
  return (options.paramGrads === false ? frozenOp : op)(x, W, b, scale, offset) as tf.Tensor2D;
}
