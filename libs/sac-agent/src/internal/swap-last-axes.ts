import * as tf from '@tensorflow/tfjs-core';

/** Transposes the last two axes (matrix transpose, batched over any leading axes). */
export function swapLastAxes<T extends tf.Tensor>(x: T): T {
  const rank = x.rank;
  if (rank < 2) throw new Error(`swapLastAxes: expected rank >= 2, got shape [${x.shape}]`);
  if (rank === 2) return tf.transpose(x);
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  return tf.transpose(x, perm);
}
