import * as tf from '@tensorflow/tfjs-core';

/** Polyak averaging: target ← tau · params + (1 - tau) · target. */
export function softUpdate(target: tf.Variable, params: tf.Tensor, tau: number): void {
  tf.tidy(() => target.assign(tf.add(target, tf.mul(tf.sub(params, target), tau))));
}
