import type { Observation } from '@rlpd/spaces';
import type { ResetResult, StepResult } from '../env.js';
import { EnvWrapper } from './env-wrapper.js';

export interface GripperPenaltyOptions {
  /** Subtracted from the reward for each gripper change command (hil-serl default 0.1). */
  readonly penalty?: number;
  /** Reads the gripper opening (0 closed .. 1 open) from an observation; default: `gripper_pose[0]`, else `state[0]` (gripper_pose sorts first). */
  readonly gripperOf?: (observation: Observation) => number;
}

function defaultGripperOf(observation: Observation): number {
  const value = observation.gripper_pose ?? observation.state;
  if (value === undefined || value.length === 0) throw new Error("GripperPenalty: observation has neither 'gripper_pose' nor 'state'");
  return value[0];
}

/**
 * hil-serl's GripperPenaltyWrapper: the reward loses `penalty` when the executed action (the
 * intervention's if any) commands a gripper change: close (a[6] < -0.5) while open (> 0.95),
 * or open (a[6] > 0.5) while not open. `info.graspPenalty` holds -penalty or 0, for a grasp critic.
 */
export class GripperPenalty extends EnvWrapper {
  private readonly penalty: number;
  private readonly gripperOf: (observation: Observation) => number;
  private lastGripper = Number.NaN;

  constructor(inner: ConstructorParameters<typeof EnvWrapper>[0], options: GripperPenaltyOptions = {}) {
    super(inner);
    if (inner.spec.actionSpace.shape[0] !== 7)
      throw new Error(`GripperPenalty: needs a 7-D action (gripper last), the env has [${inner.spec.actionSpace.shape.join(', ')}]`);
    this.penalty = options.penalty ?? 0.1;
    this.gripperOf = options.gripperOf ?? defaultGripperOf;
  }

  override async reset(options?: { seed?: number }): Promise<ResetResult> {
    const result = await this.inner.reset(options);
    this.lastGripper = this.gripperOf(result.observation);
    return result;
  }

  override async step(action: Float32Array): Promise<StepResult> {
    const result = await this.inner.step(action);
    const executed = result.info.interveneAction ?? action;
    const g = executed[6];
    const change = (g < -0.5 && this.lastGripper > 0.95) || (g > 0.5 && this.lastGripper < 0.95);
    this.lastGripper = this.gripperOf(result.observation);
    const graspPenalty = change ? -this.penalty : 0;
    return { ...result, reward: result.reward + graspPenalty, info: { ...result.info, graspPenalty } };
  }
}
