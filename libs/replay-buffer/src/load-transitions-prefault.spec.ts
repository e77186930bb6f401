import { box, type ObservationSpace, type Transition } from '@rlpd/spaces';
import { mkdtemp, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTransitionsPickle, ReplayBuffer, writeTransitionsPickle } from './index.js';

/** Two 128x128 cameras, as hil-serl stores them: 330 transitions make a pickle above the 32 MB prefault threshold. */
const space: ObservationSpace = {
  state: box([1, 5], -1e9, 1e9),
  front: box([1, 128, 128, 3], 0, 255, 'uint8'),
  wrist: box([1, 128, 128, 3], 0, 255, 'uint8'),
};
const PIXELS = 128 * 128 * 3;
const COUNT = 330;
const EPISODE = 40;

/** A frame whose bytes differ per camera, step and pixel. */
function frame(camera: number, step: number): Uint8Array {
  const out = new Uint8Array(PIXELS);
  for (let i = 0; i < PIXELS; i++) out[i] = (i * 7 + step * 31 + camera * 101 + (i >> 11)) & 0xff;
  return out;
}

function* transitions(): Generator<Transition> {
  const obs = (s: number) => ({ state: Float32Array.of(s, 1, 2, 3, 4), front: frame(0, s), wrist: frame(1, s) });
  for (let i = 0; i < COUNT; i++) {
    const last = i % EPISODE === EPISODE - 1;
    yield {
      observations: obs(i),
      // Within an episode the next observation is the following step's, so frames are shared.
      nextObservations: obs(last ? 10_000 + i : i + 1),
      actions: Float32Array.of(i, -i),
      rewards: last ? 1 : 0,
      masks: last ? 0 : 1,
      dones: last,
      intervened: i % 3 === 0,
      success: last,
    };
  }
}

let dir = '';
let path = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rlpd-prefault-'));
  path = join(dir, 'demo.pkl');
  await writeTransitionsPickle(path, transitions(), { observationSpace: space });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const newBuffer = (): ReplayBuffer => new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: COUNT });

describe('loadTransitionsPickle with frame memory faulted in on a worker thread', () => {
  it('stores exactly what the load without the worker stores', async () => {
    expect((await stat(path)).size).toBeGreaterThan(32 << 20);
    const withWorker = newBuffer();
    const without = newBuffer();
    // Record what the load sets as the frame store's chunk source: the worker's chunks, then nothing.
    const store = withWorker.frameStore;
    const sources: unknown[] = [];
    let current: typeof store.chunkSource = null;
    let chunksFromSource = 0;
    Object.defineProperty(store, 'chunkSource', {
      get: () => current,
      set: (source: typeof store.chunkSource) => {
        sources.push(source);
        current = source === null ? null : (bytes: number) => (chunksFromSource++, source(bytes));
      },
    });
    const a = await loadTransitionsPickle(path, withWorker, { prefaultThread: true });
    expect(sources.map((s) => typeof s)).toEqual(['function', 'object']);
    // 330 transitions in 9 episodes keep 339 frames per camera: 2 chunks of 170 frames each per camera.
    expect(chunksFromSource).toBe(4);
    const b = await loadTransitionsPickle(path, without, { prefaultThread: false });
    expect(a).toEqual({ ...b, prefaultThread: true });
    expect(b.prefaultThread).toBe(false);
    expect(a.transitions).toBe(COUNT);
    expect(withWorker.storedFrames).toBe(without.storedFrames);
    // Byte comparisons (a deep equality over 49,152-element arrays per frame is far slower).
    const same = (x: Uint8Array | Float32Array, y: Uint8Array | Float32Array): boolean =>
      x.constructor === y.constructor && Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    let i = 0;
    for (const expected of transitions()) {
      const t = withWorker.transitionAt(i);
      const u = without.transitionAt(i);
      for (const key of Object.keys(space)) {
        expect(same(t.observations[key], u.observations[key]) && same(t.nextObservations[key], u.nextObservations[key])).toBe(true);
        expect(same(t.observations[key], expected.observations[key]) && same(t.nextObservations[key], expected.nextObservations[key])).toBe(true);
      }
      expect([t.actions, t.rewards, t.masks, t.dones, t.intervened]).toEqual([u.actions, u.rewards, u.masks, u.dones, u.intervened]);
      i++;
    }
    expect(i).toBe(COUNT);
    // Inserts after the load allocate their own chunks again.
    expect(withWorker.frameStore.chunkSource).toBeNull();
  });

  it('stops the worker and restores the frame store when the file breaks off mid-load', async () => {
    const broken = join(dir, 'broken.pkl');
    await writeTransitionsPickle(broken, transitions(), { observationSpace: space });
    await truncate(broken, (await stat(broken)).size - 1000);
    const buffer = newBuffer();
    await expect(loadTransitionsPickle(broken, buffer, { prefaultThread: true })).rejects.toThrow(/^.*broken\.pkl: /);
    expect(buffer.frameStore.chunkSource).toBeNull();
  });

  it("does not start the thread under 'auto' for a file below 32 MB", async () => {
    const small = join(dir, 'small.pkl');
    await writeTransitionsPickle(small, [...transitions()].slice(0, 10), { observationSpace: space });
    const report = await loadTransitionsPickle(small, newBuffer());
    expect(report.transitions).toBe(10);
    expect(report.prefaultThread).toBe(false);
  });
});
