import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envSpecSchema } from '@rlpd/spaces';
import { PICK_CUBE_STATE_LAYOUT, createPickCubeEnv, type PickCubeEnv } from './index.js';

const { tcpPos, gripperOpening, cubePos } = PICK_CUBE_STATE_LAYOUT;
const state = (o: { state?: Float32Array | Uint8Array }): Float32Array => o.state as Float32Array;
const act = (x: number, y: number, z: number, g: number): Float32Array => Float32Array.of(x, y, z, g);

describe('PickCubeEnv', () => {
  let env: PickCubeEnv;
  beforeAll(async () => {
    env = await createPickCubeEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('has the pick-cube spec', () => {
    expect(envSpecSchema.parse(env.spec)).toBeTruthy();
    expect(env.spec.name).toBe('pick-cube');
    expect(env.spec.observationSpace.state.shape).toEqual([10]);
    expect(env.spec.observationSpace.state.low.every(Number.isFinite)).toBe(true);
    expect(env.spec.actionSpace).toEqual({ shape: [4], dtype: 'float32', low: [-1, -1, -1, -1], high: [1, 1, 1, 1] });
    expect(env.spec.maxEpisodeSteps).toBe(100);
    expect(env.spec.controlHz).toBeCloseTo(10, 9);
  });

  it('resets to the home pose, gripper open, cube resting inside the start region', async () => {
    for (let seed = 0; seed < 5; seed++) {
      const { observation, info } = await env.reset({ seed });
      const s = state(observation);
      expect(s).toHaveLength(10);
      expect(s[tcpPos.offset]).toBeCloseTo(0.4, 2);
      expect(s[tcpPos.offset + 2]).toBeCloseTo(0.2, 2);
      expect(s[gripperOpening.offset]).toBeGreaterThan(0.95);
      expect(s[cubePos.offset]).toBeGreaterThanOrEqual(0.25);
      expect(s[cubePos.offset]).toBeLessThanOrEqual(0.55);
      expect(Math.abs(s[cubePos.offset + 1])).toBeLessThanOrEqual(0.25);
      expect(s[cubePos.offset + 2]).toBeCloseTo(0.02, 3);
      expect(info.success).toBe(false);
    }
  });

  it('is deterministic for a seed and continues its RNG stream without one', async () => {
    const a = state((await env.reset({ seed: 42 })).observation);
    const a1 = state((await env.step(act(0.3, -0.2, -0.5, 0))).observation);
    const b = state((await env.reset({ seed: 42 })).observation);
    const b1 = state((await env.step(act(0.3, -0.2, -0.5, 0))).observation);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(b1)).toEqual(Array.from(a1));
    const c = state((await env.reset({ seed: 43 })).observation);
    expect(c[cubePos.offset]).not.toBe(a[cubePos.offset]);
    // Without a seed the stream continues: seed 42 then two unseeded resets repeat exactly.
    await env.reset({ seed: 42 });
    const d1 = state((await env.reset()).observation);
    const d2 = state((await env.reset()).observation);
    await env.reset({ seed: 42 });
    expect(Array.from(state((await env.reset()).observation))).toEqual(Array.from(d1));
    expect(d2[cubePos.offset]).not.toBe(d1[cubePos.offset]);
  });

  it('clips actions to [-1, 1] and the target to the workspace', async () => {
    await env.reset({ seed: 1 });
    await env.step(act(5, 0, 0, 1));
    expect(env.getTarget()[0]).toBeCloseTo(0.5, 9);
    for (let i = 0; i < 5; i++) await env.step(act(1, -1, 1, 1));
    expect(env.getTarget()).toEqual([0.6, -0.3, 0.5]);
    const s = state((await env.step(act(0, 0, 0, 1))).observation);
    expect(s[tcpPos.offset]).toBeCloseTo(0.6, 2);
    expect(s[tcpPos.offset + 1]).toBeCloseTo(-0.3, 2);
    expect(s[tcpPos.offset + 2]).toBeCloseTo(0.5, 2);
    await expect(env.step(new Float32Array(3))).rejects.toThrow('4-D action');
    await expect(env.step(act(0, Number.NaN, 0, 0))).rejects.toThrow('action[1] is NaN');
  });

  it('stops the fingers on the table and closes the gripper on command', async () => {
    const s0 = state((await env.reset({ seed: 3 })).observation);
    let s = s0;
    for (let i = 0; i < 4; i++) s = state((await env.step(act(0, 0.0, -1, -1))).observation);
    expect(env.getTarget()[2]).toBe(0);
    expect(s[tcpPos.offset + 2]).toBeGreaterThan(0.0);
    expect(s[tcpPos.offset + 2]).toBeLessThan(0.03);
    expect(s[gripperOpening.offset]).toBeLessThan(0.6);
  });

  it('keeps the binary gripper state between the switch thresholds (hil-serl Franka rule)', async () => {
    await env.reset({ seed: 4 });
    const opening = async (g: number) => state((await env.step(act(0, 0, 0, g))).observation)[gripperOpening.offset];
    expect(await opening(0.3)).toBeGreaterThan(0.9); // open, and 0.3 does not switch
    expect(await opening(-0.4)).toBeGreaterThan(0.9); // -0.4 does not close either
    expect(await opening(-0.5)).toBeLessThan(0.2); // -0.5 closes
    expect(await opening(0.4)).toBeLessThan(0.2); // stays closed
    expect(await opening(0.5)).toBeGreaterThan(0.9); // 0.5 opens
  });

  it('maps the gripper command linearly in absolute mode', async () => {
    const absolute = await createPickCubeEnv({ gripperMode: 'absolute' });
    await absolute.reset({ seed: 4 });
    const s = state((await absolute.step(act(0, 0, 0, 0))).observation);
    expect(s[gripperOpening.offset]).toBeGreaterThan(0.3);
    expect(s[gripperOpening.offset]).toBeLessThan(0.7);
    await absolute.close();
  });

  it('truncates at 100 steps and reports the reward formula', async () => {
    const { observation } = await env.reset({ seed: 5 });
    const s0 = state(observation);
    let last = { truncated: false, terminated: false, reward: 0, observation };
    for (let t = 1; t <= 100; t++) {
      last = await env.step(act(0, 0, 0, 1));
      expect(last.truncated).toBe(t === 100);
      expect(last.terminated).toBe(false);
    }
    const s = state(last.observation);
    const d = Math.hypot(s[0] - s[7], s[1] - s[8], s[2] - s[9]);
    expect(last.reward).toBeCloseTo(0.3 * Math.exp(-20 * d), 6);
    expect(s[cubePos.offset]).toBeCloseTo(s0[cubePos.offset], 4);
  });
});
