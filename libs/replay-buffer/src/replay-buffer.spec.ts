import { box, type Transition } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { copyBatch, createBatch, createRng, ReplayBuffer } from './index.js';

const space = { state: box([3], -10, 10), wrist: box([2, 2], 0, 255, 'uint8') };

/** Transition `i`: every value derives from i so sampled rows can be traced back. */
function transition(i: number): Transition {
  return {
    observations: { state: Float32Array.of(i, i + 0.5, -i), wrist: Uint8Array.of(i, i, i, i) },
    nextObservations: { state: Float32Array.of(i + 1, i + 1.5, -i - 1), wrist: Uint8Array.of(i + 1, 0, 0, 0) },
    actions: Float32Array.of(i / 100, -i / 100),
    rewards: i,
    masks: i % 2,
    dones: i % 3 === 0,
    intervened: i % 4 === 0,
    success: i % 5 === 0,
  };
}

function buffer(capacity: number): ReplayBuffer {
  return new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity });
}

describe('ReplayBuffer', () => {
  it('wraps around at capacity, keeping the newest transitions oldest-first', () => {
    const b = buffer(3);
    for (let i = 0; i < 5; i++) b.insert(transition(i));
    expect(b.size).toBe(3);
    expect(b.totalInserted).toBe(5);
    expect(b.toTransitions().map((t) => t.rewards)).toEqual([2, 3, 4]);
    expect(b.transitionAt(0)).toEqual(transition(2));
    expect(b.transitionAt(2)).toEqual(transition(4));
  });

  it('reads back a transition without success as undefined', () => {
    const b = buffer(2);
    const { success: _unused, ...t } = transition(1);
    b.insert(t);
    expect(b.transitionAt(0).success).toBeUndefined();
    expect(() => b.transitionAt(1)).toThrow('index 1 is outside [0, 1)');
  });

  it('samples whole rows deterministically for a seed, reusing the batch arrays', () => {
    const b = buffer(10);
    for (let i = 0; i < 10; i++) b.insert(transition(i));
    const out = createBatch(space, 2, 8);
    const arrays = [out.observations.state, out.nextObservations.wrist, out.actions, out.rewards];
    b.sampleInto(out, 0, 8, createRng(3));
    const first = Array.from(out.rewards);
    for (let r = 0; r < 8; r++) {
      const i = out.rewards[r];
      const t = transition(i);
      expect(Array.from(out.observations.state.subarray(r * 3, r * 3 + 3))).toEqual(Array.from(t.observations.state));
      expect(Array.from(out.nextObservations.wrist.subarray(r * 4, r * 4 + 4))).toEqual(Array.from(t.nextObservations.wrist));
      expect(out.actions[r * 2]).toBeCloseTo(i / 100);
      expect(out.masks[r]).toBe(i % 2);
      expect(out.dones[r]).toBe(i % 3 === 0 ? 1 : 0);
    }
    expect(new Set(first).size).toBeGreaterThan(1);
    b.sampleInto(out, 0, 8, createRng(3));
    expect(Array.from(out.rewards)).toEqual(first);
    const after = [out.observations.state, out.nextObservations.wrist, out.actions, out.rewards];
    after.forEach((a, k) => expect(a).toBe(arrays[k]));
  });

  it('writes only rows [offset, offset + count)', () => {
    const b = buffer(4);
    b.insert(transition(7));
    const out = createBatch(space, 2, 4);
    out.rewards.fill(-1);
    b.sampleInto(out, 1, 2, createRng(0));
    expect(Array.from(out.rewards)).toEqual([-1, 7, 7, -1]);
    expect(() => b.sampleInto(out, 3, 2, createRng(0))).toThrow('rows [3, 5) do not fit a batch of 4');
  });

  it('names the key, expected and actual layout when a transition does not fit', () => {
    const b = buffer(2);
    const t = transition(1);
    expect(() => b.insert({ ...t, observations: { ...t.observations, state: new Float32Array(4) } })).toThrow(
      'ReplayBuffer.insert: observations.state: expected float32[3], got float32[4]',
    );
    expect(() => b.insert({ ...t, nextObservations: { state: t.nextObservations.state } })).toThrow(
      'nextObservations.wrist: expected uint8[4] (shape [2,2]), got nothing',
    );
    expect(() => b.insert({ ...t, observations: { ...t.observations, wrist: new Float32Array(4) } })).toThrow(
      'observations.wrist: expected uint8[4] (shape [2,2]), got float32[4]',
    );
    expect(() => b.insert({ ...t, observations: { ...t.observations, extra: new Float32Array(1) } })).toThrow(
      'unexpected key(s) extra (float32[1]); the layout has [state, wrist]',
    );
    expect(() => b.insert({ ...t, actions: new Float32Array(3) })).toThrow('actions: expected float32[2], got float32[3]');
    expect(b.size).toBe(0);
  });

  it('refuses to sample when empty or into a batch of another layout', () => {
    const b = buffer(2);
    expect(() => b.sampleInto(createBatch(space, 2, 2), 0, 2, createRng(0))).toThrow('the buffer is empty');
    b.insert(transition(1));
    const other = createBatch({ state: box([3], -1, 1) }, 2, 2);
    expect(() => b.sampleInto(other, 0, 2, createRng(0))).toThrow(
      /batch does not fit; expected observation columns \{state: float32\[>= 6\], wrist: uint8\[>= 8\]\}/,
    );
  });

  it('validates its options', () => {
    expect(() => new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 0 })).toThrow('capacity must be a positive integer');
    expect(() => new ReplayBuffer({ observationSpace: space, actionDim: 0, capacity: 1 })).toThrow('actionDim must be a positive integer');
  });
});

describe('copyBatch', () => {
  it('copies every column into fresh arrays that later sampling does not touch', () => {
    const buffer = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 8 });
    for (let i = 0; i < 8; i++) buffer.insert({ ...transition(i), actions: Float32Array.of(i) });
    const batch = createBatch(space, 1, 4);
    const rng = createRng(3);
    buffer.sampleInto(batch, 0, 4, rng);
    const kept = copyBatch(batch);
    expect(kept).toEqual(batch);
    expect(kept.observations.wrist).toBeInstanceOf(Uint8Array);
    const before = Array.from(kept.rewards);
    batch.rewards.fill(-1);
    batch.observations.state.fill(-1);
    expect(Array.from(kept.rewards)).toEqual(before);
    expect(kept.observations.state).not.toEqual(batch.observations.state);
  });
});
