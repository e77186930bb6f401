/** Pickle opcodes the writer emits (see CPython's pickletools). */
const OP = {
  PROTO: 0x80,
  STOP: 0x2e,
  MARK: 0x28,
  EMPTY_LIST: 0x5d,
  APPENDS: 0x65,
  EMPTY_DICT: 0x7d,
  SETITEMS: 0x75,
  EMPTY_TUPLE: 0x29,
  TUPLE: 0x74,
  TUPLE1: 0x85,
  TUPLE2: 0x86,
  TUPLE3: 0x87,
  NONE: 0x4e,
  NEWTRUE: 0x88,
  NEWFALSE: 0x89,
  BININT: 0x4a,
  BININT1: 0x4b,
  BINFLOAT: 0x47,
  SHORT_BINUNICODE: 0x8c,
  BINUNICODE: 0x58,
  SHORT_BINBYTES: 0x43,
  BINBYTES: 0x42,
  GLOBAL: 0x63,
  REDUCE: 0x52,
  BUILD: 0x62,
  BINPUT: 0x71,
  LONG_BINPUT: 0x72,
  BINGET: 0x68,
  LONG_BINGET: 0x6a,
} as const;

const PROTOCOL = 4;
const INITIAL_CAPACITY = 1 << 16;

/**
 * Emits pickle opcodes into a growing byte buffer (protocol 4 header, no framing: frames are
 * optional); `drain()` hands out what is encoded so far, so large pickles stream to a file. Strings and globals are memoised so repeated keys and numpy globals cost a
 * BINGET. Callers sequence the opcodes; this class only knows the encodings.
 */
export class PickleWriter {
  private buf = new Uint8Array(INITIAL_CAPACITY);
  private view = new DataView(this.buf.buffer);
  private length = 0;
  private readonly memo = new Map<string, number>();
  private readonly encoder = new TextEncoder();

  constructor() {
    this.op(OP.PROTO);
    this.byte(PROTOCOL);
  }

  emptyList(): void {
    this.op(OP.EMPTY_LIST);
  }
  emptyDict(): void {
    this.op(OP.EMPTY_DICT);
  }
  mark(): void {
    this.op(OP.MARK);
  }
  appends(): void {
    this.op(OP.APPENDS);
  }
  setItems(): void {
    this.op(OP.SETITEMS);
  }
  reduce(): void {
    this.op(OP.REDUCE);
  }
  build(): void {
    this.op(OP.BUILD);
  }
  none(): void {
    this.op(OP.NONE);
  }
  bool(value: boolean): void {
    this.op(value ? OP.NEWTRUE : OP.NEWFALSE);
  }

  /** Builds a tuple of the last `n` pushed items (`mark()` must precede them when n > 3). */
  tuple(n: number): void {
    const ops = [OP.EMPTY_TUPLE, OP.TUPLE1, OP.TUPLE2, OP.TUPLE3];
    this.op(n < ops.length ? ops[n] : OP.TUPLE);
  }

  int(value: number): void {
    if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
      throw new Error(`PickleWriter.int: ${value} is not a 32-bit integer`);
    }
    if (value >= 0 && value < 256) {
      this.op(OP.BININT1);
      this.byte(value);
    } else {
      this.op(OP.BININT);
      this.reserve(4);
      this.view.setInt32(this.length, value, true);
      this.length += 4;
    }
  }

  /** A Python float (BINFLOAT is big-endian float64). */
  float(value: number): void {
    this.op(OP.BINFLOAT);
    this.reserve(8);
    this.view.setFloat64(this.length, value, false);
    this.length += 8;
  }

  str(value: string): void {
    if (this.get(`s:${value}`)) return;
    const bytes = this.encoder.encode(value);
    if (bytes.length < 256) {
      this.op(OP.SHORT_BINUNICODE);
      this.byte(bytes.length);
    } else {
      this.op(OP.BINUNICODE);
      this.uint32(bytes.length);
    }
    this.raw(bytes);
    this.put(`s:${value}`);
  }

  bytes(value: Uint8Array): void {
    if (value.length < 256) {
      this.op(OP.SHORT_BINBYTES);
      this.byte(value.length);
    } else {
      this.op(OP.BINBYTES);
      this.uint32(value.length);
    }
    this.raw(value);
  }

  /** Pushes `module.name` (memoised). */
  global(module: string, name: string): void {
    if (this.get(`g:${module}.${name}`)) return;
    this.op(OP.GLOBAL);
    this.raw(this.encoder.encode(`${module}\n${name}\n`));
    this.put(`g:${module}.${name}`);
  }

  /** Pushes a memoised object if `key` was stored by `memoize`; returns whether it did. */
  get(key: string): boolean {
    const index = this.memo.get(key);
    if (index === undefined) return false;
    if (index < 256) {
      this.op(OP.BINGET);
      this.byte(index);
    } else {
      this.op(OP.LONG_BINGET);
      this.uint32(index);
    }
    return true;
  }

  /** Stores the top of the stack under `key` for later `get(key)`. */
  put(key: string): void {
    const index = this.memo.size;
    this.memo.set(key, index);
    if (index < 256) {
      this.op(OP.BINPUT);
      this.byte(index);
    } else {
      this.op(OP.LONG_BINPUT);
      this.uint32(index);
    }
  }

  /** Bytes encoded so far. */
  get pending(): number {
    return this.length;
  }

  /** Returns the bytes encoded since the last drain and empties the buffer (the memo is kept). */
  drain(): Uint8Array {
    const out = this.buf.slice(0, this.length);
    this.length = 0;
    return out;
  }

  /** Ends the pickle and returns its (remaining) bytes. */
  finish(): Uint8Array {
    this.op(OP.STOP);
    return this.drain();
  }

  private op(code: number): void {
    this.byte(code);
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buf[this.length++] = value;
  }

  private uint32(value: number): void {
    if (value > 0xffffffff) throw new Error(`PickleWriter: length ${value} exceeds 4 GiB`);
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let capacity = this.buf.length * 2;
    while (capacity < this.length + n) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
}
