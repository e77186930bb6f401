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
    // key table: 'state' (1 + 5 name bytes, dtype, rank, 1 dim) and 'wrist' (1 + 5, dtype, rank, 3 dims)
    const keyTable = 1 + 5 + 2 + 4 + (1 + 5 + 2 + 12);
    expect(transitionsLayout(spec).headerBytes).toBe(16 + keyTable);
    expect(bytes.byteLength).toBe(16 + keyTable + 10 * (2 * 12 + 8 + 8) + 2 * 120 + 3 * 12);
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
    const truncatedTable = bytes.slice(0, 20);
    expect(() => decodeTransitions(truncatedTable, spec)).toThrow(/ends inside its key table/);
    const badMagic = new Uint8Array(bytes);
    badMagic[0] = 0;
    expect(() => decodeTransitions(badMagic, spec)).toThrow(/magic/);
    const badFlag = new Uint8Array(bytes);
    badFlag[bytes.length - 12] = 7; // first `dones` byte (3 padded uint8 columns of 4 at the end)
    expect(() => decodeTransitions(badFlag, spec)).toThrow(/dones byte is 7/);
  });

  it('refuses an image of another shape or dtype, naming the key, the shape found and the shape expected', () => {
    const t = makeTransition(1);
    // Same element count, other shape: only the key table tells them apart.
    const reshaped = { ...spec, observationSpace: { ...spec.observationSpace, wrist: box([4, 1, 3], 0, 255, 'uint8') } };
    expect(() => decodeTransitions(encodeTransitions([t], reshaped), spec)).toThrow(
      "transitions payload does not match the env spec: observation 'wrist' is uint8[4,1,3], expected uint8[2,2,3]",
    );
    const floats = { ...spec, observationSpace: { ...spec.observationSpace, wrist: box([2, 2, 3], 0, 255) } };
    const asFloats = {
      ...t,
      observations: { ...t.observations, wrist: new Float32Array(12) },
      nextObservations: { ...t.nextObservations, wrist: new Float32Array(12) },
    };
    expect(() => decodeTransitions(encodeTransitions([asFloats], floats), spec)).toThrow("observation 'wrist' is float32[2,2,3], expected uint8[2,2,3]");
    const missing = { ...spec, observationSpace: { state: spec.observationSpace.state } };
    const stateOnly = { ...t, observations: { state: t.observations.state }, nextObservations: { state: t.nextObservations.state } };
    expect(() => decodeTransitions(encodeTransitions([stateOnly], missing), spec)).toThrow(
      "observation 'wrist' (uint8[2,2,3]) is missing; the payload has [state]",
    );
    expect(() => decodeTransitions(encodeTransitions([t], spec), missing)).toThrow(
      "unexpected observation key(s) 'wrist' (uint8[2,2,3]); the env spec has [state]",
    );
  });

  it('refuses to encode transitions that do not fit the spec', () => {
    const t = makeTransition(1);
    expect(() => encodeTransitions([{ ...t, actions: new Float32Array(3) }], spec)).toThrow(/actions must be a Float32Array of 2 elements/);
    expect(() => encodeTransitions([{ ...t, observations: { ...t.observations, state: new Float32Array(4) } }], spec)).toThrow(
      'transition 0: observations.state has 4 elements, expected 3 elements (float32[3])',
    );
    expect(() => encodeTransitions([{ ...t, observations: { ...t.observations, wrist: new Float32Array(12) } }], spec)).toThrow(
      'transition 0: observations.wrist must be a Uint8Array of 12 elements (uint8[2,2,3]), got a Float32Array of 48 bytes',
    );
    expect(() => encodeTransitions([{ ...t, nextObservations: { state: t.nextObservations.state } }], spec)).toThrow(/nextObservations keys/);
    expect(() => encodeTransitions([{ ...t, rewards: Number.NaN }], spec)).toThrow(/reward NaN is not finite/);
  });
});
