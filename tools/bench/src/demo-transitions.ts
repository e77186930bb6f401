import { box, type ObservationSpace, type Transition } from '@rlpd/spaces';

/** Size of one 128x128 RGB camera frame. */
export const PIXELS = 128 * 128 * 3;

/** hil-serl's layout: state (1, 19), two (1, 128, 128, 3) cameras, 7-D actions. */
export const HIL_SERL_SPACE: ObservationSpace = {
  state: box([1, 19], -Infinity, Infinity),
  wrist_1: box([1, 128, 128, 3], 0, 255, 'uint8'),
  wrist_2: box([1, 128, 128, 3], 0, 255, 'uint8'),
};
export const ACTION_DIM = 7;

/**
 * `count` transitions in episodes of `episodeLength` steps, as an actor produces them: the next
 * observation of step t is the observation of step t+1 (same frames). Frames are generated one
 * at a time, so a generator of many GB stays small in memory.
 */
export function* demoTransitions(count: number, episodeLength = 100): Generator<Transition> {
  const frame = (seed: number): Uint8Array => {
    const out = new Uint8Array(PIXELS);
    let x = seed * 2654435761;
    for (let i = 0; i < PIXELS; i += 4) {
      x = (Math.imul(x, 1664525) + 1013904223) | 0;
      out[i] = x >>> 24;
    }
    return out;
  };
  const observation = (i: number): Transition['observations'] => ({
    state: Float32Array.from({ length: 19 }, (_, k) => Math.sin(i + k)),
    wrist_1: frame(2 * i + 1),
    wrist_2: frame(2 * i + 2),
  });
  let obs = observation(0);
  for (let i = 0; i < count; i++) {
    const last = i % episodeLength === episodeLength - 1;
    const next = observation(i + 1);
    yield {
      observations: obs,
      nextObservations: next,
      actions: Float32Array.from({ length: ACTION_DIM }, (_, k) => Math.cos(i * k)),
      rewards: last ? 1 : 0,
      masks: last ? 0 : 1,
      dones: last,
      intervened: i % 10 === 0,
      success: last,
    };
    // A new episode starts from a reset observation, not from the last next observation.
    obs = last ? observation(count + i + 1) : next;
  }
}
