import type { Observation } from '@rlpd/spaces';

/** What an intervener sees before each step. */
export interface InterventionContext {
  /** The latest observation (from reset or the previous step). */
  observation: Observation;
  /** Reward of the previous step; 0 at the start of an episode. */
  lastReward: number;
  /** The env's `info.success` at the previous step (false at the start of an episode). */
  lastSuccess?: boolean;
  /** Steps taken so far in this episode (0 right after reset). */
  episodeStep: number;
  /** Episode length limit of the env (`spec.maxEpisodeSteps`), when the wrapper knows it. */
  maxEpisodeSteps?: number;
  /** The learner's latest step as the actor last heard it; absent outside training (demos, tests). */
  learnerStep?: number;
  /**
   * The sim's full state with the latest observation (`info.privilegedState`), for scripted
   * oracles on tasks whose observation lacks what they need (pick-cube-vision has no cube
   * position); absent when the env reports none.
   */
  privilegedState?: Float32Array;
}

/** A person or a script that may take over control. */
export interface Intervener {
  /** Called at the start of each episode. */
  reset(): void;
  /** The action to execute instead of the policy's, or null to let the policy act. */
  act(ctx: InterventionContext): Float32Array | null;
  /**
   * True when the person asked to end the episode (ESC). The wrapper polls it after each step
   * and then reports the step as truncated with `info.endEpisode = true`; `reset()` clears it.
   */
  endEpisodeRequested?(): boolean;
  /** Releases devices and terminal modes; the wrapper calls it from `close()`. */
  close?(): Promise<void> | void;
}
