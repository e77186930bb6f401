import * as tf from '@tensorflow/tfjs-core';
import type { SacMetricKey, SacMetrics } from '../sac-metrics.js';

/** Scalar metric tensors to numbers with one device read for all of them. */
export function readScalars(metrics: Partial<Record<SacMetricKey, tf.Tensor>>): SacMetrics {
  const keys = Object.keys(metrics) as SacMetricKey[];
  const values = tf.stack(keys.map((k) => tf.reshape(metrics[k] as tf.Tensor, []))).dataSync();
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}
