import { describe, expect, it } from 'vitest';
import { pickCubeReward } from './pick-cube-reward.js';

describe('pickCubeReward', () => {
  const z0 = 0.02;
  it('is 0.3 with the TCP on a resting cube', () => {
    expect(pickCubeReward([0.4, 0, 0.02], [0.4, 0, 0.02], z0, 0.2)).toBeCloseTo(0.3, 10);
  });
  it('decays with distance as exp(-20 d)', () => {
    expect(pickCubeReward([0.4, 0.1, 0.02], [0.4, 0, 0.02], z0, 0.2)).toBeCloseTo(0.3 * Math.exp(-2), 10);
    expect(pickCubeReward([0.3, 0, 0.02 + 0.1], [0.4, 0, 0.02], z0, 0.2)).toBeCloseTo(0.3 * Math.exp(-20 * Math.SQRT2 * 0.1), 10);
  });
  it('adds 0.7 * lift / 0.2, clipped to [0, 1]', () => {
    expect(pickCubeReward([0.4, 0, 0.12], [0.4, 0, 0.12], z0, 0.2)).toBeCloseTo(0.3 + 0.7 * 0.5, 10);
    expect(pickCubeReward([0.4, 0, 0.5], [0.4, 0, 0.5], z0, 0.2)).toBeCloseTo(1, 10);
    expect(pickCubeReward([0.4, 0, 0.01], [0.4, 0, 0.01], z0, 0.2)).toBeCloseTo(0.3, 10);
  });
});
