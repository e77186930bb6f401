import { heapModule, type WasmMemory } from './heap-kernels.js';
import { Body, I32, V128, type ValueType } from './wasm-assembler.js';

/**
 * Matrix products in WebAssembly SIMD on tfjs's wasm heap, for N (output columns) a multiple of 8:
 *
 *   matMul:           C [M, N] = A [M, K] · B [K, N]
 *   matMulTransposedA C [K, N] = A [R, K]ᵀ · B [R, N]   (a layer's kernel gradient xᵀ · dy)
 *
 * Register-blocked: each block of 4 output rows x 8 columns keeps its 8 accumulators (4 rows x 2
 * f32x4) in registers over the whole inner dimension; per inner step it loads 8 floats of B's row,
 * broadcasts one A value per output row (v128.load32_splat), and does 8 multiply-adds. B is read
 * in place, row-major: nothing is packed. That is the point: tfjs's matMul (XNNPACK) packs its
 * second operand into a blocked layout on every call with a new tensor, and in an update every
 * operand is new (fresh weights, activations, gradients); measured on this machine the packing
 * makes a 256^3 product ~30% slower than the product itself, and this kernel is as fast as
 * XNNPACK's product without packing. Rows that do not fill a block of 4 run one at a time.
 * The inner dimension is summed in order, one multiply and one add per step (no fused
 * multiply-add), so results equal a plain sequential loop in float32.
 */

/** Output rows per register block. */
const BLOCK_ROWS = 4;

function productBody(transposedA: boolean): Body {
  // (a, b, c: byte addresses; outRows; inner; n)
  const [a, b, c, outRows, inner, n] = [0, 1, 2, 3, 4, 5];
  const f = new Body(6);
  const rowBytesB = f.local(I32); // bytes per row of B and of C
  const aRowBytes = f.local(I32); // bytes per row of A
  const m = f.local(I32); // first output row of the block
  const full = f.local(I32); // output rows covered by full blocks
  const col = f.local(I32); // byte offset of the block's first column
  const t = f.local(I32); // inner steps left
  const pb = f.local(I32);
  const pc = f.local(I32);
  const pa = [...Array(BLOCK_ROWS).keys()].map(() => f.local(I32));
  const acc = [...Array(2 * BLOCK_ROWS).keys()].map(() => f.local(V128));
  const [b0, b1, s] = [f.local(V128), f.local(V128), f.local(V128)];

  f.get(n).i32(2).i32Shl().set(rowBytesB);
  f.get(transposedA ? outRows : inner)
    .i32(2)
    .i32Shl()
    .set(aRowBytes);

  /** Output rows m … m+rows-1, all columns. */
  const block = (rows: number) => {
    f.i32(0).set(col);
    f.loop(() => {
      for (let i = 0; i < 2 * rows; i++) f.f32x4Const(0).set(acc[i]);
      if (transposedA) {
        // A[r, m+i] at pa[0] + 4i; next r: one row of A further.
        f.get(a).get(m).i32(2).i32Shl().i32Add().set(pa[0]);
      } else {
        // A[m+i, k] at pa[i]; next k: 4 bytes further.
        for (let i = 0; i < rows; i++) f.get(a).get(m).i32(i).i32Add().get(aRowBytes).i32Mul().i32Add().set(pa[i]);
      }
      f.get(b).get(col).i32Add().set(pb);
      f.get(inner).set(t);
      f.loop(() => {
        f.get(pb).v128Load(0).set(b0);
        f.get(pb).v128Load(16).set(b1);
        for (let i = 0; i < rows; i++) {
          if (transposedA) f.get(pa[0]).v128Load32Splat(4 * i);
          else f.get(pa[i]).v128Load32Splat(0);
          f.set(s);
          f.get(acc[2 * i])
            .get(s)
            .get(b0)
            .f32x4Mul()
            .f32x4Add()
            .set(acc[2 * i]);
          f.get(acc[2 * i + 1])
            .get(s)
            .get(b1)
            .f32x4Mul()
            .f32x4Add()
            .set(acc[2 * i + 1]);
        }
        if (transposedA) f.get(pa[0]).get(aRowBytes).i32Add().set(pa[0]);
        else for (let i = 0; i < rows; i++) f.get(pa[i]).i32(4).i32Add().set(pa[i]);
        f.get(pb).get(rowBytesB).i32Add().set(pb);
        f.get(t).i32(1).i32Sub().tee(t).i32(0).i32Ne().brIf(0);
      });
      for (let i = 0; i < rows; i++) {
        f.get(c).get(m).i32(i).i32Add().get(rowBytesB).i32Mul().i32Add().get(col).i32Add().set(pc);
        f.get(pc)
          .get(acc[2 * i])
          .v128Store(0);
        f.get(pc)
          .get(acc[2 * i + 1])
          .v128Store(16);
      }
      f.get(col).i32(32).i32Add().tee(col).get(rowBytesB).i32LtU().brIf(0);
    });
  };

  f.i32(0).set(m);
  f.get(outRows).i32(-BLOCK_ROWS).i32And().set(full);
  f.get(full).i32(0).i32Ne();
  f.ifThen(() =>
    f.loop(() => {
      block(BLOCK_ROWS);
      f.get(m).i32(BLOCK_ROWS).i32Add().tee(m).get(full).i32LtU().brIf(0);
    }),
  );
  f.get(m).get(outRows).i32LtU();
  f.ifThen(() =>
    f.loop(() => {
      block(1);
      f.get(m).i32(1).i32Add().tee(m).get(outRows).i32LtU().brIf(0);
    }),
  );
  return f;
}

/** (a, b, c: byte addresses, outRows, inner, n): see the module comment for each form. */
export type ProductKernel = (a: number, b: number, c: number, outRows: number, inner: number, n: number) => void;

export interface ProductKernels {
  /** C [M, N] = A [M, K] · B [K, N]: (a, b, c, M, K, N). */
  readonly matMul: ProductKernel;
  /** C [K, N] = A [R, K]ᵀ · B [R, N]: (a, b, c, K, R, N). */
  readonly matMulTransposedA: ProductKernel;
}

const modules = heapModule<ProductKernels>(() => {
  const params: ValueType[] = [I32, I32, I32, I32, I32, I32];
  return [
    { name: 'matMul', params, body: productBody(false) },
    { name: 'matMulTransposedA', params, body: productBody(true) },
  ];
});

/** The kernels on `memory` (tfjs's wasm heap), built once per memory; null without WebAssembly SIMD. */
export function productKernelsOn(memory: WasmMemory): ProductKernels | null {
  return modules.get(memory);
}
