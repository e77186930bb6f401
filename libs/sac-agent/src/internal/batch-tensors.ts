import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@rlpd/spaces';

/** The observation key the agent reads (flat state vectors). */
export const STATE_KEY = 'state';

export interface BatchTensors {
  readonly observations: tf.Tensor2D;
  readonly actions: tf.Tensor2D;
  readonly rewards: tf.Tensor1D;
  readonly masks: tf.Tensor1D;
  readonly nextObservations: tf.Tensor2D;
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

/** Copies a batch's columns into tensors, checking every length. */
export function batchTensors(batch: Batch, observationDim: number, actionDim: number): BatchTensors {
  const b = batch.size;
  const obs = column(`observations.${STATE_KEY}`, batch.observations[STATE_KEY], b, observationDim);
  const next = column(`nextObservations.${STATE_KEY}`, batch.nextObservations[STATE_KEY], b, observationDim);
  return {
    observations: tf.tensor2d(obs, [b, observationDim]),
    actions: tf.tensor2d(column('actions', batch.actions, b, actionDim), [b, actionDim]),
    rewards: tf.tensor1d(column('rewards', batch.rewards, b, 1)),
    masks: tf.tensor1d(column('masks', batch.masks, b, 1)),
    nextObservations: tf.tensor2d(next, [b, observationDim]),
  };
}
