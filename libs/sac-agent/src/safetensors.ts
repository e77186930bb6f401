import { z } from 'zod';
import type { NamedTensors } from './named-tensors.js';

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length
 * N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
 * {string: string}}` (space-padded to a multiple of 8), then the raw little-endian data,
 * tensors back to back. Only F32 is written or read.
 */

const METADATA_KEY = '__metadata__';
const HEADER_ALIGN = 8;
/** Refuse absurd headers before allocating (the reference implementation caps at 100 MB). */
const MAX_HEADER_BYTES = 100_000_000;

const IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function assertLittleEndian(): void {
  if (!IS_LITTLE_ENDIAN) throw new Error('safetensors: big-endian hosts are not supported');
}

const entrySchema = z
  .object({
    dtype: z.string(),
    shape: z.array(z.number().int().nonnegative()),
    data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  })
  .strict();
const metadataSchema = z.record(z.string());

export function encodeSafetensors(tensors: NamedTensors, metadata: Record<string, string> = {}): Uint8Array {
  assertLittleEndian();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header[METADATA_KEY] = metadata;
  let offset = 0;
  const names = Object.keys(tensors).sort();
  for (const name of names) {
    if (name === METADATA_KEY) throw new Error(`safetensors: '${METADATA_KEY}' is reserved, not a tensor name`);
    const { shape, data } = tensors[name];
    const count = shape.reduce((a, b) => a * b, 1);
    if (count !== data.length) {
      throw new Error(`safetensors: tensor '${name}' has shape [${shape}] (${count} values) but ${data.length} values`);
    }
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  const jsonBytes = new TextEncoder().encode(json);
  const padding = (HEADER_ALIGN - (jsonBytes.length % HEADER_ALIGN)) % HEADER_ALIGN;
  json += ' '.repeat(padding);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const { data } = tensors[name];
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return out;
}

export function decodeSafetensors(bytes: Uint8Array): { tensors: NamedTensors; metadata: Record<string, string> } {
  assertLittleEndian();
  if (bytes.length < 8) throw new Error(`safetensors: ${bytes.length} bytes, too short for the 8-byte header length`);
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES || 8 + headerLength > bytes.length) {
    throw new Error(`safetensors: header length ${headerLength} does not fit in ${bytes.length} bytes`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (error) {
    throw new Error(`safetensors: header is not valid UTF-8 JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error('safetensors: header must be a JSON object');
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const tensors: NamedTensors = {};
  let metadata: Record<string, string> = {};
  const ranges: Array<[number, number, string]> = [];
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      const parsed = metadataSchema.safeParse(value);
      if (!parsed.success) throw new Error(`safetensors: '${METADATA_KEY}' must map strings to strings`);
      metadata = parsed.data;
      continue;
    }
    const parsed = entrySchema.safeParse(value);
    if (!parsed.success) throw new Error(`safetensors: tensor '${name}': bad header entry (${parsed.error.issues[0]?.message})`);
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = parsed.data;
    if (dtype !== 'F32') throw new Error(`safetensors: tensor '${name}' has dtype ${dtype}; only F32 is supported`);
    const count = shape.reduce((a, b) => a * b, 1);
    if (end < begin || end > dataLength || end - begin !== count * 4) {
      throw new Error(`safetensors: tensor '${name}' [${shape}] has data_offsets [${begin}, ${end}], expected ${count * 4} bytes within ${dataLength}`);
    }
    // Copy into a fresh buffer: the source offset need not be 4-byte aligned, and `bytes` may be
    // a Node Buffer, whose slice() is a view into a shared pool, not a copy.
    const data = new Float32Array(count);
    new Uint8Array(data.buffer).set(bytes.subarray(dataStart + begin, dataStart + end));
    tensors[name] = { shape, data };
    ranges.push([begin, end, name]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let expected = 0;
  for (const [begin, end, name] of ranges) {
    if (begin !== expected) throw new Error(`safetensors: tensor '${name}' starts at ${begin}, expected ${expected} (gap or overlap)`);
    expected = end;
  }
  if (expected !== dataLength) throw new Error(`safetensors: tensors cover ${expected} of ${dataLength} data bytes`);
  return { tensors, metadata };
}
