import type { EnvSpec, Observation } from '@rlpd/spaces';

/** What an env reports besides observation and reward. */
export interface StepInfo {
  /** True when the task is solved in this state. */
  success: boolean;
  /** The action actually executed when a person or oracle took over (set by wrappers). */
  interveneAction?: Float32Array;
  [key: string]: unknown;
}

/** Result of `Env.reset`. */
export interface ResetResult {
  observation: Observation;
  info: StepInfo;
}

/** Result of `Env.step`. `terminated` and `truncated` are kept apart (see Transition.masks). */
export interface StepResult {
  observation: Observation;
  reward: number;
  /** The episode ended in a state with no future (no bootstrap). */
  terminated: boolean;
  /** The episode was cut by the time limit (still bootstraps). */
  truncated: boolean;
  info: StepInfo;
}

/** A gym-style environment, asynchronous so that real robots and sims share one interface. */
export interface Env {
  readonly spec: EnvSpec;
  reset(options?: { seed?: number }): Promise<ResetResult>;
  /** Runs one control step; the action is clipped to `spec.actionSpace`. */
  step(action: Float32Array): Promise<StepResult>;
  close(): Promise<void>;
}
