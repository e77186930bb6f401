import type * as tf from '@tensorflow/tfjs-core';
import { disposeConstants, makeConstants, Transposes, type Constants } from './backprop.js';
import { criticBackward, criticForward, type CriticShape, type CriticTrace } from './critic-ensemble.js';
import { graspBackward, graspForward, type GraspShape, type GraspTrace } from './grasp-critic.js';
import type { ParamViews } from './param-layout.js';
import { policyBackward, policyForward, type ActorShape, type PolicyTrace } from './tanh-normal-policy.js';

/**
 * The fast-gradient machinery of one update, behind a few calls: forward passes that keep what
 * their backward pass needs, and backward passes that compute only the gradients asked for.
 * No autodiff tape: gradients are chained by hand (internal/backprop.ts, checked against finite
 * differences and tf.grads). One instance per update: it shares scalar constants and weight
 * transposes between the passes; `dispose()` frees them. Tensors are made in the caller's tidy.
 */
export class FastGradients {
  private readonly constants: Constants = makeConstants();
  private readonly transposes = new Transposes();

  constructor(
    private readonly criticShape: CriticShape,
    private readonly actorShape: ActorShape,
    private readonly graspShape: GraspShape | null = null,
  ) {}

  /** Q values of `members` (default: all) at (s, a); `input` is concat(s, a) if already at hand. */
  critic(p: ParamViews, observations: tf.Tensor2D, actions: tf.Tensor2D, members?: readonly number[], input?: tf.Tensor2D): CriticTrace {
    return criticForward(p, this.criticShape, observations, actions, this.constants, members, input);
  }

  /** From dL/dq_e per member: the critic's parameter gradients (layout order) and/or dL/d(actions). */
  criticBackward(trace: CriticTrace, dqs: readonly tf.Tensor[], wanted: { readonly paramGrads: boolean; readonly actionGrad: boolean }) {
    return criticBackward(trace, this.criticShape, dqs, this.constants, this.transposes, wanted);
  }

  /** a = tanh(mean + std · noise) and log π(a|s), reparameterised on the given noise. */
  policy(p: ParamViews, observations: tf.Tensor2D, noise: tf.Tensor2D): PolicyTrace {
    return policyForward(p, this.actorShape, observations, noise, this.constants);
  }

  /** The actor's parameter gradients (layout order) from dL/d(actions) and the per-row dL/dlogπ. */
  policyBackward(p: ParamViews, trace: PolicyTrace, dActions: tf.Tensor2D, dLogPi: tf.Tensor): tf.Tensor[] {
    return policyBackward(p, this.actorShape, trace, dActions, dLogPi, this.constants, this.transposes);
  }

  /** Q(s, ·) over the three gripper commands (learned gripper only). */
  grasp(p: ParamViews, observations: tf.Tensor2D): GraspTrace {
    if (this.graspShape === null) throw new Error('FastGradients.grasp: no grasp critic in this setup');
    return graspForward(p, this.graspShape, observations, this.constants);
  }

  /** The grasp critic's parameter gradients (layout order) from dL/dQ(s, ·). */
  graspBackward(trace: GraspTrace, dQs: tf.Tensor2D): tf.Tensor[] {
    return graspBackward(trace, dQs, this.constants, this.transposes);
  }

  dispose(): void {
    this.transposes.dispose();
    disposeConstants(this.constants);
  }
}
