import type { PickleWriter } from './pickle-writer.js';

/** numpy 1.x module path; numpy 2 keeps `numpy.core.multiarray` importable for pickles. */
const MULTIARRAY = 'numpy.core.multiarray';

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** numpy dtype names the writer can produce, with their type codes. */
const CODES: Readonly<Record<string, string>> = {
  bool: 'b1',
  uint8: 'u1',
  int8: 'i1',
  int16: 'i2',
  int32: 'i4',
  int64: 'i8',
  uint16: 'u2',
  uint32: 'u4',
  uint64: 'u8',
  float32: 'f4',
  float64: 'f8',
};

/** True when `writeNdarray` can write arrays of numpy dtype `name`. */
export function isWritableDtype(name: string): boolean {
  return Object.hasOwn(CODES, name);
}

function dtypeCode(dtype: string): { code: string; byteOrder: string } {
  const code = CODES[dtype];
  if (code === undefined) throw new Error(`cannot write numpy dtype ${dtype}: expected one of ${Object.keys(CODES).join(', ')}`);
  return { code, byteOrder: code.endsWith('1') ? '|' : '<' };
}

/** The elements of `data` as little-endian bytes of numpy dtype `dtype` (a view when no conversion is needed). */
function encodeElements(data: Float32Array | Float64Array | Uint8Array, dtype: string): Uint8Array {
  const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if ((dtype === 'float32' && data instanceof Float32Array) || (dtype === 'uint8' && data instanceof Uint8Array)) return bytesOf(data);
  switch (dtype) {
    case 'bool':
      return Uint8Array.from(data, (x) => (x === 0 ? 0 : 1));
    case 'uint8':
      return Uint8Array.from(data);
    case 'int8':
      return bytesOf(Int8Array.from(data));
    case 'int16':
      return bytesOf(Int16Array.from(data));
    case 'int32':
      return bytesOf(Int32Array.from(data));
    case 'uint16':
      return bytesOf(Uint16Array.from(data));
    case 'uint32':
      return bytesOf(Uint32Array.from(data));
    case 'int64':
      return bytesOf(BigInt64Array.from(data, (x) => BigInt(Math.trunc(x))));
    case 'uint64':
      return bytesOf(BigUint64Array.from(data, (x) => BigInt(Math.trunc(x))));
    case 'float32':
      return bytesOf(Float32Array.from(data));
    case 'float64':
      return bytesOf(Float64Array.from(data));
    default:
      throw new Error(`cannot write numpy dtype ${dtype}`);
  }
}

/** Pushes `numpy.dtype(code, False, True)` with numpy's BUILD state (memoised per dtype). */
function writeDtype(w: PickleWriter, code: string, byteOrder: string): void {
  if (w.get(`dtype:${code}`)) return;
  w.global('numpy', 'dtype');
  w.str(code);
  w.bool(false);
  w.bool(true);
  w.tuple(3);
  w.reduce();
  // (version 3, byteorder, subdescr, names, fields, elsize -1, alignment -1, flags 0)
  w.mark();
  w.int(3);
  w.str(byteOrder);
  w.none();
  w.none();
  w.none();
  w.int(-1);
  w.int(-1);
  w.int(0);
  w.tuple(8);
  w.build();
  w.put(`dtype:${code}`);
}

/**
 * Pushes an ndarray the way numpy pickles one with protocols 2-4:
 * `_reconstruct(ndarray, (0,), b'b')` then BUILD `(1, shape, dtype, False, rawdata)`.
 * Data is written little-endian in C order as `dtype` (default: float32 for Float32Array,
 * uint8 for Uint8Array, the typed array's own bytes on little-endian hosts).
 */
export function writeNdarray(w: PickleWriter, data: Float32Array | Uint8Array, shape: readonly number[], dtype = defaultDtype(data)): void {
  if (!LITTLE_ENDIAN_HOST) throw new Error('writing numpy pickles needs a little-endian host');
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) {
    throw new Error(`ndarray of shape (${shape.join(', ')}${shape.length === 1 ? ',' : ''}) needs ${size} elements, got ${data.length}`);
  }
  const { code, byteOrder } = dtypeCode(dtype);
  w.global(MULTIARRAY, '_reconstruct');
  w.global('numpy', 'ndarray');
  if (!w.get('shape0')) {
    w.int(0);
    w.tuple(1);
    w.put('shape0');
  }
  if (!w.get('bytes:b')) {
    w.bytes(new Uint8Array([0x62]));
    w.put('bytes:b');
  }
  w.tuple(3);
  w.reduce();
  w.mark();
  w.int(1);
  if (shape.length > 3) w.mark();
  for (const dim of shape) w.int(dim);
  w.tuple(shape.length);
  writeDtype(w, code, byteOrder);
  w.bool(false);
  w.bytes(encodeElements(data, dtype));
  w.tuple(5);
  w.build();
}

/** Pushes a numpy scalar (`np.float32(0.5)`, `np.bool_(True)`) as numpy pickles one: `scalar(dtype, rawbytes)`. */
export function writeNumpyScalar(w: PickleWriter, value: number, dtype: string): void {
  const { code, byteOrder } = dtypeCode(dtype);
  w.global(MULTIARRAY, 'scalar');
  writeDtype(w, code, byteOrder);
  w.bytes(encodeElements(Float64Array.of(value), dtype));
  w.tuple(2);
  w.reduce();
}

function defaultDtype(data: Float32Array | Uint8Array): string {
  return data instanceof Uint8Array ? 'uint8' : 'float32';
}
