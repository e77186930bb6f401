import * as tf from '@tensorflow/tfjs-core';
import { GRASP_ACTIONS, graspQValues, type GraspShape } from './grasp-critic.js';
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
    throw new Error(`expected ${count} observation(s) of ${shape.observationDim} floats (${count * shape.observationDim}), got ${observations.length}`);
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

/**
 * Gripper command indices (0 close, 1 stay, 2 open) for `count` observations: the greedy choice
 * argmax_c Q(s, c) of the grasp critic, or with probability `epsilon` a uniformly random one
 * (epsilon-greedy exploration while collecting).
 */
export function chooseGrasps(
  layout: ParamLayout,
  shape: GraspShape,
  params: Float32Array,
  observations: Float32Array,
  count: number,
  rng: Rng,
  epsilon: number,
): Int32Array {
  const qs = tf.tidy(() => graspQValues(layout.views(params), shape, tf.tensor2d(observations, [count, shape.observationDim])).dataSync<'float32'>());
  const choices = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    let best = 0;
    for (let c = 1; c < GRASP_ACTIONS; c++) if (qs[r * GRASP_ACTIONS + c] > qs[r * GRASP_ACTIONS + best]) best = c;
    choices[r] = epsilon > 0 && rng.uniform() < epsilon ? rng.nextUint32() % GRASP_ACTIONS : best;
  }
  return choices;
}
