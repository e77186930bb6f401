import { heapModule, type WasmMemory } from './heap-kernels.js';
import { Body, I32, V128 } from './wasm-assembler.js';

/**
 * out [K, N] = aᵀ · b for a [B, K] with few columns and b [B, N], N a multiple of 4, in
 * WebAssembly SIMD on tfjs's wasm heap: row by row, out[k, :] += a[r, k] · b[r, :], the K output
 * rows staying in cache. For the kernel gradients xᵀ · dy of layers with narrow inputs (a
 * first layer on 10-14 observation numbers) or narrow outputs (dyᵀ · h for a Q head, with the
 * roles swapped), where XNNPACK's matMul spends most of its time packing the wide [B, N]
 * operand and the transposes around it cost as much again.
 */

function body(): Body {
  const [a, b, out, rows, k, n] = [0, 1, 2, 3, 4, 5];
  const f = new Body(6);
  const rowBytes = f.local(I32);
  const outBytes = f.local(I32);
  const j = f.local(I32);
  const col = f.local(I32);
  const outRow = f.local(I32);
  const s = f.local(V128);
  f.get(n).i32(2).i32Shl().set(rowBytes);
  f.get(k).get(rowBytes).i32Mul().set(outBytes);
  // out = 0
  f.i32(0).set(j);
  f.loop(() => {
    f.get(out).get(j).i32Add().f32x4Const(0).v128Store();
    f.get(j).i32(16).i32Add().tee(j).get(outBytes).i32LtU().brIf(0);
  });
  f.loop(() => {
    // for each column c of a's row: out[c, :] += a[r, c] · b[r, :]
    f.i32(0).set(col).get(out).set(outRow);
    f.loop(() => {
      f.get(a).get(col).i32(2).i32Shl().i32Add().f32Load().f32x4Splat().set(s);
      f.i32(0).set(j);
      f.loop(() => {
        f.get(outRow).get(j).i32Add();
        f.get(outRow).get(j).i32Add().v128Load();
        f.get(b).get(j).i32Add().v128Load().get(s).f32x4Mul().f32x4Add().v128Store();
        f.get(j).i32(16).i32Add().tee(j).get(rowBytes).i32LtU().brIf(0);
      });
      f.get(outRow).get(rowBytes).i32Add().set(outRow);
      f.get(col).i32(1).i32Add().tee(col).get(k).i32LtU().brIf(0);
    });
    f.get(a).get(k).i32(2).i32Shl().i32Add().set(a);
    f.get(b).get(rowBytes).i32Add().set(b);
    f.get(rows).i32(1).i32Sub().tee(rows).i32(0).i32Ne().brIf(0);
  });
  return f;
}

/** (a, b, out: byte addresses, rows B, k, n) → out [k, n] = aᵀ · b. */
export type TransposedProductKernel = (a: number, b: number, out: number, rows: number, k: number, n: number) => void;

const modules = heapModule<{ readonly transposedProduct: TransposedProductKernel }>(() => [
  { name: 'transposedProduct', params: [I32, I32, I32, I32, I32, I32], body: body() },
]);

/** The kernel on `memory` (tfjs's wasm heap), built once per memory; null without WebAssembly SIMD. */
export function transposedProductOn(memory: WasmMemory): TransposedProductKernel | null {
  return modules.get(memory)?.transposedProduct ?? null;
}
