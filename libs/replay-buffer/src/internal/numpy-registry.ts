import { NameRegistry } from 'pickleparser';
import { NumpyArray, numpyScalar } from './numpy-array.js';
import { NumpyDtype } from './numpy-dtype.js';

/** Marker standing in for `numpy.ndarray` (the subtype argument of `_reconstruct`). */
function ndarrayMarker(): never {
  throw new Error('numpy.ndarray cannot be called directly in a data-only pickle');
}

function reconstruct(subtype: unknown): NumpyArray {
  if (subtype !== ndarrayMarker) throw new Error('numpy _reconstruct: only plain numpy.ndarray is supported');
  return new NumpyArray();
}

function dtype(code: unknown): NumpyDtype {
  return new NumpyDtype(code);
}

function scalar(type: unknown, bytes: unknown): number | boolean {
  if (!(type instanceof NumpyDtype) || !(bytes instanceof Uint8Array)) {
    throw new Error('numpy scalar: expected (numpy.dtype, bytes)');
  }
  return numpyScalar(type, bytes);
}

function frombuffer(buffer: unknown, type: unknown, shape: unknown, order: unknown): NumpyArray {
  if (!(buffer instanceof Uint8Array) || !(type instanceof NumpyDtype) || !Array.isArray(shape)) {
    throw new Error('numpy _frombuffer: expected (buffer, numpy.dtype, shape, order)');
  }
  if (order !== 'C' && order !== 'F') throw new Error(`numpy _frombuffer: unknown order ${JSON.stringify(order)}`);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error('numpy _frombuffer: bad shape');
  return NumpyArray.fromBuffer(buffer, type, shape as number[], order === 'F');
}

/** `_codecs.encode(text, 'latin1')`: how protocol 2 pickles Python 3 bytes (numpy raw data). */
function codecsEncode(text: unknown, encoding: unknown): Uint8Array {
  if (typeof text !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) {
    throw new Error(`_codecs.encode: only (str, 'latin1') is supported, got encoding ${JSON.stringify(encoding)}`);
  }
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 255) throw new Error('_codecs.encode: character outside latin1');
    out[i] = code;
  }
  return out;
}

/** Resolves only numpy's array/dtype/scalar reconstructors; any other global is refused. */
class DataOnlyRegistry extends NameRegistry {
  override onMissingName(module: string, name: string): never {
    throw new Error(
      `refusing to load global '${module}.${name}': the reader is data-only and accepts numpy arrays, dtypes and scalars`,
    );
  }
}

/** The names a hil-serl transitions pickle may reference (numpy 1.x and 2.x spellings). */
export function createNumpyRegistry(): NameRegistry {
  const registry = new DataOnlyRegistry();
  for (const core of ['numpy.core', 'numpy._core']) {
    registry.register(`${core}.multiarray`, '_reconstruct', reconstruct);
    registry.register(`${core}.multiarray`, 'scalar', scalar);
    registry.register(`${core}.numeric`, '_frombuffer', frombuffer);
  }
  registry.register('numpy', 'ndarray', ndarrayMarker);
  registry.register('numpy', 'dtype', dtype);
  registry.register('_codecs', 'encode', codecsEncode);
  return registry;
}
