import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { numpyVersion, python } from './internal/python3.test.js';
import { readTransitionsPickle, summarizeTransitionsPickle, writeTransitionsPickle } from './index.js';

// Every layout serl and hil-serl write must come back from read + write with the same keys,
// shapes, dtypes and Python types when Python loads it. Python writes the inputs with its own
// numpy (2.x here: `numpy._core` names); the numpy 1.x variant of each file is made by
// rewriting the module names to `numpy.core`, as numpy 1.x writes them (only one numpy is
// installed here).

if (!numpyVersion) console.log('skipping python layout tests: python3 with numpy is not available');

const WRITE_LAYOUTS = `
import pickle, pickletools, sys, numpy as np
out = sys.argv[1]
def episode(make):
    return [make(step, step == 2) for step in range(3)]
# serl: a Box observation space gives flat arrays; buffer transitions carry no infos.
serl = episode(lambda s, last: dict(
    observations=np.arange(5, dtype=np.float32) * 0.25 + s, actions=np.array([0.5, -0.25, 0.0, 1.0], np.float32),
    next_observations=np.arange(5, dtype=np.float32) * 0.25 + s + 1, rewards=float(last), masks=1.0 - last, dones=last))
# hil-serl: dict of (1, D) state and (1, H, W, 3) camera frames; float64 actions (values float32 can
# hold: the buffer keeps float32, so float64 data keeps its dtype but not its extra digits); int rewards; infos.
hil = episode(lambda s, last: dict(
    observations={'state': np.full((1, 19), s, np.float32), 'wrist_1': np.full((1, 4, 4, 3), s, np.uint8)},
    actions=np.arange(-3, 4) * 0.25, next_observations={'state': np.full((1, 19), s + 1, np.float32), 'wrist_1': np.full((1, 4, 4, 3), s + 1, np.uint8)},
    rewards=int(last), masks=1.0 - last, dones=last, infos={'succeed': last, **({'intervene_action': np.arange(-3, 4) * 0.25} if s == 0 else {})}))
# nested dicts (an env's Dict space stored unflattened), float64 leaves, numpy scalars for rewards/masks/dones.
nested = episode(lambda s, last: dict(
    observations={'state': {'tcp_pose': np.full(6, s, np.float64), 'gripper': np.array([0.5], np.float32)}, 'images': {'front': np.full((2, 2, 3), s, np.uint8)}},
    actions=np.array([[s, 1.0]], np.float32),
    next_observations={'state': {'tcp_pose': np.full(6, s + 1, np.float64), 'gripper': np.array([0.25], np.float32)}, 'images': {'front': np.full((2, 2, 3), s + 1, np.uint8)}},
    rewards=np.float32(0.5 * last), masks=np.float64(1.0 - last), dones=np.bool_(last)))
for name, ts in (('serl', serl), ('hil-serl', hil), ('nested', nested)):
    data = pickle.dumps(ts, protocol=4)
    assert b'numpy._core.multiarray' in data
    with open(f'{out}/{name}-numpy2.pkl', 'wb') as f:
        f.write(data)
    data = data.replace(b'\\x8c\\x16numpy._core.multiarray', b'\\x8c\\x15numpy.core.multiarray').replace(b'\\x8c\\x13numpy._core.numeric', b'\\x8c\\x12numpy.core.numeric')
    # the renamed strings are shorter: re-frame the protocol-4 stream (optimize rebuilds the frames)
    data = pickletools.optimize(data)
    assert b'numpy._core' not in data and b'numpy.core.multiarray' in data
    with open(f'{out}/{name}-numpy1.pkl', 'wb') as f:
        f.write(data)
`;

/** What Python sees in each file: per transition, keys and (type, dtype, shape, values) of every value, recursively. */
const DESCRIBE = `
import pickle, sys, json, numpy as np
def desc(v):
    if isinstance(v, dict):
        return {'dict': {k: desc(x) for k, x in v.items()}}
    if isinstance(v, np.ndarray):
        return ['ndarray', str(v.dtype), list(v.shape), v.ravel().tolist()]
    if isinstance(v, np.generic):
        return [type(v).__name__, str(v.dtype), v.item()]
    return [type(v).__name__, v]
out = {}
for path in sys.argv[1:]:
    with open(path, 'rb') as f:
        out[path] = [{k: desc(t[k]) for k in sorted(t)} for t in pickle.load(f)]
print(json.dumps(out))
`;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rlpd-layouts-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LAYOUTS = ['serl', 'hil-serl', 'nested'] as const;
const NUMPY = ['numpy1', 'numpy2'] as const;

describe.skipIf(!numpyVersion)(`serl and hil-serl pickle layouts round-trip through python3 + numpy ${numpyVersion}`, () => {
  it('reads, summarises and writes back each layout so python loads the same keys, shapes, dtypes and values', async () => {
    python(WRITE_LAYOUTS, dir);
    const pairs: [string, string][] = [];
    for (const layout of LAYOUTS) {
      for (const numpy of NUMPY) {
        const input = join(dir, `${layout}-${numpy}.pkl`);
        const output = join(dir, `${layout}-${numpy}.back.pkl`);
        const summary = await summarizeTransitionsPickle(input);
        expect(summary.transitions).toBe(3);
        await writeTransitionsPickle(output, await readTransitionsPickle(input), { layout: summary.layout ?? undefined });
        pairs.push([input, output]);
      }
    }
    const seen = JSON.parse(python(DESCRIBE, ...pairs.flat())) as Record<string, unknown[]>;
    for (const [input, output] of pairs) expect(seen[output], output).toEqual(seen[input]);
  });

  it('summarises the real keys and shapes of each layout', async () => {
    python(WRITE_LAYOUTS, dir);
    const serl = await summarizeTransitionsPickle(join(dir, 'serl-numpy1.pkl'));
    expect(serl.fields).toMatchObject({
      observations: { shape: [5], dtype: 'float32' },
      next_observations: { shape: [5], dtype: 'float32' },
      actions: { shape: [4], dtype: 'float32' },
    });
    expect(serl.layout?.observations).toEqual({ kind: 'array', shape: [5], dtype: 'float32' });
    expect(serl.layout?.infos).toBe(false);
    const [flat] = await readTransitionsPickle(join(dir, 'serl-numpy2.pkl'));
    expect(flat.observations).toEqual({ state: Float32Array.of(0, 0.25, 0.5, 0.75, 1) });

    const hil = await summarizeTransitionsPickle(join(dir, 'hil-serl-numpy2.pkl'));
    expect(hil.fields).toMatchObject({
      'observations.state': { shape: [1, 19], dtype: 'float32' },
      'observations.wrist_1': { shape: [1, 4, 4, 3], dtype: 'uint8' },
      actions: { shape: [7], dtype: 'float64' },
      rewards: { shape: [], dtype: 'int' },
    });
    expect(hil).toMatchObject({ episodes: 1, successes: 1, interventions: 1 });

    const nested = await summarizeTransitionsPickle(join(dir, 'nested-numpy1.pkl'));
    expect(nested.fields).toMatchObject({
      'observations.state.tcp_pose': { shape: [6], dtype: 'float64' },
      'observations.state.gripper': { shape: [1], dtype: 'float32' },
      'next_observations.images.front': { shape: [2, 2, 3], dtype: 'uint8' },
      actions: { shape: [1, 2], dtype: 'float32' },
      rewards: { shape: [], dtype: 'float32' },
      dones: { shape: [], dtype: 'bool' },
    });
    const [t] = await readTransitionsPickle(join(dir, 'nested-numpy2.pkl'));
    expect(Object.keys(t.observations)).toEqual(['state.tcp_pose', 'state.gripper', 'images.front']);
    expect(t.observations['images.front']).toBeInstanceOf(Uint8Array);
  });
});
