import * as tf from '@tensorflow/tfjs-core';
import { denseBackward, denseForward, mlpBackward, mlpForward, type Constants, type MlpTrace, type Transposes } from './backprop.js';
import { headSpecs, mlp, mlpSpecs, observationTrunk } from './mlp.js';
import { ParamLayout, type ParamViews } from './param-layout.js';

/**
 * The grasp critic of the learned gripper (hil-serl's `single-arm-learned-gripper`): a DQN
 * head Q(s, ·) over three gripper commands, {close, stay, open}, on the observation alone.
 */

/** Number of discrete gripper commands. */
export const GRASP_ACTIONS = 3;
/** Index of "stay" (keep the gripper as it is); 0 is close, 2 is open. */
export const GRASP_STAY = 1;
/** |a_gripper| at which the env switches the gripper (pick-cube and hil-serl's Franka env: 0.5). */
const SWITCH = 0.5;

export interface GraspShape {
  readonly observationDim: number;
  readonly hiddenDims: readonly number[];
  readonly layerNorm: boolean;
}

/** Parameters: MLP trunk, then `out/{kernel,bias}` to the three command values. */
export function graspLayout(g: GraspShape): ParamLayout {
  const last = g.hiddenDims[g.hiddenDims.length - 1];
  return new ParamLayout([...mlpSpecs('', observationTrunk(g)), ...headSpecs('out', last, GRASP_ACTIONS)]);
}

/** The command a continuous gripper action stands for: close at a <= -0.5, open at a >= 0.5, else stay. */
export function graspIndex(gripperAction: number): number {
  if (gripperAction <= -SWITCH) return 0;
  if (gripperAction >= SWITCH) return 2;
  return GRASP_STAY;
}

/** The gripper action the env executes for a command index: -1 (close), 0 (stay), 1 (open). */
export function graspCommand(index: number): number {
  return index - 1;
}

/** Q(s, ·) [B, 3] with the tape-aware ops (acting, tests). */
export function graspQValues(p: ParamViews, g: GraspShape, observations: tf.Tensor2D): tf.Tensor2D {
  const h = mlp(p, '', observationTrunk(g), observations, false);
  return tf.add(tf.matMul(h, p['out/kernel']), p['out/bias']);
}

export interface GraspTrace {
  readonly trunk: MlpTrace;
  readonly qs: tf.Tensor2D;
  readonly params: ParamViews;
}

/** `graspQValues` (same values) without the tape, keeping what `graspBackward` needs. */
export function graspForward(p: ParamViews, g: GraspShape, observations: tf.Tensor2D, k: Constants): GraspTrace {
  const trunk = mlpForward(p, '', observationTrunk(g), observations, k);
  return { trunk, qs: denseForward(trunk.out, p['out/kernel'], p['out/bias']), params: p };
}

/** Parameter gradients (layout order) from dL/dQ(s, ·) [B, 3]. */
export function graspBackward(trace: GraspTrace, dQs: tf.Tensor2D, k: Constants, t: Transposes): tf.Tensor[] {
  const head = denseBackward(trace.trunk.out, trace.params['out/kernel'] as tf.Tensor2D, dQs, k, t, true);
  const trunk = mlpBackward(trace.trunk, head.dx, k, t, { paramGrads: true, inputGrad: false });
  return [...trunk.grads, ...head.grads];
}

/**
 * Splits row-major actions [B, A] whose last dimension is the gripper into the arm part
 * [B, A-1], the executed command one-hot [B, 3], and the grasp penalty per row (`penalty` for
 * close and open, 0 for stay).
 */
export function splitGripper(
  actions: Float32Array,
  actionDim: number,
  penalty: number,
): { arm: Float32Array; executed: Float32Array; penalties: Float32Array } {
  const rows = actions.length / actionDim;
  const armDim = actionDim - 1;
  const arm = new Float32Array(rows * armDim);
  const executed = new Float32Array(rows * GRASP_ACTIONS);
  const penalties = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    arm.set(actions.subarray(r * actionDim, r * actionDim + armDim), r * armDim);
    const index = graspIndex(actions[r * actionDim + armDim]);
    executed[r * GRASP_ACTIONS + index] = 1;
    if (index !== GRASP_STAY) penalties[r] = penalty;
  }
  return { arm, executed, penalties };
}

/** Appends the gripper action of each row's command index to the arm actions: [count, armDim + 1]. */
export function withGripper(arm: Float32Array, armDim: number, commands: ArrayLike<number>): Float32Array {
  const count = commands.length;
  const out = new Float32Array(count * (armDim + 1));
  for (let r = 0; r < count; r++) {
    out.set(arm.subarray(r * armDim, (r + 1) * armDim), r * (armDim + 1));
    out[r * (armDim + 1) + armDim] = graspCommand(commands[r]);
  }
  return out;
}
