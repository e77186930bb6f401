// Test helpers (not part of the build; vitest only runs *.spec.ts): a tiny task for learner specs.
import type { Log } from '@rlpd/cli';
import { box, type EnvSpec, type Transition } from '@rlpd/spaces';

/** A 4-number state (wide bounds: transition ids go in it) and a 2-number action. */
export const tinySpec: EnvSpec = {
  name: 'tiny',
  observationSpace: { state: box([4], -1000, 1000) },
  actionSpace: box([2], -1, 1),
  maxEpisodeSteps: 10,
  controlHz: 10,
};

export const quietLog = Object.assign(() => undefined, { info: () => undefined, warn: () => undefined, error: () => undefined }) as Log;

/** Transition `i`: its id is in the state, every 10th ends an episode with reward 1. */
export function tinyTransition(i: number, intervened = false): Transition {
  return {
    observations: { state: Float32Array.of(i, 0, 0, 0) },
    actions: Float32Array.of(0.5, -0.5),
    nextObservations: { state: Float32Array.of(i + 1, 0, 0, 0) },
    rewards: i % 10 === 9 ? 1 : 0,
    masks: 1,
    dones: i % 10 === 9,
    intervened,
  };
}
