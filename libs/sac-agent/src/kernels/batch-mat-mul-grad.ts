import * as tf from '@tensorflow/tfjs-core';
import { sumToShape } from '../internal/sum-to-shape.js';
import { swapLastAxes } from '../internal/swap-last-axes.js';

const mm = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.matMul(a, b);
const t = swapLastAxes;

/**
 * Replacement gradient for the `BatchMatMul` kernel (what `tf.matMul` runs).
 *
 * Same math as tfjs-core's `BatchMatMul_grad`, but every product is an untransposed matMul
 * after explicit transposes (transposed matMuls are 10-17x slower on wasm), and gradients
 * are summed over broadcast batch axes, so `[B,M,K] x [K,N]` works (tfjs issues 8548/8721).
 * Each input's gradient stays lazy, so the tape only computes the ones it needs.
 */
export const batchMatMulGradConfig: tf.GradConfig = {
  kernelName: tf.BatchMatMul,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[], attrs?: tf.NamedAttrMap) => {
    const g = dy as tf.Tensor;
    const [a, b] = saved as [tf.Tensor, tf.Tensor];
    const transposeA = attrs?.['transposeA'] === true;
    const transposeB = attrs?.['transposeB'] === true;
    let da: () => tf.Tensor;
    let db: () => tf.Tensor;
    if (!transposeA && !transposeB) {
      da = () => mm(g, t(b));
      db = () => mm(t(a), g);
    } else if (!transposeA && transposeB) {
      da = () => mm(g, b);
      db = () => mm(t(g), a);
    } else if (transposeA && !transposeB) {
      da = () => mm(b, t(g));
      db = () => mm(a, g);
    } else {
      da = () => mm(t(b), t(g));
      db = () => mm(t(g), t(a));
    }
    return { a: () => sumToShape(da(), a.shape), b: () => sumToShape(db(), b.shape) };
  },
};
