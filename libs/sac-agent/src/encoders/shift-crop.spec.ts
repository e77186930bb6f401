import { describe, expect, it } from 'vitest';
import { shiftCrop } from './shift-crop.js';

describe('shiftCrop', () => {
  const h = 5;
  const w = 6;
  const frame = Uint8Array.from({ length: h * w * 3 }, (_, i) => i % 251);
  const pixel = (y: number, x: number) => Array.from(frame.subarray((y * w + x) * 3, (y * w + x) * 3 + 3));
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));

  it('is the identity at (pad, pad)', () => {
    const out = new Uint8Array(frame.length);
    shiftCrop(frame, h, w, 2, 2, out, 0, 2);
    expect(out).toEqual(frame);
  });

  it('matches the edge-padded crop at every offset', () => {
    for (let dy = 0; dy <= 4; dy++) {
      for (let dx = 0; dx <= 4; dx++) {
        const out = new Uint8Array(frame.length + 3);
        shiftCrop(frame, h, w, dx, dy, out, 3, 2);
        for (let y = 0; y < h; y++) {
          for (let x = 0; x < w; x++) {
            const o = 3 + (y * w + x) * 3;
            expect(Array.from(out.subarray(o, o + 3))).toEqual(pixel(clamp(y + dy - 2, h), clamp(x + dx - 2, w)));
          }
        }
      }
    }
  });

  it('refuses offsets outside [0, 2·pad]', () => {
    expect(() => shiftCrop(frame, h, w, 9, 0, new Uint8Array(frame.length))).toThrow(/\[0, 8\]/);
  });
});
