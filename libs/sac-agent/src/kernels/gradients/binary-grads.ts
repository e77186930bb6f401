import * as tf from '@tensorflow/tfjs-core';
import { sumToShape } from '../../internal/sum-to-shape.js';

/**
 * Gradients of the broadcasting binary kernels (inputs `a`, `b`); each side is summed back
 * over its broadcast axes and computed only if the tape needs it.
 */

function binary(kernelName: string, grads: (dy: tf.Tensor, a: tf.Tensor, b: tf.Tensor) => [() => tf.Tensor, () => tf.Tensor]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const [da, db] = grads(dy as tf.Tensor, a, b);
      return { a: () => sumToShape(da(), a.shape), b: () => sumToShape(db(), b.shape) };
    },
  };
}

export const binaryGradConfigs: readonly tf.GradConfig[] = [
  binary(tf.Add, (dy) => [() => dy, () => dy]),
  binary(tf.Sub, (dy) => [() => dy, () => tf.neg(dy)]),
  binary(tf.Multiply, (dy, a, b) => [() => tf.mul(dy, b), () => tf.mul(dy, a)]),
  binary(tf.RealDiv, (dy, a, b) => [() => tf.div(dy, b), () => tf.neg(tf.div(tf.mul(dy, a), tf.square(b)))]),
  binary(tf.SquaredDifference, (dy, a, b) => {
    const twoDiff = () => tf.mul(dy, tf.mul(tf.sub(a, b), 2));
    return [twoDiff, () => tf.neg(twoDiff())];
  }),
  // Ties send the gradient to `a`, as tfjs does.
  binary(tf.Minimum, (dy, a, b) => [() => tf.mul(dy, tf.cast(tf.lessEqual(a, b), 'float32')), () => tf.mul(dy, tf.cast(tf.greater(a, b), 'float32'))]),
  binary(tf.Maximum, (dy, a, b) => [() => tf.mul(dy, tf.cast(tf.greaterEqual(a, b), 'float32')), () => tf.mul(dy, tf.cast(tf.less(a, b), 'float32'))]),
];
