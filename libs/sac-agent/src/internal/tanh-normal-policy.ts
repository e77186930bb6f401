import * as tf from '@tensorflow/tfjs-core';
import { dense } from '../kernels/dense.js';
import { matMul } from '../kernels/mat-mul.js';
import { sampleTanhNormalOps, tanhNormalSample, tanhNormalSampleBackward } from '../kernels/tanh-normal-sample.js';
import { denseBackward, mlpBackward, mlpForward, type Constants, type MlpTrace, type Transposes } from './backprop.js';
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

/**
 * Reparameterised sample of the tanh-squashed Gaussian: u = mean + std · noise, a = tanh(u),
 * and its log-density
 *   log π(a|s) = Σ [-½ noise² - log std - ½ log 2π] - Σ log(1 - tanh²(u)),
 * with the change-of-variables term in its stable form log(1 - tanh²u) = 2(log 2 - u - softplus(-2u)).
 * `noise` [B, A] is standard normal from our seeded RNG.
 */
export function sampleTanhNormal(mean: tf.Tensor2D, std: tf.Tensor2D, noise: tf.Tensor2D): { actions: tf.Tensor2D; logPi: tf.Tensor1D } {
  return sampleTanhNormalOps(mean, std, noise);
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

/**
 * `policyGaussian` + `sampleTanhNormal` (same values to float32 rounding) without the tape,
 * keeping what `policyBackward` needs; everything after the heads' products is one kernel
 * (kernels/tanh-normal-sample.ts).
 */
export function policyForward(p: ParamViews, a: ActorShape, observations: tf.Tensor2D, noise: tf.Tensor2D, k: Constants): PolicyTrace {
  const trunk = mlpForward(p, '', observationTrunk(a), observations, k);
  const heads = {
    meanPre: matMul(trunk.out, p['mean/kernel'] as tf.Tensor2D),
    meanBias: p['mean/bias'],
    logStdPre: matMul(trunk.out, p['log_std/kernel'] as tf.Tensor2D),
    logStdBias: p['log_std/bias'],
  };
  return { trunk, noise, ...tanhNormalSample(heads, noise, a) };
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
  const { du, dLogStd } = tanhNormalSampleBackward(trace, trace.noise, dActions, dLogPi, a);
  const h = trace.trunk.out;
  const meanHead = denseBackward(h, p['mean/kernel'] as tf.Tensor2D, du, k, t, true);
  const stdHead = denseBackward(h, p['log_std/kernel'] as tf.Tensor2D, dLogStd, k, t, true);
  const trunk = mlpBackward(trace.trunk, tf.add(meanHead.dx, stdHead.dx), k, t, { paramGrads: true, inputGrad: false });
  return [...trunk.grads, ...meanHead.grads, ...stdHead.grads];
}
