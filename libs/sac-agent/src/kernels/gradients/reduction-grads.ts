import * as tf from '@tensorflow/tfjs-core';

/** Gradients of `Sum` and `Mean`: dy broadcast back over the reduced axes (÷ count for the mean). */

function reduction(kernelName: string, isMean: boolean): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      const axes = tf.util.parseAxisParam(attrs?.['axis'] as number | number[], x.shape);
      const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
      const count = axes.reduce((n, i) => n * x.shape[i], 1);
      return {
        x: () => {
          const spread = tf.mul(tf.reshape(dy as tf.Tensor, kept), tf.ones(x.shape));
          return isMean ? tf.div(spread, count) : spread;
        },
      };
    },
  };
}

export const reductionGradConfigs: readonly tf.GradConfig[] = [reduction(tf.Sum, false), reduction(tf.Mean, true)];
