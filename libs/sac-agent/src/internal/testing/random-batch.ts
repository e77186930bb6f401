import type { Batch } from '@rlpd/spaces';
import { Rng } from '../rng.js';

/** A batch of random transitions for tests and benchmarks. */
export function randomBatch(size: number, observationDim: number, actionDim: number, seed = 0): Batch {
  const rng = new Rng(seed);
  const fill = (n: number, f: () => number) => Float32Array.from({ length: n }, f);
  return {
    size,
    observations: { state: rng.fillNormal(new Float32Array(size * observationDim)) },
    nextObservations: { state: rng.fillNormal(new Float32Array(size * observationDim)) },
    actions: fill(size * actionDim, () => 2 * rng.uniform() - 1),
    rewards: fill(size, () => rng.uniform()),
    masks: fill(size, () => (rng.uniform() < 0.95 ? 1 : 0)),
    dones: new Float32Array(size),
  };
}
