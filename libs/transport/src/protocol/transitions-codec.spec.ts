import { box } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { makeBatch, makeTransition, spec } from '../internal/fixtures.test.js';
import { decodeTransitions, encodeTransitions } from './transitions-codec.js';
import { transitionsLayout } from './transitions-layout.js';

describe('transitions codec', () => {
  it('round-trips every field, float32 and uint8 observations alike', () => {
    const batch = [makeTransition(1, true), makeTransition(2, false), makeTransition(3)];
    const bytes = encodeTransitions(batch, spec);
    const decoded = decodeTransitions(bytes, spec);
    expect(decoded).toHaveLength(3);
    decoded.forEach((t, i) => {
      const want = batch[i];
      expect(Array.from(t.observations.state)).toEqual(Array.from(want.observations.state));
      expect(t.observations.wrist).toBeInstanceOf(Uint8Array);
      expect(Array.from(t.observations.wrist)).toEqual(Array.from(want.observations.wrist));
      expect(Array.from(t.nextObservations.wrist)).toEqual(Array.from(want.nextObservations.wrist));
      expect(Array.from(t.actions)).toEqual(Array.from(want.actions));
      expect([t.rewards, t.masks, t.dones, t.intervened, t.success]).toEqual([want.rewards, want.masks, want.dones, want.intervened, want.success]);
    });
  });

  it('is compact: header plus padded columns, no JSON', () => {
    const bytes = encodeTransitions(makeBatch(0, 10), spec);
    // per row: 2 * (3 floats + 12 bytes) + 2 action floats + reward + mask + 3 flag bytes
    expect(transitionsLayout(spec).rowBytes).toBe(2 * (12 + 12) + 8 + 8 + 3);
    expect(bytes.byteLength).toBe(16 + 10 * (2 * 12 + 8 + 8) + 2 * 120 + 3 * 12);
    expect(decodeTransitions(encodeTransitions([], spec), spec)).toEqual([]);
  });

  it('decodes from an unaligned view (as socket buffers may be)', () => {
    const bytes = encodeTransitions(makeBatch(5, 2), spec);
    const shifted = new Uint8Array(bytes.byteLength + 1);
    shifted.set(bytes, 1);
    expect(decodeTransitions(shifted.subarray(1), spec).map((t) => t.rewards)).toEqual([5, 6]);
  });

  it('refuses payloads that do not match the spec exactly', () => {
    const bytes = encodeTransitions(makeBatch(0, 2), spec);
    expect(() => decodeTransitions(bytes.subarray(0, 8), spec)).toThrow(/shorter than the 16-byte header/);
    expect(() => decodeTransitions(bytes.subarray(0, bytes.length - 4), spec)).toThrow(/expected exactly \d+ for 2 transitions/);
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expect(() => decodeTransitions(longer, spec)).toThrow(/expected exactly/);
    const other = { ...spec, actionSpace: box([3], -1, 1) };
    expect(() => decodeTransitions(bytes, other)).toThrow(/layout hash .* does not match the env spec/);
    const badMagic = new Uint8Array(bytes);
    badMagic[0] = 0;
    expect(() => decodeTransitions(badMagic, spec)).toThrow(/magic/);
    const badFlag = new Uint8Array(bytes);
    badFlag[bytes.length - 12] = 7; // first `dones` byte (3 padded uint8 columns of 4 at the end)
    expect(() => decodeTransitions(badFlag, spec)).toThrow(/dones byte is 7/);
  });

  it('refuses to encode transitions that do not fit the spec', () => {
    const t = makeTransition(1);
    expect(() => encodeTransitions([{ ...t, actions: new Float32Array(3) }], spec)).toThrow(/actions must be a Float32Array of 2 elements/);
    expect(() => encodeTransitions([{ ...t, observations: { ...t.observations, state: new Float32Array(4) } }], spec)).toThrow(
      /observations.state has 4 elements, expected 3/,
    );
    expect(() => encodeTransitions([{ ...t, observations: { ...t.observations, wrist: new Float32Array(12) } }], spec)).toThrow(
      /observations.wrist must be a Uint8Array/,
    );
    expect(() => encodeTransitions([{ ...t, nextObservations: { state: t.nextObservations.state } }], spec)).toThrow(/nextObservations keys/);
    expect(() => encodeTransitions([{ ...t, rewards: Number.NaN }], spec)).toThrow(/reward NaN is not finite/);
  });
});
