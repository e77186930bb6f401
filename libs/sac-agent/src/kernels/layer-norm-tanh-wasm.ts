import { TANH_CLAMP, TANH_DENOMINATOR, TANH_NUMERATOR } from './layer-norm-tanh-arrays.js';
import { webAssembly, type WasmMemory } from './heap-kernels.js';
import { assembleModule, Body, F32, I32, V128 } from './wasm-assembler.js';

/**
 * The fused bias + LayerNorm + tanh forward and backward (same math as layer-norm-tanh-arrays.ts)
 * as WebAssembly SIMD, four floats per instruction, in float32 like tfjs's own kernels. V8's
 * code for the plain-JS loops runs at ~2 ns per element per pass; this at a fraction of that.
 * On tfjs's wasm backend the kernels work in place on its heap (`simdKernelsOn`); elsewhere
 * (the cpu backend) a module with its own memory copies inputs in and outputs out.
 * Rows must have a multiple of 4 elements (`fits`); other shapes use the JS version.
 */

/** h = tanh(x̂ · scale + offset) for the v128 x̂ on the stack; leaves h on the stack. */
function tanhOfAffine(f: Body, xh: number, scaleAt: () => void, offsetAt: () => void, y: number, y2: number): void {
  f.get(xh);
  scaleAt();
  f.v128Load().f32x4Mul();
  offsetAt();
  f.v128Load().f32x4Add();
  f.f32x4Const(-TANH_CLAMP).f32x4Max().f32x4Const(TANH_CLAMP).f32x4Min().tee(y);
  f.get(y).f32x4Mul().set(y2);
  // numerator: y · (a1 + y²(a3 + y²(… a13))), Horner from the highest coefficient
  const horner = (coefficients: readonly number[]) => {
    f.f32x4Const(coefficients[coefficients.length - 1]);
    for (let i = coefficients.length - 2; i >= 0; i--) f.get(y2).f32x4Mul().f32x4Const(coefficients[i]).f32x4Add();
  };
  horner(TANH_NUMERATOR);
  f.get(y).f32x4Mul();
  horner(TANH_DENOMINATOR);
  f.f32x4Div();
}

/** Vectors per iteration of the forward's last pass when a row allows it (8 measured no faster). */
const GROUP = 4;

/**
 * x̂ and h for GROUP vectors at once (bytes j, j + 16, …), their steps interleaved: the tanh
 * polynomial is a chain of dependent multiply-adds, and one vector per loop iteration left the
 * CPU waiting on it (256x256, CPU ms: 0.157 one vector, 0.144 two, 0.119 four; bit-identical).
 */
function affineTanhGroup(
  f: Body,
  at: (p: number) => void,
  p: Record<'z' | 'bias' | 'scale' | 'offset' | 'xHat' | 'h' | 'meanV' | 'invV', number>,
  v: Record<'xh' | 'y' | 'y2' | 'num' | 'den', readonly number[]>,
): void {
  const lanes = v.xh.map((_, u) => u);
  for (const u of lanes) {
    const load = (q: number) => void (at(q), f.v128Load(16 * u));
    at(p.xHat);
    load(p.z);
    load(p.bias);
    f.f32x4Add()
      .get(p.meanV)
      .f32x4Sub()
      .get(p.invV)
      .f32x4Mul()
      .tee(v.xh[u])
      .v128Store(16 * u);
    f.get(v.xh[u]);
    load(p.scale);
    f.f32x4Mul();
    load(p.offset);
    f.f32x4Add().f32x4Const(-TANH_CLAMP).f32x4Max().f32x4Const(TANH_CLAMP).f32x4Min().tee(v.y[u]).get(v.y[u]).f32x4Mul().set(v.y2[u]);
  }
  // Horner for numerator and denominator, the vectors' steps interleaved
  for (const u of lanes) f.f32x4Const(TANH_NUMERATOR[TANH_NUMERATOR.length - 1]).set(v.num[u]);
  for (const u of lanes) f.f32x4Const(TANH_DENOMINATOR[TANH_DENOMINATOR.length - 1]).set(v.den[u]);
  const shift = TANH_NUMERATOR.length - TANH_DENOMINATOR.length;
  for (let i = TANH_NUMERATOR.length - 2; i >= 0; i--) {
    for (const u of lanes) f.get(v.num[u]).get(v.y2[u]).f32x4Mul().f32x4Const(TANH_NUMERATOR[i]).f32x4Add().set(v.num[u]);
    if (i - shift >= 0)
      for (const u of lanes)
        f.get(v.den[u])
          .get(v.y2[u])
          .f32x4Mul()
          .f32x4Const(TANH_DENOMINATOR[i - shift])
          .f32x4Add()
          .set(v.den[u]);
  }
  for (const u of lanes) {
    at(p.h);
    f.get(v.num[u])
      .get(v.y[u])
      .f32x4Mul()
      .get(v.den[u])
      .f32x4Div()
      .v128Store(16 * u);
  }
}

/**
 * forward(z, bias, scale, offset, xHat, invStd, h, rows, n, epsilon): pointers are byte addresses.
 * `grouped`: the last pass takes GROUP vectors per iteration (rows of a multiple of 4·GROUP).
 */
function forwardBody(grouped: boolean): Body {
  const [z, bias, scale, offset, xHat, invStd, h, rows, n, epsilon] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const f = new Body(10);
  const rowBytes = f.local(I32);
  const j = f.local(I32);
  const acc = f.local(V128);
  const scratch = f.local(V128);
  const meanV = f.local(V128);
  const invV = f.local(V128);
  const xh = f.local(V128);
  const y = f.local(V128);
  const y2 = f.local(V128);
  const inv = f.local(F32);
  const group = (): number[] => Array.from({ length: GROUP }, () => f.local(V128));
  const groupLocals = { xh: group(), y: group(), y2: group(), num: group(), den: group() };
  const centered = () => {
    // (z[j] + bias[j]) - mean
    f.get(z).get(j).i32Add().v128Load().get(bias).get(j).i32Add().v128Load().f32x4Add().get(meanV).f32x4Sub();
  };
  const next = (loopDepth: number) => f.get(j).i32(16).i32Add().tee(j).get(rowBytes).i32LtU().brIf(loopDepth);
  f.get(n).i32(2).i32Shl().set(rowBytes);
  f.loop(() => {
    // mean
    f.f32x4Const(0).set(acc).i32(0).set(j);
    f.loop(() => {
      f.get(acc).get(z).get(j).i32Add().v128Load().get(bias).get(j).i32Add().v128Load().f32x4Add().f32x4Add().set(acc);
      next(0);
    });
    f.get(acc).horizontalSum(scratch).get(n).f32FromI32().f32Div().f32x4Splat().set(meanV);
    // 1 / sqrt(mean of squared deviations + ε)
    f.f32x4Const(0).set(acc).i32(0).set(j);
    f.loop(() => {
      centered();
      f.tee(scratch).get(scratch).f32x4Mul().get(acc).f32x4Add().set(acc);
      next(0);
    });
    f.f32(1).get(acc).horizontalSum(scratch).get(n).f32FromI32().f32Div().get(epsilon).f32Add().f32Sqrt().f32Div().tee(inv);
    f.f32x4Splat().set(invV);
    f.get(invStd).get(inv).f32Store();
    // x̂ and h
    f.i32(0).set(j);
    if (grouped) {
      f.loop(() => {
        affineTanhGroup(f, (q) => void f.get(q).get(j).i32Add(), { z, bias, scale, offset, xHat, h, meanV, invV }, groupLocals);
        f.get(j)
          .i32(16 * GROUP)
          .i32Add()
          .tee(j)
          .get(rowBytes)
          .i32LtU()
          .brIf(0);
      });
    } else {
      f.loop(() => {
        f.get(xHat).get(j).i32Add();
        centered();
        f.get(invV).f32x4Mul().tee(xh).v128Store();
        f.get(h).get(j).i32Add();
        tanhOfAffine(
          f,
          xh,
          () => f.get(scale).get(j).i32Add(),
          () => f.get(offset).get(j).i32Add(),
          y,
          y2,
        );
        f.v128Store();
        next(0);
      });
    }
    for (const p of [z, xHat, h]) f.get(p).get(rowBytes).i32Add().set(p);
    f.get(invStd).i32(4).i32Add().set(invStd);
    f.get(rows).i32(1).i32Sub().tee(rows).i32(0).i32Ne().brIf(0);
  });
  return f;
}

/** backward(dh, h, xHat, invStd, scale, dz, dBias, dScale, dOffset, rows, n). */
function backwardBody(): Body {
  const [dh, h, xHat, invStd, scale, dz, dBias, dScale, dOffset, rows, n] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const f = new Body(11);
  const rowBytes = f.local(I32);
  const j = f.local(I32);
  const accG = f.local(V128);
  const accGx = f.local(V128);
  const scratch = f.local(V128);
  const hv = f.local(V128);
  const dy = f.local(V128);
  const g = f.local(V128);
  const xh = f.local(V128);
  const meanGV = f.local(V128);
  const meanGxV = f.local(V128);
  const invV = f.local(V128);
  const d = f.local(V128);
  const at = (p: number): void => void f.get(p).get(j).i32Add();
  const next = () => f.get(j).i32(16).i32Add().tee(j).get(rowBytes).i32LtU().brIf(0);
  f.get(n).i32(2).i32Shl().set(rowBytes);
  // zero the column sums
  f.i32(0).set(j);
  f.loop(() => {
    for (const p of [dBias, dScale, dOffset]) {
      at(p);
      f.f32x4Const(0).v128Store();
    }
    next();
  });
  f.loop(() => {
    f.f32x4Const(0).tee(accG).set(accGx).i32(0).set(j);
    f.loop(() => {
      // dy = dh · (1 - h²), g = dy · scale
      at(h);
      f.v128Load().set(hv);
      at(dh);
      f.v128Load().f32x4Const(1).get(hv).get(hv).f32x4Mul().f32x4Sub().f32x4Mul().set(dy);
      at(xHat);
      f.v128Load().set(xh);
      at(dz);
      f.get(dy);
      at(scale);
      f.v128Load().f32x4Mul().tee(g).v128Store();
      f.get(accG).get(g).f32x4Add().set(accG);
      f.get(accGx).get(g).get(xh).f32x4Mul().f32x4Add().set(accGx);
      at(dScale);
      at(dScale);
      f.v128Load().get(dy).get(xh).f32x4Mul().f32x4Add().v128Store();
      at(dOffset);
      at(dOffset);
      f.v128Load().get(dy).f32x4Add().v128Store();
      next();
    });
    f.get(accG).horizontalSum(scratch).get(n).f32FromI32().f32Div().f32x4Splat().set(meanGV);
    f.get(accGx).horizontalSum(scratch).get(n).f32FromI32().f32Div().f32x4Splat().set(meanGxV);
    f.get(invStd).f32Load().f32x4Splat().set(invV);
    f.i32(0).set(j);
    f.loop(() => {
      // dz = (g - mean(g) - x̂ · mean(g · x̂)) · invStd
      at(dz);
      f.v128Load().get(meanGV).f32x4Sub();
      at(xHat);
      f.v128Load().get(meanGxV).f32x4Mul().f32x4Sub().get(invV).f32x4Mul().set(d);
      at(dz);
      f.get(d).v128Store();
      at(dBias);
      at(dBias);
      f.v128Load().get(d).f32x4Add().v128Store();
      next();
    });
    for (const p of [dh, h, xHat, dz]) f.get(p).get(rowBytes).i32Add().set(p);
    f.get(invStd).i32(4).i32Add().set(invStd);
    f.get(rows).i32(1).i32Sub().tee(rows).i32(0).i32Ne().brIf(0);
  });
  return f;
}

/** The two kernels; arguments are byte addresses in `memory`, then rows, n (and epsilon). */
export interface SimdKernels {
  readonly memory: WasmMemory;
  readonly forward: (
    z: number,
    bias: number,
    scale: number,
    offset: number,
    xHat: number,
    invStd: number,
    h: number,
    rows: number,
    n: number,
    epsilon: number,
  ) => void;
  readonly backward: (
    dh: number,
    h: number,
    xHat: number,
    invStd: number,
    scale: number,
    dz: number,
    dBias: number,
    dScale: number,
    dOffset: number,
    rows: number,
    n: number,
  ) => void;
}

function instantiate(memory: WasmMemory | null): SimdKernels | null {
  try {
    const bytes = assembleModule(
      [
        { name: 'forward', params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, F32], body: forwardBody(false) },
        { name: 'forwardGrouped', params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, F32], body: forwardBody(true) },
        { name: 'backward', params: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32], body: backwardBody() },
      ],
      memory === null ? 16 : 1,
      memory !== null,
    );
    const api = webAssembly();
    const exports = new api.Instance(new api.Module(bytes), memory === null ? {} : { env: { memory } }).exports as Omit<SimdKernels, 'memory'> & {
      memory?: WasmMemory;
      forwardGrouped: SimdKernels['forward'];
    };
    const { forward: single, forwardGrouped } = exports;
    const forward: SimdKernels['forward'] = (z, bias, scale, offset, xHat, invStd, h, rows, n, epsilon) =>
      (n % (4 * GROUP) === 0 ? forwardGrouped : single)(z, bias, scale, offset, xHat, invStd, h, rows, n, epsilon);
    return { forward, backward: exports.backward, memory: memory ?? (exports.memory as WasmMemory) };
  } catch {
    // No WebAssembly SIMD in this runtime: the callers fall back to the JS loops.
    return null;
  }
}

const own = instantiate(null);
const onMemory = new WeakMap<WasmMemory, SimdKernels | null>();

/**
 * The kernels working in place on `memory` (e.g. tfjs's wasm heap: no copies), built once per
 * memory; null without WebAssembly SIMD.
 */
export function simdKernelsOn(memory: WasmMemory): SimdKernels | null {
  let k = onMemory.get(memory);
  if (k === undefined) {
    k = instantiate(memory);
    onMemory.set(memory, k);
  }
  return k;
}

/** Whether the SIMD kernels can run rows of `n` elements here. */
export function simdFits(n: number): boolean {
  return own !== null && n % 4 === 0 && n > 0;
}

/** Copies `arrays` into the module's memory back to back (16-byte aligned); returns their byte addresses. */
function place(arrays: readonly (Float32Array | number)[]): { addresses: number[]; heap: Float32Array } {
  const wasm = own;
  if (wasm === null) throw new Error('layer-norm-tanh-wasm: WebAssembly SIMD is not available');
  const lengths = arrays.map((a) => (typeof a === 'number' ? a : a.length));
  const padded = lengths.map((l) => Math.ceil(l / 4) * 4);
  const total = padded.reduce((s, l) => s + l, 0) * 4;
  const pageBytes = 65536;
  if (wasm.memory.buffer.byteLength < total) wasm.memory.grow(Math.ceil((total - wasm.memory.buffer.byteLength) / pageBytes));
  const heap = new Float32Array(wasm.memory.buffer);
  const addresses: number[] = [];
  let at = 0;
  arrays.forEach((a, i) => {
    addresses.push(at * 4);
    if (typeof a !== 'number') heap.set(a, at);
    at += padded[i];
  });
  return { addresses, heap };
}

/** As `layerNormTanhForwardArrays`, in WebAssembly SIMD (float32 throughout). */
export function layerNormTanhForwardSimd(
  z: Float32Array,
  bias: Float32Array,
  scale: Float32Array,
  offset: Float32Array,
  rows: number,
  n: number,
  epsilon: number,
  out: { readonly xHat: Float32Array; readonly invStd: Float32Array; readonly h: Float32Array },
): void {
  const { addresses, heap } = place([z, bias, scale, offset, rows * n, rows, rows * n]);
  const [zAt, biasAt, scaleAt, offsetAt, xHatOut, invStdOut, hOut] = addresses;
  (own as SimdKernels).forward(zAt, biasAt, scaleAt, offsetAt, xHatOut, invStdOut, hOut, rows, n, epsilon);
  const [xHatIndex, invStdIndex, hIndex] = [xHatOut, invStdOut, hOut].map((a) => a / 4);
  out.xHat.set(heap.subarray(xHatIndex, xHatIndex + rows * n));
  out.invStd.set(heap.subarray(invStdIndex, invStdIndex + rows));
  out.h.set(heap.subarray(hIndex, hIndex + rows * n));
}

/** As `layerNormTanhBackwardArrays`, in WebAssembly SIMD (float32 throughout). */
export function layerNormTanhBackwardSimd(
  dh: Float32Array,
  h: Float32Array,
  xHat: Float32Array,
  invStd: Float32Array,
  scale: Float32Array,
  rows: number,
  n: number,
  out: { readonly dz: Float32Array; readonly dBias: Float32Array; readonly dScale: Float32Array; readonly dOffset: Float32Array },
): void {
  const { addresses, heap } = place([dh, h, xHat, invStd, scale, rows * n, n, n, n]);
  const [dhAt, hAt, xHatAt, invStdAt, scaleAt, dzOut, dBiasOut, dScaleOut, dOffsetOut] = addresses;
  (own as SimdKernels).backward(dhAt, hAt, xHatAt, invStdAt, scaleAt, dzOut, dBiasOut, dScaleOut, dOffsetOut, rows, n);
  const [dzIndex, dBiasIndex, dScaleIndex, dOffsetIndex] = [dzOut, dBiasOut, dScaleOut, dOffsetOut].map((a) => a / 4);
  out.dz.set(heap.subarray(dzIndex, dzIndex + rows * n));
  out.dBias.set(heap.subarray(dBiasIndex, dBiasIndex + n));
  out.dScale.set(heap.subarray(dScaleIndex, dScaleIndex + n));
  out.dOffset.set(heap.subarray(dOffsetIndex, dOffsetIndex + n));
}
