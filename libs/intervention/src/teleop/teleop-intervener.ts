import type { Observation } from '@rlpd/spaces';
import type { Intervener, InterventionContext } from '../intervener.js';
import { armActionLayout, writeArmAction } from './action-layout.js';
import { GRIPPER_CLOSE, GRIPPER_OPEN, type TeleopSource } from './teleop-source.js';

export interface TeleopIntervenerOptions {
  /** Size of the env's action (sets the layout, see `armActionLayout`). */
  readonly actionDim: number;
  /** An arm intervenes when the norm of its twist exceeds this (hil-serl: 0.001), or on a gripper command. */
  readonly threshold?: number;
  /** Keep intervening this long after the last input (serl: 500 ms; hil-serl: 0). Default 0. */
  readonly holdMs?: number;
  /**
   * Which of [x, y, z, roll, pitch, yaw, gripper] the person controls (1) or not (0); masked
   * axes are 0 and a masked gripper ignores the buttons. Default all 1.
   */
  readonly mask?: readonly number[];
  /**
   * The gripper target to hold until the person commands one, read from the episode's first
   * observation (the gripper is latched: without a command the last target is repeated, so a
   * grasp is kept). Default 0, hil-serl's "no gripper command".
   */
  readonly initialGripper?: (observation: Observation) => number;
  /** Intervene on every step, idle or not (recording demos: the person drives the whole episode). Default false. */
  readonly alwaysIntervene?: boolean;
  /** Clock in ms. Default performance.now. */
  readonly now?: () => number;
}

const TWIST_SIZE = 6;

/**
 * Turns a teleoperation device into an Intervener with hil-serl's semantics: each step the
 * device's twist (masked) and gripper commands are read; the person takes over when a twist's
 * norm exceeds `threshold`, a gripper command is given, or the device forces it, and keeps
 * control for `holdMs` after the last such input. The action is the twist plus the latched
 * gripper target per arm, laid out for the env; axes the action does not carry (rotation in
 * a 3- or 4-D action) are ignored, also for the threshold. A device that is stale or disconnected gives
 * no input and ends any hold at once: a frozen device must never steer the robot.
 */
export function createTeleopIntervener(source: TeleopSource, options: TeleopIntervenerOptions): Intervener {
  const threshold = options.threshold ?? 0.001;
  const holdMs = options.holdMs ?? 0;
  const mask = options.mask ?? [1, 1, 1, 1, 1, 1, 1];
  if (mask.length !== TWIST_SIZE + 1) throw new Error(`intervention mask needs 7 entries (x, y, z, roll, pitch, yaw, gripper), got ${mask.length}`);
  const now = options.now ?? (() => performance.now());
  let latches: number[] | null = null;
  let lastInputAt = Number.NEGATIVE_INFINITY;
  return {
    reset(): void {
      latches = null;
      lastInputAt = Number.NEGATIVE_INFINITY;
      source.reset?.();
    },
    act(ctx: InterventionContext): Float32Array | null {
      const frame = source.poll();
      const arms = frame.arms.length;
      const layout = armActionLayout(options.actionDim, arms);
      const axesInAction = layout.startsWith('xyz') ? 3 : TWIST_SIZE; // rotation that the action cannot carry must not take over
      latches ??= frame.arms.map(() => options.initialGripper?.(ctx.observation) ?? 0);
      const t = now();
      let input = frame.forced;
      const twists = frame.arms.map((arm, i) => {
        const twist = arm.ok ? arm.twist.map((v, axis) => (mask[axis] && axis < axesInAction ? v : 0)) : new Array<number>(TWIST_SIZE).fill(0);
        if (Math.hypot(...twist) > threshold) input = true;
        if (arm.ok && arm.gripper !== null && mask[TWIST_SIZE]) {
          const current = latches?.[i] ?? 0;
          const target = arm.gripper === 'toggle' ? (current >= 0 ? GRIPPER_CLOSE : GRIPPER_OPEN) : arm.gripper;
          if (latches) latches[i] = target;
          input = true;
        }
        return twist;
      });
      if (frame.arms.every((arm) => !arm.ok)) lastInputAt = Number.NEGATIVE_INFINITY;
      if (input) lastInputAt = t;
      const holding = t - lastInputAt < holdMs;
      if (!input && !holding && !options.alwaysIntervene) return null;
      const action = new Float32Array(options.actionDim);
      let offset = 0;
      for (let i = 0; i < arms; i++) offset = writeArmAction(action, offset, layout, twists[i], latches[i]);
      return action;
    },
    endEpisodeRequested: () => source.endEpisodeRequested?.() === true,
    close: () => source.close?.(),
  };
}
