import { box } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { checkObservation, describeObservationMismatch } from './index.js';

const space = { state: box([7], -2, 2), front: box([4, 6, 3], 0, 255, 'uint8') };
const good = { state: new Float32Array(7), front: new Uint8Array(72) };

describe('checkObservation', () => {
  it('accepts an observation that fits the space', () => {
    expect(describeObservationMismatch(space, good)).toBeNull();
    expect(() => checkObservation(space, good, 'env')).not.toThrow();
  });
  it('names the key, what was found and the shape expected for a frame of the wrong size', () => {
    expect(() => checkObservation(space, { ...good, front: new Uint8Array(71) }, 'pick-cube-vision step')).toThrow(
      "pick-cube-vision step: observation 'front' has the wrong shape or dtype: found uint8 with 71 elements, expected uint8[4, 6, 3] (72 elements)",
    );
  });
  it('refuses a frame of the wrong dtype', () => {
    expect(describeObservationMismatch(space, { ...good, front: new Float32Array(72) })).toBe(
      "observation 'front' has the wrong shape or dtype: found float32 with 72 elements, expected uint8[4, 6, 3] (72 elements)",
    );
  });
  it('refuses missing and extra keys', () => {
    expect(describeObservationMismatch(space, { state: good.state })).toBe("observation key 'front' is missing; expected uint8[4, 6, 3] (72 elements)");
    expect(describeObservationMismatch(space, { ...good, wrist: new Uint8Array(1) })).toMatch(/key 'wrist' that the space lacks/);
  });
});
