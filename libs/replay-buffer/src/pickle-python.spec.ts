import { box, type Transition } from '@rlpd/spaces';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numpyVersion, python } from './internal/python3.test.js';
import { loadTransitionsPickle, readTransitionsPickle, ReplayBuffer, summarizeTransitionsPickle, writeTransitionsPickle } from './index.js';

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
    expect([a.rewards, a.masks, a.dones]).toEqual([
      ['float', 0.5],
      ['float', 0],
      ['bool', true],
    ]);
    expect(a.infos).toEqual({ succeed: true, intervene_action: { dtype: 'float32', shape: [2], values: [0.25, -0.75] } });
    expect(b.infos).toEqual({});
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
# serl's flat-array layout differs from t0's, so it goes to its own file (one layout per file).
with open(sys.argv[1], 'wb') as f:
    pickle.dump([t0], f, protocol=proto)
with open(sys.argv[1] + '.flat', 'wb') as f:
    pickle.dump([t1], f, protocol=proto)
`,
      path,
      String(protocol),
    );
    const [t0] = await readTransitionsPickle(path);
    const [t1] = await readTransitionsPickle(`${path}.flat`);
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

  it.each([2, 3, 4, 5])('reads every numeric dtype, byte order, Fortran order, 0-d arrays and numpy scalars (protocol %i)', async (protocol) => {
    const path = join(dir, `dtypes-${protocol}.pkl`);
    python(
      `
import pickle, sys, numpy as np
proto = int(sys.argv[2])
base = np.array([[1, 2, 3], [4, 5, 6]])
DTYPES = ['bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32', 'float64', '>f4', '>i8', '>f8', '<u2']
ts = []
for fortran in (False, True):
    obs = {}
    for i, dt in enumerate(DTYPES):
        a = (base % 2).astype(dt) if dt == 'bool' else base.astype(dt)
        obs[f'k{i}'] = np.asfortranarray(a) if fortran else a
        obs[f'z{i}'] = np.array(i, dtype=dt if dt != 'bool' else 'int8')
    i = int(fortran)
    ts.append(dict(observations=obs, actions=np.array([i], dtype='>f8'), next_observations=obs,
                   rewards=np.float32(0.5) if fortran else 3, masks=np.float64(1.0), dones=np.bool_(fortran), grasp_penalty=-0.02))
with open(sys.argv[1], 'wb') as f:
    pickle.dump(ts, f, protocol=proto)
`,
      path,
      String(protocol),
    );
    const ts = await readTransitionsPickle(path);
    expect(ts).toHaveLength(2);
    ts.forEach((t, fortran) => {
      for (let i = 0; i < 16; i++) {
        expect(Array.from(t.observations[`k${i}`]), `dtype ${i}, fortran ${fortran}`).toEqual(i === 0 ? [1, 0, 1, 0, 1, 0] : [1, 2, 3, 4, 5, 6]);
        expect(Array.from(t.observations[`z${i}`])).toEqual([i]);
      }
      expect(Array.from(t.actions)).toEqual([fortran]);
      expect([t.rewards, t.masks, t.dones]).toEqual([fortran ? 0.5 : 3, 1, fortran === 1]);
    });
    expect(ts[0].observations.k0).toBeInstanceOf(Uint8Array); // bool arrays stay bytes
    expect(ts[0].observations.k5).toBeInstanceOf(Uint8Array); // uint8
    expect(ts[0].observations.k4).toBeInstanceOf(Float32Array); // int64 -> float32
  });

  it('reads numpy 1.x module names (numpy.core) as well as numpy 2.x ones', async () => {
    const path = join(dir, 'numpy1.pkl');
    python(
      `
import pickle, sys, numpy as np
t = dict(observations={'state': np.ones((1, 3), np.float32)}, actions=np.zeros(2), next_observations={'state': np.ones((1, 3), np.float32)},
         rewards=1.0, masks=0.0, dones=True, infos={'succeed': True})
for proto in (4, 5):
    data = pickle.dumps([t], protocol=proto)
    data = data.replace(b'\\x8c\\x16numpy._core.multiarray', b'\\x8c\\x15numpy.core.multiarray').replace(b'\\x8c\\x13numpy._core.numeric', b'\\x8c\\x12numpy.core.numeric')
    assert b'numpy._core' not in data
    with open(sys.argv[1] + str(proto), 'wb') as f:
        f.write(data)
`,
      path,
    );
    for (const proto of [4, 5]) {
      const [t] = await readTransitionsPickle(`${path}${proto}`);
      expect([Array.from(t.observations.state), t.success, t.dones]).toEqual([[1, 1, 1], true, true]);
    }
  });

  it('summarises and loads hil-serl demos into a buffer, converting float64 with a log line', async () => {
    const path = join(dir, 'hil-serl.pkl');
    python(
      `
import pickle, sys, numpy as np
rng = np.random.default_rng(0)
ts = []
for ep, success in enumerate([True, False, True]):
    for step in range(4):
        last = step == 3
        obs = {'state': rng.standard_normal((1, 19)).astype(np.float32), 'wrist_1': rng.integers(0, 255, (1, 8, 8, 3), dtype=np.uint8)}
        infos = {'succeed': bool(last and success), 'left': False, 'grasp_penalty': 0.0}
        if step < 2 and ep == 0:
            infos['intervene_action'] = np.zeros(7)
        ts.append(dict(observations=obs, actions=rng.standard_normal(7), next_observations=obs, rewards=int(last and success),
                       masks=1.0 - last, dones=last, infos=infos))
with open(sys.argv[1], 'wb') as f:
    pickle.dump(ts, f, protocol=4)
`,
      path,
    );
    const summary = await summarizeTransitionsPickle(path);
    expect(summary).toMatchObject({
      file: path,
      transitions: 12,
      episodes: 3,
      successes: 2,
      interventions: 2,
      episodeLengths: [4, 4, 4],
      episodeReturns: [1, 0, 1],
    });
    expect(summary.fields['observations.state']).toEqual({ shape: [1, 19], dtype: 'float32' });
    expect(summary.fields['observations.wrist_1']).toEqual({ shape: [1, 8, 8, 3], dtype: 'uint8' });
    expect(summary.fields.actions).toEqual({ shape: [7], dtype: 'float64' });
    expect(summary.fields.rewards).toEqual({ shape: [], dtype: 'int' });
    expect(summary.fields['infos.intervene_action']).toEqual({ shape: [7], dtype: 'float64' });
    const buffer = new ReplayBuffer({
      observationSpace: { state: box([19], -10, 10), wrist_1: box([1, 8, 8, 3], 0, 255, 'uint8') },
      actionDim: 7,
      capacity: 100,
    });
    const lines: string[] = [];
    const report = await loadTransitionsPickle(path, buffer, { log: (l) => lines.push(l) });
    expect(report).toEqual({ transitions: 12, episodes: 3, successes: 2, conversions: { actions: 'float64' }, ignoredKeys: [], prefaultThread: false });
    expect(lines).toEqual([`${path}: converted actions from float64 to float32`]);
    expect(buffer.size).toBe(12);
    const wrong = new ReplayBuffer({ observationSpace: { state: box([10], -1, 1) }, actionDim: 7, capacity: 10 });
    await expect(loadTransitionsPickle(path, wrong)).rejects.toThrow(
      new RegExp(`^${path}: transition 0 \\(byte \\d+\\): observations\\.state is float32 \\(1, 19\\) \\(19 elements\\), expected float32 with 10 elements$`),
    );
  });
});
