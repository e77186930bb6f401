import type { NamedTensor } from '../named-tensors.js';

/**
 * Integers (RNG words, step counters) stored exactly in float32 tensors: each uint32 becomes
 * two 16-bit halves [hi, lo], both exactly representable.
 */
export function encodeUint32s(values: ArrayLike<number>): NamedTensor {
  const data = new Float32Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) {
      throw new Error(`encodeUint32s: ${v} is not a uint32`);
    }
    data[2 * i] = Math.floor(v / 65536);
    data[2 * i + 1] = v % 65536;
  }
  return { shape: [values.length, 2], data };
}

export function decodeUint32s(name: string, tensor: NamedTensor | undefined, count: number): Uint32Array {
  if (tensor === undefined) throw new Error(`missing tensor '${name}'`);
  if (tensor.data.length !== count * 2) {
    throw new Error(`tensor '${name}': expected ${count} uint32 as [${count},2], got shape [${tensor.shape}]`);
  }
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const hi = tensor.data[2 * i];
    const lo = tensor.data[2 * i + 1];
    if (!Number.isInteger(hi) || !Number.isInteger(lo) || hi < 0 || lo < 0 || hi > 65535 || lo > 65535) {
      throw new Error(`tensor '${name}': entry ${i} is not a pair of 16-bit halves`);
    }
    out[i] = hi * 65536 + lo;
  }
  return out;
}
