import type { Transition } from './transition.js';

/** Code of an unknown `success` (the field is optional in a Transition) in a uint8 success column. */
export const SUCCESS_UNKNOWN = 2;

/** One observation key stored per row: `size` elements per row. */
export interface RowKey {
  readonly key: string;
  readonly size: number;
}

/**
 * Typed-array columns holding transitions row by row (the replay buffer's storage, the
 * transport's wire payload): observation keys as float32 or uint8, flags as uint8.
 */
export interface TransitionColumns {
  readonly observations: Readonly<Record<string, Float32Array | Uint8Array>>;
  readonly nextObservations: Readonly<Record<string, Float32Array | Uint8Array>>;
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  readonly masks: Float32Array;
  readonly dones: Uint8Array;
  readonly intervened: Uint8Array;
  /** 0, 1, or `SUCCESS_UNKNOWN`. */
  readonly success: Uint8Array;
}

/**
 * Copies `t` into row `row` of `columns`: the observation keys listed in `keys` (callers store
 * others elsewhere, e.g. image frames), actions (`actionDim` per row), rewards, masks and flags.
 * The caller has checked that `t` matches the layout.
 */
export function writeTransitionRow(columns: TransitionColumns, row: number, t: Transition, keys: readonly RowKey[], actionDim: number): void {
  for (const { key, size } of keys) {
    columns.observations[key].set(t.observations[key], row * size);
    columns.nextObservations[key].set(t.nextObservations[key], row * size);
  }
  columns.actions.set(t.actions, row * actionDim);
  columns.rewards[row] = t.rewards;
  columns.masks[row] = t.masks;
  columns.dones[row] = t.dones ? 1 : 0;
  columns.intervened[row] = t.intervened ? 1 : 0;
  columns.success[row] = t.success === undefined ? SUCCESS_UNKNOWN : t.success ? 1 : 0;
}

/** The optional `success` of a Transition from its column code. */
export function successFromCode(code: number): { success?: boolean } {
  return code === SUCCESS_UNKNOWN ? {} : { success: code === 1 };
}
