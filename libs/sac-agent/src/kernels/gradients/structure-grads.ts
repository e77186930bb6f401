import * as tf from '@tensorflow/tfjs-core';

/** Gradients of kernels that move values without arithmetic: Reshape, Concat, AddN, Pack, Identity. */
export const structureGradConfigs: readonly tf.GradConfig[] = [
  {
    kernelName: tf.Reshape,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.reshape(dy as tf.Tensor, saved[0].shape) }),
  },
  {
    kernelName: tf.Identity,
    gradFunc: (dy) => ({ x: () => tf.clone(dy as tf.Tensor) }),
  },
  {
    kernelName: tf.AddN,
    saveAllInputs: true,
    gradFunc: (dy, saved) => Object.fromEntries(saved.map((_, i) => [i, () => tf.clone(dy as tf.Tensor)])),
  },
  {
    kernelName: tf.Concat,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const axis = tf.util.parseAxisParam(attrs?.['axis'] as number, saved[0].shape)[0];
      const parts = tf.split(
        dy as tf.Tensor,
        saved.map((t) => t.shape[axis]),
        axis,
      );
      return Object.fromEntries(parts.map((p, i) => [i, () => p]));
    },
  },
  {
    kernelName: tf.Pack,
    saveAllInputs: true,
    gradFunc: (dy, saved, attrs) => {
      const axis = Number(attrs?.['axis'] ?? 0);
      const parts = tf.unstack(dy as tf.Tensor, axis);
      return Object.fromEntries(parts.map((p, i) => [i, () => p]));
    },
  },
];
