/** Element kinds the reader accepts: float, unsigned int, signed int, bool. */
export type NumpyKind = 'f' | 'u' | 'i' | 'b';

const KIND_NAMES: Readonly<Record<NumpyKind, string>> = { f: 'float', u: 'uint', i: 'int', b: 'bool' };
const CODE = /^([<>|=]?)([a-zA-Z])(\d*)$/;
const ITEM_SIZES: Readonly<Record<NumpyKind, readonly number[]>> = { f: [2, 4, 8], u: [1, 2, 4, 8], i: [1, 2, 4, 8], b: [1] };
const REFUSED: Readonly<Record<string, string>> = {
  O: 'object-dtype arrays are refused (they would run arbitrary constructors; the reader is data-only)',
  U: 'unicode string arrays are not supported',
  S: 'byte string arrays are not supported',
  V: 'structured (void) dtypes are not supported',
  c: 'complex arrays are not supported',
  M: 'datetime arrays are not supported',
  m: 'timedelta arrays are not supported',
};

/**
 * A numpy dtype as rebuilt from a pickle: `numpy.dtype(code, align, copy)` then BUILD with
 * numpy's state tuple `(version, byteorder, subdescr, names, fields, elsize, alignment, flags)`.
 * Only plain numeric dtypes: bool, (u)int8..64, float16/32/64, either byte order.
 */
export class NumpyDtype {
  readonly kind: NumpyKind;
  readonly itemSize: number;
  /** True for little-endian data ('<', '|' for single bytes, '=' native: little on our hosts). */
  littleEndian = true;

  constructor(code: unknown) {
    const match = typeof code === 'string' ? CODE.exec(code) : null;
    const refused = match ? REFUSED[match[2]] : undefined;
    if (refused) throw new Error(`numpy dtype ${JSON.stringify(code)}: ${refused}`);
    const kind = match?.[2] as NumpyKind | undefined;
    const itemSize = Number(match?.[3]);
    if (!match || kind === undefined || !(kind in ITEM_SIZES) || !ITEM_SIZES[kind].includes(itemSize)) {
      throw new Error(`unsupported numpy dtype ${JSON.stringify(code)}: expected bool, (u)int8-64 or float16/32/64`);
    }
    this.kind = kind;
    this.itemSize = itemSize;
    if (match[1] === '>') this.littleEndian = false;
  }

  /** numpy's dtype state; only the byte order is used, structured dtypes are refused. */
  setState(state: unknown): void {
    if (!Array.isArray(state) || state.length < 5) {
      throw new Error(`numpy dtype state: expected a tuple of 8 items, got ${JSON.stringify(state)}`);
    }
    const [, byteOrder, , names, fields] = state as unknown[];
    if (names !== null || fields !== null) throw new Error(`structured numpy dtypes are not supported (${this.name})`);
    if (byteOrder === '>') this.littleEndian = false;
    else if (byteOrder === '<' || byteOrder === '|' || byteOrder === '=') this.littleEndian = true;
    else throw new Error(`numpy dtype state: unknown byte order ${JSON.stringify(byteOrder)}`);
  }

  /** numpy's name, e.g. `float32`, `uint8`, `bool` (big-endian ones end in ` (big-endian)`). */
  get name(): string {
    // Asked for every array of every transition: built once.
    this.cachedName ??= this.kind === 'b' ? 'bool' : `${KIND_NAMES[this.kind]}${this.itemSize * 8}`;
    return this.cachedName;
  }

  private cachedName: string | undefined;
}
