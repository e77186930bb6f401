import * as tf from '@tensorflow/tfjs-core';
import { LAYER_NORM_EPSILON } from './layer-norm.js';
import { layerNormTanhBackwardArrays, layerNormTanhForwardArrays } from './layer-norm-tanh-arrays.js';
import { cpuValues, heapAddress, heapOf, type CpuBackendView, type WasmBackendView } from './heap-kernels.js';
import { layerNormTanhBackwardSimd, layerNormTanhForwardSimd, simdFits, simdKernelsOn, type SimdKernels } from './layer-norm-tanh-wasm.js';

/**
 * A hidden layer's bias + LayerNorm + tanh as one kernel forward and one backward, on the cpu and
 * wasm backends: each reads its inputs' memory directly (the wasm heap, the cpu backend's arrays)
 * and runs a hand-written WebAssembly SIMD kernel over the rows (layer-norm-tanh-wasm.ts; plain JS
 * loops, layer-norm-tanh-arrays.ts, when a row's length is not a multiple of 4). As tfjs ops this is 14 kernels
 * forward and ~17 backward (mean, sub, square, rsqrt, mul, sigmoid, column sums, …), and on wasm
 * the per-kernel dispatch, not the arithmetic, dominates at these sizes. On other backends the
 * same functions run the equivalent tfjs ops.
 *
 *   forward(z [B,N], bias, scale, offset [N]) → xHat [B,N], invStd [B,1], h [B,N]
 *   backward(dh, h, xHat [B,N], invStd [B,1], scale [N]) → dz [B,N], dBias, dScale, dOffset [N]
 *
 * (math in layer-norm-tanh-arrays.ts; z is the layer's x · W, dz the gradient at z.)
 */

export const LAYER_NORM_TANH = 'RlpdLayerNormTanh';
export const LAYER_NORM_TANH_GRAD = 'RlpdLayerNormTanhGrad';

type ArraysCompute = (inputs: Float32Array[], outputs: Float32Array[]) => void;
/** The same computation on byte addresses in tfjs's wasm heap, or null if it cannot run there. */
type InPlaceCompute = ((kernels: SimdKernels, inputs: number[], outputs: number[]) => void) | null;

function float32Input(t: tf.TensorInfo, kernel: string): void {
  if (t.dtype !== 'float32') throw new Error(`${kernel}: expected float32 inputs, got ${t.dtype} [${t.shape}]`);
}

/** Outputs allocated on the wasm heap first (an allocation may grow the heap and detach views), then viewed in place. */
function onWasm(backend: WasmBackendView, inputs: tf.TensorInfo[], outShapes: number[][], compute: ArraysCompute): tf.TensorInfo[] {
  const outputs = outShapes.map((s) => backend.makeOutput(s, 'float32'));
  const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
  compute(inputs.map(view), outputs.map(view));
  return outputs;
}

function onCpu(backend: CpuBackendView, inputs: tf.TensorInfo[], outShapes: number[][], compute: ArraysCompute): tf.TensorInfo[] {
  const ins = inputs.map((t) => cpuValues(backend, t, LAYER_NORM_TANH));
  const outs = outShapes.map((s) => new Float32Array(s.reduce((a, b) => a * b, 1)));
  compute(ins, outs);
  return outShapes.map((s, i) => backend.makeTensorInfo(s, 'float32', outs[i]));
}

function inPlaceKernels(backend: WasmBackendView): SimdKernels | null {
  const memory = heapOf(backend);
  return memory === undefined ? null : simdKernelsOn(memory);
}

function kernelFunc(
  backendName: 'cpu' | 'wasm',
  inputNames: readonly string[],
  outShapesOf: (inputs: tf.TensorInfo[]) => number[][],
  compute: (inputs: tf.TensorInfo[], attrs: tf.NamedAttrMap) => { readonly arrays: ArraysCompute; readonly inPlace: InPlaceCompute },
): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const ins = inputNames.map((name) => {
      const t = inputs[name];
      if (t === undefined) throw new Error(`missing input ${name}`);
      float32Input(t, LAYER_NORM_TANH);
      return t;
    });
    const run = compute(ins, attrs ?? {});
    const outShapes = outShapesOf(ins);
    if (backendName === 'cpu') return onCpu(backend as unknown as CpuBackendView, ins, outShapes, run.arrays);
    const wasmBackend = backend as unknown as WasmBackendView;
    const kernels = run.inPlace === null ? null : inPlaceKernels(wasmBackend);
    if (kernels === null || run.inPlace === null) return onWasm(wasmBackend, ins, outShapes, run.arrays);
    const outputs = outShapes.map((shape) => wasmBackend.makeOutput(shape, 'float32'));
    const address = (t: tf.TensorInfo): number => heapAddress(wasmBackend, t, LAYER_NORM_TANH);
    run.inPlace(kernels, ins.map(address), outputs.map(address));
    return outputs;
  };
}

const FORWARD_INPUTS = ['z', 'bias', 'scale', 'offset'] as const;
const BACKWARD_INPUTS = ['dh', 'h', 'xHat', 'invStd', 'scale'] as const;

function forwardKernel(backendName: 'cpu' | 'wasm'): tf.KernelConfig {
  return {
    kernelName: LAYER_NORM_TANH,
    backendName,
    kernelFunc: kernelFunc(
      backendName,
      FORWARD_INPUTS,
      ([z]) => [z.shape, [z.shape[0], 1], z.shape],
      ([z], attrs) => {
        const [rows, n] = z.shape;
        const epsilon = attrs.epsilon as number;
        return {
          arrays: ([zs, bias, scale, offset], [xHat, invStd, h]) => {
            const forward = simdFits(n) ? layerNormTanhForwardSimd : layerNormTanhForwardArrays;
            forward(zs, bias, scale, offset, rows, n, epsilon, { xHat, invStd, h });
          },
          inPlace: simdFits(n)
            ? (k, [zs, bias, scale, offset], [xHat, invStd, h]) => k.forward(zs, bias, scale, offset, xHat, invStd, h, rows, n, epsilon)
            : null,
        };
      },
    ),
  };
}

let scratch = new Float64Array(0);

function backwardKernel(backendName: 'cpu' | 'wasm'): tf.KernelConfig {
  return {
    kernelName: LAYER_NORM_TANH_GRAD,
    backendName,
    kernelFunc: kernelFunc(
      backendName,
      BACKWARD_INPUTS,
      ([dh]) => [dh.shape, [dh.shape[1]], [dh.shape[1]], [dh.shape[1]]],
      ([dhInfo]) => {
        const [rows, n] = dhInfo.shape;
        return {
          arrays: ([dh, h, xHat, invStd, scale], [dz, dBias, dScale, dOffset]) => {
            if (simdFits(n)) {
              layerNormTanhBackwardSimd(dh, h, xHat, invStd, scale, rows, n, { dz, dBias, dScale, dOffset });
              return;
            }
            if (scratch.length < 3 * n) scratch = new Float64Array(3 * n);
            layerNormTanhBackwardArrays(dh, h, xHat, invStd, scale, rows, n, scratch, { dz, dBias, dScale, dOffset });
          },
          inPlace: simdFits(n)
            ? (k, [dh, h, xHat, invStd, scale], [dz, dBias, dScale, dOffset]) => k.backward(dh, h, xHat, invStd, scale, dz, dBias, dScale, dOffset, rows, n)
            : null,
        };
      },
    ),
  };
}

/** Registers the two kernels on cpu and wasm (once; safe to repeat). */
export function registerLayerNormTanhKernels(): void {
  for (const backendName of ['cpu', 'wasm'] as const) {
    for (const config of [forwardKernel(backendName), backwardKernel(backendName)]) {
      if (tf.getKernel(config.kernelName, backendName) === undefined) tf.registerKernel(config);
    }
  }
}

registerLayerNormTanhKernels();

function fused(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}

function assertShapes(z: tf.Tensor2D, vectors: readonly tf.Tensor1D[], what: string): void {
  const n = z.shape[1];
  if (z.rank !== 2 || vectors.some((v) => v.rank !== 1 || v.shape[0] !== n)) {
    throw new Error(`${what}: expected [B,N] and vectors [N]; got [${z.shape}] and ${vectors.map((v) => `[${v.shape}]`).join(', ')}`);
  }
}

export interface LayerNormTanhTrace {
  readonly xHat: tf.Tensor2D;
  readonly invStd: tf.Tensor2D;
  readonly h: tf.Tensor2D;
}

/** h = tanh(LayerNorm(z + bias) · scale + offset), with x̂ and 1/σ kept for the backward pass. */
export function layerNormTanhForward(
  z: tf.Tensor2D,
  bias: tf.Tensor1D,
  scale: tf.Tensor1D,
  offset: tf.Tensor1D,
  epsilon: number = LAYER_NORM_EPSILON,
): LayerNormTanhTrace {
  assertShapes(z, [bias, scale, offset], 'layerNormTanhForward');
  if (fused(LAYER_NORM_TANH)) {
    const [xHat, invStd, h] = tf.engine().runKernel(LAYER_NORM_TANH, { z, bias, scale, offset }, { epsilon }) as tf.Tensor2D[];
    return { xHat, invStd, h };
  }
  return tf.tidy(() => {
    const centered = tf.sub(tf.add(z, bias), tf.mean(tf.add(z, bias), -1, true));
    const invStd = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), epsilon)) as tf.Tensor2D;
    const xHat = tf.mul(centered, invStd) as tf.Tensor2D;
    const h = tf.tanh(tf.add(tf.mul(xHat, scale), offset)) as tf.Tensor2D;
    return { xHat, invStd, h };
  });
}

export interface LayerNormTanhGrads {
  /** Gradient at z (and at the layer's pre-bias output). */
  readonly dz: tf.Tensor2D;
  readonly dBias: tf.Tensor1D;
  readonly dScale: tf.Tensor1D;
  readonly dOffset: tf.Tensor1D;
}

/** Backward of `layerNormTanhForward` from dh, the gradient at h. */
export function layerNormTanhBackward(dh: tf.Tensor2D, trace: LayerNormTanhTrace, scale: tf.Tensor1D): LayerNormTanhGrads {
  assertShapes(dh, [scale], 'layerNormTanhBackward');
  const { h, xHat, invStd } = trace;
  if (fused(LAYER_NORM_TANH_GRAD)) {
    const [dz, dBias, dScale, dOffset] = tf.engine().runKernel(LAYER_NORM_TANH_GRAD, { dh, h, xHat, invStd, scale }) as tf.Tensor[];
    return { dz: dz as tf.Tensor2D, dBias: dBias as tf.Tensor1D, dScale: dScale as tf.Tensor1D, dOffset: dOffset as tf.Tensor1D };
  }
  return tf.tidy(() => {
    const dy = tf.mul(dh, tf.sub(1, tf.square(h)));
    const g = tf.mul(dy, scale);
    const dz = tf.mul(tf.sub(tf.sub(g, tf.mean(g, -1, true)), tf.mul(xHat, tf.mean(tf.mul(g, xHat), -1, true))), invStd) as tf.Tensor2D;
    return { dz, dBias: tf.sum(dz, 0) as tf.Tensor1D, dScale: tf.sum(tf.mul(dy, xHat), 0) as tf.Tensor1D, dOffset: tf.sum(dy, 0) as tf.Tensor1D };
  });
}
