import { NumpyArray } from './numpy-array.js';

/** A short name for a value parsed from a pickle, for error messages. */
export function describePython(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value instanceof NumpyArray) return value.describe();
  if (value instanceof Map) return 'dict';
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'list/tuple';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'string') return 'str';
  return typeof value;
}

/** A Python number, bool, numpy scalar or single-element numpy array as a JS number, else null. */
export function pythonNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof NumpyArray && value.size === 1) return value.toFloat32()[0];
  return null;
}
