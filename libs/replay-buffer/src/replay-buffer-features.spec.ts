import { box, type Transition } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { createBatch, createRng, ReplayBuffer, SymmetricSampler, type FrameFeatures } from './index.js';

const FRAME = 12;
const CROPS = 3;
const space = { state: box([2], -1e6, 1e6), front: box([2, 2, 3], 0, 255, 'uint8'), wrist: box([2, 2, 3], 0, 255, 'uint8') };

function frame(camera: number, episode: number, step: number): Uint8Array {
  return Uint8Array.from({ length: FRAME }, (_, i) => (camera * 101 + episode * 31 + step * 7 + i) % 256);
}

function step(episode: number, s: number): Transition {
  return {
    observations: { state: Float32Array.of(episode, s), front: frame(0, episode, s), wrist: frame(1, episode, s) },
    nextObservations: { state: Float32Array.of(episode, s + 1), front: frame(0, episode, s + 1), wrist: frame(1, episode, s + 1) },
    actions: Float32Array.of(s),
    rewards: s,
    masks: 1,
    dones: false,
    intervened: false,
  };
}

/** A stand-in encoder: feature j of crop c is sum(frame) / 100 + c + j / 10, different per camera width. */
function fakeFeatures(): FrameFeatures & { calls: number } {
  const dims: Record<string, number> = { front: 4, wrist: 2 };
  const encodeOne = (camera: string, pixels: Uint8Array): Float32Array => {
    const sum = pixels.reduce((a, b) => a + b, 0);
    return Float32Array.from({ length: CROPS * dims[camera] }, (_, i) => sum / 100 + Math.floor(i / dims[camera]) + (i % dims[camera]) / 10);
  };
  const features = {
    calls: 0,
    crops: CROPS,
    columns: [
      { camera: 'front', featureKey: 'front_features', dim: 4 },
      { camera: 'wrist', featureKey: 'wrist_features', dim: 2 },
    ],
    encode(frames: Readonly<Record<string, Uint8Array>>) {
      features.calls++;
      return { front: encodeOne('front', frames.front), wrist: encodeOne('wrist', frames.wrist) };
    },
  };
  return features;
}

function encodeTransitionFrames(f: FrameFeatures, t: Transition, field: 'observations' | 'nextObservations'): Record<string, Float32Array> {
  const out = f.encode({ front: t[field].front as Uint8Array, wrist: t[field].wrist as Uint8Array });
  return { front_features: out.front, wrist_features: out.wrist };
}

describe('ReplayBuffer frame features (cached encoder output)', () => {
  it("encodes each stored frame once and keeps every row paired with its frames' features, across ring wrap-around", () => {
    const features = fakeFeatures();
    const b = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 7, frameFeatures: features });
    for (let s = 0; s < 5; s++) b.insert(step(0, s));
    expect(features.calls).toBe(6); // 5 steps share frames: L + 1 encodings
    for (let s = 0; s < 6; s++) b.insert(step(1, s)); // wraps
    const check = fakeFeatures();
    for (let i = 0; i < b.size; i++) {
      const t = b.transitionAt(i);
      const cached = b.frameFeaturesAt(i);
      expect(cached.observations).toEqual(encodeTransitionFrames(check, t, 'observations'));
      expect(cached.nextObservations).toEqual(encodeTransitionFrames(check, t, 'nextObservations'));
    }
  });

  it('fills batches with one uniformly drawn crop of features per row and camera, and no images', () => {
    const features = fakeFeatures();
    const b = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 100, frameFeatures: features });
    for (let s = 0; s < 20; s++) b.insert(step(2, s));
    expect(Object.keys(b.batchObservationSpace).sort()).toEqual(['front_features', 'state', 'wrist_features']);
    const batch = createBatch(b.batchObservationSpace, 1, 600);
    b.sampleInto(batch, 0, 600, createRng(5));
    expect(batch.observations.front).toBeUndefined();
    const crops = new Array<number>(CROPS).fill(0);
    for (let r = 0; r < batch.size; r++) {
      const s = batch.observations.state[2 * r + 1];
      const i = s; // rows were inserted in order, no wrap
      const cached = b.frameFeaturesAt(i);
      for (const [key, dim] of [
        ['front_features', 4],
        ['wrist_features', 2],
      ] as const) {
        for (const field of ['observations', 'nextObservations'] as const) {
          const row = Array.from(batch[field][key].subarray(r * dim, (r + 1) * dim));
          const all = cached[field][key];
          const crop = [...Array(CROPS).keys()].find((c) => Array.from(all.subarray(c * dim, (c + 1) * dim)).every((v, j) => v === row[j]));
          expect(crop, `row ${r} ${field}.${key}`).toBeDefined();
          crops[crop as number]++;
        }
      }
    }
    // 2400 draws over 3 crops: each near 800.
    for (const n of crops) expect(Math.abs(n - 800)).toBeLessThan(120);
  });

  it('memory per transition counts the cached features', () => {
    const plain = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 10 });
    const cached = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 10, frameFeatures: fakeFeatures() });
    for (let s = 0; s < 4; s++) {
      plain.insert(step(0, s));
      cached.insert(step(0, s));
    }
    // 5 frames, each with (4 + 2) floats x 3 crops.
    expect(cached.storedBytes - plain.storedBytes).toBe(5 * 6 * CROPS * 4);
  });

  it('refuses features that do not cover the image keys, and samplers mixing cached and plain buffers', () => {
    const f = fakeFeatures();
    expect(() => new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 4, frameFeatures: { ...f, columns: f.columns.slice(0, 1) } })).toThrow(
      /exactly the image keys \[front, wrist\]/,
    );
    const online = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 4, frameFeatures: f });
    const demo = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 4 });
    expect(() => new SymmetricSampler({ online, demo, batchSize: 4, seed: 0 })).toThrow(/fill different batches/);
  });
});
