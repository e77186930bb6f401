import { box, type Transition } from '@rlpd/spaces';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTransitionsPickle, writeTransitionsPickle } from './index.js';
import { streamTransitionsPickleTransient } from './stream-transitions-pickle.js';

const space = { state: box([1, 5], -1e9, 1e9), cam: box([1, 16, 16, 3], 0, 255, 'uint8') };

function transition(i: number): Transition {
  const frame = (n: number): Uint8Array => Uint8Array.from({ length: 16 * 16 * 3 }, (_, j) => (n * 31 + j) % 256);
  return {
    observations: { state: Float32Array.from({ length: 5 }, (_, k) => i + k / 8), cam: frame(i) },
    nextObservations: { state: Float32Array.from({ length: 5 }, (_, k) => i + 1 + k / 8), cam: frame(i + 1) },
    actions: Float32Array.of(i, -i),
    rewards: i % 7 === 6 ? 1 : 0,
    masks: 1,
    dones: i % 7 === 6,
    intervened: false,
  };
}

/** Copies what a visitor receives (the transient arrays are only valid during the call). */
function copy(t: Transition): unknown {
  const obs = (o: Transition['observations']): Record<string, number[]> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Array.from(v)]));
  return { ...t, observations: obs(t.observations), nextObservations: obs(t.nextObservations), actions: Array.from(t.actions) };
}

async function transient(path: string, windowBytes: number): Promise<unknown[]> {
  const out: unknown[] = [];
  await streamTransitionsPickleTransient(path, ({ transition }) => out.push(copy(transition)), windowBytes);
  return out;
}

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rlpd-transient-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('transient payload views (the loader fast path)', () => {
  it('hands out the same values as the copying reader, for windows smaller and larger than a transition', async () => {
    const path = join(dir, 'ts.pkl');
    await writeTransitionsPickle(
      path,
      Array.from({ length: 40 }, (_, i) => transition(i)),
      { observationSpace: space },
    );
    const expected = (await readTransitionsPickle(path)).map(copy);
    for (const windowBytes of [64, 1000, 5000, 20_000, 4 << 20]) expect(await transient(path, windowBytes)).toEqual(expected);
  });

  const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
  if (!numpy) console.log('skipping the python-memoised re-read test: python3 with numpy is not available');
  it.skipIf(!numpy)('re-reads arrays that python memoised (shared between transitions) once their window is gone', async () => {
    // As in an actor loop: next_observations of step t is the same object as observations of t + 1.
    const path = join(dir, 'shared.pkl');
    const script = `
import pickle, sys, numpy as np
obs = {'state': np.arange(5, dtype=np.float32)[None], 'cam': np.full((1, 16, 16, 3), 0, np.uint8)}
out = []
for i in range(30):
    nxt = {'state': np.arange(5, dtype=np.float32)[None] + i + 1, 'cam': np.full((1, 16, 16, 3), (i + 1) % 256, np.uint8)}
    out.append({'observations': obs, 'actions': np.array([i, -i], np.float32), 'next_observations': nxt,
                'rewards': 0.0, 'masks': 1.0, 'dones': False, 'infos': {}})
    obs = nxt
with open(sys.argv[1], 'wb') as f:
    pickle.dump(out, f, protocol=int(sys.argv[2]))
`;
    for (const protocol of ['4', '5']) {
      const r = spawnSync('python3', ['-c', script, path, protocol], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      const expected = (await readTransitionsPickle(path)).map(copy);
      expect((expected[3] as { observations: { cam: number[] } }).observations.cam[0]).toBe(3);
      for (const windowBytes of [64, 2000, 4 << 20]) expect(await transient(path, windowBytes)).toEqual(expected);
    }
  });
});
