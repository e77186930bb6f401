import { box, type Transition } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { BatchPrefetcher, ReplayBuffer, SymmetricSampler } from './index.js';

const space = { state: box([3], -1e9, 1e9), cam: box([4], 0, 255, 'uint8') };

/** Every field derives from `i`, so a row mixing two transitions is detected. */
function transition(i: number): Transition {
  return {
    observations: { state: Float32Array.of(i, i, i), cam: Uint8Array.of(i % 256, 1, 2, 3) },
    nextObservations: { state: Float32Array.of(i + 1, i + 1, i + 1), cam: Uint8Array.of((i + 1) % 256, 1, 2, 3) },
    actions: Float32Array.of(i, -i),
    rewards: i,
    masks: 1,
    dones: i % 10 === 9,
    intervened: false,
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('BatchPrefetcher', () => {
  it('keeps batches ready and yields consistent rows while inserts overwrite the ring', async () => {
    const online = new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 64 });
    const demo = new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 64 });
    for (let i = 0; i < 64; i++) demo.insert(transition(i));
    online.insert(transition(0));
    const prefetcher = new BatchPrefetcher({ sampler: new SymmetricSampler({ online, demo, batchSize: 32, seed: 1 }), depth: 2 });
    await tick();
    await tick();
    expect(prefetcher.readyCount).toBe(2);
    let inserted = 1;
    // An "actor" inserting on every turn of the event loop, wrapping the ring many times.
    let running = true;
    const actor = (async () => {
      while (running) {
        for (let k = 0; k < 7; k++) online.insert(transition(inserted++));
        await tick();
      }
    })();
    for (let n = 0; n < 200; n++) {
      const batch = prefetcher.nextBatch();
      const snapshot = Float32Array.from(batch.rewards);
      await tick(); // inserts and prefetching happen while the learner "trains" on the batch
      expect(batch.rewards).toEqual(snapshot); // a held batch is never refilled
      for (let r = 0; r < batch.size; r++) {
        const i = batch.rewards[r];
        expect(Array.from(batch.observations.state.subarray(r * 3, r * 3 + 3))).toEqual([i, i, i]);
        expect(batch.nextObservations.state[r * 3]).toBe(i + 1);
        expect(batch.observations.cam[r * 4]).toBe(i % 256);
        expect(batch.nextObservations.cam[r * 4]).toBe((i + 1) % 256);
        expect([batch.actions[r * 2], batch.actions[r * 2 + 1]]).toEqual([i, -i]);
      }
    }
    running = false;
    await actor;
    expect(inserted).toBeGreaterThan(64 * 10);
    prefetcher.close();
    expect(() => prefetcher.nextBatch()).toThrow('closed');
  });

  it('is reproducible for a seed and waits (without spinning) until buffers have data', async () => {
    const draw = async (): Promise<number[]> => {
      const online = new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 16 });
      const demo = new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 16 });
      const prefetcher = new BatchPrefetcher({ sampler: new SymmetricSampler({ online, demo, batchSize: 8, seed: 7 }) });
      await tick();
      expect(prefetcher.readyCount).toBe(0);
      for (let i = 0; i < 16; i++) {
        online.insert(transition(i));
        demo.insert(transition(100 + i));
      }
      const out: number[] = [];
      for await (const batch of prefetcher) {
        out.push(...batch.rewards);
        if (out.length >= 24) break;
      }
      return out;
    };
    const a = await draw();
    expect(a.slice(0, 4).every((r) => r < 16) && a.slice(4, 8).every((r) => r >= 100)).toBe(true);
    expect(await draw()).toEqual(a);
  });

  it('refills every free place in one idle turn, so a consumer taking several batches per turn never waits', async () => {
    const online = new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 16 });
    const demo = new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 16 });
    for (let i = 0; i < 16; i++) {
      online.insert(transition(i));
      demo.insert(transition(100 + i));
    }
    const prefetcher = new BatchPrefetcher({ sampler: new SymmetricSampler({ online, demo, batchSize: 8, seed: 3 }), depth: 3 });
    await tick();
    expect(prefetcher.readyCount).toBe(3);
    for (let turn = 0; turn < 5; turn++) {
      // A learner step with critic-to-actor ratio 3: three batches, then one yield.
      for (let k = 0; k < 3; k++) prefetcher.nextBatch();
      expect(prefetcher.readyCount).toBe(0);
      await tick();
      expect(prefetcher.readyCount).toBe(3);
    }
    prefetcher.close();
  });
});
