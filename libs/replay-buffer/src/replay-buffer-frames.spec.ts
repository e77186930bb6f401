import { box, type Transition } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { createBatch, createRng, ReplayBuffer } from './index.js';

const FRAME = 12;
const space = { state: box([2], -1e6, 1e6), cam: box([1, 2, 2, 3], 0, 255, 'uint8') };

/** A frame whose bytes encode (episode, step), so any mix-up shows. */
function frame(episode: number, step: number): Uint8Array {
  return Uint8Array.from({ length: FRAME }, (_, i) => (episode * 31 + step * 7 + i) % 256);
}

/** Step `step` of `episode`; the episode ends (terminated or truncated) at `length - 1`. */
function step(episode: number, s: number, length: number): Transition {
  return {
    observations: { state: Float32Array.of(episode, s), cam: frame(episode, s) },
    nextObservations: { state: Float32Array.of(episode, s + 1), cam: frame(episode, s + 1) },
    actions: Float32Array.of(episode * 1000 + s),
    rewards: s,
    masks: 1,
    dones: s === length - 1,
    intervened: false,
  };
}

function buffer(capacity: number): ReplayBuffer {
  return new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity });
}

/** Every stored row's frames must be the ones its state says (episode, step). */
function expectConsistent(b: ReplayBuffer): void {
  for (const t of b.toTransitions()) {
    const [episode, s] = t.observations.state;
    expect(t.observations.cam, `obs of (${episode}, ${s})`).toEqual(frame(episode, s));
    expect(t.nextObservations.cam, `next of (${episode}, ${s})`).toEqual(frame(episode, s + 1));
  }
}

describe('ReplayBuffer image frames (stored once)', () => {
  it('stores L + 1 frames for an episode of L steps, and half the naive bytes with two 128x128x3 cameras', () => {
    const b = buffer(100);
    for (let s = 0; s < 10; s++) b.insert(step(0, s, 10));
    expect(b.storedFrames).toBe(11);
    expectConsistent(b);
    const cams = { state: box([19], -1, 1), wrist_1: box([1, 128, 128, 3], 0, 255, 'uint8'), wrist_2: box([1, 128, 128, 3], 0, 255, 'uint8') };
    const big = new ReplayBuffer({ observationSpace: cams, actionDim: 7, capacity: 1000 });
    const pixels = 128 * 128 * 3;
    let previous = new Uint8Array(pixels);
    for (let i = 0; i < 1000; i++) {
      const next = new Uint8Array(pixels).fill((i + 1) % 251);
      const done = i % 100 === 99;
      big.insert({
        observations: { state: new Float32Array(19), wrist_1: previous, wrist_2: previous },
        nextObservations: { state: new Float32Array(19), wrist_1: next, wrist_2: next },
        actions: new Float32Array(7),
        rewards: 0,
        masks: 1,
        dones: done,
        intervened: false,
      });
      previous = done ? new Uint8Array(pixels).fill(255) : next; // a reset frame unlike any next frame
    }
    const naive = 1000 * (2 * 2 * pixels + 2 * 19 * 4 + 7 * 4 + 4 + 4 + 1);
    expect(big.storedFrames).toBe(1010);
    expect(big.storedBytes / naive).toBeGreaterThan(0.5);
    expect(big.storedBytes / naive).toBeLessThan(0.51);
    // Frame chunks are allocated 8 MB per camera at a time: at most one chunk each of slack.
    expect(big.allocatedBytes - big.storedBytes).toBeLessThan(2 * (8 << 20));
  });

  it('keeps frames right across episode boundaries, truncation and identical reset frames', () => {
    const b = buffer(50);
    for (let s = 0; s < 3; s++) b.insert(step(1, s, 3)); // ends (terminated or truncated: same for frames)
    for (let s = 0; s < 4; s++) b.insert(step(2, s, 4));
    // An episode whose first frame equals the last next frame of the previous one shares it: still correct.
    const same = step(3, 0, 2);
    b.insert({ ...same, observations: { state: same.observations.state, cam: frame(2, 4) }, nextObservations: { ...same.nextObservations } });
    expect(b.transitionAt(7).observations.cam).toEqual(frame(2, 4));
    expect(b.transitionAt(7).nextObservations.cam).toEqual(frame(3, 1));
    expect(b.storedFrames).toBe(4 + 5 + 1);
    expectConsistent({ toTransitions: () => b.toTransitions().slice(0, 7) } as ReplayBuffer);
  });

  it('stays correct through ring wrap-around, with interleaved actors, down to capacity 1', () => {
    for (const capacity of [1, 2, 3, 7, 16]) {
      const b = buffer(capacity);
      const steps = [0, 0, 0];
      for (let i = 0; i < 60; i++) {
        const actor = i % 5 === 0 ? 2 : i % 2; // interleave two actors, a third now and then
        const length = 3 + actor;
        b.insert(step(actor, steps[actor], length));
        steps[actor] = (steps[actor] + 1) % length;
        expect(b.size).toBe(Math.min(i + 1, capacity));
        expect(b.storedFrames).toBeLessThanOrEqual(2 * b.size);
        expectConsistent(b);
      }
      const out = createBatch(space, 1, 32);
      b.sampleInto(out, 0, 32, createRng(capacity));
      for (let r = 0; r < 32; r++) {
        const episode = Math.floor(out.actions[r] / 1000);
        const s = out.actions[r] % 1000;
        expect(out.observations.cam.subarray(r * FRAME, (r + 1) * FRAME)).toEqual(frame(episode, s));
        expect(out.nextObservations.cam.subarray(r * FRAME, (r + 1) * FRAME)).toEqual(frame(episode, s + 1));
      }
    }
  });

  it('returns the transitions inserted since a mark, for incremental dumps', () => {
    const b = buffer(5);
    for (let s = 0; s < 4; s++) b.insert(step(0, s, 10));
    const mark = b.totalInserted;
    for (let s = 4; s < 7; s++) b.insert(step(0, s, 10));
    expect([...b.transitions(mark)].map((t) => t.rewards)).toEqual([4, 5, 6]);
    expect([...b.transitions(0)].map((t) => t.rewards)).toEqual([2, 3, 4, 5, 6]);
  });
});
