import type * as tf from '@tensorflow/tfjs-core';
import type { WasmMemory } from './layer-norm-tanh-wasm.js';
import { assembleModule, type WasmFunction } from './wasm-assembler.js';

/**
 * What the kernels that work in place on tfjs's wasm heap share: the part of the wasm backend
 * they use, a tensor's byte address on the heap, and building a module of kernels on that heap
 * (its memory imported) once per memory.
 */

/** The part of tfjs's wasm backend these kernels use. */
export interface WasmBackendView {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
  wasm: { asm?: { memory?: WasmMemory } };
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

interface WasmApi {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports?: object) => { readonly exports: object };
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
          const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
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
