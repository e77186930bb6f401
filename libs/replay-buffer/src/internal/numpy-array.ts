import { NumpyDtype } from './numpy-dtype.js';

/**
 * A numpy ndarray rebuilt from a pickle, holding a copy of its raw bytes. Built either by
 * `_reconstruct(ndarray, (0,), b'b')` followed by BUILD with `(version, shape, dtype,
 * is_fortran, rawdata)` (protocols 2-4) or directly by `_frombuffer` (protocol 5).
 */
export class NumpyArray {
  dtype: NumpyDtype | null = null;
  shape: readonly number[] = [];
  fortranOrder = false;
  private bytes: Uint8Array | null = null;

  static fromBuffer(bytes: Uint8Array, dtype: NumpyDtype, shape: readonly number[], fortranOrder: boolean): NumpyArray {
    const a = new NumpyArray();
    a.assign(dtype, shape, fortranOrder, bytes);
    return a;
  }

  __setstate__(state: unknown): void {
    if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4)) {
      throw new Error('numpy ndarray state: expected (version, shape, dtype, is_fortran, rawdata)');
    }
    const [shape, dtype, fortran, raw] = (state.length === 5 ? state.slice(1) : state) as unknown[];
    if (!(dtype instanceof NumpyDtype)) throw new Error('numpy ndarray state: the dtype is not a numpy.dtype');
    if (!(raw instanceof Uint8Array)) {
      throw new Error('numpy ndarray state: rawdata must be bytes (object arrays are not supported)');
    }
    this.assign(dtype, shapeOf(shape), fortran === true || fortran === 1, raw);
  }

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  /** Short description for errors, e.g. `numpy float64 array of shape (1, 19)`. */
  describe(): string {
    const shape = this.shape.length === 1 ? `(${this.shape[0]},)` : `(${this.shape.join(', ')})`;
    return `numpy ${this.dtype?.name ?? '(unbuilt)'} array of shape ${shape}`;
  }

  /** Elements in C order as float32 (float64 and integers are converted). */
  toFloat32(): Float32Array {
    const { dtype, bytes } = this.built();
    let out: Float32Array;
    if (dtype.kind === 'f' && dtype.itemSize === 4 && dtype.littleEndian) {
      out = new Float32Array(bytes.slice().buffer);
    } else if (dtype.kind === 'f' && dtype.itemSize === 8 && dtype.littleEndian) {
      out = Float32Array.from(new Float64Array(bytes.slice().buffer));
    } else if (dtype.itemSize === 1 && dtype.kind !== 'i') {
      out = Float32Array.from(bytes);
    } else {
      out = new Float32Array(this.size);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < out.length; i++) out[i] = readElement(view, i * dtype.itemSize, dtype);
    }
    return this.toCOrder(out);
  }

  /** Elements in C order as uint8; only for uint8 and bool arrays. */
  toUint8(): Uint8Array {
    const { dtype, bytes } = this.built();
    if (dtype.itemSize !== 1 || dtype.kind === 'i') throw new Error(`expected a uint8 array, got ${this.describe()}`);
    return this.toCOrder(bytes.slice());
  }

  private assign(dtype: NumpyDtype, shape: readonly number[], fortranOrder: boolean, bytes: Uint8Array): void {
    const size = shape.reduce((a, b) => a * b, 1);
    if (bytes.byteLength !== size * dtype.itemSize) {
      throw new Error(
        `numpy ${dtype.name} array of shape (${shape.join(', ')}): expected ${size * dtype.itemSize} bytes, got ${bytes.byteLength}`,
      );
    }
    this.dtype = dtype;
    this.shape = shape;
    this.fortranOrder = fortranOrder;
    this.bytes = bytes;
  }

  private built(): { dtype: NumpyDtype; bytes: Uint8Array } {
    if (!this.dtype || !this.bytes) throw new Error('numpy ndarray was reconstructed but never given its data (no BUILD)');
    return { dtype: this.dtype, bytes: this.bytes };
  }

  /** Reorders Fortran-ordered elements into C order (row-major). */
  private toCOrder<T extends Float32Array | Uint8Array>(values: T): T {
    if (!this.fortranOrder || this.shape.length < 2) return values;
    const out = values.slice() as T;
    const shape = this.shape;
    const index = new Array<number>(shape.length).fill(0);
    for (let c = 0; c < values.length; c++) {
      let f = 0;
      let stride = 1;
      for (let k = 0; k < shape.length; k++) {
        f += index[k] * stride;
        stride *= shape[k];
      }
      out[c] = values[f];
      for (let k = shape.length - 1; k >= 0; k--) {
        if (++index[k] < shape[k]) break;
        index[k] = 0;
      }
    }
    return out;
  }
}

function shapeOf(value: unknown): number[] {
  const dims: unknown[] = Array.isArray(value) ? value : [value];
  if (!dims.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    throw new Error(`numpy ndarray: expected a shape tuple of non-negative integers, got ${JSON.stringify(value)}`);
  }
  return dims as number[];
}

function readElement(view: DataView, offset: number, dtype: NumpyDtype): number {
  const le = dtype.littleEndian;
  switch (`${dtype.kind}${dtype.itemSize}`) {
    case 'f4': return view.getFloat32(offset, le);
    case 'f8': return view.getFloat64(offset, le);
    case 'u2': return view.getUint16(offset, le);
    case 'u4': return view.getUint32(offset, le);
    case 'u8': return Number(view.getBigUint64(offset, le));
    case 'i1': return view.getInt8(offset);
    case 'i2': return view.getInt16(offset, le);
    case 'i4': return view.getInt32(offset, le);
    case 'i8': return Number(view.getBigInt64(offset, le));
    default: return view.getUint8(offset);
  }
}

/** Converts raw bytes of one numpy scalar (`numpy.core.multiarray.scalar(dtype, bytes)`). */
export function numpyScalar(dtype: NumpyDtype, bytes: Uint8Array): number | boolean {
  if (bytes.byteLength !== dtype.itemSize) {
    throw new Error(`numpy ${dtype.name} scalar: expected ${dtype.itemSize} bytes, got ${bytes.byteLength}`);
  }
  const value = readElement(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, dtype);
  return dtype.kind === 'b' ? value !== 0 : value;
}
