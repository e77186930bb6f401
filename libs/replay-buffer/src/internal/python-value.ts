import { formatShape, NumpyArray } from './numpy-array.js';
import { NumpyScalar } from './numpy-element.js';
import { PyBytes, PyCallable, PyFloat } from './unpickle/python-objects.js';

/** Shape and dtype of one field as stored in a pickle: numpy names for arrays and numpy scalars, Python type names otherwise. */
export interface StoredField {
  /** Array shape; `[]` for scalars and non-array values. */
  readonly shape: readonly number[];
  /** `float32`, `uint8`, `float64`, ... for numpy values; `int`, `float`, `bool`, `str`, `None`, `list`, `dict`, `bytes` otherwise. */
  readonly dtype: string;
}

const SCALAR_SHAPE: readonly number[] = Object.freeze([]);

/** How `value` is stored: numpy arrays give shape and dtype, everything else shape `[]` and a Python type name. */
export function storedField(value: unknown): StoredField {
  if (value instanceof NumpyArray) return { shape: value.shape, dtype: value.dtypeName };
  if (value instanceof NumpyScalar) return { shape: SCALAR_SHAPE, dtype: value.dtype.name };
  if (Array.isArray(value)) return { shape: [value.length], dtype: Object.isFrozen(value) ? 'tuple' : 'list' };
  return { shape: SCALAR_SHAPE, dtype: describePython(value) };
}

/** A short name for a value parsed from a pickle, for error messages (`numpy float64 array of shape (1, 19)`, `dict`, `int`). */
export function describePython(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof NumpyArray) return value.describe();
  if (value instanceof NumpyScalar) return `numpy ${value.dtype.name} scalar`;
  if (value instanceof Map) return 'dict';
  if (value instanceof Set) return 'set';
  if (value instanceof PyBytes) return 'bytes';
  if (value instanceof PyCallable) return value.qualifiedName;
  if (Array.isArray(value)) return Object.isFrozen(value) ? 'tuple' : 'list';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof PyFloat) return 'float';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  return typeof value;
}

/** A Python number or bool, numpy scalar or single-element numpy array as a JS number, else null. */
export function pythonNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof NumpyScalar) return typeof value.value === 'boolean' ? (value.value ? 1 : 0) : value.value;
  if (value instanceof NumpyArray && value.size === 1) return value.toFloat32()[0];
  return null;
}

/** Releases the raw bytes of every numpy array inside `value` (dicts, lists, tuples), once converted. */
export function releaseArrays(value: unknown, depth = 0): void {
  if (depth > 8) return;
  if (value instanceof NumpyArray) value.release();
  else if (value instanceof Map) for (const v of value.values()) releaseArrays(v, depth + 1);
  else if (Array.isArray(value)) for (const v of value) releaseArrays(v, depth + 1);
}

export { formatShape };
