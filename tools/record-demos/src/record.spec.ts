import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VirtualSpaceMouse, createVirtualHidBackend } from '@rlpd/intervention';
import { recordDemosConfigSchema } from './config.js';
import { recordDemos } from './record.js';

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
if (!hasNumpy) console.log('skipping the python check of a recorded vision pickle: python3 with numpy is not available');

describe('recordDemos', () => {
  it('keeps only successful oracle episodes, whose steps are not stored as interventions', async () => {
    const result = await recordDemos(recordDemosConfigSchema.parse({ episodes: 2, out: 'unused.pkl', noise: 0.1, seed: 3 }));
    expect(result.episodes).toBe(2);
    expect(result.transitions).toHaveLength(200); // pick-cube episodes run to the 100-step limit
    expect(result.transitions.filter((t) => t.dones)).toHaveLength(2);
    expect(result.transitions.some((t) => t.intervened)).toBe(false);
    expect(result.transitions.some((t) => t.success)).toBe(true);
    // Truncation is not termination: the time limit still bootstraps.
    expect(result.transitions.every((t) => t.masks === 1)).toBe(true);
  }, 60_000);

  it("with --success-out / --failure-out, splits every step of every attempt by the sim's success in its next state", async () => {
    const result = await recordDemos(
      recordDemosConfigSchema.parse({ episodes: 2, out: 'unused.pkl', noise: 0.3, maxAttempts: 20, seed: 5, successOut: 's.pkl', failureOut: 'f.pkl' }),
    );
    // Failed attempts count too (episodes end at 100 steps, or earlier if the cube leaves the workspace).
    expect(result.attempts).toBeGreaterThan(result.episodes);
    expect(result.successes.length + result.failures.length).toBeGreaterThan(result.transitions.length);
    expect(result.successes.length).toBe(
      result.transitions.filter((t) => t.success).length + result.successes.filter((t) => !result.transitions.includes(t)).length,
    );
    expect(result.successes.length).toBeGreaterThan(0);
    expect(result.successes.every((t) => t.success === true)).toBe(true);
    expect(result.failures.every((t) => t.success !== true)).toBe(true);
    const plain = await recordDemos(recordDemosConfigSchema.parse({ episodes: 1, out: 'unused.pkl', seed: 5 }));
    expect(plain.successes).toHaveLength(0); // nothing kept without the flags
  }, 60_000);

  it("records pick-cube-vision with both cameras, the oracle reading the sim's privileged state", async () => {
    const result = await recordDemos(recordDemosConfigSchema.parse({ task: 'pick-cube-vision', episodes: 1, out: 'unused.pkl', seed: 5 }));
    expect(Object.keys(result.observationSpace)).toEqual(['state', 'front', 'wrist']);
    expect(result.observationSpace.front.shape).toEqual([128, 128, 3]);
    expect(result.transitions).toHaveLength(100);
    expect(result.transitions.some((t) => t.success)).toBe(true);
    const [first, second] = result.transitions;
    expect(first.observations.state).toHaveLength(7); // no cube position: only what a robot senses
    for (const key of ['front', 'wrist']) {
      expect(first.observations[key]).toBeInstanceOf(Uint8Array);
      expect(first.observations[key]).toHaveLength(128 * 128 * 3);
      // Consecutive steps: the next observation is the following step's observation.
      expect(second.observations[key]).toEqual(first.nextObservations[key]);
    }
  }, 60_000);

  it.skipIf(!hasNumpy)(
    'writes a pick-cube-vision pickle that python reads: (1, 128, 128, 3) uint8 per camera, (1, 7) float32 state',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'rlpd-record-vision-'));
      try {
        const out = join(dir, 'vision.pkl');
        const main = resolve(dirname(fileURLToPath(import.meta.url)), '../dist/main.js');
        execFileSync(process.execPath, [main, '--task', 'pick-cube-vision', '--episodes', '1', '--out', out], { stdio: ['ignore', 'ignore', 'ignore'] });
        const script = `
import pickle, sys, json
with open(sys.argv[1], 'rb') as f:
    data = pickle.load(f)
t = data[0]
print(json.dumps([len(data)] + [[k, name, str(v.dtype), list(v.shape)] for k in ('observations', 'next_observations') for name, v in t[k].items()] + [int(t['observations']['front'].max())]))
`;
        const [count, ...rest] = JSON.parse(execFileSync('python3', ['-c', script, out], { encoding: 'utf8' })) as [number, ...unknown[]];
        expect(count).toBe(100);
        expect(rest).toEqual([
          ['observations', 'state', 'float32', [1, 7]],
          ['observations', 'front', 'uint8', [1, 128, 128, 3]],
          ['observations', 'wrist', 'uint8', [1, 128, 128, 3]],
          ['next_observations', 'state', 'float32', [1, 7]],
          ['next_observations', 'front', 'uint8', [1, 128, 128, 3]],
          ['next_observations', 'wrist', 'uint8', [1, 128, 128, 3]],
          expect.any(Number),
        ]);
        expect(rest[6]).toBeGreaterThan(0); // a rendered image, not zeros
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    60_000,
  );

  it('records from a SpaceMouse (virtual) and drops an episode that does not succeed', async () => {
    const device = new VirtualSpaceMouse(0xc62e);
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const config = recordDemosConfigSchema.parse({ intervener: 'spacemouse', episodes: 1, maxAttempts: 1, out: 'unused.pkl', realTime: false });
    await expect(recordDemos(config, { hidBackend: createVirtualHidBackend([device]), log: quiet })).rejects.toThrow(
      'only 0 of 1 episodes succeeded in 1 attempts',
    );
    expect(device.isOpen).toBe(false);
  }, 30_000);
});
