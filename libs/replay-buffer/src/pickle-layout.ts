import type { StoredField } from './internal/python-value.js';

/**
 * How one of a transition's observation fields (`observations`, `next_observations`) is stored:
 * one numpy array (serl's Box observation space) or a dict whose values are arrays or dicts
 * again (hil-serl: `{state, <camera>...}`; any nesting is kept).
 */
export type ObservationLayout =
  | { readonly kind: 'array'; readonly shape: readonly number[]; readonly dtype: string }
  | { readonly kind: 'dict'; readonly entries: Readonly<Record<string, ObservationLayout>> };

/** How `rewards`, `masks` or `dones` is stored: a Python `int`/`float`/`bool`, or a numpy scalar or array (`numpy` true) of `dtype`. */
export interface ScalarLayout extends StoredField {
  readonly numpy: boolean;
}

/**
 * The layout of a transitions pickle as found in its first transition (the reader checks that
 * every other transition matches): what `writeTransitionsPickle` needs to write a file back with
 * the same keys, shapes and dtypes.
 */
export interface PickleLayout {
  readonly observations: ObservationLayout;
  readonly nextObservations: ObservationLayout;
  /** Shape and numpy dtype of `actions`. */
  readonly actions: StoredField;
  readonly rewards: ScalarLayout;
  readonly masks: ScalarLayout;
  readonly dones: ScalarLayout;
  /** Whether transitions carry an `infos` dict (hil-serl demos do, buffer dumps do not). */
  readonly infos: boolean;
}

/** The `Observation` key a root array is held under (serl's flat layout). */
export const FLAT_OBSERVATION_KEY = 'state';

/**
 * The `Observation` keys of a layout with the stored path of each: a root array is key `state`,
 * dict entries are their names joined with `.` (`{images: {wrist: ...}}` gives `images.wrist`).
 */
export function observationKeys(
  layout: ObservationLayout,
): Map<string, { readonly path: readonly string[]; readonly shape: readonly number[]; readonly dtype: string }> {
  const out = new Map<string, { path: readonly string[]; shape: readonly number[]; dtype: string }>();
  if (layout.kind === 'array') {
    out.set(FLAT_OBSERVATION_KEY, { path: [], shape: layout.shape, dtype: layout.dtype });
    return out;
  }
  const walk = (node: ObservationLayout, path: readonly string[]): void => {
    if (node.kind === 'array') {
      out.set(path.join('.'), { path, shape: node.shape, dtype: node.dtype });
      return;
    }
    for (const [name, child] of Object.entries(node.entries)) walk(child, [...path, name]);
  };
  walk(layout, []);
  return out;
}
