import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FrameReader } from './frame-reader.js';
import { PickleIndex } from './pickle-index.js';

const work = mkdtempSync(join(tmpdir(), 'rlpd-pickle-index-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
const numpyVersion = probe.status === 0 ? probe.stdout.trim() : '';
if (!numpyVersion) console.log('skipping pickle-index python tests: python3 with numpy is not available');

/**
 * Five transitions as hil-serl stores them: a 2-frame stack of 4x5 RGB images (frame k of step i
 * filled with 10 i + k), a state, `dones` on step 2, and two steps after it without `dones`.
 */
const WRITE = `
import pickle, sys
import numpy as np
out = []
for i in range(5):
    pixels = np.stack([np.full((4, 5, 3), 10 * i + k, dtype=np.uint8) for k in range(2)])
    obs = {'state': np.array([i, -i, 0.5], dtype=np.float32), 'pixels': pixels}
    out.append({'observations': obs, 'actions': np.array([0.1 * i, 0.2], dtype=np.float32), 'next_observations': obs,
                'rewards': float(i == 2), 'masks': float(i != 2), 'dones': i == 2,
                'infos': {'intervene_action': np.zeros(2, dtype=np.float32)} if i in (1, 3, 4) else {}})
with open(sys.argv[1], 'wb') as f:
    pickle.dump(out, f, protocol=int(sys.argv[2]))
`;

describe.skipIf(!numpyVersion)(`PickleIndex on pickles written by python3 + numpy ${numpyVersion}`, () => {
  // Protocol 2 stores array bytes as latin-1 strings (no offset: frames kept in memory); 4 and 5 as bytes (read by offset).
  it.each([2, 4, 5])('splits episodes at dones and serves the last frame of each stack (protocol %i)', async (protocol) => {
    const file = join(work, `p${protocol}.pkl`);
    const r = spawnSync('python3', ['-c', WRITE, file, String(protocol)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const index = await PickleIndex.build(file);
    expect(index.transitions).toBe(5);
    expect(index.cameras).toEqual([{ key: 'pixels', height: 4, width: 5, channels: 3 }]);
    expect(index.stateLabels).toEqual(['state[0]', 'state[1]', 'state[2]']);
    expect(index.episodes).toEqual([
      { start: 0, length: 3, return: 1, success: true, intervenedSteps: 1, interventions: 1, ended: true },
      { start: 3, length: 2, return: 0, success: false, intervenedSteps: 2, interventions: 1, ended: false },
    ]);
    expect(index.episodeData(1)).toEqual({
      state: [3, -3, 0.5, 4, -4, 0.5],
      actions: [0.30000001192092896, 0.20000000298023224, 0.4000000059604645, 0.20000000298023224],
      rewards: [0, 0],
      intervened: [true, true],
    });
    expect(index.episodeData(2)).toBeNull();
    const frames = new FrameReader(index);
    for (let step = 0; step < 5; step++) {
      const frame = frames.read('pixels', step);
      expect(frame?.width).toBe(5);
      expect(frame?.height).toBe(4);
      expect(Array.from(frame?.rgba.subarray(0, 8) ?? [])).toEqual([
        10 * step + 1,
        10 * step + 1,
        10 * step + 1,
        255,
        10 * step + 1,
        10 * step + 1,
        10 * step + 1,
        255,
      ]);
    }
    expect(frames.read('pixels', 5)).toBeNull();
    expect(frames.read('state', 0)).toBeNull();
    frames.close();
  });
});
