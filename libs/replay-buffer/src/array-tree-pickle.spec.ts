import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encodeArrayTreePickle, parseArrayTreePickle } from './index.js';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe('array tree pickles (nested dicts of numpy arrays)', () => {
  const tree = {
    'conv_init/kernel': { shape: [7, 7, 3, 2], data: Float32Array.from({ length: 294 }, (_, i) => i / 7) },
    'ResNetBlock_0/Conv_0/kernel': { shape: [3, 3, 2, 2], data: Float32Array.from({ length: 36 }, (_, i) => -i) },
    'ResNetBlock_0/MyGroupNorm_0/scale': { shape: [2], data: Float32Array.of(1, 2) },
  };

  it('round-trips paths, shapes and values', async () => {
    const parsed = await parseArrayTreePickle(encodeArrayTreePickle(tree), 'tree.pkl');
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(tree).sort());
    for (const [path, { shape, data }] of Object.entries(tree)) {
      expect(parsed[path].shape).toEqual(shape);
      expect(parsed[path].data).toEqual(data);
    }
  });

  it.skipIf(!hasNumpy)("is what python pickles as a nested dict of numpy arrays, and reads python's float64 trees", async () => {
    const written = encodeArrayTreePickle(tree);
    const check = spawnSync(
      'python3',
      ['-c', 'import pickle,sys; t=pickle.load(sys.stdin.buffer); print(t["ResNetBlock_0"]["Conv_0"]["kernel"].shape, t["conv_init"]["kernel"].dtype)'],
      { input: written },
    );
    expect(check.stdout.toString().trim()).toBe('(3, 3, 2, 2) float32');
    const fromPython = spawnSync('python3', [
      '-c',
      'import pickle,sys,numpy as np; sys.stdout.buffer.write(pickle.dumps({"a": {"b": np.arange(6, dtype=np.float64).reshape(2, 3)}}, protocol=4))',
    ]);
    const parsed = await parseArrayTreePickle(new Uint8Array(fromPython.stdout), 'py.pkl');
    expect(parsed['a/b'].shape).toEqual([2, 3]);
    expect(Array.from(parsed['a/b'].data)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it.skipIf(!hasNumpy)('refuses leaves that are not float arrays, naming the path', async () => {
    const fromPython = spawnSync('python3', [
      '-c',
      'import pickle,sys,numpy as np; sys.stdout.buffer.write(pickle.dumps({"a": {"steps": np.arange(3)}, "b": "text"}, protocol=4))',
    ]);
    await expect(parseArrayTreePickle(new Uint8Array(fromPython.stdout), 'py.pkl')).rejects.toThrow(
      /'a\/steps' is a numpy int64 array of shape \(3,\), expected a float array/,
    );
  });
});
