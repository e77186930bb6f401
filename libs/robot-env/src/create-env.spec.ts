import { describe, expect, it } from 'vitest';
import { ENV_NAMES, FakeFrankaServer, createEnv } from './index.js';

describe('createEnv', () => {
  it('creates pick-cube by name with options', async () => {
    const env = await createEnv('pick-cube', { maxEpisodeSteps: 7 });
    expect(env.spec.name).toBe('pick-cube');
    expect(env.spec.maxEpisodeSteps).toBe(7);
    await env.close();
  });
  it('lists the known names on an unknown name', async () => {
    expect(ENV_NAMES).toEqual(['pick-cube', 'pick-cube-vision', 'franka-http']);
    await expect(createEnv('pick-sphere')).rejects.toThrow("unknown env 'pick-sphere'; known envs: pick-cube, pick-cube-vision, franka-http");
  });
  it('creates pick-cube-vision with camera sizes from its options', async () => {
    const env = await createEnv('pick-cube-vision', { frontWidth: 64, frontHeight: 48, maxEpisodeSteps: 9 });
    expect(env.spec.name).toBe('pick-cube-vision');
    expect(env.spec.maxEpisodeSteps).toBe(9);
    expect(env.spec.observationSpace.front.shape).toEqual([48, 64, 3]);
    expect(env.spec.observationSpace.wrist.shape).toEqual([128, 128, 3]);
    const { observation } = await env.reset({ seed: 1 });
    expect(observation.front).toHaveLength(48 * 64 * 3);
    await env.close();
    await expect(createEnv('pick-cube-vision', { frontWidth: 0 })).rejects.toThrow(/frontWidth/);
    await expect(createEnv('pick-cube-vision', { wristSize: 64 })).rejects.toThrow(/wristSize/);
  });
  it('rejects unknown or malformed options', async () => {
    await expect(createEnv('pick-cube', { maxEpisodeStep: 7 })).rejects.toThrow(/maxEpisodeStep/);
    await expect(createEnv('pick-cube', { maxEpisodeSteps: -1 })).rejects.toThrow(/maxEpisodeSteps/);
  });
  it("creates franka-http: the robot behind serl's HTTP API, in hil-serl's wrapper stack (19-value state)", async () => {
    const server = await FakeFrankaServer.start();
    try {
      const env = await createEnv('franka-http', { robotUrl: server.url });
      expect(env.spec.observationSpace.state.shape).toEqual([19]);
      expect(env.spec.actionSpace.shape).toEqual([7]);
      await expect(createEnv('franka-http', { robotUrl: server.url, safetyBx: {} })).rejects.toThrow(/safetyBx/);
    } finally {
      await server.close();
    }
  });
});
