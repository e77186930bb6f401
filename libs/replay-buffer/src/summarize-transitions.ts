import type { ObservationSpace, SpaceDtype, Transition } from '@rlpd/spaces';

/** Shape and element type of one field (hil-serl names, e.g. `observations.state`). */
export interface FieldSummary {
  /** From the observation space when given, else the flattened length `[n]`. */
  readonly shape: readonly number[];
  /** `float32`/`uint8` for arrays; `float`/`bool` for the Python scalars rewards, masks, dones. */
  readonly dtype: SpaceDtype | 'float' | 'bool';
  /** True when some transition's length differs from the first one's. */
  readonly varying: boolean;
}

export interface TransitionsSummary {
  readonly transitions: number;
  /** Transitions with `dones` (ended episodes). */
  readonly episodes: number;
  /** Episodes (including an unfinished last one) with at least one successful step. */
  readonly successes: number;
  /** Transitions whose action came from an intervention. */
  readonly interventions: number;
  readonly fields: Readonly<Record<string, FieldSummary>>;
}

function dtypeOf(data: Float32Array | Uint8Array): SpaceDtype {
  return data instanceof Uint8Array ? 'uint8' : 'float32';
}

/** Counts and field layout of a list of transitions (for the inspector). */
export function summarizeTransitions(
  transitions: readonly Transition[],
  observationSpace?: ObservationSpace,
): TransitionsSummary {
  const fields: Record<string, { shape: readonly number[]; dtype: SpaceDtype; length: number; varying: boolean }> = {};
  const see = (name: string, data: Float32Array | Uint8Array, shape?: readonly number[]): void => {
    const field = fields[name];
    if (!field) fields[name] = { shape: shape ?? [data.length], dtype: dtypeOf(data), length: data.length, varying: false };
    else if (field.length !== data.length || field.dtype !== dtypeOf(data)) field.varying = true;
  };
  let episodes = 0;
  let successes = 0;
  let interventions = 0;
  let episodeSucceeded = false;
  for (const t of transitions) {
    for (const [prefix, obs] of [['observations', t.observations], ['next_observations', t.nextObservations]] as const) {
      for (const key of Object.keys(obs)) see(`${prefix}.${key}`, obs[key], observationSpace?.[key]?.shape);
    }
    see('actions', t.actions);
    if (t.intervened) interventions++;
    if (t.success) episodeSucceeded = true;
    if (t.dones) {
      episodes++;
      if (episodeSucceeded) successes++;
      episodeSucceeded = false;
    }
  }
  if (episodeSucceeded) successes++;
  const out: Record<string, FieldSummary> = {};
  for (const [name, { shape, dtype, varying }] of Object.entries(fields)) out[name] = { shape, dtype, varying };
  if (transitions.length > 0) {
    out.rewards = { shape: [], dtype: 'float', varying: false };
    out.masks = { shape: [], dtype: 'float', varying: false };
    out.dones = { shape: [], dtype: 'bool', varying: false };
  }
  return { transitions: transitions.length, episodes, successes, interventions, fields: out };
}
