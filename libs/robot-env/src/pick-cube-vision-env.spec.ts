import { envSpecSchema } from '@rlpd/spaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PICK_CUBE_STATE_LAYOUT,
  PICK_CUBE_STATE_SIZE,
  PICK_CUBE_VISION_STATE_LAYOUT,
  checkObservation,
  createPickCubeEnv,
  createPickCubeVisionEnv,
  type PickCubeVisionEnv,
} from './index.js';
import { scriptedPickAction } from './internal/scripted-pick-action.js';

function privileged(info: Record<string, unknown>): Float32Array {
  const s = info.privilegedState;
  if (!(s instanceof Float32Array)) throw new Error('info.privilegedState is not a Float32Array');
  return s;
}

/** Fraction of pixels that are the cube's red. */
function redFraction(frame: Uint8Array): number {
  let red = 0;
  for (let i = 0; i < frame.length; i += 3) if (frame[i] > 60 && frame[i] > 2 * frame[i + 1] && frame[i] > 2 * frame[i + 2]) red++;
  return red / (frame.length / 3);
}

describe('PickCubeVisionEnv', () => {
  let env: PickCubeVisionEnv;
  beforeAll(async () => {
    env = await createPickCubeVisionEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('has the state-plus-two-cameras spec', () => {
    expect(envSpecSchema.parse(env.spec)).toBeTruthy();
    expect(env.spec.name).toBe('pick-cube-vision');
    expect(Object.keys(env.spec.observationSpace)).toEqual(['state', 'front', 'wrist']);
    expect(env.spec.observationSpace.state.shape).toEqual([7]);
    expect(env.spec.observationSpace.front).toMatchObject({ shape: [128, 128, 3], dtype: 'uint8' });
    expect(env.spec.observationSpace.wrist).toMatchObject({ shape: [128, 128, 3], dtype: 'uint8' });
    expect(env.spec.observationSpace.wrist.high.every((v) => v === 255)).toBe(true);
    expect(env.spec.controlHz).toBeCloseTo(10, 9);
  });

  it('observes the robot state without the cube and reports the privileged state in info', async () => {
    const { observation, info } = await env.reset({ seed: 3 });
    checkObservation(env.spec.observationSpace, observation, 'pick-cube-vision reset');
    const full = privileged(info);
    expect(full).toHaveLength(PICK_CUBE_STATE_SIZE);
    const { tcpPos, gripperOpening } = PICK_CUBE_VISION_STATE_LAYOUT;
    expect(observation.state).toEqual(full.slice(0, 7));
    expect(observation.state[tcpPos.offset + 2]).toBeCloseTo(0.2, 2);
    expect(observation.state[gripperOpening.offset]).toBeGreaterThan(0.95);
    expect(full[PICK_CUBE_STATE_LAYOUT.cubePos.offset + 2]).toBeCloseTo(0.02, 3);
    expect(redFraction(observation.front as Uint8Array)).toBeGreaterThan(0.001); // the cube is in view
  });

  it('renders the same frames for the same seed and different ones for another cube position', async () => {
    const a = (await env.reset({ seed: 5 })).observation;
    const b = (await env.reset({ seed: 5 })).observation;
    const c = (await env.reset({ seed: 6 })).observation;
    const same = (x: unknown, y: unknown): boolean => x instanceof Uint8Array && y instanceof Uint8Array && Buffer.compare(x, y) === 0;
    expect(same(b.front, a.front)).toBe(true);
    expect(same(b.wrist, a.wrist)).toBe(true);
    expect(same(c.front, a.front)).toBe(false);
  });

  it('lifts the cube with a scripted pick on the privileged state; the wrist camera sees it close up', async () => {
    let { info } = await env.reset({ seed: 2 });
    let grasped = false;
    let succeeded = false;
    let wristRedWhenHeld = 0;
    for (let t = 0; t < 100 && !succeeded; t++) {
      const action = scriptedPickAction(privileged(info), grasped);
      grasped ||= action[3] < 0;
      const result = await env.step(action);
      checkObservation(env.spec.observationSpace, result.observation, 'pick-cube-vision step');
      info = result.info;
      succeeded = result.info.success;
      if (succeeded) wristRedWhenHeld = redFraction(result.observation.wrist as Uint8Array);
    }
    expect(succeeded).toBe(true);
    expect(wristRedWhenHeld).toBeGreaterThan(0.05); // a held cube fills part of the wrist view
  });

  it('runs the same episodes as pick-cube: rendering does not change the physics', async () => {
    const plain = await createPickCubeEnv();
    let s = (await plain.reset({ seed: 9 })).observation.state as Float32Array;
    let { info } = await env.reset({ seed: 9 });
    expect(privileged(info)).toEqual(s);
    let grasped = false;
    for (let t = 0; t < 40; t++) {
      const action = scriptedPickAction(s, grasped);
      grasped ||= action[3] < 0;
      s = (await plain.step(action)).observation.state as Float32Array;
      ({ info } = await env.step(action));
      expect(privileged(info)).toEqual(s);
    }
    await plain.close();
  });

  it('refuses an action of the wrong length like pick-cube', async () => {
    await env.reset({ seed: 0 });
    await expect(env.step(Float32Array.of(0, 0, 0))).rejects.toThrow(/4-D action/);
  });
});
