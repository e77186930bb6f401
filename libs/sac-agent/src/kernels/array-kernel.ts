import * as tf from '@tensorflow/tfjs-core';
import { cpuValues, type CpuBackendView, type WasmBackendView } from './heap-kernels.js';

/**
 * A kernel written as a plain loop over float32 arrays, registered on the cpu and wasm backends:
 * it reads its inputs where the backend keeps them (the cpu backend's arrays, views of the wasm
 * heap) and writes fresh outputs there. For element-wise chains on small tensors ([B, A] with A
 * of a few actions), where one JS loop costs microseconds and the equivalent tfjs ops cost one
 * dispatch (~20 µs on wasm) each.
 */
export interface ArrayKernelSpec {
  readonly kernelName: string;
  /** Names of the inputs, in the order `compute` receives them; all float32. */
  readonly inputNames: readonly string[];
  /** Shapes of the outputs (float32), in the order `compute` fills them. */
  outShapes(inputs: readonly tf.TensorInfo[]): number[][];
  compute(inputs: readonly Float32Array[], outputs: readonly Float32Array[], shapes: readonly (readonly number[])[], attrs: tf.NamedAttrMap): void;
}

const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function kernelFunc(spec: ArrayKernelSpec, backendName: 'cpu' | 'wasm'): tf.KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const ins = spec.inputNames.map((name) => {
      const t = inputs[name];
      if (t === undefined) throw new Error(`${spec.kernelName}: missing input '${name}'`);
      if (t.dtype !== 'float32') throw new Error(`${spec.kernelName}: input '${name}' must be float32, got ${t.dtype} [${t.shape}]`);
      return t;
    });
    const outShapes = spec.outShapes(ins);
    const shapes = ins.map((t) => t.shape);
    if (backendName === 'wasm') {
      const wasm = backend as unknown as WasmBackendView;
      // Allocate every output before taking views: an allocation may grow the heap and detach them.
      const outs = outShapes.map((s) => wasm.makeOutput(s, 'float32'));
      const view = (t: tf.TensorInfo) => wasm.typedArrayFromHeap(t) as Float32Array;
      spec.compute(ins.map(view), outs.map(view), shapes, attrs ?? {});
      return outs;
    }
    const cpu = backend as unknown as CpuBackendView;
    const arrays = ins.map((t) => cpuValues(cpu, t, spec.kernelName));
    const outs = outShapes.map((s) => new Float32Array(size(s)));
    spec.compute(arrays, outs, shapes, attrs ?? {});
    return outShapes.map((s, i) => cpu.makeTensorInfo(s, 'float32', outs[i]));
  };
}

/** Registers `spec` on cpu and wasm (once; safe to repeat). */
export function registerArrayKernel(spec: ArrayKernelSpec): void {
  for (const backendName of ['cpu', 'wasm'] as const) {
    if (tf.getKernel(spec.kernelName, backendName) === undefined)
      tf.registerKernel({ kernelName: spec.kernelName, backendName, kernelFunc: kernelFunc(spec, backendName) });
  }
}

/** Whether `kernelName` runs on the current backend (else callers use tfjs ops). */
export function arrayKernelRuns(kernelName: string): boolean {
  return tf.getKernel(kernelName, tf.getBackend()) !== undefined;
}
