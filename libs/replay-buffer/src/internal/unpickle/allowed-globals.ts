import { NumpyArray } from '../numpy-array.js';
import { NumpyDtype } from '../numpy-dtype.js';
import { NumpyScalar } from '../numpy-element.js';
import { PyBytes, PyCallable } from './python-objects.js';

/** Stands in for `numpy.ndarray`, the subtype argument of `_reconstruct`; never called. */
const NDARRAY = new PyCallable('numpy.ndarray', () => {
  throw new Error('numpy.ndarray cannot be called directly in a data-only pickle');
});

function reconstruct([subtype]: readonly unknown[]): NumpyArray {
  if (subtype !== NDARRAY) throw new Error('numpy _reconstruct: only plain numpy.ndarray is supported (no subclasses)');
  return new NumpyArray();
}

function scalar([type, bytes]: readonly unknown[]): NumpyScalar {
  if (!(type instanceof NumpyDtype) || !(bytes instanceof PyBytes)) {
    throw new Error('numpy scalar: expected (numpy.dtype, bytes); object-dtype scalars are refused');
  }
  return new NumpyScalar(type, bytes.bytes);
}

function frombuffer([buffer, type, shape, order]: readonly unknown[]): NumpyArray {
  if (!(buffer instanceof PyBytes) || !(type instanceof NumpyDtype) || !Array.isArray(shape)) {
    throw new Error('numpy _frombuffer: expected (buffer, numpy.dtype, shape, order)');
  }
  if (order !== 'C' && order !== 'F') throw new Error(`numpy _frombuffer: unknown order ${JSON.stringify(order)}`);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`numpy _frombuffer: bad shape ${JSON.stringify(shape)}`);
  return NumpyArray.fromBuffer(buffer, type, shape as number[], order === 'F');
}

/** latin1 text to bytes: how protocol 2 pickles Python 3 bytes (`_codecs.encode(text, 'latin1')`). */
function latin1(text: unknown, what: string): PyBytes {
  if (typeof text !== 'string') throw new Error(`${what}: expected a str`);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 255) throw new Error(`${what}: character outside latin1`);
    out[i] = code;
  }
  return new PyBytes(out);
}

function codecsEncode([text, encoding]: readonly unknown[]): PyBytes {
  if (encoding !== 'latin1' && encoding !== 'latin-1') {
    throw new Error(`_codecs.encode: only (str, 'latin1') is supported, got encoding ${JSON.stringify(encoding)}`);
  }
  return latin1(text, '_codecs.encode');
}

function byteArray(args: readonly unknown[]): PyBytes {
  if (args.length === 0) return new PyBytes(new Uint8Array(0));
  if (args[0] instanceof PyBytes) return new PyBytes(args[0].bytes.slice());
  return latin1(args[0], 'bytearray');
}

function iterableItems(args: readonly unknown[], what: string): unknown[] {
  if (args.length === 0) return [];
  if (Array.isArray(args[0])) return [...(args[0] as unknown[])];
  throw new Error(`${what}: expected a list argument`);
}

const BUILTINS: Record<string, (args: readonly unknown[]) => unknown> = {
  bytes: (args) => (args.length === 0 ? new PyBytes(new Uint8Array(0)) : byteArray(args)),
  bytearray: byteArray,
  set: (args) => new Set(iterableItems(args, 'set')),
  frozenset: (args) => new Set(iterableItems(args, 'frozenset')),
};

/** module.name -> implementation; everything else is refused. */
const ALLOWED = new Map<string, PyCallable>();
function allow(module: string, name: string, call: (args: readonly unknown[]) => unknown): void {
  ALLOWED.set(`${module}.${name}`, new PyCallable(`${module}.${name}`, call));
}
for (const core of ['numpy.core', 'numpy._core']) {
  allow(`${core}.multiarray`, '_reconstruct', reconstruct);
  allow(`${core}.multiarray`, 'scalar', scalar);
  allow(`${core}.numeric`, '_frombuffer', frombuffer);
}
ALLOWED.set('numpy.ndarray', NDARRAY);
allow('numpy', 'dtype', ([code]) => new NumpyDtype(code));
allow('_codecs', 'encode', codecsEncode);
allow('collections', 'OrderedDict', () => new Map());
for (const module of ['builtins', '__builtin__']) {
  for (const [name, call] of Object.entries(BUILTINS)) allow(module, name, call);
}

/** The allow-listed names, for error messages and docs. */
export const ALLOWED_GLOBALS: readonly string[] = [...ALLOWED.keys()];

/** Resolves `module.name` or throws naming it: only numpy reconstructors and a few builtins are allowed. */
export function resolveGlobal(module: string, name: string): PyCallable {
  const found = ALLOWED.get(`${module}.${name}`);
  if (!found) {
    throw new Error(
      `refusing global '${module}.${name}': the reader is data-only and allows only numpy array/dtype/scalar reconstructors and builtins bytes, bytearray, set, frozenset, collections.OrderedDict`,
    );
  }
  return found;
}
