import type { TransitionColumns } from '@rlpd/spaces';
import { align4, type TransitionsLayout } from './transitions-layout.js';

/** Total encoded size of `count` transitions: header and key table, then each column padded to 4 bytes. */
export function encodedTransitionsSize(layout: TransitionsLayout, count: number): number {
  let size = layout.headerBytes;
  for (const c of layout.observations) size += 2 * align4(count * c.size * (c.dtype === 'float32' ? 4 : 1));
  size += 4 * count * layout.actionSize + 4 * count + 4 * count + 3 * align4(count);
  return size;
}

/**
 * Views over the columns of `buffer` (which must hold `encodedTransitionsSize` bytes from
 * offset 0): every observation key's obs, then every key's next obs, then actions, rewards,
 * masks, dones, intervened, success. Each column starts on a 4-byte boundary.
 */
export function transitionsColumns(buffer: ArrayBuffer, layout: TransitionsLayout, count: number): TransitionColumns {
  let offset = layout.headerBytes;
  const f32 = (length: number): Float32Array => {
    const view = new Float32Array(buffer, offset, length);
    offset += 4 * length;
    return view;
  };
  const u8 = (length: number): Uint8Array => {
    const view = new Uint8Array(buffer, offset, length);
    offset += align4(length);
    return view;
  };
  const obsColumns = (): Record<string, Float32Array | Uint8Array> => {
    const out: Record<string, Float32Array | Uint8Array> = {};
    for (const c of layout.observations) out[c.key] = c.dtype === 'float32' ? f32(count * c.size) : u8(count * c.size);
    return out;
  };
  const observations = obsColumns();
  const nextObservations = obsColumns();
  const actions = f32(count * layout.actionSize);
  const rewards = f32(count);
  const masks = f32(count);
  return { observations, nextObservations, actions, rewards, masks, dones: u8(count), intervened: u8(count), success: u8(count) };
}
