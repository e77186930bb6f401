import * as tf from '@tensorflow/tfjs-core';
import { heapAddress, heapOf, type WasmBackendView } from './heap-kernels.js';
import { matMulTransposedA } from './mat-mul.js';
import { transpose2d } from './transpose.js';
import { transposedProductOn } from './transposed-product-wasm.js';

/** aᵀ · b in one kernel on the wasm backend (transposed-product-wasm.ts). */
export const TRANSPOSED_PRODUCT = 'RlpdTransposedProduct';

/** Widest side the kernel takes for the narrow operand (its K output rows stay in cache). */
const NARROW = 16;

/** Which orientation the kernel runs in for a [B,K], b [B,N], or null if neither fits. */
function orientation(k: number, n: number): 'direct' | 'swapped' | null {
  if (k <= NARROW && n % 4 === 0) return 'direct';
  if (n <= NARROW && k % 4 === 0) return 'swapped';
  return null;
}

const kernelFunc: tf.KernelFunc = ({ inputs, backend }) => {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const wasm = backend as unknown as WasmBackendView;
  const memory = heapOf(wasm);
  const kernel = memory === undefined ? null : transposedProductOn(memory);
  const [rows, k] = a.shape;
  const n = b.shape[1];
  const how = orientation(k, n);
  if (kernel === null || how === null || a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`${TRANSPOSED_PRODUCT}: cannot run on a [${a.shape}] ${a.dtype}, b [${b.shape}] ${b.dtype} here (check transposedProductFits)`);
  }
  const address = (t: tf.TensorInfo): number => heapAddress(wasm, t, TRANSPOSED_PRODUCT);
  const out = wasm.makeOutput([k, n], 'float32');
  if (how === 'direct') {
    kernel(address(a), address(b), address(out), rows, k, n);
    return out;
  }
  // bᵀ · a = outᵀ [n, k], then a small transpose (n ≤ 16 rows).
  const outT = wasm.makeOutput([n, k], 'float32');
  kernel(address(b), address(a), address(outT), rows, n, k);
  const from = wasm.typedArrayFromHeap(outT);
  const to = wasm.typedArrayFromHeap(out);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) to[j * n + i] = from[i * k + j];
  wasm.disposeData(outT.dataId, true);
  return out;
};

if (tf.getKernel(TRANSPOSED_PRODUCT, 'wasm') === undefined) tf.registerKernel({ kernelName: TRANSPOSED_PRODUCT, backendName: 'wasm', kernelFunc });

/** Whether `transposedProduct` of a [B,K], b [B,N] runs as one kernel on the current backend. */
export function transposedProductFits(k: number, n: number): boolean {
  if (tf.getBackend() !== 'wasm' || orientation(k, n) === null) return false;
  const memory = heapOf(tf.backend());
  return memory !== undefined && transposedProductOn(memory) !== null;
}

/**
 * aᵀ · b for a [B, K], b [B, N] (a layer's kernel gradient xᵀ · dy). One kernel on wasm when
 * one side is narrow (≤ 16); otherwise plain matMuls after an explicit transpose of the
 * narrower operand: for an output layer or a policy head (N of 1-8) (dyᵀ · x)ᵀ transposes two
 * small matrices instead of the [B, 256] activations (measured on wasm: 0.30 vs 0.38 ms for
 * N = 1, 0.24 vs 0.33 ms for N = 4); on wide inputs, xᵀ · dy in one kernel (`matMulTransposedA`).
 */
export function transposedProduct(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[0] !== b.shape[0])
    throw new Error(`transposedProduct: expected a [B,K], b [B,N]; got [${a.shape}], [${b.shape}]`);
  if (a.dtype === 'float32' && b.dtype === 'float32' && transposedProductFits(a.shape[1], b.shape[1])) {
    return tf.engine().runKernel(TRANSPOSED_PRODUCT, { a, b }) as tf.Tensor2D;
  }
  if (b.shape[1] < a.shape[1]) return transpose2d(tf.matMul(transpose2d(b), a));
  return matMulTransposedA(a, b);
}
