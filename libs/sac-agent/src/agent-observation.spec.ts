import { box, type Batch } from '@rlpd/spaces';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  agentObservation,
  agentObservationDim,
  decodeSafetensors,
  encodeSafetensors,
  initBackend,
  loadCheckpoint,
  observationKeysFromMetadata,
  observationKeysMetadata,
  SacAgent,
  saveCheckpoint,
} from './index.js';
import { randomBatch } from './internal/testing/random-batch.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const visionSpace = { state: box([7], -10, 10), front: box([128, 128, 3], 0, 255, 'uint8'), wrist: box([128, 128, 3], 0, 255, 'uint8') };
const small = { hiddenDims: [8, 8] };

/** `randomBatch` plus camera columns, as the learner's batches carry them. */
function batchWithFrames(size: number): Batch {
  const b = randomBatch(size, 7, 4, 3);
  const frames = () => Uint8Array.from({ length: size * 128 * 128 * 3 }, (_, i) => i & 0xff);
  return {
    ...b,
    observations: { ...b.observations, front: frames(), wrist: frames() },
    nextObservations: { ...b.nextObservations, front: frames(), wrist: frames() },
  };
}

describe('the observation keys the agent reads', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  it('sizes the input from float32 keys and refuses missing keys and images, naming them', () => {
    expect(agentObservationDim(visionSpace, ['state'])).toBe(7);
    expect(agentObservationDim({ a: box([2], -1, 1), b: box([3], -1, 1) }, ['b', 'a'])).toBe(5);
    expect(() => agentObservationDim(visionSpace, ['front'])).toThrow(
      "agent observation key 'front' is uint8[128,128,3]: the agent reads float32 keys only (images need an encoder)",
    );
    expect(() => agentObservationDim(visionSpace, ['cube'])).toThrow("agent observation key 'cube' is not in the observation space [state, front, wrist]");
    expect(() => agentObservationDim(visionSpace, [])).toThrow('name at least one key');
    expect(() => agentObservationDim(visionSpace, ['state', 'state'])).toThrow('names a key twice');
  });

  it('builds one observation from the named keys (no copy for one key)', () => {
    const state = Float32Array.of(1, 2);
    const obs = { state, extra: Float32Array.of(3), front: new Uint8Array(12) };
    expect(agentObservation(obs, ['state'])).toBe(state);
    expect(Array.from(agentObservation(obs, ['extra', 'state']))).toEqual([3, 1, 2]);
    expect(() => agentObservation(obs, ['front'])).toThrow('observation.front: the agent reads a Float32Array, got Uint8Array');
  });

  it('trains on batches that carry camera frames, reading only the state', () => {
    const agent = SacAgent.create({ observationDim: 7, actionDim: 4, observationKeys: ['state'], config: small, seed: 1 });
    const twin = SacAgent.create({ observationDim: 7, actionDim: 4, config: small, seed: 1 });
    const withFrames = batchWithFrames(8);
    // Same numbers with or without the frames: the agent never reads them.
    expect(agent.updateFull(withFrames)).toEqual(twin.updateFull(randomBatch(8, 7, 4, 3)));
    const imagesOnly = SacAgent.create({ observationDim: 7, actionDim: 4, observationKeys: ['front'], config: small });
    expect(() => imagesOnly.updateCritic(withFrames)).toThrow('batch.observations.front: expected a Float32Array, got Uint8Array');
  });

  it('concatenates several keys row by row, the same as one key holding both', () => {
    const joined = randomBatch(4, 5, 2, 9);
    const split = (o: Record<string, Float32Array | Uint8Array>) => {
      const rows = [0, 1, 2, 3];
      const s = o.state;
      return {
        a: Float32Array.from(rows.flatMap((r) => Array.from(s.subarray(r * 5, r * 5 + 2)))),
        b: Float32Array.from(rows.flatMap((r) => Array.from(s.subarray(r * 5 + 2, r * 5 + 5)))),
      };
    };
    const parts: Batch = { ...joined, observations: split(joined.observations), nextObservations: split(joined.nextObservations) };
    const one = SacAgent.create({ observationDim: 5, actionDim: 2, config: small, seed: 4 });
    const two = SacAgent.create({ observationDim: 5, actionDim: 2, observationKeys: ['a', 'b'], config: small, seed: 4 });
    expect(two.updateFull(parts)).toEqual(one.updateFull(joined));
    const wrong = SacAgent.create({ observationDim: 6, actionDim: 2, observationKeys: ['a', 'b'], config: small });
    expect(() => wrong.updateCritic(parts)).toThrow('batch.observations: keys [a, b] hold 5 values per row, expected 6');
  });

  it('records the keys in policy and checkpoint metadata; files without them read state', async () => {
    const agent = SacAgent.create({ observationDim: 7, actionDim: 4, observationKeys: ['state'], config: small });
    const bytes = encodeSafetensors(agent.exportPolicy(), observationKeysMetadata(['state', 'extra']));
    expect(observationKeysFromMetadata(decodeSafetensors(bytes).metadata)).toEqual(['state', 'extra']);
    expect(observationKeysFromMetadata({})).toEqual(['state']);
    const dir = await mkdtemp(join(tmpdir(), 'rlpd-keys-'));
    try {
      const saved = await saveCheckpoint(dir, 3, agent, { step: 3 });
      expect(observationKeysFromMetadata((await loadCheckpoint(saved)).metadata)).toEqual(['state']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
