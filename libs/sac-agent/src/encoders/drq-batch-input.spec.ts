import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { Rng } from '../internal/rng.js';
import { drawShiftOffsets, shiftedPooledInput } from './drq-batch-input.js';
import { SHIFT_PAD, shiftCrop } from './shift-crop.js';
import { smallConvNetInput } from './small-conv-net.js';

const SPAN = 2 * SHIFT_PAD + 1;

describe('DrQ shifts per batch row (small encoder)', () => {
  it('draws offsets uniformly over [0, 8]² (each of the 81 shifts within 15% of uniform)', () => {
    const rows = 40_500;
    const [offsets] = drawShiftOffsets(new Rng(1), rows, 1, true);
    const counts = new Array<number>(SPAN * SPAN).fill(0);
    for (let r = 0; r < rows; r++) {
      const [dx, dy] = [offsets[2 * r], offsets[2 * r + 1]];
      expect(Number.isInteger(dx) && dx >= 0 && dx <= 2 * SHIFT_PAD && Number.isInteger(dy) && dy >= 0 && dy <= 2 * SHIFT_PAD).toBe(true);
      counts[dy * SPAN + dx] += 1;
    }
    const expected = rows / (SPAN * SPAN);
    for (const c of counts) expect(Math.abs(c - expected) / expected).toBeLessThan(0.15);
  });

  it('gives both cameras the same offsets per row by default (hil-serl), and varies them across rows', () => {
    const [front, wrist] = drawShiftOffsets(new Rng(2), 512, 2, true);
    expect(Array.from(wrist)).toEqual(Array.from(front));
    expect(new Set(Array.from(front)).size).toBe(SPAN);
  });

  it('draws each camera independently when configured so: agreement is at chance level (1/81 per row)', () => {
    const rows = 20_000;
    const [front, wrist] = drawShiftOffsets(new Rng(3), rows, 2, false);
    let same = 0;
    let sameDx = 0;
    for (let r = 0; r < rows; r++) {
      if (front[2 * r] === wrist[2 * r]) sameDx += 1;
      if (front[2 * r] === wrist[2 * r] && front[2 * r + 1] === wrist[2 * r + 1]) same += 1;
    }
    expect(Math.abs(sameDx / rows - 1 / SPAN)).toBeLessThan(0.02);
    expect(Math.abs(same / rows - 1 / (SPAN * SPAN))).toBeLessThan(0.005);
  });

  it('observation and next observation draws differ (separate calls continue the stream)', () => {
    const rng = new Rng(4);
    const [obs] = drawShiftOffsets(rng, 256, 1, true);
    const [next] = drawShiftOffsets(rng, 256, 1, true);
    expect(Array.from(obs)).not.toEqual(Array.from(next));
  });

  it('builds the net input of shifted frames: smallConvNetInput(shiftCrop(frame)) per row', async () => {
    await initBackend('cpu', () => {});
    const [count, size] = [3, 16];
    const frames = Uint8Array.from({ length: count * size * size * 3 }, (_, i) => (i * 37 + (i >> 5)) % 256);
    const offsets = Int32Array.from([0, 0, 8, 3, 4, 4]); // extremes, a mixed shift, and the identity
    const out = new Float32Array(count * (size / 2) * (size / 2) * 3);
    shiftedPooledInput(frames, count, size, size, offsets, out);
    const shifted = new Uint8Array(frames.length);
    for (let n = 0; n < count; n++)
      shiftCrop(frames.subarray(n * size * size * 3, (n + 1) * size * size * 3), size, size, offsets[2 * n], offsets[2 * n + 1], shifted, n * size * size * 3);
    const reference = tf.tidy(() => smallConvNetInput(shifted, count, size, size).dataSync());
    let worst = 0;
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - reference[i]));
    expect(worst).toBeLessThan(1e-6);
  });

  it('refuses offsets outside [0, 8] and frames of the wrong size', () => {
    const out = new Float32Array(4 * 4 * 3);
    expect(() => shiftedPooledInput(new Uint8Array(8 * 8 * 3), 1, 8, 8, Int32Array.from([9, 0]), out)).toThrow(/offsets/);
    expect(() => shiftedPooledInput(new Uint8Array(10), 1, 8, 8, Int32Array.from([0, 0]), out)).toThrow(/bytes/);
  });
});
