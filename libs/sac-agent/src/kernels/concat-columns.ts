import * as tf from '@tensorflow/tfjs-core';
import type { WasmBackendView } from './heap-kernels.js';

/**
 * [a | b] for a [B, K], b [B, M] (a critic's input concat(s, a)) as one kernel on wasm: a plain
 * loop over the heap. tfjs-backend-wasm's Concat makes two typed-array views per row (512
 * objects for B = 256) and cost ~3% of a learner step in a CPU profile, mostly with the GC.
 */
export const CONCAT_COLUMNS = 'RlpdConcatColumns';

const kernelFunc: tf.KernelFunc = ({ inputs, backend }) => {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const wasm = backend as unknown as WasmBackendView;
  const [rows, k] = a.shape;
  const m = b.shape[1];
  const out = wasm.makeOutput([rows, k + m], 'float32');
  // Views after the allocation (it may grow the heap).
  const [av, bv, ov] = [a, b, out].map((t) => wasm.typedArrayFromHeap(t));
  const width = k + m;
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    for (let j = 0; j < k; j++) ov[o + j] = av[r * k + j];
    for (let j = 0; j < m; j++) ov[o + k + j] = bv[r * m + j];
  }
  return out;
};

if (tf.getKernel(CONCAT_COLUMNS, 'wasm') === undefined) tf.registerKernel({ kernelName: CONCAT_COLUMNS, backendName: 'wasm', kernelFunc });

/** concat([a, b], 1) for two float32 matrices with the same number of rows. */
export function concatColumns(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[0] !== b.shape[0]) throw new Error(`concatColumns: expected a [B,K], b [B,M]; got [${a.shape}], [${b.shape}]`);
  if (tf.getBackend() === 'wasm' && a.dtype === 'float32' && b.dtype === 'float32') return tf.engine().runKernel(CONCAT_COLUMNS, { a, b }) as tf.Tensor2D;
  return tf.concat([a, b], 1);
}
