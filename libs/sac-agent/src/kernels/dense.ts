import * as tf from '@tensorflow/tfjs-core';
import { sumRows } from '../internal/sum-rows.js';
import { matMul, matMulTransposedA } from './mat-mul.js';
import { transpose2d } from './transpose.js';

export interface DenseOptions {
  /**
   * When false, W and b are treated as constants (stop-gradient): their gradients are
   * returned as zeros without computing `xᵀ · dy`. For a frozen network in another
   * network's loss, e.g. the critic inside the actor loss. Default true.
   */
  readonly paramGrads?: boolean;
}

function makeDense(paramGrads: boolean) {
  return tf.customGrad((...args) => {
    const [x, W, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save(paramGrads ? [x, W] : [W]);
    return {
      value: tf.add(matMul(x, W), b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const dy2 = dy as tf.Tensor2D;
        if (!paramGrads) {
          const [Ws] = saved as [tf.Tensor2D];
          return [matMul(dy2, transpose2d(Ws)), tf.zerosLike(Ws), tf.zeros([Ws.shape[1]])];
        }
        const [xs, Ws] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [matMul(dy2, transpose2d(Ws)), matMulTransposedA(xs, dy2), sumRows(dy2)];
      },
    };
  });
}

const denseOp = makeDense(true);
const denseFrozenOp = makeDense(false);

/**
 * Fully connected layer `y = x · W + b` for x [B, K], W [K, N], b [N].
 *
 * The gradient is written by hand so that every product is an untransposed matMul (kernels/mat-mul.ts)
 * after an explicit transpose, or our aᵀ · b kernel: on the wasm backend `matMul(a, b, false, true)` and
 * `matMul(a, b, true, false)` (what tfjs's own gradients use) are 10-17x slower than a plain
 * matMul, and a transpose is cheap.
 *
 *   dx = dy · Wᵀ,   dW = xᵀ · dy,   db = Σ_rows dy
 *
 * `tf.customGrad` computes all three whenever any is needed; see `paramGrads`. Do not use
 * `tf.fused.matMul`/`tf.layers` instead: their gradients use transposed matMuls.
 */
export function dense(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D, options: DenseOptions = {}): tf.Tensor2D {
  if (x.rank !== 2 || W.rank !== 2 || b.rank !== 1 || x.shape[1] !== W.shape[0] || W.shape[1] !== b.shape[0]) {
    throw new Error(`dense: expected x [B,K], W [K,N], b [N]; got x [${x.shape}], W [${W.shape}], b [${b.shape}]`);
  }
  const op = options.paramGrads === false ? denseFrozenOp : denseOp;
  return op(x, W, b) as tf.Tensor2D;
}
