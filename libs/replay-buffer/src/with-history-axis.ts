import type { ObservationSpace } from '@rlpd/spaces';

/**
 * The shapes hil-serl's pickles give an env's observations: a leading observation-history axis
 * of 1 on every key, `(1, D)` states and `(1, H, W, 3)` images. Env specs carry no history
 * axis (`state` is `[D]`, a camera `[H, W, 3]`); pass the result to `writeTransitionsPickle`.
 */
export function withHistoryAxis(space: ObservationSpace): ObservationSpace {
  return Object.fromEntries(Object.entries(space).map(([key, box]) => [key, { ...box, shape: [1, ...box.shape] }]));
}
