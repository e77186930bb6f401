import type { Observation } from '@rlpd/spaces';

/** What an intervener sees before each step. */
export interface InterventionContext {
  /** The latest observation (from reset or the previous step). */
  observation: Observation;
  /** Reward of the previous step; 0 at the start of an episode. */
  lastReward: number;
  /** Steps taken so far in this episode (0 right after reset). */
  episodeStep: number;
}

/** A person or a script that may take over control. */
export interface Intervener {
  /** Called at the start of each episode. */
  reset(): void;
  /** The action to execute instead of the policy's, or null to let the policy act. */
  act(ctx: InterventionContext): Float32Array | null;
}
