import { boxSize, type EnvSpec, type SpaceDtype } from '@rlpd/spaces';
import { encodeKeyTable } from './key-table.js';

/** One observation key of the binary layout: its shape, elements per row and element type. */
export interface ObservationColumn {
  readonly key: string;
  readonly shape: readonly number[];
  readonly size: number;
  readonly dtype: SpaceDtype;
}

/** The binary layout of a transitions batch, derived from an env spec. */
export interface TransitionsLayout {
  /** Observation keys in sorted order (the order of the columns on the wire). */
  readonly observations: readonly ObservationColumn[];
  readonly actionSize: number;
  /** FNV-1a hash of the layout, written in the header so a different spec is caught early. */
  readonly hash: number;
  /** The key table written after the fixed header (name, dtype, shape per key), padded to 4 bytes. */
  readonly keyTable: Uint8Array;
  /** Fixed header plus key table: where the first column starts. */
  readonly headerBytes: number;
  /** Bytes of one row summed over all columns, padding excluded. */
  readonly rowBytes: number;
}

/** 'RLTB' read as a little-endian u32. */
export const TRANSITIONS_MAGIC = 0x42544c52;
/** magic u32, codec version u16, key count u16, layout hash u32, count u32. */
export const TRANSITIONS_HEADER_BYTES = 16;
/** 2: a key table (name, dtype, shape of every observation key) follows the fixed header. */
export const TRANSITIONS_CODEC_VERSION = 2;

/** Derives the column layout of `spec`; keys are sorted so both ends agree on the order. */
export function transitionsLayout(spec: EnvSpec): TransitionsLayout {
  const observations = Object.keys(spec.observationSpace)
    .sort()
    .map((key): ObservationColumn => {
      const space = spec.observationSpace[key];
      return { key, shape: [...space.shape], size: boxSize(space), dtype: space.dtype };
    });
  const actionSize = boxSize(spec.actionSpace);
  const description = [...observations.map((c) => `${c.key}:${c.dtype}:${c.shape.join('x')}`), `action:${actionSize}`].join('|');
  const obsBytes = observations.reduce((sum, c) => sum + c.size * bytesPerElement(c.dtype), 0);
  // obs + next obs, actions, then rewards and masks (float32) and dones/intervened/success (uint8).
  const rowBytes = 2 * obsBytes + 4 * actionSize + 4 + 4 + 3;
  const keyTable = encodeKeyTable(observations);
  return { observations, actionSize, hash: fnv1a(description), keyTable, headerBytes: TRANSITIONS_HEADER_BYTES + keyTable.byteLength, rowBytes };
}

export function bytesPerElement(dtype: SpaceDtype): number {
  return dtype === 'float32' ? 4 : 1;
}

/** Rounds up to a multiple of 4 so every float32 column starts aligned. */
export function align4(n: number): number {
  return (n + 3) & ~3;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
