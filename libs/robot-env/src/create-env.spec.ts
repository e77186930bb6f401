import { describe, expect, it } from 'vitest';
import { ENV_NAMES, createEnv } from './index.js';

describe('createEnv', () => {
  it('creates pick-cube by name with options', async () => {
    const env = await createEnv('pick-cube', { maxEpisodeSteps: 7 });
    expect(env.spec.name).toBe('pick-cube');
    expect(env.spec.maxEpisodeSteps).toBe(7);
    await env.close();
  });
  it('lists the known names on an unknown name', async () => {
    expect(ENV_NAMES).toEqual(['pick-cube']);
    await expect(createEnv('pick-sphere')).rejects.toThrow("unknown env 'pick-sphere'; known envs: pick-cube");
  });
  it('rejects unknown or malformed options', async () => {
    await expect(createEnv('pick-cube', { maxEpisodeStep: 7 })).rejects.toThrow(/maxEpisodeStep/);
    await expect(createEnv('pick-cube', { maxEpisodeSteps: -1 })).rejects.toThrow(/maxEpisodeSteps/);
  });
});
