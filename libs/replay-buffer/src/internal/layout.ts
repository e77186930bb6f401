import { boxSize, type ObservationSpace, type SpaceDtype } from '@rlpd/spaces';

/** Typed arrays a column may be. */
export type Column = Float32Array | Uint8Array;

/** One observation key's column: its flattened row size and element type. */
export interface ColumnSpec {
  readonly key: string;
  readonly shape: readonly number[];
  readonly size: number;
  readonly dtype: SpaceDtype;
}

/** The row layout of a buffer or batch. */
export interface Layout {
  readonly observations: readonly ColumnSpec[];
  readonly actionDim: number;
}

export function layoutOf(observationSpace: ObservationSpace, actionDim: number): Layout {
  if (!Number.isInteger(actionDim) || actionDim < 1) {
    throw new Error(`actionDim must be a positive integer, got ${actionDim}`);
  }
  const keys = Object.keys(observationSpace);
  if (keys.length === 0) throw new Error('observationSpace must have at least one key');
  return {
    actionDim,
    observations: keys.map((key) => {
      const space = observationSpace[key];
      return { key, shape: [...space.shape], size: boxSize(space), dtype: space.dtype };
    }),
  };
}

export function allocColumn(dtype: SpaceDtype, length: number): Column {
  return dtype === 'uint8' ? new Uint8Array(length) : new Float32Array(length);
}

export function dtypeOfColumn(column: Column): SpaceDtype {
  return column instanceof Uint8Array ? 'uint8' : 'float32';
}

/** True when `column` is the typed-array kind that `dtype` stores. */
export function columnMatches(column: unknown, dtype: SpaceDtype): column is Column {
  return dtype === 'uint8' ? column instanceof Uint8Array : column instanceof Float32Array;
}

/** Rows up to this size are copied element by element (no subarray view is created). */
const LOOP_COPY_MAX = 64;

/** Copies `n` elements between typed arrays of the same kind without allocating for small rows. */
export function copyRow(src: Column, srcOffset: number, dst: Column, dstOffset: number, n: number): void {
  if (n <= LOOP_COPY_MAX) {
    for (let j = 0; j < n; j++) dst[dstOffset + j] = src[srcOffset + j];
  } else {
    dst.set(src.subarray(srcOffset, srcOffset + n), dstOffset);
  }
}
