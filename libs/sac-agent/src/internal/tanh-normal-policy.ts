import * as tf from '@tensorflow/tfjs-core';
import { dense } from '../kernels/dense.js';
import { denseBackward, denseForward, mlpBackward, mlpForward, type Constants, type MlpTrace, type Transposes } from './backprop.js';
import { headSpecs, mlp, mlpSpecs, observationTrunk } from './mlp.js';
import { ParamLayout, type ParamViews } from './param-layout.js';

export interface ActorShape {
  readonly observationDim: number;
  readonly actionDim: number;
  readonly hiddenDims: readonly number[];
  readonly layerNorm: boolean;
  readonly stdMin: number;
  readonly stdMax: number;
}

/** Parameters of the policy: MLP trunk, then `mean/…` and `log_std/…` heads. */
export function actorLayout(a: ActorShape): ParamLayout {
  const last = a.hiddenDims[a.hiddenDims.length - 1];
  return new ParamLayout([...mlpSpecs('', observationTrunk(a)), ...headSpecs('mean', last, a.actionDim), ...headSpecs('log_std', last, a.actionDim)]);
}

/** The pre-squash Gaussian: mean [B, A] and std = clip(exp(logStd), stdMin, stdMax) [B, A]. */
export function policyGaussian(p: ParamViews, a: ActorShape, observations: tf.Tensor2D): { mean: tf.Tensor2D; std: tf.Tensor2D } {
  const h = mlp(p, '', observationTrunk(a), observations);
  const mean = dense(h, p['mean/kernel'] as tf.Tensor2D, p['mean/bias'] as tf.Tensor1D);
  const logStd = dense(h, p['log_std/kernel'] as tf.Tensor2D, p['log_std/bias'] as tf.Tensor1D);
  return { mean, std: tf.clipByValue(tf.exp(logStd), a.stdMin, a.stdMax) };
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * Reparameterised sample of the tanh-squashed Gaussian: u = mean + std · noise, a = tanh(u),
 * and its log-density
 *   log π(a|s) = Σ [-½ noise² - log std - ½ log 2π] - Σ log(1 - tanh²(u)),
 * with the change-of-variables term in its stable form log(1 - tanh²u) = 2(log 2 - u - softplus(-2u)).
 * `noise` [B, A] is standard normal from our seeded RNG.
 */
export function sampleTanhNormal(mean: tf.Tensor2D, std: tf.Tensor2D, noise: tf.Tensor2D): { actions: tf.Tensor2D; logPi: tf.Tensor1D } {
  const u: tf.Tensor2D = tf.add(mean, tf.mul(std, noise));
  const gaussianLogProb = tf.sum(tf.sub(tf.mul(tf.square(noise), -0.5), tf.add(tf.log(std), HALF_LOG_2PI)), -1);
  const logDetJacobian = tf.sum(tf.mul(tf.sub(tf.sub(Math.LN2, u), tf.softplus(tf.mul(u, -2))), 2), -1);
  return { actions: tf.tanh(u), logPi: tf.sub(gaussianLogProb, logDetJacobian) };
}

export interface PolicyTrace {
  readonly trunk: MlpTrace;
  readonly expLogStd: tf.Tensor2D;
  readonly mean: tf.Tensor2D;
  readonly std: tf.Tensor2D;
  readonly noise: tf.Tensor2D;
  readonly actions: tf.Tensor2D;
  readonly logPi: tf.Tensor1D;
}

/** `policyGaussian` + `sampleTanhNormal` (same values) without the tape, keeping what `policyBackward` needs. */
export function policyForward(p: ParamViews, a: ActorShape, observations: tf.Tensor2D, noise: tf.Tensor2D, k: Constants): PolicyTrace {
  const trunk = mlpForward(p, '', observationTrunk(a), observations, k);
  const mean = denseForward(trunk.out, p['mean/kernel'], p['mean/bias']);
  const expLogStd = tf.exp(denseForward(trunk.out, p['log_std/kernel'], p['log_std/bias']));
  const std: tf.Tensor2D = tf.clipByValue(expLogStd, a.stdMin, a.stdMax);
  const { actions, logPi } = sampleTanhNormal(mean, std, noise);
  return { trunk, expLogStd, mean, std, noise, actions, logPi };
}

/**
 * Parameter gradients (in `actorLayout` order) of a loss with gradient `dActions` [B, A]
 * with respect to the sampled actions and `dLogPi` (a scalar tensor, the same for every
 * row) with respect to log π. With u = mean + std · noise, a = tanh(u):
 *   ∂logπ/∂u = 2a (from the change of variables), ∂logπ/∂std = -1/std (noise held fixed),
 *   du = dA · (1 - a²) + dLogPi · 2a,   dmean = du,   dstd = du · noise - dLogPi / std,
 *   dlogStd = dstd · exp(logStd) where stdMin <= exp(logStd) <= stdMax, else 0.
 */
export function policyBackward(
  p: ParamViews,
  a: ActorShape,
  trace: PolicyTrace,
  dActions: tf.Tensor2D,
  dLogPi: tf.Tensor,
  k: Constants,
  t: Transposes,
): tf.Tensor[] {
  const { actions, std, noise, expLogStd } = trace;
  const du: tf.Tensor2D = tf.add(tf.mul(dActions, tf.sub(k.one, tf.square(actions))), tf.mul(actions, tf.mul(dLogPi, k.two)));
  const dStd = tf.sub(tf.mul(du, noise), tf.div(dLogPi, std));
  const inRange = tf.cast(tf.logicalAnd(tf.greaterEqual(expLogStd, a.stdMin), tf.lessEqual(expLogStd, a.stdMax)), 'float32');
  const dLogStd: tf.Tensor2D = tf.mul(tf.mul(dStd, expLogStd), inRange);
  const h = trace.trunk.out;
  const meanHead = denseBackward(h, p['mean/kernel'] as tf.Tensor2D, du, k, t, true);
  const stdHead = denseBackward(h, p['log_std/kernel'] as tf.Tensor2D, dLogStd, k, t, true);
  const trunk = mlpBackward(trace.trunk, tf.add(meanHead.dx, stdHead.dx), k, t, { paramGrads: true, inputGrad: false });
  return [...trunk.grads, ...meanHead.grads, ...stdHead.grads];
}
