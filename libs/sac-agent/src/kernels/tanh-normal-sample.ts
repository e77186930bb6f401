import * as tf from '@tensorflow/tfjs-core';
import { arrayKernelRuns, registerArrayKernel } from './array-kernel.js';

/**
 * The tanh-squashed Gaussian policy's sample and log-density from its two heads' pre-bias
 * outputs, as one kernel forward and one backward (about 20 and 15 tfjs ops otherwise, each a
 * dispatch; the update runs the forward three times per learner step). Per row b and action j:
 *
 *   mean = meanPre + meanBias,  e = exp(logStdPre + logStdBias),  std = clip(e, stdMin, stdMax)
 *   u = mean + std · noise,  a = tanh(u)
 *   log π(a|s) = Σ_j [-½ noise² - log std - ½ log 2π] - Σ_j 2 (log 2 - u - softplus(-2u))
 *
 * Backward, from dL/da and dL/dlogπ (one value for every row):
 *   du = dA · (1 - a²) + dLogPi · 2a,  dmean = du,
 *   dlogStd = (du · noise - dLogPi / std) · e where stdMin <= e <= stdMax, else 0.
 *
 * Computed in float64 per element and stored as float32 (the tfjs ops round every step to
 * float32; results agree to float32 rounding). `sampleTanhNormal` in internal/tanh-normal-policy.ts
 * is the same math as tfjs ops, with the tape, for the tests and other backends.
 */

export const TANH_NORMAL_SAMPLE = 'RlpdTanhNormalSample';
export const TANH_NORMAL_SAMPLE_GRAD = 'RlpdTanhNormalSampleGrad';

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** log(1 + eˣ) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

registerArrayKernel({
  kernelName: TANH_NORMAL_SAMPLE,
  inputNames: ['meanPre', 'meanBias', 'logStdPre', 'logStdBias', 'noise'],
  outShapes: ([m]) => [m.shape, m.shape, m.shape, m.shape, [m.shape[0]]],
  compute: ([meanPre, meanBias, logStdPre, logStdBias, noise], [mean, expLogStd, std, actions, logPi], [shape], attrs) => {
    const [rows, cols] = shape;
    const stdMin = attrs.stdMin as number;
    const stdMax = attrs.stdMax as number;
    for (let b = 0; b < rows; b++) {
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const i = b * cols + j;
        // Read back after each store: the float32 values the outputs hold.
        mean[i] = meanPre[i] + meanBias[j];
        expLogStd[i] = Math.exp(logStdPre[i] + logStdBias[j]);
        std[i] = Math.min(Math.max(expLogStd[i], stdMin), stdMax);
        const m = mean[i];
        const s = std[i];
        const n = noise[i];
        const u = m + s * n;
        actions[i] = Math.tanh(u);
        sum += -0.5 * n * n - (Math.log(s) + HALF_LOG_2PI) - 2 * (Math.LN2 - u - softplus(-2 * u));
      }
      logPi[b] = sum;
    }
  },
});

registerArrayKernel({
  kernelName: TANH_NORMAL_SAMPLE_GRAD,
  inputNames: ['dActions', 'dLogPi', 'actions', 'std', 'noise', 'expLogStd'],
  outShapes: ([dA]) => [dA.shape, dA.shape],
  compute: ([dActions, dLogPiIn, actions, std, noise, expLogStd], [du, dLogStd], [shape], attrs) => {
    const stdMin = attrs.stdMin as number;
    const stdMax = attrs.stdMax as number;
    const dLogPi = dLogPiIn[0];
    const total = shape[0] * shape[1];
    for (let i = 0; i < total; i++) {
      const a = actions[i];
      const g = (du[i] = dActions[i] * (1 - a * a) + dLogPi * 2 * a);
      const e = expLogStd[i];
      dLogStd[i] = e >= stdMin && e <= stdMax ? (g * noise[i] - dLogPi / std[i]) * e : 0;
    }
  },
});

export interface TanhNormalSample {
  readonly mean: tf.Tensor2D;
  readonly expLogStd: tf.Tensor2D;
  readonly std: tf.Tensor2D;
  readonly actions: tf.Tensor2D;
  readonly logPi: tf.Tensor1D;
}

/** The sample and its log-density from the heads' pre-bias outputs [B, A] and biases [A] (see above). */
export function tanhNormalSample(
  heads: { readonly meanPre: tf.Tensor2D; readonly meanBias: tf.Tensor; readonly logStdPre: tf.Tensor2D; readonly logStdBias: tf.Tensor },
  noise: tf.Tensor2D,
  bounds: { readonly stdMin: number; readonly stdMax: number },
): TanhNormalSample {
  if (arrayKernelRuns(TANH_NORMAL_SAMPLE)) {
    const [mean, expLogStd, std, actions, logPi] = tf
      .engine()
      .runKernel(TANH_NORMAL_SAMPLE, { ...heads, noise }, { stdMin: bounds.stdMin, stdMax: bounds.stdMax }) as tf.Tensor[];
    return {
      mean: mean as tf.Tensor2D,
      expLogStd: expLogStd as tf.Tensor2D,
      std: std as tf.Tensor2D,
      actions: actions as tf.Tensor2D,
      logPi: logPi as tf.Tensor1D,
    };
  }
  const mean = tf.add(heads.meanPre, heads.meanBias) as tf.Tensor2D;
  const expLogStd = tf.exp(tf.add(heads.logStdPre, heads.logStdBias)) as tf.Tensor2D;
  const std: tf.Tensor2D = tf.clipByValue(expLogStd, bounds.stdMin, bounds.stdMax);
  return { mean, expLogStd, std, ...sampleTanhNormalOps(mean, std, noise) };
}

/** a = tanh(mean + std · noise) and log π(a|s) as tfjs ops (differentiable with the tape). */
export function sampleTanhNormalOps(mean: tf.Tensor2D, std: tf.Tensor2D, noise: tf.Tensor2D): { actions: tf.Tensor2D; logPi: tf.Tensor1D } {
  const u: tf.Tensor2D = tf.add(mean, tf.mul(std, noise));
  const gaussianLogProb = tf.sum(tf.sub(tf.mul(tf.square(noise), -0.5), tf.add(tf.log(std), HALF_LOG_2PI)), -1);
  const logDetJacobian = tf.sum(tf.mul(tf.sub(tf.sub(Math.LN2, u), tf.softplus(tf.mul(u, -2))), 2), -1);
  return { actions: tf.tanh(u), logPi: tf.sub(gaussianLogProb, logDetJacobian) };
}

/** dL/dmean (= dL/du) and dL/dlogStd from dL/da [B, A] and the scalar dL/dlogπ (see above). */
export function tanhNormalSampleBackward(
  sample: TanhNormalSample,
  noise: tf.Tensor2D,
  dActions: tf.Tensor2D,
  dLogPi: tf.Tensor,
  bounds: { readonly stdMin: number; readonly stdMax: number },
): { du: tf.Tensor2D; dLogStd: tf.Tensor2D } {
  const { actions, std, expLogStd } = sample;
  if (arrayKernelRuns(TANH_NORMAL_SAMPLE_GRAD)) {
    const [du, dLogStd] = tf
      .engine()
      .runKernel(
        TANH_NORMAL_SAMPLE_GRAD,
        { dActions, dLogPi, actions, std, noise, expLogStd },
        { stdMin: bounds.stdMin, stdMax: bounds.stdMax },
      ) as tf.Tensor2D[];
    return { du, dLogStd };
  }
  const du = tf.add(tf.mul(dActions, tf.sub(1, tf.square(actions))), tf.mul(actions, tf.mul(dLogPi, 2))) as tf.Tensor2D;
  const dStd = tf.sub(tf.mul(du, noise), tf.div(dLogPi, std));
  const inRange = tf.cast(tf.logicalAnd(tf.greaterEqual(expLogStd, bounds.stdMin), tf.lessEqual(expLogStd, bounds.stdMax)), 'float32');
  return { du, dLogStd: tf.mul(tf.mul(dStd, expLogStd), inRange) };
}
