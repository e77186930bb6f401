import * as tf from '@tensorflow/tfjs-core';

/** Sums a gradient over the axes broadcast in the forward pass, back to the input's `shape`. */
export function sumToShape(grad: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (tf.util.arraysEqual(grad.shape, [...shape])) return grad;
  const lead = grad.rank - shape.length;
  const padded = [...Array<number>(lead).fill(1), ...shape];
  const axes = grad.shape.flatMap((d, i) => (padded[i] === 1 && d !== 1 ? [i] : []));
  const summed = axes.length > 0 ? tf.sum(grad, axes, true) : grad;
  return tf.reshape(summed, [...shape]);
}
