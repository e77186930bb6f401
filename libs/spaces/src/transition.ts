/** One observation: a typed array per key of the observation space, laid out row-major. */
export type Observation = Readonly<Record<string, Float32Array | Uint8Array>>;

/**
 * One environment step as stored for learning. `masks` (bootstrap from the next state or
 * not) is kept apart from `dones` (the episode ended): a time limit ends an episode
 * (`dones = true`) but still bootstraps (`masks = 1`).
 */
export interface Transition {
  readonly observations: Observation;
  /** The action executed: the policy's, or the person's/oracle's when `intervened`. */
  readonly actions: Float32Array;
  readonly nextObservations: Observation;
  readonly rewards: number;
  /** 0 when the episode terminated (no bootstrap), 1 otherwise. */
  readonly masks: number;
  /** True when the episode ended here, by termination or truncation. */
  readonly dones: boolean;
  /** True when the executed action came from an intervention. */
  readonly intervened: boolean;
  /** True when the env reported success at this step. */
  readonly success?: boolean;
}

/**
 * A batch of transitions in columns: each key's rows concatenated in one typed array.
 * `observations.state` of a batch of B has length B * stateSize.
 */
export interface Batch {
  readonly size: number;
  readonly observations: Record<string, Float32Array | Uint8Array>;
  readonly nextObservations: Record<string, Float32Array | Uint8Array>;
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  readonly masks: Float32Array;
  readonly dones: Float32Array;
}
