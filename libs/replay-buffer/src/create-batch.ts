import type { Batch, ObservationSpace } from '@rlpd/spaces';
import { allocColumn, layoutOf, type Column } from './internal/layout.js';

/**
 * A preallocated batch of `size` rows: one typed array per observation key (uint8 keys stay
 * Uint8Array, the rest Float32Array), actions `size * actionDim`, and rewards/masks/dones.
 */
export function createBatch(observationSpace: ObservationSpace, actionDim: number, size: number): Batch {
  return createBatchWith(observationSpace, actionDim, size, false);
}

/** Internal: `createBatch`, with uint8 (pixel) arrays in SharedArrayBuffers when `sharedPixels` (worker threads fill them). */
export function createBatchWith(observationSpace: ObservationSpace, actionDim: number, size: number, sharedPixels: boolean): Batch {
  if (!Number.isInteger(size) || size < 1) throw new Error(`createBatch: size must be a positive integer, got ${size}`);
  const layout = layoutOf(observationSpace, actionDim);
  const observations: Record<string, Column> = {};
  const nextObservations: Record<string, Column> = {};
  const alloc = (dtype: (typeof layout.observations)[number]['dtype'], length: number): Column =>
    sharedPixels && dtype === 'uint8' ? new Uint8Array(new SharedArrayBuffer(length)) : allocColumn(dtype, length);
  for (const spec of layout.observations) {
    observations[spec.key] = alloc(spec.dtype, size * spec.size);
    nextObservations[spec.key] = alloc(spec.dtype, size * spec.size);
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

/** A copy of `batch` in fresh typed arrays, to keep after the sampler or prefetcher reuses the original. */
export function copyBatch(batch: Batch): Batch {
  const copyColumns = (columns: Record<string, Float32Array | Uint8Array>): Record<string, Float32Array | Uint8Array> =>
    Object.fromEntries(Object.entries(columns).map(([key, column]) => [key, column.slice()]));
  return {
    size: batch.size,
    observations: copyColumns(batch.observations),
    nextObservations: copyColumns(batch.nextObservations),
    actions: batch.actions.slice(),
    rewards: batch.rewards.slice(),
    masks: batch.masks.slice(),
    dones: batch.dones.slice(),
  };
}
