import { box, type EnvSpec, type Transition } from '@rlpd/spaces';
import { describe, expect, it } from 'vitest';
import { managedFixtures, waitFor } from './internal/fixtures.test.js';

const { learner, client } = managedFixtures();

/** The layout of `pick-cube-vision`: a 7-number state and two 128x128 RGB cameras. */
const visionSpec: EnvSpec = {
  name: 'pick-cube-vision',
  observationSpace: { state: box([7], -10, 10), front: box([128, 128, 3], 0, 255, 'uint8'), wrist: box([128, 128, 3], 0, 255, 'uint8') },
  actionSpace: box([4], -1, 1),
  maxEpisodeSteps: 100,
  controlHz: 10,
};
const FRAME_BYTES = 128 * 128 * 3;
const TRANSITIONS = 1000;
const PER_MESSAGE = 20;

/** Pseudo-random bytes (xorshift32) that differ per camera and step, regenerated on the receiving side. */
function frame(camera: number, step: number): Uint8Array {
  const words = new Uint32Array(FRAME_BYTES / 4);
  let x = (camera * 0x9e3779b9 + step * 0x85ebca6b + 1) >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return new Uint8Array(words.buffer);
}

/** Step `i`: its next observation is step i + 1's observation, as in an episode. */
function transition(i: number): Transition {
  return {
    observations: { state: Float32Array.from({ length: 7 }, (_, k) => i + k / 8), front: frame(0, i), wrist: frame(1, i) },
    nextObservations: { state: Float32Array.from({ length: 7 }, (_, k) => i + 1 + k / 8), front: frame(0, i + 1), wrist: frame(1, i + 1) },
    actions: Float32Array.of(Math.sin(i), Math.cos(i), -0.5, i % 2 === 0 ? 1 : -1),
    rewards: i / 1000,
    masks: i % 100 === 99 ? 0 : 1,
    dones: i % 100 === 99,
    intervened: i % 7 === 0,
    ...(i % 3 === 0 ? {} : { success: i % 3 === 1 }),
  };
}

const bytesOf = (a: Float32Array | Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Names the first field of `got` whose bytes differ from `want`'s, or returns null. */
function firstDifference(got: Transition, want: Transition): string | null {
  for (const field of ['observations', 'nextObservations'] as const) {
    if (Object.keys(got[field]).sort().join() !== Object.keys(want[field]).sort().join()) return `${field} keys`;
    for (const key of Object.keys(want[field])) {
      const g = got[field][key];
      if (g.constructor !== want[field][key].constructor || !bytesOf(g).equals(bytesOf(want[field][key]))) return `${field}.${key}`;
    }
  }
  if (!bytesOf(got.actions).equals(bytesOf(want.actions))) return 'actions';
  for (const key of ['rewards', 'masks', 'dones', 'intervened', 'success'] as const) {
    if (!Object.is(key === 'rewards' ? Math.fround(want.rewards) : want[key], got[key])) return key;
  }
  return null;
}

describe('two-camera transitions through the real server and client', () => {
  it('delivers 1,000 transitions of two 128x128x3 uint8 cameras byte for byte, and parameters unchanged', async () => {
    const differences: string[] = [];
    let received = 0;
    const { url, server } = await learner({
      envSpec: visionSpec,
      onTransitions: (_actorId, ts) => {
        for (const t of ts) {
          // The reward identifies the step (rewards travel as float32: i / 1000 is exact enough to round back).
          const i = Math.round(t.rewards * 1000);
          const difference = firstDifference(t, transition(i));
          if (difference !== null) differences.push(`transition ${i}: ${difference}`);
          received++;
        }
      },
    });
    const actor = client(url, { envSpec: visionSpec, ackTimeoutMs: 20_000 });
    const params: Uint8Array[] = [];
    actor.onParams(({ bytes }) => params.push(bytes));
    await actor.connect();
    const published = frame(7, 7).subarray(0, 40_000);
    server.publishParams(1, 0, published);
    for (let first = 0; first < TRANSITIONS; first += PER_MESSAGE) {
      await actor.sendTransitions(Array.from({ length: PER_MESSAGE }, (_, k) => transition(first + k)));
    }
    await actor.flush(60_000);
    await waitFor('the parameters', () => params.length === 1);
    expect(received).toBe(TRANSITIONS);
    expect(differences).toEqual([]);
    expect(bytesOf(params[0]).equals(bytesOf(published))).toBe(true);
  }, 120_000);
});
