import { ReplayBuffer, SymmetricSampler } from '@rlpd/replay-buffer';
import { frameFeatureCrops, initBackend, initSmallConvNet, shiftCrop, SmallConvEncoder } from '@rlpd/sac-agent';
import { box, type Transition } from '@rlpd/spaces';
import { beforeAll, describe, expect, it } from 'vitest';

const SIDE = 128;
const FRAME = SIDE * SIDE * 3;
const space = { state: box([2], -1e6, 1e6), front: box([SIDE, SIDE, 3], 0, 255, 'uint8'), wrist: box([SIDE, SIDE, 3], 0, 255, 'uint8') };

function frame(seed: number): Uint8Array {
  let s = seed * 7919 + 1;
  return Uint8Array.from({ length: FRAME }, () => (s = (s * 1103515245 + 12345) >>> 0) >>> 24);
}

/** Frames of (episode, step) for both cameras, distinct everywhere. */
const frames = (episode: number, step: number) => ({ front: frame(episode * 1000 + step), wrist: frame(episode * 1000 + step + 500) });

function step(episode: number, s: number): Transition {
  return {
    observations: { state: Float32Array.of(episode, s), ...frames(episode, s) },
    nextObservations: { state: Float32Array.of(episode, s + 1), ...frames(episode, s + 1) },
    actions: Float32Array.of(0),
    rewards: 0,
    masks: 1,
    dones: false,
    intervened: false,
  };
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

/** The learner's wiring: a replay buffer caching a real conv encoder's crop features. */
describe('feature cache (replay buffer + frozen encoder)', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  it('holds, for every stored frame, the fresh encoding of its K recorded crops (float tolerance), after ring wrap-around; batches carry those features', () => {
    const encoder = SmallConvEncoder.fromTensors('test', ['front', 'wrist'], { ...initSmallConvNet('front', 3), ...initSmallConvNet('wrist', 4) });
    const offsetsByFrame = new Map<string, Int32Array>();
    let pending: Readonly<Record<string, Uint8Array>> = {};
    const crops = frameFeatureCrops(encoder, {
      crops: 4,
      seed: 1,
      onOffsets: (camera, offsets) => offsetsByFrame.set(`${camera}:${pending[camera].subarray(0, 16).join(',')}`, offsets),
    });
    const features = { ...crops, encode: (f: Readonly<Record<string, Uint8Array>>) => ((pending = f), crops.encode(f)) };
    const online = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 5, frameFeatures: features });
    for (let s = 0; s < 4; s++) online.insert(step(0, s));
    for (let s = 0; s < 3; s++) online.insert(step(1, s));
    expect(online.size).toBe(5);
    for (let i = 0; i < online.size; i++) {
      const t = online.transitionAt(i);
      const cached = online.frameFeaturesAt(i);
      for (const field of ['observations', 'nextObservations'] as const) {
        for (const camera of ['front', 'wrist'] as const) {
          const image = t[field][camera] as Uint8Array;
          const offsets = offsetsByFrame.get(`${camera}:${image.subarray(0, 16).join(',')}`);
          expect(offsets, `offsets of row ${i} ${field}.${camera}`).toBeDefined();
          for (let c = 0; c < 4; c++) {
            const shifted = new Uint8Array(FRAME);
            shiftCrop(image, SIDE, SIDE, (offsets as Int32Array)[2 * c], (offsets as Int32Array)[2 * c + 1], shifted);
            const fresh = encoder.encode(camera, shifted, 1);
            expect(maxDiff(fresh, cached[field][`${camera}_features`].subarray(c * 64, (c + 1) * 64))).toBeLessThan(1e-5);
          }
        }
      }
    }
    const demo = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 5, frameFeatures: features });
    demo.insert(step(2, 0));
    const batch = new SymmetricSampler({ online, demo, batchSize: 8, seed: 0 }).next();
    expect(Object.keys(batch.observations).sort()).toEqual(['front_features', 'state', 'wrist_features']);
    expect(batch.observations.front_features.length).toBe(8 * 64);
    encoder.dispose();
  });
});
