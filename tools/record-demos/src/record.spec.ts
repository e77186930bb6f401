import { describe, expect, it } from 'vitest';
import { recordDemos } from './record.js';

describe('recordDemos', () => {
  it('keeps only successful oracle episodes, every step marked as a demonstrator action', async () => {
    const result = await recordDemos({ task: 'pick-cube', episodes: 2, out: 'unused.pkl', intervener: 'oracle', noise: 0.1, seed: 3, maxAttempts: 0 });
    expect(result.episodes).toBe(2);
    expect(result.transitions).toHaveLength(200); // pick-cube episodes run to the 100-step limit
    expect(result.transitions.filter((t) => t.dones)).toHaveLength(2);
    expect(result.transitions.every((t) => t.intervened)).toBe(true);
    expect(result.transitions.some((t) => t.success)).toBe(true);
    // Truncation is not termination: the time limit still bootstraps.
    expect(result.transitions.every((t) => t.masks === 1)).toBe(true);
  }, 60_000);
});
