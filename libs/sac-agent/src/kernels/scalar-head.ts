import * as tf from '@tensorflow/tfjs-core';
import { heapAddress, heapOf, type WasmBackendView } from './heap-kernels.js';
import { scalarHeadKernelsOn, type ScalarHeadKernels } from './scalar-head-wasm.js';

/** q = h · w + b as one kernel (scalar-head-wasm.ts). */
export const SCALAR_HEAD = 'RlpdScalarHead';
/** Its backward: dh, dw, db as one kernel. */
export const SCALAR_HEAD_GRAD = 'RlpdScalarHeadGrad';

function kernelsOf(backend: unknown): ScalarHeadKernels | null {
  const memory = heapOf(backend);
  return memory === undefined ? null : scalarHeadKernelsOn(memory);
}

const address = (backend: WasmBackendView, t: tf.TensorInfo): number => heapAddress(backend, t, SCALAR_HEAD);

function checked(backend: unknown, inputs: tf.TensorInfo[]): { wasm: WasmBackendView; kernels: ScalarHeadKernels } {
  const kernels = kernelsOf(backend);
  if (kernels === null || inputs.some((t) => t.dtype !== 'float32')) throw new Error(`${SCALAR_HEAD}: cannot run here (check scalarHeadFits)`);
  return { wasm: backend as unknown as WasmBackendView, kernels };
}

const forwardKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { h, w, b } = inputs as { h: tf.TensorInfo; w: tf.TensorInfo; b: tf.TensorInfo };
  const { wasm, kernels } = checked(backend, [h, w, b]);
  const [rows, n] = h.shape;
  const q = wasm.makeOutput([rows], 'float32');
  kernels.forward(address(wasm, h), address(wasm, w), address(wasm, b), address(wasm, q), rows, n);
  return q;
};

const backwardKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { h, w, dq } = inputs as { h: tf.TensorInfo; w: tf.TensorInfo; dq: tf.TensorInfo };
  const { wasm, kernels } = checked(backend, [h, w, dq]);
  const [rows, n] = h.shape;
  const outputs = [wasm.makeOutput([rows, n], 'float32'), wasm.makeOutput([n, 1], 'float32'), wasm.makeOutput([1], 'float32')];
  const [dh, dw, db] = outputs.map((t) => address(wasm, t));
  kernels.backward(address(wasm, h), address(wasm, w), address(wasm, dq), dh, dw, db, rows, n);
  return outputs;
};

for (const [kernelName, kernelFunc] of [
  [SCALAR_HEAD, forwardKernel],
  [SCALAR_HEAD_GRAD, backwardKernel],
] as const) {
  if (tf.getKernel(kernelName, 'wasm') === undefined) tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

/** Whether a head on [B, n] inputs runs as these kernels on the current backend. */
export function scalarHeadFits(n: number): boolean {
  return tf.getBackend() === 'wasm' && n % 4 === 0 && kernelsOf(tf.backend()) !== null;
}

function checkShapes(what: string, h: tf.Tensor2D, w: tf.Tensor): void {
  if (h.rank !== 2 || w.rank !== 2 || w.shape[0] !== h.shape[1] || w.shape[1] !== 1) {
    throw new Error(`${what}: expected h [B,N] and w [N,1]; got h [${h.shape}], w [${w.shape}]`);
  }
}

/**
 * q = h · w + b → [B] for a one-output layer (a critic's Q head): h [B, N], w [N, 1], b [1].
 * One SIMD kernel on wasm (N a multiple of 4; the sum runs in four lanes, so values differ from
 * `tf.matMul`'s in the last bits), tfjs ops otherwise.
 */
export function scalarHead(h: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor1D {
  checkShapes('scalarHead', h, w);
  if (h.dtype === 'float32' && scalarHeadFits(h.shape[1])) return tf.engine().runKernel(SCALAR_HEAD, { h, w, b }) as tf.Tensor1D;
  return tf.tidy(() => tf.reshape(tf.add(tf.matMul(h, w as tf.Tensor2D), b), [-1]) as tf.Tensor1D);
}

/**
 * Backward of `scalarHead` from dL/dq [B]: dL/dh, and with `paramGrads` the gradients [dw [N, 1],
 * db [1]] (else none).
 */
export function scalarHeadBackward(h: tf.Tensor2D, w: tf.Tensor, dq: tf.Tensor, paramGrads: boolean): { dh: tf.Tensor2D; grads: tf.Tensor[] } {
  checkShapes('scalarHeadBackward', h, w);
  if (dq.rank !== 1 || dq.shape[0] !== h.shape[0]) throw new Error(`scalarHeadBackward: expected dq [${h.shape[0]}], got [${dq.shape}]`);
  if (h.dtype === 'float32' && scalarHeadFits(h.shape[1])) {
    const [dh, dw, db] = tf.engine().runKernel(SCALAR_HEAD_GRAD, { h, w, dq }) as tf.Tensor[];
    if (!paramGrads) {
      tf.dispose([dw, db]);
      return { dh: dh as tf.Tensor2D, grads: [] };
    }
    return { dh: dh as tf.Tensor2D, grads: [dw, db] };
  }
  return tf.tidy(() => {
    const dq2 = tf.reshape(dq, [-1, 1]) as tf.Tensor2D;
    const dh = tf.mul(dq2, tf.reshape(w, [1, -1])) as tf.Tensor2D;
    if (!paramGrads) return { dh, grads: [] };
    return { dh, grads: [tf.matMul(h, dq2, true, false), tf.sum(dq, 0, true)] };
  });
}
