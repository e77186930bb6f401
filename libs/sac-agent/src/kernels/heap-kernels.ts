import type * as tf from '@tensorflow/tfjs-core';
import { assembleModule, type WasmFunction } from './wasm-assembler.js';

/**
 * What the custom kernels share: the parts of the wasm and cpu backends they use, a tensor's byte
 * address on the wasm heap, a cpu tensor's values, and building a module of kernels on the wasm
 * heap (its memory imported) once per memory.
 */

/** The parts of the WebAssembly JS API used here (this library's TypeScript lib has no DOM types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports?: object) => { readonly exports: object };
}
export const webAssembly = (): WasmApi => (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The part of tfjs's wasm backend these kernels use. */
export interface WasmBackendView {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): tf.TypedArray;
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
  wasm: { asm?: { memory?: WasmMemory } };
}

/** The part of tfjs's cpu backend these kernels use. */
export interface CpuBackendView {
  data: { get(dataId: tf.DataId): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo;
}

/** A float32 cpu tensor's values, in place. */
export function cpuValues(backend: CpuBackendView, t: tf.TensorInfo, kernelName: string): Float32Array {
  const values = backend.data.get(t.dataId).values;
  if (!(values instanceof Float32Array)) throw new Error(`${kernelName}: cpu tensor [${t.shape}] holds no Float32Array`);
  return values;
}

/** The wasm backend's heap, or undefined (another backend, or none yet). */
export function heapOf(backend: unknown): WasmMemory | undefined {
  return (backend as Partial<WasmBackendView> | undefined)?.wasm?.asm?.memory;
}

/** Byte address of a tensor's values on the wasm heap. */
export function heapAddress(backend: WasmBackendView, t: tf.TensorInfo, kernelName: string): number {
  const entry = backend.dataIdMap.get(t.dataId);
  if (entry === undefined) throw new Error(`${kernelName}: tensor [${t.shape}] is not on the wasm heap`);
  return entry.memoryOffset;
}

/**
 * A cache of kernel modules by heap: `get(memory)` assembles `functions` into a module that imports
 * `memory`, once per memory, and returns its exports (null where WebAssembly SIMD is missing).
 */
export function heapModule<T extends object>(functions: () => readonly WasmFunction[]): { get(memory: WasmMemory): T | null } {
  const byMemory = new WeakMap<WasmMemory, T | null>();
  return {
    get(memory) {
      let exports = byMemory.get(memory);
      if (exports === undefined) {
        try {
          const api = webAssembly();
          exports = new api.Instance(new api.Module(assembleModule(functions(), 1, true)), { env: { memory } }).exports as T;
        } catch {
          exports = null;
        }
        byMemory.set(memory, exports);
      }
      return exports;
    },
  };
}
