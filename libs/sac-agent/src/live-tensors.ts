import * as tf from '@tensorflow/tfjs-core';

/** Tensors alive on the current backend (`tf.memory().numTensors`), for leak checks in apps that do not import tfjs. */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}
