import { formatBoxType, type SpaceDtype } from '@rlpd/spaces';

/** What the key table says of one observation key. */
interface KeyEntry {
  readonly key: string;
  readonly shape: readonly number[];
  readonly dtype: SpaceDtype;
}

const DTYPE_CODES: readonly SpaceDtype[] = ['float32', 'uint8'];
/** Bounds that keep a hostile table from making the decoder loop or allocate much. */
const MAX_KEYS = 64;
const MAX_NAME_BYTES = 255;
const MAX_RANK = 8;

/**
 * The key table of the binary transitions layout: per observation key (in column order)
 * `u8 nameBytes | name (utf-8) | u8 dtype (0 float32, 1 uint8) | u8 rank | u32 dims[rank]`,
 * the whole padded with zeros to a multiple of 4 bytes. It lets the decoder name the key, the
 * shape found and the shape expected when a payload was encoded for another layout.
 */
export function encodeKeyTable(entries: readonly KeyEntry[]): Uint8Array {
  if (entries.length > MAX_KEYS) throw new Error(`transitions layout: ${entries.length} observation keys, at most ${MAX_KEYS}`);
  const utf8 = new TextEncoder();
  const names = entries.map((e) => utf8.encode(e.key));
  let size = 0;
  entries.forEach((e, i) => {
    if (names[i].byteLength > MAX_NAME_BYTES) throw new Error(`transitions layout: observation key '${e.key}' is longer than ${MAX_NAME_BYTES} bytes`);
    if (e.shape.length > MAX_RANK) throw new Error(`transitions layout: observation '${e.key}' has rank ${e.shape.length}, at most ${MAX_RANK}`);
    size += 1 + names[i].byteLength + 2 + 4 * e.shape.length;
  });
  const table = new Uint8Array((size + 3) & ~3);
  const view = new DataView(table.buffer);
  let offset = 0;
  entries.forEach((e, i) => {
    table[offset++] = names[i].byteLength;
    table.set(names[i], offset);
    offset += names[i].byteLength;
    table[offset++] = DTYPE_CODES.indexOf(e.dtype);
    table[offset++] = e.shape.length;
    for (const d of e.shape) {
      view.setUint32(offset, d, true);
      offset += 4;
    }
  });
  return table;
}

/**
 * Reads `keyCount` entries of a key table starting at `offset` of `bytes` and compares them with
 * `expected`. Returns the sentence naming the first difference (a missing or unexpected key, or
 * a key whose dtype or shape differs: found and expected), or null when the table matches
 * `expected` exactly.
 */
export function describeKeyTableMismatch(bytes: Uint8Array, offset: number, keyCount: number, expected: readonly KeyEntry[]): string | null {
  if (keyCount > MAX_KEYS) return `the payload lists ${keyCount} observation keys, at most ${MAX_KEYS} are allowed`;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: KeyEntry[] = [];
  const truncated = 'the payload ends inside its key table';
  for (let i = 0; i < keyCount; i++) {
    if (offset + 1 > bytes.byteLength) return truncated;
    const nameBytes = bytes[offset++];
    if (offset + nameBytes + 2 > bytes.byteLength) return truncated;
    const key = new TextDecoder().decode(bytes.subarray(offset, offset + nameBytes));
    offset += nameBytes;
    const dtype = DTYPE_CODES[bytes[offset++]] as SpaceDtype | undefined;
    const rank = bytes[offset++];
    if (dtype === undefined) return `observation '${key}' has an unknown dtype code in the key table`;
    if (rank > MAX_RANK) return `observation '${key}' has rank ${rank} in the key table, at most ${MAX_RANK}`;
    if (offset + 4 * rank > bytes.byteLength) return truncated;
    const shape: number[] = [];
    for (let d = 0; d < rank; d++, offset += 4) shape.push(view.getUint32(offset, true));
    found.push({ key, shape, dtype });
  }
  const byKey = new Map(found.map((e) => [e.key, e]));
  for (const e of expected) {
    const f = byKey.get(e.key);
    if (f === undefined)
      return `observation '${e.key}' (${formatBoxType(e.dtype, e.shape)}) is missing; the payload has [${found.map((x) => x.key).join(', ')}]`;
    if (f.dtype !== e.dtype || f.shape.join(',') !== e.shape.join(',')) {
      return `observation '${e.key}' is ${formatBoxType(f.dtype, f.shape)}, expected ${formatBoxType(e.dtype, e.shape)}`;
    }
  }
  const known = new Set(expected.map((e) => e.key));
  const extra = found.filter((f) => !known.has(f.key));
  if (extra.length > 0)
    return `unexpected observation key(s) ${extra.map((f) => `'${f.key}' (${formatBoxType(f.dtype, f.shape)})`).join(', ')}; the env spec has [${[...known].join(', ')}]`;
  if (found.map((f) => f.key).join('\0') !== expected.map((e) => e.key).join('\0')) return 'the key table lists the observation keys out of order';
  return null;
}
