import * as tf from '@tensorflow/tfjs-core';
import type { FastGradients } from './fast-gradients.js';
import type { ParamViews } from './param-layout.js';
import { actorLoss, criticLoss, meanOverEnsemble, minOverEnsemble, tdTarget, temperatureLoss } from './sac-losses.js';

/**
 * One function per SAC loss: its value and the gradients its optimiser step receives, computed
 * with `FastGradients` (no tape). Each runs in its own `tf.tidy`, so a phase's temporaries are
 * freed before the next phase starts. Shapes: B = batch, A = action dims, E = critics.
 * The composed update is checked against `tf.grads` of the full losses in sac-update.spec.ts.
 */

/**
 * qTarget = r + γ · mask · min_{e ∈ members} Q'_e(s', a')  [- γ · mask · α · log π(a'|s') with
 * the entropy backup], a' ~ π(·|s'), from the target critics; a constant for the critic loss.
 * `targetNextObservations`, when given, is what the target critics read instead of
 * `nextObservations` (a trained encoder: the target encoder's features; the policy reads the online's).
 */
export function qTargetOf(
  fg: FastGradients,
  nets: { readonly actor: ParamViews; readonly targetCritic: ParamViews; readonly alpha: tf.Tensor },
  batch: { readonly rewards: tf.Tensor1D; readonly masks: tf.Tensor1D; readonly nextObservations: tf.Tensor2D; readonly targetNextObservations?: tf.Tensor2D },
  nextNoise: tf.Tensor2D,
  members: readonly number[],
  options: { readonly discount: number; readonly backupEntropy: boolean },
): tf.Tensor1D {
  return tf.tidy(() => {
    const next = fg.policy(nets.actor, batch.nextObservations, nextNoise);
    let nextQ = minOverEnsemble(fg.critic(nets.targetCritic, batch.targetNextObservations ?? batch.nextObservations, next.actions, members).qs);
    if (options.backupEntropy) nextQ = tf.sub(nextQ, tf.mul(nets.alpha, next.logPi));
    return tdTarget(batch.rewards, batch.masks, nextQ, options.discount);
  });
}

/** loss = (1/E) Σ_e mean_b (Q_e(s, a) - qTarget)²: every member regresses on the same target. */
export function criticLossAndGrads(
  fg: FastGradients,
  critic: ParamViews,
  batch: { readonly observations: tf.Tensor2D; readonly actions: tf.Tensor2D; readonly observationsActions: tf.Tensor2D },
  qTarget: tf.Tensor1D,
): { loss: tf.Scalar; predictedQ: tf.Scalar; grads: tf.Tensor[] } {
  return tf.tidy(() => {
    const trace = fg.critic(critic, batch.observations, batch.actions, undefined, batch.observationsActions);
    const { qs } = trace;
    // dL/dq_e = (q_e - qTarget) · 2 / (B · E)
    const dqScale = tf.scalar(2 / (qTarget.shape[0] * qs.length));
    const dqs = qs.map((q) => tf.mul(tf.sub(q, qTarget), dqScale));
    const { grads } = fg.criticBackward(trace, dqs, { paramGrads: true, actionGrad: false });
    return { loss: criticLoss(qs, qTarget), predictedQ: tf.mean(tf.stack(qs)), grads };
  });
}

/**
 * loss = mean_b(α · log π(a|s) - mean_e Q_e(s, a)), a ~ π(·|s) reparameterised: gradients flow
 * through the actions into the actor; the critics and α are held fixed. Also returns the
 * entropy estimate H = -mean_b log π(a|s) that the temperature step uses.
 */
export function actorLossAndGrads(
  fg: FastGradients,
  nets: { readonly actor: ParamViews; readonly critic: ParamViews; readonly alpha: tf.Tensor },
  observations: tf.Tensor2D,
  noise: tf.Tensor2D,
): { loss: tf.Scalar; entropy: tf.Scalar; grads: tf.Tensor[] } {
  return tf.tidy(() => {
    const B = observations.shape[0];
    const pi = fg.policy(nets.actor, observations, noise);
    const trace = fg.critic(nets.critic, observations, pi.actions);
    // dL/dq_e = -1/(B·E) for every row; dL/dlogπ = α/B.
    const dq = tf.fill([B], -1 / (B * trace.qs.length));
    const { dActions } = fg.criticBackward(
      trace,
      trace.qs.map(() => dq),
      { paramGrads: false, actionGrad: true },
    );
    if (dActions === null) throw new Error('unreachable: criticBackward returned no action gradient');
    const grads = fg.policyBackward(nets.actor, pi, dActions, tf.div(nets.alpha, B));
    return { loss: actorLoss(nets.alpha, pi.logPi, meanOverEnsemble(trace.qs)), entropy: tf.neg(tf.mean<tf.Scalar>(pi.logPi)), grads };
  });
}

/**
 * loss = α · (H - H̄) with α = softplus(param) and H held fixed: α is a Lagrange multiplier
 * for H >= H̄. One parameter, so the tape is cheap here: dL/dparam = sigmoid(param) · (H - H̄).
 */
export function temperatureLossAndGrad(temperatureParam: tf.Tensor1D, entropy: tf.Scalar, targetEntropy: number): { loss: tf.Scalar; grad: tf.Tensor } {
  const { value, grads } = tf.valueAndGrads((param: tf.Tensor) => temperatureLoss(tf.softplus(param), entropy, targetEntropy))([temperatureParam]);
  return { loss: value, grad: grads[0] };
}

/**
 * The grasp critic (learned gripper), double DQN over the commands {close, stay, open}:
 *   y = r + penalty_b + γ · mask · Q'(s', argmax_c Q(s', c)),  penalty_b = graspPenalty when the
 *   executed command changes the gripper (close or open), else 0; a constant for the loss;
 *   loss = mean_b (Q(s, c_b) - y)², c_b the executed command (`executed`: one-hot [B, 3]).
 */
export function graspCriticLossAndGrads(
  fg: FastGradients,
  nets: { readonly grasp: ParamViews; readonly targetGrasp: ParamViews },
  batch: { readonly observations: tf.Tensor2D; readonly nextObservations: tf.Tensor2D; readonly rewards: tf.Tensor1D; readonly masks: tf.Tensor1D },
  executed: tf.Tensor2D,
  penalties: tf.Tensor1D,
  discount: number,
): { loss: tf.Scalar; predictedQ: tf.Scalar; grads: tf.Tensor[] } {
  return tf.tidy(() => {
    const B = batch.observations.shape[0];
    const target = tf.tidy(() => {
      const best = tf.oneHot(tf.argMax(fg.grasp(nets.grasp, batch.nextObservations).qs, -1), executed.shape[1]);
      const nextQ = tf.sum(tf.mul(fg.grasp(nets.targetGrasp, batch.nextObservations).qs, best), -1) as tf.Tensor1D;
      return tdTarget(tf.add(batch.rewards, penalties), batch.masks, nextQ, discount);
    });
    const trace = fg.grasp(nets.grasp, batch.observations);
    const q = tf.sum(tf.mul(trace.qs, executed), -1);
    const error = tf.sub(q, target);
    // dL/dQ(s, c) = 2 (Q(s, c_b) - y) / B on the executed command, 0 on the others.
    const grads = fg.graspBackward(trace, tf.mul(executed, tf.reshape(tf.mul(error, 2 / B), [-1, 1])));
    return { loss: tf.mean(tf.square(error)) as tf.Scalar, predictedQ: tf.mean(q) as tf.Scalar, grads };
  });
}
