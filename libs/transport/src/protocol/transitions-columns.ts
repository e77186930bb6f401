import { align4, TRANSITIONS_HEADER_BYTES, type TransitionsLayout } from './transitions-layout.js';

/** Typed-array views over the columns of an encoded batch of `count` transitions. */
export interface TransitionsColumns {
  readonly observations: Readonly<Record<string, Float32Array | Uint8Array>>;
  readonly nextObservations: Readonly<Record<string, Float32Array | Uint8Array>>;
  readonly actions: Float32Array;
  readonly rewards: Float32Array;
  readonly masks: Float32Array;
  readonly dones: Uint8Array;
  readonly intervened: Uint8Array;
  /** 0 = false, 1 = true, 2 = not reported (`success` undefined). */
  readonly success: Uint8Array;
}

/** Total encoded size of `count` transitions: header, then each column padded to 4 bytes. */
export function encodedTransitionsSize(layout: TransitionsLayout, count: number): number {
  let size = TRANSITIONS_HEADER_BYTES;
  for (const c of layout.observations) size += 2 * align4(count * c.size * (c.dtype === 'float32' ? 4 : 1));
  size += 4 * count * layout.actionSize + 4 * count + 4 * count + 3 * align4(count);
  return size;
}

/**
 * Views over the columns of `buffer` (which must hold `encodedTransitionsSize` bytes from
 * offset 0): every observation key's obs, then every key's next obs, then actions, rewards,
 * masks, dones, intervened, success. Each column starts on a 4-byte boundary.
 */
export function transitionsColumns(buffer: ArrayBuffer, layout: TransitionsLayout, count: number): TransitionsColumns {
  let offset = TRANSITIONS_HEADER_BYTES;
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
