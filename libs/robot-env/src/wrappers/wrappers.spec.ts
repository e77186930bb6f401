import { describe, expect, it } from 'vitest';
import type { EnvSpec, Observation } from '@rlpd/spaces';
import type { Env, ResetResult, StepInfo, StepResult } from '../env.js';
import { FRANKA_PROPRIO_SIZES } from '../franka/franka-http-env.js';
import { quatFromEulerXyz, quatMultiply } from '../franka/rotation.js';
import { FlattenState } from './flatten-state.js';
import { GripperClose } from './gripper-close.js';
import { GripperPenalty } from './gripper-penalty.js';
import { ObservationHistory } from './observation-history.js';
import { QuatToEuler } from './quat-to-euler.js';
import { RelativeFrame } from './relative-frame.js';
import { RewardClassifierWrapper } from './reward-classifier.js';
import { TimeLimit } from './time-limit.js';

type Frame = Partial<Record<keyof typeof FRANKA_PROPRIO_SIZES, number[]>>;

/** An env that plays back scripted proprio frames (reset gets frames[0]) and records actions. */
class ScriptedEnv implements Env {
  readonly spec: EnvSpec;
  readonly actions: number[][] = [];
  private index = 0;

  constructor(
    private readonly frames: Frame[],
    private readonly infoOf: (step: number) => Partial<StepInfo> = () => ({}),
  ) {
    const observationSpace: EnvSpec['observationSpace'] = {};
    for (const [key, size] of Object.entries(FRANKA_PROPRIO_SIZES))
      observationSpace[key] = { shape: [size], dtype: 'float32', low: new Array<number>(size).fill(-9), high: new Array<number>(size).fill(9) };
    observationSpace.wrist = { shape: [1, 1, 3], dtype: 'uint8', low: [0, 0, 0], high: [255, 255, 255] };
    this.spec = {
      name: 'scripted',
      observationSpace,
      actionSpace: { shape: [7], dtype: 'float32', low: new Array<number>(7).fill(-1), high: new Array<number>(7).fill(1) },
      maxEpisodeSteps: 100,
      controlHz: 10,
    };
  }

  private observation(): Observation {
    const frame = this.frames[Math.min(this.index, this.frames.length - 1)];
    const out: Record<string, Float32Array | Uint8Array> = { wrist: Uint8Array.of(this.index, 0, 0) };
    for (const [key, size] of Object.entries(FRANKA_PROPRIO_SIZES)) out[key] = Float32Array.from(frame[key as keyof Frame] ?? new Array<number>(size).fill(0));
    return out;
  }

  reset(): Promise<ResetResult> {
    this.index = 0;
    return Promise.resolve({ observation: this.observation(), info: { success: false } });
  }

  step(action: Float32Array): Promise<StepResult> {
    this.actions.push(Array.from(action));
    this.index += 1;
    return Promise.resolve({
      observation: this.observation(),
      reward: 0.5,
      terminated: false,
      truncated: false,
      info: { success: false, ...this.infoOf(this.index) },
    });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const near = (actual: ArrayLike<number>, expected: readonly number[], digits = 6): void => {
  expect(actual.length).toBe(expected.length);
  Array.from(actual).forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
};
const DOWN = [1, 0, 0, 0]; // gripper pointing down: Rx(pi)

describe('RelativeFrame', () => {
  // Hand-computed with R = Rx(pi) = diag(1, -1, -1), p = (0.5, 0, 0.2), p^ its skew matrix.
  it('maps actions through [[R, 0], [p^ R, R]] and velocities through its inverse', async () => {
    const env = new ScriptedEnv([{ tcp_pose: [0.5, 0, 0.2, ...DOWN] }, { tcp_pose: [0.5, 0, 0.2, ...DOWN], tcp_vel: [0.1, 0.2, 0, 0, 0, 0.3] }]);
    const wrapped = new RelativeFrame(env);
    await wrapped.reset();
    const result = await wrapped.step(Float32Array.of(0.1, 0.2, 0.3, 0, 0, 0, -0.7));
    // linear R v = (0.1, -0.2, -0.3); angular p^ R v = (0.04, 0.17, -0.1); gripper untouched.
    near(env.actions[0], [0.1, -0.2, -0.3, 0.04, 0.17, -0.1, -0.7]);
    // linear R^T v = (0.1, -0.2, 0); angular -R^T p^ v + R^T w = (0.04, 0.02, 0.1) + (0, 0, -0.3).
    near(result.observation.tcp_vel, [0.1, -0.2, 0, 0.04, 0.02, -0.2]);
    await wrapped.step(Float32Array.of(0, 0, 0, 0.1, 0, 0, 0));
    near(env.actions[1], [0, 0, 0, 0.1, 0, 0, 0]);
  });

  it("with adjointKind 'rotation' only rotates the linear and angular parts (no p^ R coupling)", async () => {
    const env = new ScriptedEnv([{ tcp_pose: [0.5, 0, 0.2, ...DOWN] }, { tcp_pose: [0.5, 0, 0.2, ...DOWN], tcp_vel: [0.1, 0.2, 0, 0, 0, 0.3] }]);
    const wrapped = new RelativeFrame(env, true, 'rotation');
    await wrapped.reset();
    const result = await wrapped.step(Float32Array.of(0.1, 0.2, 0.3, 0.4, 0, 0, 1));
    near(env.actions[0], [0.1, -0.2, -0.3, 0.4, 0, 0, 1]);
    near(result.observation.tcp_vel, [0.1, -0.2, 0, 0, 0, -0.3]);
  });

  it('reports the pose relative to the reset pose, and converts an inner intervention back into the end-effector frame', async () => {
    const turned = quatMultiply(quatFromEulerXyz([0, 0, 0.1]), DOWN); // Rz(0.1) * Rx(pi)
    const env = new ScriptedEnv([{ tcp_pose: [0.5, 0, 0.2, ...DOWN] }, { tcp_pose: [0.52, 0.01, 0.15, ...turned] }], () => ({
      interveneAction: Float32Array.of(0.1, -0.2, -0.3, 0.04, 0.17, -0.1, 1),
    }));
    const wrapped = new RelativeFrame(env);
    const reset = await wrapped.reset();
    near(reset.observation.tcp_pose, [0, 0, 0, 0, 0, 0, 1]);
    const result = await wrapped.step(new Float32Array(7));
    // R0^T (p - p0) = (0.02, -0.01, 0.05); R0^T Rz(0.1) R0 = Rz(-0.1).
    near(result.observation.tcp_pose, [0.02, -0.01, 0.05, 0, 0, -Math.sin(0.05), Math.cos(0.05)]);
    near(result.info.interveneAction ?? [], [0.1, 0.2, 0.3, 0, 0, 0, 1]);
    expect(result.observation.wrist[0]).toBe(1); // other keys pass through
  });
});

describe('QuatToEuler, FlattenState, ObservationHistory', () => {
  it('QuatToEuler turns tcp_pose into xyz + scipy xyz euler', async () => {
    const env = new QuatToEuler(new ScriptedEnv([{ tcp_pose: [0.5, 0, 0.2, ...quatFromEulerXyz([Math.PI - 0.1, 0.2, -0.3])] }]));
    expect(env.spec.observationSpace.tcp_pose.shape).toEqual([6]);
    near((await env.reset()).observation.tcp_pose, [0.5, 0, 0.2, Math.PI - 0.1, 0.2, -0.3]);
  });

  it("FlattenState concatenates in alphabetical order (hil-serl's state: 19 values after QuatToEuler)", async () => {
    const frame: Frame = { gripper_pose: [0.9], tcp_force: [1, 2, 3], tcp_pose: [0.5, 0, 0.2, ...DOWN], tcp_torque: [4, 5, 6], tcp_vel: [7, 8, 9, 10, 11, 12] };
    const env = new FlattenState(new QuatToEuler(new ScriptedEnv([frame])));
    expect(env.spec.observationSpace.state.shape).toEqual([19]);
    expect(Object.keys(env.spec.observationSpace).sort()).toEqual(['state', 'wrist']);
    expect(env.layout).toEqual({
      gripper_pose: { offset: 0, size: 1 },
      tcp_force: { offset: 1, size: 3 },
      tcp_pose: { offset: 4, size: 6 },
      tcp_torque: { offset: 10, size: 3 },
      tcp_vel: { offset: 13, size: 6 },
    });
    const { observation } = await env.reset();
    near(observation.state, [0.9, 1, 2, 3, 0.5, 0, 0.2, Math.PI, 0, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(observation.wrist).toBeInstanceOf(Uint8Array);
  });

  it('ObservationHistory stacks the last N observations on a leading axis, filled at reset', async () => {
    const env = new ObservationHistory(
      new FlattenState(new ScriptedEnv([{ gripper_pose: [1] }, { gripper_pose: [2] }, { gripper_pose: [3] }]), ['gripper_pose']),
      2,
    );
    expect(env.spec.observationSpace.state.shape).toEqual([2, 1]);
    expect(env.spec.observationSpace.wrist.shape).toEqual([2, 1, 1, 3]);
    expect(Array.from((await env.reset()).observation.state)).toEqual([1, 1]);
    expect(Array.from((await env.step(new Float32Array(7))).observation.state)).toEqual([1, 2]);
    const third = await env.step(new Float32Array(7));
    expect(Array.from(third.observation.state)).toEqual([2, 3]);
    expect(Array.from(third.observation.wrist)).toEqual([1, 0, 0, 2, 0, 0]);
  });
});

describe('GripperClose, TimeLimit, GripperPenalty, RewardClassifierWrapper', () => {
  it('GripperClose: 6-D action, gripper always -1, intervention reported as 6-D', async () => {
    const inner = new ScriptedEnv([{}], () => ({ interveneAction: Float32Array.of(1, 2, 3, 4, 5, 6, -1) }));
    const env = new GripperClose(inner);
    expect(env.spec.actionSpace.shape).toEqual([6]);
    const result = await env.step(Float32Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6));
    near(inner.actions[0], [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, -1]);
    expect(Array.from(result.info.interveneAction ?? [])).toEqual([1, 2, 3, 4, 5, 6]);
    await expect(env.step(new Float32Array(7))).rejects.toThrow(/6 values/);
  });

  it('TimeLimit truncates at N steps and restarts the count at reset', async () => {
    const env = new TimeLimit(new ScriptedEnv([{}]), 2);
    expect(env.spec.maxEpisodeSteps).toBe(2);
    await env.reset();
    expect((await env.step(new Float32Array(7))).truncated).toBe(false);
    expect(await env.step(new Float32Array(7))).toMatchObject({ truncated: true, terminated: false, info: { timeLimit: true } });
    await env.reset();
    expect((await env.step(new Float32Array(7))).truncated).toBe(false);
  });

  it('GripperPenalty charges a close while open and an open while closed, nothing else', async () => {
    // Gripper opening per step: open, open, closed, closed, open.
    const env = new GripperPenalty(
      new ScriptedEnv([{ gripper_pose: [1] }, { gripper_pose: [1] }, { gripper_pose: [0] }, { gripper_pose: [0] }, { gripper_pose: [1] }]),
      { penalty: 0.1 },
    );
    await env.reset();
    const rewards: number[] = [];
    for (const g of [0.2, -0.9, -0.9, 0.8]) rewards.push((await env.step(Float32Array.of(0, 0, 0, 0, 0, 0, g))).reward);
    // step 1: hold (0.5); step 2: close while open (0.5 - 0.1); step 3: close while closed; step 4: open while closed.
    near(rewards, [0.5, 0.4, 0.5, 0.4], 9);
  });

  it('the reward-classifier hook turns a probability into reward and termination', async () => {
    const probabilities = [0.2, 0.49, 0.8];
    const seen: number[] = [];
    const env = new RewardClassifierWrapper(
      new ScriptedEnv([{ gripper_pose: [0] }, { gripper_pose: [1] }, { gripper_pose: [2] }, { gripper_pose: [3] }]),
      (observation) => {
        seen.push(observation.gripper_pose[0]);
        return probabilities[seen.length - 1];
      },
    );
    expect((await env.reset()).info.success).toBe(false);
    expect(await env.step(new Float32Array(7))).toMatchObject({ reward: 0, terminated: false, info: { success: false, successProbability: 0.2 } });
    expect((await env.step(new Float32Array(7))).reward).toBe(0);
    expect(await env.step(new Float32Array(7))).toMatchObject({ reward: 1, terminated: true, info: { success: true } });
    expect(seen).toEqual([1, 2, 3]);
    const broken = new RewardClassifierWrapper(new ScriptedEnv([{}]), () => Number.NaN);
    await expect(broken.step(new Float32Array(7))).rejects.toThrow(/returned NaN/);
  });
});
