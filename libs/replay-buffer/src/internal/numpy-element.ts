import type { NumpyDtype } from './numpy-dtype.js';

/** IEEE 754 half precision to a JS number. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Element `index` of raw numpy data as a JS number (bool as 0/1, 64-bit ints rounded to a double). */
export function readElement(view: DataView, index: number, dtype: NumpyDtype): number {
  const le = dtype.littleEndian;
  const offset = index * dtype.itemSize;
  switch (dtype.kind + dtype.itemSize) {
    case 'f2':
      return halfToNumber(view.getUint16(offset, le));
    case 'f4':
      return view.getFloat32(offset, le);
    case 'f8':
      return view.getFloat64(offset, le);
    case 'u2':
      return view.getUint16(offset, le);
    case 'u4':
      return view.getUint32(offset, le);
    case 'u8':
      return Number(view.getBigUint64(offset, le));
    case 'i1':
      return view.getInt8(offset);
    case 'i2':
      return view.getInt16(offset, le);
    case 'i4':
      return view.getInt32(offset, le);
    case 'i8':
      return Number(view.getBigInt64(offset, le));
    case 'b1':
      return view.getUint8(offset) === 0 ? 0 : 1;
    default:
      return view.getUint8(offset);
  }
}

/** A numpy scalar (`numpy.core.multiarray.scalar(dtype, bytes)`), e.g. `np.float32(0.5)` or `np.bool_(True)`. */
export class NumpyScalar {
  readonly value: number | boolean;

  constructor(
    readonly dtype: NumpyDtype,
    bytes: Uint8Array,
  ) {
    if (bytes.byteLength !== dtype.itemSize) {
      throw new Error(`numpy ${dtype.name} scalar: expected ${dtype.itemSize} bytes, got ${bytes.byteLength}`);
    }
    const n = readElement(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, dtype);
    this.value = dtype.kind === 'b' ? n !== 0 : n;
  }
}
