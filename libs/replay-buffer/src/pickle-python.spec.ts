import { box, type Transition } from '@rlpd/spaces';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTransitionsPickle, writeTransitionsPickle } from './index.js';

/** Runs a Python script (deprecation warnings are errors); returns stdout, throwing with stderr on failure. */
function python(script: string, ...args: string[]): string {
  const r = spawnSync('python3', ['-W', 'error::DeprecationWarning', '-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python3 failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
const numpyVersion = probe.status === 0 ? probe.stdout.trim() : null;
if (!numpyVersion) console.log('skipping python interop tests: python3 with numpy is not available');

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rlpd-pypickle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LOAD = `
import pickle, sys, json, numpy as np
with open(sys.argv[1], 'rb') as f:
    data = pickle.load(f)
def arr(a):
    return {'dtype': str(a.dtype), 'shape': list(a.shape), 'values': a.ravel().tolist()}
out = []
for t in data:
    out.append({
        'keys': list(t.keys()),
        'obs': {k: arr(v) for k, v in t['observations'].items()},
        'next': {k: arr(v) for k, v in t['next_observations'].items()},
        'actions': arr(t['actions']),
        'rewards': [type(t['rewards']).__name__, t['rewards']],
        'masks': [type(t['masks']).__name__, t['masks']],
        'dones': [type(t['dones']).__name__, t['dones']],
        'infos': {k: (arr(v) if isinstance(v, np.ndarray) else v) for k, v in t['infos'].items()},
    })
print(json.dumps(out))
`;

describe.skipIf(!numpyVersion)(`pickles shared with python3 + numpy ${numpyVersion}`, () => {
  it('writes pickles that python loads with the right values, shapes and dtypes', async () => {
    const path = join(dir, 'from-ts.pkl');
    const t: Transition = {
      observations: { state: Float32Array.of(0.5, -1, 2), wrist: Uint8Array.of(1, 2, 3, 4, 5, 6) },
      nextObservations: { state: Float32Array.of(1.5, -2, 3), wrist: Uint8Array.of(6, 5, 4, 3, 2, 1) },
      actions: Float32Array.of(0.25, -0.75),
      rewards: 0.5,
      masks: 0,
      dones: true,
      intervened: true,
      success: true,
    };
    await writeTransitionsPickle(path, [t, { ...t, intervened: false, success: undefined }], {
      observationSpace: { state: box([1, 3], -5, 5), wrist: box([1, 2, 1, 3], 0, 255, 'uint8') },
    });
    const [a, b] = JSON.parse(python(LOAD, path));
    expect(a.keys).toEqual(['observations', 'actions', 'next_observations', 'rewards', 'masks', 'dones', 'infos']);
    expect(a.obs.state).toEqual({ dtype: 'float32', shape: [1, 3], values: [0.5, -1, 2] });
    expect(a.obs.wrist).toEqual({ dtype: 'uint8', shape: [1, 2, 1, 3], values: [1, 2, 3, 4, 5, 6] });
    expect(a.next.state.values).toEqual([1.5, -2, 3]);
    expect(a.actions).toEqual({ dtype: 'float32', shape: [2], values: [0.25, -0.75] });
    expect([a.rewards, a.masks, a.dones]).toEqual([['float', 0.5], ['float', 0], ['bool', true]]);
    expect(a.infos).toEqual({ succeed: true, intervene_action: { dtype: 'float32', shape: [2], values: [0.25, -0.75] } });
    expect(b.infos).toEqual({ succeed: false });
  });

  it.each([2, 4, 5])('reads pickles python writes with protocol %i', async (protocol) => {
    const path = join(dir, `from-py-${protocol}.pkl`);
    python(
      `
import pickle, sys, numpy as np
proto = int(sys.argv[2])
state = np.array([[0.5, -1.25, 3.0]], dtype=np.float32)
img = np.arange(12, dtype=np.uint8).reshape(1, 2, 2, 3)
t0 = dict(observations={'state': state, 'wrist': img}, actions=np.array([0.1, -0.2, 1.0]),
          next_observations={'state': state * 2, 'wrist': img + 1}, rewards=1, masks=1.0, dones=False,
          infos={'succeed': np.bool_(False), 'intervene_action': np.array([0.1, -0.2, 1.0]), 'left': True})
flat = np.array([1.0, 2.0, 3.0], dtype=np.float64)
t1 = dict(observations=flat, actions=np.asfortranarray(np.array([[1, 2], [3, 4]], dtype=np.float32)),
          next_observations=flat + 1, rewards=np.float32(0.75), masks=np.float64(0.0), dones=np.bool_(True))
with open(sys.argv[1], 'wb') as f:
    pickle.dump([t0, t1], f, protocol=proto)
`,
      path,
      String(protocol),
    );
    const [t0, t1] = await readTransitionsPickle(path);
    expect(t0.observations.state).toEqual(Float32Array.of(0.5, -1.25, 3));
    expect(t0.observations.wrist).toEqual(Uint8Array.from({ length: 12 }, (_, i) => i));
    expect(t0.nextObservations.state).toEqual(Float32Array.of(1, -2.5, 6));
    expect(t0.nextObservations.wrist).toEqual(Uint8Array.from({ length: 12 }, (_, i) => i + 1));
    expect(t0.actions).toEqual(Float32Array.of(0.1, -0.2, 1));
    expect([t0.rewards, t0.masks, t0.dones, t0.intervened, t0.success]).toEqual([1, 1, false, true, false]);
    expect(t1.observations).toEqual({ state: Float32Array.of(1, 2, 3) });
    expect(t1.nextObservations).toEqual({ state: Float32Array.of(2, 3, 4) });
    expect(t1.actions).toEqual(Float32Array.of(1, 2, 3, 4)); // Fortran-ordered input comes back in C order
    expect([t1.rewards, t1.masks, t1.dones, t1.intervened, t1.success]).toEqual([0.75, 0, true, false, undefined]);
  });
});
