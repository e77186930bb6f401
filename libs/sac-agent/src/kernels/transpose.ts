import * as tf from '@tensorflow/tfjs-core';
import { heapAddress, heapModule, heapOf, type WasmBackendView } from './heap-kernels.js';
import { Body, I32, V128 } from './wasm-assembler.js';

/**
 * Matrix transpose [R, C] → [C, R] for R and C multiples of 4, as WebAssembly SIMD 4x4 block
 * transposes (four loads, eight lane shuffles, four stores) on tfjs's wasm heap; tf.transpose
 * otherwise. The weight transposes of the backward passes (dx = dz · Wᵀ) and the activations'
 * (xᵀ · dz) are 256x256.
 */

export const TRANSPOSE_2D = 'RlpdTranspose2D';

function body(): Body {
  const [src, dst, rows, cols] = [0, 1, 2, 3];
  const f = new Body(4);
  const srcRowBytes = f.local(I32);
  const dstRowBytes = f.local(I32);
  const blockRow = f.local(I32); // first of 4 source rows
  const sp = f.local(I32);
  const dp = f.local(I32);
  const dstCol = f.local(I32);
  const bj = f.local(I32);
  const [r0, r1, r2, r3, t0, t1, t2, t3] = [0, 1, 2, 3, 4, 5, 6, 7].map(() => f.local(V128));
  f.get(cols).i32(2).i32Shl().set(srcRowBytes);
  f.get(rows).i32(2).i32Shl().set(dstRowBytes);
  f.get(src).set(blockRow).get(dst).set(dstCol);
  f.loop(() => {
    f.get(blockRow).set(sp).get(dstCol).set(dp).i32(0).set(bj);
    f.loop(() => {
      [r0, r1, r2, r3].forEach((r, q) => {
        f.get(sp);
        if (q > 0) f.get(srcRowBytes).i32(q).i32Mul().i32Add();
        f.v128Load().set(r);
      });
      f.get(r0).get(r1).shuffle32([0, 4, 1, 5]).set(t0);
      f.get(r0).get(r1).shuffle32([2, 6, 3, 7]).set(t1);
      f.get(r2).get(r3).shuffle32([0, 4, 1, 5]).set(t2);
      f.get(r2).get(r3).shuffle32([2, 6, 3, 7]).set(t3);
      const columns: [number, number, readonly [number, number, number, number]][] = [
        [t0, t2, [0, 1, 4, 5]],
        [t0, t2, [2, 3, 6, 7]],
        [t1, t3, [0, 1, 4, 5]],
        [t1, t3, [2, 3, 6, 7]],
      ];
      columns.forEach(([a, b, lanes], q) => {
        f.get(dp);
        if (q > 0) f.get(dstRowBytes).i32(q).i32Mul().i32Add();
        f.get(a).get(b).shuffle32(lanes).v128Store();
      });
      f.get(sp).i32(16).i32Add().set(sp);
      f.get(dp).get(dstRowBytes).i32(2).i32Shl().i32Add().set(dp);
      f.get(bj).i32(4).i32Add().tee(bj).get(cols).i32LtU().brIf(0);
    });
    f.get(blockRow).get(srcRowBytes).i32(2).i32Shl().i32Add().set(blockRow);
    f.get(dstCol).i32(16).i32Add().set(dstCol);
    f.get(rows).i32(4).i32Sub().tee(rows).i32(0).i32Ne().brIf(0);
  });
  return f;
}

type TransposeKernel = (src: number, dst: number, rows: number, cols: number) => void;

const modules = heapModule<{ readonly transpose: TransposeKernel }>(() => [{ name: 'transpose', params: [I32, I32, I32, I32], body: body() }]);

function kernelOn(backend: unknown): TransposeKernel | null {
  const memory = heapOf(backend);
  return memory === undefined ? null : (modules.get(memory)?.transpose ?? null);
}

const kernelFunc: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const wasm = backend as unknown as WasmBackendView;
  const kernel = kernelOn(wasm);
  if (kernel === null) throw new Error(`${TRANSPOSE_2D}: no WebAssembly SIMD here (check transposeFits)`);
  const [rows, cols] = x.shape;
  const out = wasm.makeOutput([cols, rows], 'float32');
  const address = (t: tf.TensorInfo): number => heapAddress(wasm, t, TRANSPOSE_2D);
  kernel(address(x), address(out), rows, cols);
  return out;
};

if (tf.getKernel(TRANSPOSE_2D, 'wasm') === undefined) tf.registerKernel({ kernelName: TRANSPOSE_2D, backendName: 'wasm', kernelFunc });

function fits(x: tf.Tensor): boolean {
  if (tf.getBackend() !== 'wasm' || x.rank !== 2 || x.dtype !== 'float32' || x.size === 0 || x.shape.some((d) => d % 4 !== 0)) return false;
  return kernelOn(tf.backend()) !== null;
}

/** xᵀ for a matrix x: one SIMD kernel on wasm when both sides are multiples of 4, else tf.transpose. */
export function transpose2d(x: tf.Tensor2D): tf.Tensor2D {
  if (fits(x)) return tf.engine().runKernel(TRANSPOSE_2D, { x }) as tf.Tensor2D;
  return tf.transpose(x);
}
