import * as tf from '@tensorflow/tfjs-core';
import type { ParamLayout } from './param-layout.js';
import type { Rng } from './rng.js';
import { policyGaussian, type ActorShape } from './tanh-normal-policy.js';

/**
 * Actions for `count` observations (row-major count x observationDim): tanh(mean) when
 * deterministic, else tanh(mean + std · noise) with noise from `rng` (sampled here in JS, so
 * acting is reproducible from the RNG state alone).
 */
export function actWithPolicy(
  layout: ParamLayout,
  shape: ActorShape,
  params: Float32Array,
  observations: Float32Array,
  count: number,
  rng: Rng,
  deterministic: boolean,
): Float32Array {
  if (!Number.isInteger(count) || count < 1 || observations.length !== count * shape.observationDim) {
    throw new Error(
      `expected ${count} observation(s) of ${shape.observationDim} floats (${count * shape.observationDim}), got ${observations.length}`,
    );
  }
  let mean: Float32Array = new Float32Array(0);
  let std: Float32Array = new Float32Array(0);
  tf.tidy(() => {
    const views = layout.named(layout.tensors(params));
    const g = policyGaussian(views, shape, tf.tensor2d(observations, [count, shape.observationDim]));
    mean = g.mean.dataSync<'float32'>();
    std = g.std.dataSync<'float32'>();
  });
  const actions = new Float32Array(count * shape.actionDim);
  const noise = deterministic ? null : rng.fillNormal(new Float32Array(actions.length));
  for (let i = 0; i < actions.length; i++) {
    actions[i] = Math.tanh(noise === null ? mean[i] : mean[i] + std[i] * noise[i]);
  }
  return actions;
}
