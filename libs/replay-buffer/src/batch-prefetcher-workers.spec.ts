import { box, type Batch, type Transition } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { BatchPrefetcher, copyBatch, ReplayBuffer, SymmetricSampler } from './index.js';

/** Two cameras large enough to span several frame-store chunks... of a small store. */
const space = { state: box([3], -1e9, 1e9), cam: box([2, 8, 3], 0, 255, 'uint8'), wrist: box([5], 0, 255, 'uint8') };
const CAM = 2 * 8 * 3;

/** Every field derives from `i` (pixels too: byte j of a frame of step i is (i * 7 + j) % 256). */
function frame(i: number, size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, j) => (i * 7 + j) % 256);
}
function transition(i: number): Transition {
  return {
    observations: { state: Float32Array.of(i, i, i), cam: frame(i, CAM), wrist: frame(i + 1000, 5) },
    nextObservations: { state: Float32Array.of(i + 1, i + 1, i + 1), cam: frame(i + 1, CAM), wrist: frame(i + 1001, 5) },
    actions: Float32Array.of(i, -i),
    rewards: i,
    masks: 1,
    dones: i % 10 === 9,
    intervened: false,
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function filled(capacity: number, count: number, from = 0): ReplayBuffer {
  const buffer = new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity });
  for (let i = 0; i < count; i++) buffer.insert(transition(from + i));
  return buffer;
}

describe('BatchPrefetcher with worker threads', () => {
  it('hands out exactly the batches the single-thread sampler draws for the same seed', async () => {
    for (const demoOnly of [false, true]) {
      const online = filled(300, 300);
      const demo = filled(200, 200, 5000);
      const reference = new SymmetricSampler({ online, demo, batchSize: 64, seed: 11 });
      const expected = Array.from({ length: 12 }, () => copyBatch(reference.fill(reference.createBatch(), demoOnly)));
      const prefetcher = new BatchPrefetcher({ sampler: new SymmetricSampler({ online, demo, batchSize: 64, seed: 11 }), workers: 2, depth: 3, demoOnly });
      expect(prefetcher.workerCount).toBe(2);
      for (let n = 0; n < 6; n++) expect(copyBatch(prefetcher.nextBatch())).toEqual(expected[n]);
      await tick();
      for (let n = 6; n < 12; n++) {
        const next = await prefetcher.next();
        expect(next.done).toBe(false);
        expect(copyBatch(next.value as Batch)).toEqual(expected[n]);
      }
      prefetcher.close();
      expect(() => prefetcher.nextBatch()).toThrow('closed');
    }
  });

  it('keeps every held and in-flight batch consistent while inserts wrap the ring (frames are pinned)', async () => {
    // Capacity 4: the ring is overwritten many times while batches are being copied.
    const online = filled(4, 1);
    const demo = filled(64, 64, 300);
    const prefetcher = new BatchPrefetcher({ sampler: new SymmetricSampler({ online, demo, batchSize: 32, seed: 3 }), workers: 2, depth: 3 });
    let inserted = 1;
    for (let n = 0; n < 150; n++) {
      const batch = prefetcher.nextBatch();
      const held = copyBatch(batch);
      for (let k = 0; k < 5; k++) online.insert(transition(inserted++));
      await tick();
      expect(copyBatch(batch)).toEqual(held); // a held batch is never refilled
      for (let r = 0; r < batch.size; r++) {
        const i = batch.rewards[r];
        expect(batch.observations.state[r * 3]).toBe(i);
        expect(Array.from(batch.observations.cam.subarray(r * CAM, (r + 1) * CAM))).toEqual(Array.from(frame(i, CAM)));
        expect(Array.from(batch.nextObservations.cam.subarray(r * CAM, (r + 1) * CAM))).toEqual(Array.from(frame(i + 1, CAM)));
        expect(Array.from(batch.observations.wrist.subarray(r * 5, (r + 1) * 5))).toEqual(Array.from(frame(i + 1000, 5)));
        expect(Array.from(batch.nextObservations.wrist.subarray(r * 5, (r + 1) * 5))).toEqual(Array.from(frame(i + 1001, 5)));
      }
    }
    expect(inserted).toBeGreaterThan(4 * 100);
    prefetcher.close();
    // Once closed, every pin is released: only the frames of stored rows remain.
    expect(online.storedFrames).toBeLessThanOrEqual(2 * online.size);
    for (let k = 0; k < 20; k++) online.insert(transition(inserted++));
    expect(online.storedFrames).toBeLessThanOrEqual(2 * online.size);
  });

  it('waits for data, and refuses bad worker counts', async () => {
    const online = new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 8 });
    const demo = new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 8 });
    const sampler = new SymmetricSampler({ online, demo, batchSize: 4, seed: 1 });
    expect(() => new BatchPrefetcher({ sampler, workers: -1 })).toThrow('workers must be an integer >= 0');
    const prefetcher = new BatchPrefetcher({ sampler, workers: 1 });
    expect(() => prefetcher.nextBatch()).toThrow('buffer is empty');
    await tick();
    expect(prefetcher.readyCount).toBe(0);
    for (let i = 0; i < 8; i++) {
      online.insert(transition(i));
      demo.insert(transition(100 + i));
    }
    const batch = prefetcher.nextBatch();
    expect(Array.from(batch.rewards.subarray(0, 2)).every((r) => r < 8)).toBe(true);
    expect(Array.from(batch.rewards.subarray(2)).every((r) => r >= 100)).toBe(true);
    prefetcher.close();
  });
});
