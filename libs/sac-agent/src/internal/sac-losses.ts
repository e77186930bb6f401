import * as tf from '@tensorflow/tfjs-core';

/**
 * The SAC losses as pure tensor functions (shapes: B = batch, E = ensemble members).
 * Each is checked by hand on a tiny batch in sac-losses.spec.ts.
 */

/** qTarget = r + γ · mask · minQ' (mask = 0 only at a true termination, never at a time limit). */
export function tdTarget(rewards: tf.Tensor1D, masks: tf.Tensor1D, nextQ: tf.Tensor1D, discount: number): tf.Tensor1D {
  return tf.add(rewards, tf.mul(tf.mul(masks, discount), nextQ));
}

/** Element-wise min over ensemble members' Q values (each [B]). */
export function minOverEnsemble(qs: readonly tf.Tensor1D[]): tf.Tensor1D {
  return qs.reduce((a, b) => tf.minimum(a, b));
}

/** Mean over ensemble members' Q values (each [B]). */
export function meanOverEnsemble(qs: readonly tf.Tensor1D[]): tf.Tensor1D {
  return tf.div(qs.length === 1 ? qs[0] : tf.addN([...qs]), qs.length);
}

/** MSE of every member against the shared target, averaged over members and batch (hil-serl). */
export function criticLoss(qs: readonly tf.Tensor1D[], qTarget: tf.Tensor1D): tf.Scalar {
  return tf.div(tf.addN(qs.map((q) => tf.mean(tf.squaredDifference(q, qTarget)))), qs.length) as tf.Scalar;
}

/** E[α · log π(a|s) - mean_e Q_e(s, a)], a ~ π(·|s); α is held fixed. */
export function actorLoss(alpha: tf.Tensor, logPi: tf.Tensor1D, qMean: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.sub(tf.mul(alpha, logPi), qMean));
}

/**
 * Lagrange-multiplier loss of the temperature: α · (H - H̄) with H = -mean(log π) held fixed.
 * Minimising it raises α while the entropy is below target and lowers it above.
 */
export function temperatureLoss(alpha: tf.Tensor, entropy: tf.Tensor, targetEntropy: number): tf.Scalar {
  return tf.sum(tf.mul(alpha, tf.sub(entropy, targetEntropy)));
}
