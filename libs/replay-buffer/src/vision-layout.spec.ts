import { box, type ObservationSpace, type Transition } from '@rlpd/spaces';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTransitionsPickle, ReplayBuffer, SymmetricSampler, withHistoryAxis, writeTransitionsPickle } from './index.js';

/** pick-cube-vision's observation space: no history axis in the env spec. */
const space: ObservationSpace = { state: box([7], -10, 10), front: box([128, 128, 3], 0, 255, 'uint8'), wrist: box([128, 128, 3], 0, 255, 'uint8') };
const PIXELS = 128 * 128 * 3;
const STEPS = 5;

/** Frame of `camera` at `step`: bytes that differ per camera, step and pixel. */
function frame(camera: number, step: number): Uint8Array {
  return Uint8Array.from({ length: PIXELS }, (_, i) => (i * 7 + step * 31 + camera * 101 + ((i >> 9) & 0xff)) & 0xff);
}

/** One episode of STEPS steps; its next observations are the following steps' observations. */
function episode(): Transition[] {
  const obs = (s: number) => ({ state: Float32Array.from({ length: 7 }, (_, k) => s + k / 10), front: frame(0, s), wrist: frame(1, s) });
  return Array.from({ length: STEPS }, (_, s) => ({
    observations: obs(s),
    actions: Float32Array.of(s, -s, 0.5, 1),
    nextObservations: obs(s + 1),
    rewards: s / 8, // exact in float32, as buffers store it
    masks: 1,
    dones: s === STEPS - 1,
    intervened: true,
    success: s === STEPS - 1,
  }));
}

const sha256 = (a: Float32Array | Uint8Array): string => createHash('sha256').update(a).digest('hex');

const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const hasNumpy = probe.status === 0;
if (!hasNumpy) console.log('skipping the python check of the vision pickle: python3 with numpy is not available');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rlpd-vision-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pick-cube-vision layout: (1, 128, 128, 3) uint8 per camera in pickles, [128, 128, 3] in buffers', () => {
  it.skipIf(!hasNumpy)('writes pickles python reads with (1, 7) float32 states and (1, 128, 128, 3) uint8 images, byte for byte', async () => {
    const path = join(dir, 'vision.pkl');
    const ts = episode();
    await writeTransitionsPickle(path, ts, { observationSpace: withHistoryAxis(space) });
    const script = `
import pickle, sys, json, hashlib, numpy as np
with open(sys.argv[1], 'rb') as f:
    data = pickle.load(f)
def arr(a):
    return [str(a.dtype), list(a.shape), hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()]
print(json.dumps([{k: {name: arr(v) for name, v in t[k].items()} for k in ('observations', 'next_observations')} for t in data]))
`;
    const r = spawnSync('python3', ['-c', script, path], { encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(r.status, r.stderr).toBe(0);
    const seen = JSON.parse(r.stdout) as Record<'observations' | 'next_observations', Record<string, [string, number[], string]>>[];
    expect(seen).toHaveLength(STEPS);
    seen.forEach((t, s) => {
      for (const [field, obs] of [
        ['observations', ts[s].observations],
        ['next_observations', ts[s].nextObservations],
      ] as const) {
        expect(t[field].state.slice(0, 2)).toEqual(['float32', [1, 7]]);
        expect(t[field].front).toEqual(['uint8', [1, 128, 128, 3], sha256(obs.front)]);
        expect(t[field].wrist).toEqual(['uint8', [1, 128, 128, 3], sha256(obs.wrist)]);
      }
    });
  });

  it('loads them into a buffer that stores each frame once, and batches carry the images as uint8', async () => {
    const path = join(dir, 'vision-load.pkl');
    const ts = episode();
    await writeTransitionsPickle(path, ts, { observationSpace: withHistoryAxis(space) });
    const demo = new ReplayBuffer({ observationSpace: space, actionDim: 4, capacity: 100 });
    const online = new ReplayBuffer({ observationSpace: space, actionDim: 4, capacity: 100 });
    await loadTransitionsPickle(path, demo);
    for (const t of ts) online.insert(t);
    // An episode of L steps holds L + 1 frames per camera, not 2L.
    expect([demo.storedFrames, online.storedFrames]).toEqual([STEPS + 1, STEPS + 1]);
    demo.toTransitions().forEach((got, s) => {
      for (const field of ['observations', 'nextObservations'] as const) {
        for (const key of ['front', 'wrist']) expect(sha256(got[field][key]), `${field}.${key} of step ${s}`).toBe(sha256(ts[s][field][key]));
        expect(Array.from(got[field].state)).toEqual(Array.from(ts[s][field].state));
      }
      expect([got.rewards, got.dones, got.success, Array.from(got.actions)]).toEqual([ts[s].rewards, ts[s].dones, ts[s].success, Array.from(ts[s].actions)]);
    });
    const batch = new SymmetricSampler({ online, demo, batchSize: 8, seed: 3 }).next();
    for (const field of ['observations', 'nextObservations'] as const) {
      expect(batch[field].front).toBeInstanceOf(Uint8Array);
      expect(batch[field].front).toHaveLength(8 * PIXELS);
    }
    for (let row = 0; row < 8; row++) {
      const s = batch.actions[row * 4]; // the action's first entry is the step
      expect(sha256(batch.observations.front.subarray(row * PIXELS, (row + 1) * PIXELS)), `row ${row}`).toBe(sha256(frame(0, s)));
      expect(sha256(batch.nextObservations.wrist.subarray(row * PIXELS, (row + 1) * PIXELS)), `row ${row}`).toBe(sha256(frame(1, s + 1)));
    }
  });

  it('refuses an image of another shape or dtype, naming the key, the shape found and the shape expected', async () => {
    const buffer = () => new ReplayBuffer({ observationSpace: space, actionDim: 4, capacity: 10 });
    const [t] = episode();
    const cases: [string, ObservationSpace, Transition, string][] = [
      // Same number of bytes, another shape.
      [
        'reshaped.pkl',
        { ...withHistoryAxis(space), front: box([1, 256, 64, 3], 0, 255, 'uint8') },
        t,
        'observations.front is uint8 (1, 256, 64, 3), expected uint8 (1, 128, 128, 3) (or (128, 128, 3))',
      ],
      [
        'small.pkl',
        withHistoryAxis({ ...space, wrist: box([64, 64, 3], 0, 255, 'uint8') }),
        {
          ...t,
          observations: { ...t.observations, wrist: new Uint8Array(64 * 64 * 3) },
          nextObservations: { ...t.nextObservations, wrist: new Uint8Array(64 * 64 * 3) },
        },
        'observations.wrist is uint8 (1, 64, 64, 3), expected uint8 (1, 128, 128, 3) (or (128, 128, 3))',
      ],
      [
        'floats.pkl',
        withHistoryAxis(space),
        { ...t, observations: { ...t.observations, front: new Float32Array(PIXELS) } },
        'observations.front is float32 (1, 128, 128, 3), expected uint8 (1, 128, 128, 3) (or (128, 128, 3))',
      ],
    ];
    for (const [name, written, transition, message] of cases) {
      const path = join(dir, name);
      await writeTransitionsPickle(path, [transition], { observationSpace: written });
      await expect(loadTransitionsPickle(path, buffer())).rejects.toThrow(`${path}: transition 0 (byte 4): ${message}`);
    }
  });
});
