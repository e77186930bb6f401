import * as tf from '@tensorflow/tfjs-core';

/**
 * tanh computed as `2·sigmoid(2x) - 1`, with gradient `dy · (1 - y²)`.
 *
 * On wasm `tf.tanh` is scalar code (~1.4 ms for 256x256) while `tf.sigmoid` is vectorised
 * (~0.13 ms); the identity is exact in real arithmetic and within ~1e-7 in float32.
 */
export const fastTanh: <T extends tf.Tensor>(x: T) => T = (() => {
  const op = tf.customGrad((...args) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const y = tf.sub(tf.mul(tf.sigmoid(tf.mul(x, 2)), 2), 1);
    save([y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [ys] = saved as [tf.Tensor];
        return tf.mul(dy, tf.sub(1, tf.square(ys)));
      },
    };
  });
  return <T extends tf.Tensor>(x: T): T => op(x) as T;
})();
