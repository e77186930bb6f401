import { describe, expect, it } from 'vitest';
import { VirtualSpaceMouse, createVirtualHidBackend } from '@rlpd/intervention';
import { recordDemosConfigSchema } from './config.js';
import { recordDemos } from './record.js';

describe('recordDemos', () => {
  it('keeps only successful oracle episodes, every step marked as a demonstrator action', async () => {
    const result = await recordDemos(recordDemosConfigSchema.parse({ episodes: 2, out: 'unused.pkl', noise: 0.1, seed: 3 }));
    expect(result.episodes).toBe(2);
    expect(result.transitions).toHaveLength(200); // pick-cube episodes run to the 100-step limit
    expect(result.transitions.filter((t) => t.dones)).toHaveLength(2);
    expect(result.transitions.every((t) => t.intervened)).toBe(true);
    expect(result.transitions.some((t) => t.success)).toBe(true);
    // Truncation is not termination: the time limit still bootstraps.
    expect(result.transitions.every((t) => t.masks === 1)).toBe(true);
  }, 60_000);

  it('records pick-cube-vision with both cameras, the oracle reading the sim\'s privileged state', async () => {
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

  it('records from a SpaceMouse (virtual) and drops an episode that does not succeed', async () => {
    const device = new VirtualSpaceMouse(0xc62e);
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const config = recordDemosConfigSchema.parse({ intervener: 'spacemouse', episodes: 1, maxAttempts: 1, out: 'unused.pkl', realTime: false });
    await expect(recordDemos(config, { hidBackend: createVirtualHidBackend([device]), log: quiet })).rejects.toThrow('only 0 of 1 episodes succeeded in 1 attempts');
    expect(device.isOpen).toBe(false);
  }, 30_000);
});
