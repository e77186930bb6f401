import { assembleModule, Body, F32, I32, V128 } from './wasm-assembler.js';
import type { WasmMemory } from './heap-kernels.js';

/**
 * Adam's element-wise step in WebAssembly SIMD (float32), for `internal/adam.ts`:
 *   m ← β1·m + (1-β1)·g,  v ← β2·v + (1-β2)·g²,  p ← p - lrₜ·m / (sqrt(v) + ε̂).
 * Each optimiser gets its own module instance whose memory holds p, g, m and v for its size
 * (it never grows, so m and v can be views that live as long as the optimiser).
 */
function body(): Body {
  const [p, g, m, v, bytes, lrT, epsHat, beta1, beta2, oneMinusBeta1, oneMinusBeta2] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const f = new Body(11);
  const j = f.local(I32);
  const [b1, c1, b2, c2, lr, eps, gv, mv, vv] = [0, 1, 2, 3, 4, 5, 6, 7, 8].map(() => f.local(V128));
  // 1 - β comes in from float64: computed in float32 it would be off by ~1e-5 relative for β2 = 0.999.
  f.get(beta1).f32x4Splat().set(b1).get(oneMinusBeta1).f32x4Splat().set(c1);
  f.get(beta2).f32x4Splat().set(b2).get(oneMinusBeta2).f32x4Splat().set(c2);
  f.get(lrT).f32x4Splat().set(lr).get(epsHat).f32x4Splat().set(eps);
  f.i32(0).set(j);
  f.loop(() => {
    f.get(g).get(j).i32Add().v128Load().set(gv);
    f.get(m).get(j).i32Add();
    f.get(m).get(j).i32Add().v128Load().get(b1).f32x4Mul().get(gv).get(c1).f32x4Mul().f32x4Add().tee(mv).v128Store();
    f.get(v).get(j).i32Add();
    f.get(v).get(j).i32Add().v128Load().get(b2).f32x4Mul().get(gv).get(gv).f32x4Mul().get(c2).f32x4Mul().f32x4Add().tee(vv).v128Store();
    f.get(p).get(j).i32Add();
    f.get(p).get(j).i32Add().v128Load().get(lr).get(mv).f32x4Mul().get(vv).f32x4Sqrt().get(eps).f32x4Add().f32x4Div().f32x4Sub().v128Store();
    f.get(j).i32(16).i32Add().tee(j).get(bytes).i32LtU().brIf(0);
  });
  return f;
}

interface WasmApi {
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports?: object) => { readonly exports: { readonly memory: WasmMemory; readonly adam: AdamKernel } };
}

type AdamKernel = (
  p: number,
  g: number,
  m: number,
  v: number,
  bytes: number,
  lrT: number,
  epsHat: number,
  beta1: number,
  beta2: number,
  oneMinusBeta1: number,
  oneMinusBeta2: number,
) => void;

let compiled: object | null | undefined;

/** The arrays of one optimiser in its module's memory, and its step. */
export interface SimdAdam {
  readonly params: Float32Array;
  readonly grad: Float32Array;
  readonly m: Float32Array;
  readonly v: Float32Array;
  /** One step on `params`/`grad` as held in the views above. */
  step(lrT: number, epsHat: number, beta1: number, beta2: number): void;
}

/** A SIMD Adam for `size` parameters, or null without WebAssembly SIMD. */
export function simdAdam(size: number): SimdAdam | null {
  const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  if (api === undefined) return null;
  try {
    if (compiled === undefined)
      compiled = new api.Module(assembleModule([{ name: 'adam', params: [I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32], body: body() }], 1));
    if (compiled === null) return null;
    const padded = Math.ceil(size / 4) * 4;
    const instance = new api.Instance(compiled);
    const { memory, adam } = instance.exports;
    const needed = 4 * padded * 4;
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
    const view = (k: number) => new Float32Array(memory.buffer, k * padded * 4, size);
    const [params, grad, m, v] = [0, 1, 2, 3].map(view);
    const bytes = padded * 4;
    return {
      params,
      grad,
      m,
      v,
      step: (lrT, epsHat, beta1, beta2) => adam(0, bytes, 2 * bytes, 3 * bytes, bytes, lrT, epsHat, beta1, beta2, 1 - beta1, 1 - beta2),
    };
  } catch {
    compiled = null;
    return null;
  }
}
