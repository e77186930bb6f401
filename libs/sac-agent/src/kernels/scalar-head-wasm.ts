import { heapModule, type WasmMemory } from './heap-kernels.js';
import { Body, I32, V128, type ValueType } from './wasm-assembler.js';

/**
 * A critic's output layer q = h · w + b (h [B, N], w [N, 1], b [1], N a multiple of 4) and its
 * backward, in WebAssembly SIMD on tfjs's wasm heap:
 *
 *   forward:  q[r] = Σ_k h[r, k] · w[k] + b
 *   backward: dh[r, k] = dq[r] · w[k],  dw[k] = Σ_r h[r, k] · dq[r],  db = Σ_r dq[r]
 *
 * The backward pass makes one sweep over h. As tfjs ops these are a matMul, an add and a reshape
 * forward and five or six kernels backward, each a dispatch that costs more than the arithmetic.
 */

function forwardBody(): Body {
  const [h, w, bias, q, rows, n] = [0, 1, 2, 3, 4, 5];
  const f = new Body(6);
  const rowBytes = f.local(I32);
  const j = f.local(I32);
  const acc = f.local(V128);
  const scratch = f.local(V128);
  f.get(n).i32(2).i32Shl().set(rowBytes);
  f.loop(() => {
    f.f32x4Const(0).set(acc).i32(0).set(j);
    f.loop(() => {
      f.get(acc).get(h).get(j).i32Add().v128Load().get(w).get(j).i32Add().v128Load().f32x4Mul().f32x4Add().set(acc);
      f.get(j).i32(16).i32Add().tee(j).get(rowBytes).i32LtU().brIf(0);
    });
    f.get(q);
    f.get(acc).horizontalSum(scratch).get(bias).f32Load().f32Add();
    f.f32Store();
    f.get(h).get(rowBytes).i32Add().set(h);
    f.get(q).i32(4).i32Add().set(q);
    f.get(rows).i32(1).i32Sub().tee(rows).i32(0).i32Ne().brIf(0);
  });
  return f;
}

function backwardBody(): Body {
  const [h, w, dq, dh, dw, db, rows, n] = [0, 1, 2, 3, 4, 5, 6, 7];
  const f = new Body(8);
  const rowBytes = f.local(I32);
  const j = f.local(I32);
  const s = f.local(V128);
  f.get(n).i32(2).i32Shl().set(rowBytes);
  // dw = 0, db = 0
  f.i32(0).set(j);
  f.loop(() => {
    f.get(dw).get(j).i32Add().f32x4Const(0).v128Store();
    f.get(j).i32(16).i32Add().tee(j).get(rowBytes).i32LtU().brIf(0);
  });
  f.get(db).f32(0).f32Store();
  f.loop(() => {
    f.get(db).get(db).f32Load().get(dq).f32Load().f32Add().f32Store();
    f.get(dq).v128Load32Splat().set(s);
    f.i32(0).set(j);
    f.loop(() => {
      f.get(dh).get(j).i32Add().get(s).get(w).get(j).i32Add().v128Load().f32x4Mul().v128Store();
      f.get(dw).get(j).i32Add();
      f.get(dw).get(j).i32Add().v128Load().get(s).get(h).get(j).i32Add().v128Load().f32x4Mul().f32x4Add().v128Store();
      f.get(j).i32(16).i32Add().tee(j).get(rowBytes).i32LtU().brIf(0);
    });
    f.get(h).get(rowBytes).i32Add().set(h);
    f.get(dh).get(rowBytes).i32Add().set(dh);
    f.get(dq).i32(4).i32Add().set(dq);
    f.get(rows).i32(1).i32Sub().tee(rows).i32(0).i32Ne().brIf(0);
  });
  return f;
}

export interface ScalarHeadKernels {
  /** (h, w, bias, q: byte addresses, rows, n) */
  readonly forward: (h: number, w: number, bias: number, q: number, rows: number, n: number) => void;
  /** (h, w, dq, dh, dw, db: byte addresses, rows, n) */
  readonly backward: (h: number, w: number, dq: number, dh: number, dw: number, db: number, rows: number, n: number) => void;
}

const i32s = (count: number): ValueType[] => Array.from({ length: count }, () => I32);
const modules = heapModule<ScalarHeadKernels>(() => [
  { name: 'forward', params: i32s(6), body: forwardBody() },
  { name: 'backward', params: i32s(8), body: backwardBody() },
]);

/** The kernels on `memory` (tfjs's wasm heap), built once per memory; null without WebAssembly SIMD. */
export function scalarHeadKernelsOn(memory: WasmMemory): ScalarHeadKernels | null {
  return modules.get(memory);
}
