import * as tf from '@tensorflow/tfjs-core';
import { heapAddress, heapOf, type WasmBackendView } from './heap-kernels.js';
import { productKernelsOn, type ProductKernels } from './mat-mul-wasm.js';
import { transpose2d } from './transpose.js';

/** a · b without packing (mat-mul-wasm.ts). */
export const MAT_MUL = 'RlpdMatMul';
/** aᵀ · b without packing or transposing (mat-mul-wasm.ts). */
export const MAT_MUL_TRANSPOSED_A = 'RlpdMatMulTransposedA';

function kernelsOf(backend: unknown): ProductKernels | null {
  const memory = heapOf(backend);
  return memory === undefined ? null : productKernelsOn(memory);
}

function makeKernelFunc(transposedA: boolean): tf.KernelFunc {
  return ({ inputs, backend }) => {
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const wasm = backend as unknown as WasmBackendView;
    const kernels = kernelsOf(backend);
    const [aRows, aCols] = a.shape;
    const [bRows, n] = b.shape;
    const inner = transposedA ? aRows : aCols;
    const outRows = transposedA ? aCols : aRows;
    if (kernels === null || a.dtype !== 'float32' || b.dtype !== 'float32' || n % 8 !== 0 || inner !== bRows) {
      const name = transposedA ? MAT_MUL_TRANSPOSED_A : MAT_MUL;
      throw new Error(`${name}: cannot run on a [${a.shape}] ${a.dtype}, b [${b.shape}] ${b.dtype} here (check productFits)`);
    }
    const name = transposedA ? MAT_MUL_TRANSPOSED_A : MAT_MUL;
    const address = (t: tf.TensorInfo): number => heapAddress(wasm, t, name);
    const out = wasm.makeOutput([outRows, n], 'float32');
    const kernel = transposedA ? kernels.matMulTransposedA : kernels.matMul;
    kernel(address(a), address(b), address(out), outRows, inner, n);
    return out;
  };
}

for (const [kernelName, transposedA] of [
  [MAT_MUL, false],
  [MAT_MUL_TRANSPOSED_A, true],
] as const) {
  if (tf.getKernel(kernelName, 'wasm') === undefined) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: makeKernelFunc(transposedA) });
}

/** Whether a product with `n` output columns runs as one of these kernels on the current backend. */
export function productFits(n: number): boolean {
  return tf.getBackend() === 'wasm' && n % 8 === 0 && kernelsOf(tf.backend()) !== null;
}

function checkShapes(name: string, a: tf.Tensor, b: tf.Tensor, innerA: number): void {
  if (a.rank !== 2 || b.rank !== 2 || a.shape[innerA] !== b.shape[0]) {
    throw new Error(`${name}: shapes [${a.shape}] and [${b.shape}] do not multiply`);
  }
}

/**
 * a [M, K] · b [K, N] → [M, N]. On wasm, when N is a multiple of 8, one unpacked SIMD kernel
 * (mat-mul-wasm.ts), ~30% faster than `tf.matMul` on an operand it has not seen before; otherwise
 * `tf.matMul`. Differentiable (the gradients are these products again).
 */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  checkShapes('matMul', a, b, 1);
  if (a.dtype === 'float32' && b.dtype === 'float32' && productFits(b.shape[1])) {
    return tf.engine().runKernel(MAT_MUL, { a, b }) as tf.Tensor2D;
  }
  return tf.matMul(a, b);
}

/** Columns of a from which `matMulTransposedA` transposes a first. */
const WIDE_TRANSPOSED_A = 192;

/** aᵀ · b for a [R, K], b [R, N] → [K, N]: one kernel on wasm when N is a multiple of 8, else a transpose and `tf.matMul`. */
export function matMulTransposedA(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  checkShapes('matMulTransposedA', a, b, 0);
  if (a.dtype === 'float32' && b.dtype === 'float32' && productFits(b.shape[1])) {
    // Wide a: the kernel's strided reads of a's columns miss the cache; an explicit transpose
    // and the plain product are faster (measured: 0.85 against 0.97 ms at K = 256, and the
    // other way round at K = 139: 0.60 against 0.45 ms).
    if (a.shape[1] >= WIDE_TRANSPOSED_A) return tf.tidy(() => tf.engine().runKernel(MAT_MUL, { a: transpose2d(a), b }) as tf.Tensor2D);
    return tf.engine().runKernel(MAT_MUL_TRANSPOSED_A, { a, b }) as tf.Tensor2D;
  }
  return tf.tidy(() => tf.matMul(transpose2d(a), b));
}

/** Gradients of the two kernels, for code that differentiates through them with the tape. */
export const matMulGradConfigs: readonly tf.GradConfig[] = [
  {
    kernelName: MAT_MUL,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return { a: () => matMul(g, transpose2d(b)), b: () => matMulTransposedA(a, g) };
    },
  },
  {
    kernelName: MAT_MUL_TRANSPOSED_A,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      // c = aᵀ · b: da = b · dcᵀ, db = a · dc
      const [a, b] = saved as [tf.Tensor2D, tf.Tensor2D];
      const g = dy as tf.Tensor2D;
      return { a: () => matMul(b, transpose2d(g)), b: () => matMul(a, g) };
    },
  },
];
