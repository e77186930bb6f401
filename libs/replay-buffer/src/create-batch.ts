import type { Batch, ObservationSpace } from '@rlpd/spaces';
import { allocColumn, layoutOf, type Column } from './internal/layout.js';

/**
 * A preallocated batch of `size` rows: one typed array per observation key (uint8 keys stay
 * Uint8Array, the rest Float32Array), actions `size * actionDim`, and rewards/masks/dones.
 */
export function createBatch(observationSpace: ObservationSpace, actionDim: number, size: number): Batch {
  if (!Number.isInteger(size) || size < 1) throw new Error(`createBatch: size must be a positive integer, got ${size}`);
  const layout = layoutOf(observationSpace, actionDim);
  const observations: Record<string, Column> = {};
  const nextObservations: Record<string, Column> = {};
  for (const spec of layout.observations) {
    observations[spec.key] = allocColumn(spec.dtype, size * spec.size);
    nextObservations[spec.key] = allocColumn(spec.dtype, size * spec.size);
  }
  return {
    size,
    observations,
    nextObservations,
    actions: new Float32Array(size * actionDim),
    rewards: new Float32Array(size),
    masks: new Float32Array(size),
    dones: new Float32Array(size),
  };
}
