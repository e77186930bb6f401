import { NumpyDtype } from './numpy-dtype.js';
import { readElement } from './numpy-element.js';
import { PyBytes } from './unpickle/python-objects.js';

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** `(1, 19)`, `(6,)`, `()`: a shape as Python prints it. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/**
 * A numpy ndarray rebuilt from a pickle, referring to its raw bytes. Built either by
 * `_reconstruct(ndarray, (0,), b'b')` followed by BUILD with `(version, shape, dtype,
 * is_fortran, rawdata)` (protocols 2-4) or directly by `_frombuffer` (protocol 5).
 */
export class NumpyArray {
  dtype: NumpyDtype | null = null;
  shape: readonly number[] = [];
  fortranOrder = false;
  private data: PyBytes | null = null;

  static fromBuffer(data: PyBytes, dtype: NumpyDtype, shape: readonly number[], fortranOrder: boolean): NumpyArray {
    const a = new NumpyArray();
    a.assign(dtype, shape, fortranOrder, data);
    return a;
  }

  setState(state: unknown): void {
    if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4)) {
      throw new Error('numpy ndarray state: expected (version, shape, dtype, is_fortran, rawdata)');
    }
    const at = state.length - 4; // (version, shape, dtype, is_fortran, rawdata) or without the version
    const shape: unknown = state[at];
    const dtype: unknown = state[at + 1];
    const fortran: unknown = state[at + 2];
    const raw: unknown = state[at + 3];
    if (!(dtype instanceof NumpyDtype)) throw new Error('numpy ndarray state: the dtype is not a numpy.dtype');
    if (!(raw instanceof PyBytes)) throw new Error('numpy ndarray state: rawdata must be bytes (object-dtype arrays are refused)');
    this.assign(dtype, shapeOf(shape), fortran === true || fortran === 1, raw);
  }

  /** Number of elements (the product of the shape). */
  size = 1;

  /** numpy's dtype name, e.g. `float32`. */
  get dtypeName(): string {
    return this.dtype?.name ?? '(unbuilt)';
  }

  /** Short description for errors, e.g. `numpy float64 array of shape (1, 19)`. */
  describe(): string {
    return `numpy ${this.dtypeName} array of shape ${formatShape(this.shape)}`;
  }

  /** True when the raw bytes already are little-endian float32 in C order (no conversion needed). */
  get isFloat32(): boolean {
    return this.dtype?.kind === 'f' && this.dtype.itemSize === 4;
  }

  /** True for uint8 and bool arrays (stored as bytes). */
  get isByte(): boolean {
    return this.dtype !== null && this.dtype.itemSize === 1 && this.dtype.kind !== 'i';
  }

  /** Elements in C order as float32: a view of the raw bytes when they are float32 already. */
  toFloat32(): Float32Array {
    const { dtype, bytes } = this.built();
    let out: Float32Array;
    const native = dtype.littleEndian === LITTLE_ENDIAN_HOST || dtype.itemSize === 1;
    if (dtype.kind === 'f' && dtype.itemSize === 4 && native) {
      if (bytes.byteOffset % 4 === 0) out = new Float32Array(bytes.buffer, bytes.byteOffset, this.size);
      else {
        // Pickled payloads sit at any byte offset: unaligned float32 data is copied once, into the result.
        out = new Float32Array(this.size);
        new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(bytes);
      }
    } else if (dtype.kind === 'f' && dtype.itemSize === 8 && native) {
      // float64 actions and states (hil-serl's usual); unaligned data is copied to aligned memory first.
      const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
      out = new Float32Array(this.size);
      out.set(new Float64Array(aligned.buffer, aligned.byteOffset, this.size));
    } else if (dtype.itemSize === 1 && dtype.kind !== 'i') {
      out = Float32Array.from(dtype.kind === 'b' ? bytes.map((b) => (b === 0 ? 0 : 1)) : bytes);
    } else {
      out = new Float32Array(this.size);
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < out.length; i++) out[i] = readElement(view, i, dtype);
    }
    return this.toCOrder(out);
  }

  /** Elements in C order as uint8 (a view of the raw bytes); only for uint8 and bool arrays. */
  toUint8(): Uint8Array {
    const { dtype, bytes } = this.built();
    if (!this.isByte) throw new Error(`expected a uint8 array, got ${this.describe()}`);
    const out = dtype.kind === 'b' ? bytes.map((b) => (b === 0 ? 0 : 1)) : bytes;
    return this.toCOrder(out);
  }

  /**
   * Byte offset of the elements in the pickle's source when they are stored there as-is: a
   * uint8 array in C order read from a bytes payload. Null otherwise (bool, Fortran order,
   * bytes built from a str), where the elements must be converted.
   */
  get uint8SourceOffset(): number | null {
    if (this.dtype?.kind !== 'u' || this.dtype.itemSize !== 1) return null;
    if (this.fortranOrder && this.shape.filter((d) => d > 1).length >= 2) return null;
    return this.data?.sourceOffset ?? null;
  }

  /** The payload holding the raw bytes (null before BUILD). */
  get payload(): PyBytes | null {
    return this.data;
  }

  /** Lets go of the raw bytes (re-read from the file if this array is used again). */
  release(): void {
    this.data?.release();
  }

  private assign(dtype: NumpyDtype, shape: readonly number[], fortranOrder: boolean, data: PyBytes): void {
    const size = shape.reduce((a, b) => a * b, 1);
    const length = data.bytes.byteLength;
    if (length !== size * dtype.itemSize) {
      throw new Error(`numpy ${dtype.name} array of shape ${formatShape(shape)}: expected ${size * dtype.itemSize} bytes, got ${length}`);
    }
    this.dtype = dtype;
    this.shape = shape;
    this.size = size;
    this.fortranOrder = fortranOrder;
    this.data = data;
  }

  private built(): { dtype: NumpyDtype; bytes: Uint8Array } {
    if (!this.dtype || !this.data) throw new Error('numpy ndarray was reconstructed but never given its data (no BUILD)');
    return { dtype: this.dtype, bytes: this.data.bytes };
  }

  /** Reorders Fortran-ordered elements into C order (row-major). */
  private toCOrder<T extends Float32Array | Uint8Array>(values: T): T {
    if (!this.fortranOrder || this.shape.filter((d) => d > 1).length < 2) return values;
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
