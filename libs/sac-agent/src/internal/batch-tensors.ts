import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@rlpd/spaces';

export interface BatchTensors {
  readonly observations: tf.Tensor2D;
  readonly actions: tf.Tensor2D;
  readonly rewards: tf.Tensor1D;
  readonly masks: tf.Tensor1D;
  readonly nextObservations: tf.Tensor2D;
  /** concat(observations, actions) [B, observationDim + actionDim]: the critic's input. */
  readonly observationsActions: tf.Tensor2D;
}

function column(name: string, data: Float32Array | Uint8Array | undefined, rows: number, width: number): Float32Array {
  if (!(data instanceof Float32Array)) {
    throw new Error(`batch.${name}: expected a Float32Array, got ${data === undefined ? 'nothing' : data.constructor.name}`);
  }
  if (data.length !== rows * width) {
    throw new Error(`batch.${name}: expected ${rows} x ${width} = ${rows * width} floats, got ${data.length}`);
  }
  return data;
}

/**
 * The agent's input rows from a batch's observations: the column of the one key read, or the
 * named keys' rows concatenated row by row (a fresh array) when there are several.
 */
function observationRows(
  field: string,
  obs: Readonly<Record<string, Float32Array | Uint8Array>>,
  keys: readonly string[],
  rows: number,
  width: number,
): Float32Array {
  if (keys.length === 1) return column(`${field}.${keys[0]}`, obs[keys[0]], rows, width);
  const parts = keys.map((key) => {
    const data = obs[key];
    if (!(data instanceof Float32Array) || data.length % rows !== 0) {
      throw new Error(
        `batch.${field}.${key}: expected a Float32Array of ${rows} rows, got ${data === undefined ? 'nothing' : `${data.constructor.name}(${data.length})`}`,
      );
    }
    return { data, size: data.length / rows };
  });
  const total = parts.reduce((n, p) => n + p.size, 0);
  if (total !== width) throw new Error(`batch.${field}: keys [${keys.join(', ')}] hold ${total} values per row, expected ${width}`);
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    let offset = r * width;
    for (const { data, size } of parts) {
      out.set(data.subarray(r * size, (r + 1) * size), offset);
      offset += size;
    }
  }
  return out;
}

export interface BatchColumns {
  readonly size: number;
  readonly observationDim: number;
  readonly actionDim: number;
  readonly observations: Float32Array;
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  readonly masks: Float32Array;
  readonly nextObservations: Float32Array;
}

/** The columns the agent reads (observations: the keys in `observationKeys`), each checked for type and length. */
export function batchColumns(batch: Batch, observationKeys: readonly string[], observationDim: number, actionDim: number): BatchColumns {
  const b = batch.size;
  if (!Number.isInteger(b) || b < 1) throw new Error(`batch.size: expected a positive integer, got ${b}`);
  return {
    size: b,
    observationDim,
    actionDim,
    observations: observationRows('observations', batch.observations, observationKeys, b, observationDim),
    actions: column('actions', batch.actions, b, actionDim),
    rewards: column('rewards', batch.rewards, b, 1),
    masks: column('masks', batch.masks, b, 1),
    nextObservations: observationRows('nextObservations', batch.nextObservations, observationKeys, b, observationDim),
  };
}

/** Uploads checked columns as tensors. */
export function batchTensors(c: BatchColumns): BatchTensors {
  return {
    observations: tf.tensor2d(c.observations, [c.size, c.observationDim]),
    actions: tf.tensor2d(c.actions, [c.size, c.actionDim]),
    rewards: tf.tensor1d(c.rewards),
    masks: tf.tensor1d(c.masks),
    nextObservations: tf.tensor2d(c.nextObservations, [c.size, c.observationDim]),
    // Joined in JS: one upload instead of a concat kernel.
    observationsActions: tf.tensor2d(concatColumns(c.observations, c.observationDim, c.actions, c.actionDim), [c.size, c.observationDim + c.actionDim]),
  };
}

/** Row-wise concatenation of two row-major matrices with the same number of rows. */
function concatColumns(a: Float32Array, aWidth: number, b: Float32Array, bWidth: number): Float32Array {
  const rows = a.length / aWidth;
  const out = new Float32Array(rows * (aWidth + bWidth));
  for (let r = 0; r < rows; r++) {
    out.set(a.subarray(r * aWidth, (r + 1) * aWidth), r * (aWidth + bWidth));
    out.set(b.subarray(r * bWidth, (r + 1) * bWidth), r * (aWidth + bWidth) + aWidth);
  }
  return out;
}
