import type { PickleWriter } from './pickle-writer.js';

/** numpy 1.x module path; numpy 2 keeps `numpy.core.multiarray` importable for pickles. */
const MULTIARRAY = 'numpy.core.multiarray';

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function dtypeCode(data: Float32Array | Uint8Array): { code: string; byteOrder: string } {
  return data instanceof Uint8Array ? { code: 'u1', byteOrder: '|' } : { code: 'f4', byteOrder: '<' };
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
 * Data is written little-endian in C order (the typed array's own bytes on little-endian hosts).
 */
export function writeNdarray(w: PickleWriter, data: Float32Array | Uint8Array, shape: readonly number[]): void {
  if (!LITTLE_ENDIAN_HOST) throw new Error('writing numpy pickles needs a little-endian host');
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) {
    throw new Error(`ndarray of shape (${shape.join(', ')}${shape.length === 1 ? ',' : ''}) needs ${size} elements, got ${data.length}`);
  }
  const { code, byteOrder } = dtypeCode(data);
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
  w.bytes(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  w.tuple(5);
  w.build();
}
