/**
 * A minimal WebAssembly binary writer: enough of the instruction set (i32, f32, SIMD f32x4,
 * loads/stores, loops) for the hand-written kernels of layer-norm-tanh-wasm.ts. Building the
 * module from this source at load time keeps the kernels readable and reviewable, with no
 * toolchain and no opaque binary in the repository. Encoding: WebAssembly core spec 2.0, §5.
 */

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof F32 | typeof V128;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function f32Bytes(x: number): number[] {
  return [...new Uint8Array(new Float32Array([x]).buffer)];
}

function vec(items: readonly number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  return vec([...s].map((c) => [c.charCodeAt(0)]));
}

/** Instructions of one function body; locals are numbered after the parameters. */
export class Body {
  readonly bytes: number[] = [];
  private readonly locals: ValueType[] = [];

  constructor(private readonly paramCount: number) {}

  /** A new local of `type`; returns its index. */
  local(type: ValueType): number {
    this.locals.push(type);
    return this.paramCount + this.locals.length - 1;
  }

  private emit(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  private simd(op: number, ...imm: number[]): this {
    return this.emit(0xfd, ...uleb(op), ...imm);
  }

  get(i: number): this {
    return this.emit(0x20, ...uleb(i));
  }
  set(i: number): this {
    return this.emit(0x21, ...uleb(i));
  }
  tee(i: number): this {
    return this.emit(0x22, ...uleb(i));
  }
  i32(v: number): this {
    return this.emit(0x41, ...sleb(v));
  }
  f32(v: number): this {
    return this.emit(0x43, ...f32Bytes(v));
  }
  i32Add(): this {
    return this.emit(0x6a);
  }
  i32Mul(): this {
    return this.emit(0x6c);
  }
  i32Sub(): this {
    return this.emit(0x6b);
  }
  i32Shl(): this {
    return this.emit(0x74);
  }
  i32LtU(): this {
    return this.emit(0x49);
  }
  i32And(): this {
    return this.emit(0x71);
  }
  i32Ne(): this {
    return this.emit(0x47);
  }
  f32Add(): this {
    return this.emit(0x92);
  }
  f32Sub(): this {
    return this.emit(0x93);
  }
  f32Mul(): this {
    return this.emit(0x94);
  }
  f32Div(): this {
    return this.emit(0x95);
  }
  f32Sqrt(): this {
    return this.emit(0x91);
  }
  f32FromI32(): this {
    return this.emit(0xb3);
  }
  /** f32.load / f32.store with a byte offset (address on the stack). */
  f32Load(offset = 0): this {
    return this.emit(0x2a, 2, ...uleb(offset));
  }
  f32Store(offset = 0): this {
    return this.emit(0x38, 2, ...uleb(offset));
  }
  v128Load(offset = 0): this {
    return this.simd(0x00, 4, ...uleb(offset));
  }
  /** v128.load32_splat: one f32 from memory into all four lanes. */
  v128Load32Splat(offset = 0): this {
    return this.simd(0x09, 2, ...uleb(offset));
  }
  v128Store(offset = 0): this {
    return this.simd(0x0b, 4, ...uleb(offset));
  }
  /** v128.const with four equal f32 lanes. */
  f32x4Const(v: number): this {
    return this.simd(0x0c, ...f32Bytes(v), ...f32Bytes(v), ...f32Bytes(v), ...f32Bytes(v));
  }
  f32x4Splat(): this {
    return this.simd(0x13);
  }
  /** i8x16.shuffle of the two v128 on the stack by f32 lanes: 0-3 pick from the first, 4-7 from the second. */
  shuffle32(lanes: readonly [number, number, number, number]): this {
    return this.simd(0x0d, ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
  }
  f32x4Lane(lane: number): this {
    return this.simd(0x1f, lane);
  }
  f32x4Add(): this {
    return this.simd(0xe4);
  }
  f32x4Sub(): this {
    return this.simd(0xe5);
  }
  f32x4Mul(): this {
    return this.simd(0xe6);
  }
  f32x4Div(): this {
    return this.simd(0xe7);
  }
  f32x4Min(): this {
    return this.simd(0xe8);
  }
  f32x4Sqrt(): this {
    return this.simd(0xe3);
  }
  f32x4Max(): this {
    return this.simd(0xe9);
  }
  /** loop … end; `br_if 0` inside branches back to the start. */
  loop(body: () => void): this {
    this.emit(0x03, 0x40);
    body();
    return this.emit(0x0b);
  }
  /** if … end on the i32 on the stack (no else, no result). */
  ifThen(body: () => void): this {
    this.emit(0x04, 0x40);
    body();
    return this.emit(0x0b);
  }
  brIf(depth: number): this {
    return this.emit(0x0d, ...uleb(depth));
  }

  /** Sum of the four lanes of the v128 on the stack, as f32: (l0 + l1) + (l2 + l3). */
  horizontalSum(scratch: number): this {
    this.set(scratch);
    this.get(scratch).f32x4Lane(0).get(scratch).f32x4Lane(1).f32Add();
    this.get(scratch).f32x4Lane(2).get(scratch).f32x4Lane(3).f32Add();
    return this.f32Add();
  }

  encode(): number[] {
    const groups: number[][] = [];
    for (const t of this.locals) {
      const last = groups[groups.length - 1];
      if (last !== undefined && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    const code = [...vec(groups.map(([count, t]) => [...uleb(count), t])), ...this.bytes, 0x0b];
    return [...uleb(code.length), ...code];
  }
}

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly ValueType[];
  readonly body: Body;
}

/**
 * A module with the given exported functions (no results) and one memory: its own, exported as
 * "memory" (`pages` × 64 KiB to start), or with `importMemory` imported as env.memory (another
 * module's heap, at least `pages` pages).
 */
export function assembleModule(functions: readonly WasmFunction[], pages: number, importMemory = false): Uint8Array<ArrayBuffer> {
  const section = (id: number, content: number[]): number[] => [id, ...uleb(content.length), ...content];
  const types = functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 0]);
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...(importMemory ? section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(pages)]])) : []),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...(importMemory ? [] : section(5, vec([[0x00, ...uleb(pages)]]))),
    ...section(7, vec([...(importMemory ? [] : [[...name('memory'), 0x02, 0]]), ...functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)])])),
    ...section(10, vec(functions.map((f) => f.body.encode()))),
  ];
  return new Uint8Array(bytes);
}
