import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '@rlpd/spaces';
import { FakeFrankaServer } from './fake-franka-server.js';
import { FrankaHttpEnv, type FrankaHttpEnvDeps } from './franka-http-env.js';
import type { FrankaEnvConfigInput } from './franka-env-config.js';
import { RecordedCameraSource } from './recorded-camera-source.js';
import { eulerXyzFromQuat, quatAngle, quatFromEulerXyz, quatMultiply } from './rotation.js';
import { isPoseInBox } from './safety-box.js';

const BOX = { low: [0.3, -0.1, 0.05, Math.PI - 0.2, -0.15, -0.5], high: [0.5, 0.1, 0.3, Math.PI + 0.2, 0.15, 0.5] };

/** A virtual monotonic clock: sleeping advances it, requests take no virtual time. */
function virtualClock(): Required<Pick<FrankaHttpEnvDeps, 'now' | 'sleep'>> & { sleeps: number[] } {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: (ms: number) => {
      sleeps.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

let server: FakeFrankaServer;
beforeEach(async () => {
  server = await FakeFrankaServer.start();
});
afterEach(async () => {
  await server.close();
});

async function makeEnv(config: FrankaEnvConfigInput = {}, deps: FrankaHttpEnvDeps = {}): Promise<FrankaHttpEnv> {
  return FrankaHttpEnv.create({ robotUrl: server.url, safetyBox: BOX, gripperSleepSeconds: 0.6, ...config }, { ...virtualClock(), ...deps });
}

describe('FrankaHttpEnv against a fake robot server', () => {
  it('resets with an interpolated move to the reset pose, then steps: xyz += a*scale, R = euler(a*scale) * R, /clearerr before each /pose', async () => {
    const env = await makeEnv({ resetPose: [0.42, 0.02, 0.22, Math.PI, 0, 0.1] });
    server.pose = [0.35, -0.05, 0.1, 1, 0, 0, 0];
    const { observation } = await env.reset();
    const resetPoses = server.poses;
    expect(resetPoses).toHaveLength(10); // 1 s at 10 Hz
    expect(resetPoses[0][0]).toBeCloseTo(0.35 + 0.1 * 0.07, 12);
    const goal = [0.42, 0.02, 0.22, ...quatFromEulerXyz([Math.PI, 0, 0.1])];
    resetPoses[9].slice(0, 3).forEach((v, i) => expect(v).toBeCloseTo(goal[i], 12));
    expect(quatAngle(resetPoses[9].slice(3), goal.slice(3))).toBeLessThan(1e-9);
    expect(Object.keys(observation).sort()).toEqual(['gripper_pose', 'tcp_force', 'tcp_pose', 'tcp_torque', 'tcp_vel']);

    server.requests.length = 0;
    const before = [...server.pose];
    const result = await env.step(Float32Array.of(1, -1, 0.5, 0.5, 0, -1, 0));
    expect(server.routes()).toEqual(['clearerr', 'pose', 'getstate']);
    const sent = server.poses[0];
    expect(sent[0]).toBeCloseTo(before[0] + 0.01, 12);
    expect(sent[1]).toBeCloseTo(before[1] - 0.01, 12);
    expect(sent[2]).toBeCloseTo(before[2] + 0.005, 12);
    const expectedQ = quatMultiply(quatFromEulerXyz([0.03, 0, -0.06]), before.slice(3));
    expect(quatAngle(sent.slice(3), expectedQ)).toBeLessThan(1e-9);
    expect(Array.from(result.observation.tcp_pose as Float32Array)).toEqual(Array.from(Float32Array.from(sent)));
    expect(result.info.clipped).toBe(false);
    await env.close();
  });

  it('refuses NaN and infinite actions before sending anything', async () => {
    const env = await makeEnv();
    await env.reset();
    server.requests.length = 0;
    await expect(env.step(Float32Array.of(0, Number.NaN, 0, 0, 0, 0, 0))).rejects.toThrow(/action\[1\] is NaN/);
    await expect(env.step(Float32Array.of(0, 0, 0, 0, 0, Number.POSITIVE_INFINITY, 0))).rejects.toThrow(/action\[5\] is Infinity/);
    await expect(env.step(Float32Array.of(0, 0, 0))).rejects.toThrow(/7 values/);
    expect(server.requests).toHaveLength(0);
  });

  it('never commands a pose outside the safety box, whatever the actions', async () => {
    const env = await makeEnv({ actionScale: [0.5, 2, 1], gripperSleepSeconds: 0 });
    const random = mulberry32(3);
    await env.reset({ seed: 1 });
    for (let t = 0; t < 200; t++) {
      // Huge, saturating and tiny values; every 50 steps a person "pushes" the arm out of the box.
      const action = Float32Array.from({ length: 7 }, () => (random() - 0.5) * (t % 3 === 0 ? 1e6 : 3));
      if (t % 50 === 25) server.pose = [2, -2, -1, ...quatFromEulerXyz([0.3, 1.2, 3])];
      const result = await env.step(action);
      if (result.truncated) await env.reset();
    }
    const poses = server.poses;
    expect(poses.length).toBeGreaterThan(200);
    for (const pose of poses) expect(isPoseInBox(pose, BOX, 1e-9)).toBe(true);
    expect(env.stats.posesClipped).toBeGreaterThan(50);
    // The box's corners are reached: clipping saturates rather than refusing.
    expect(Math.max(...poses.map((p) => p[0]))).toBeCloseTo(0.5, 12);
    expect(Math.min(...poses.map((p) => p[2]))).toBeCloseTo(0.05, 12);
  }, 60_000);

  it('gripper: closes at <= -0.5 only while open, opens at >= 0.5 only while closed, and blocks 0.6 s', async () => {
    const clock = virtualClock();
    const env = await makeEnv({}, clock);
    await env.reset();
    const gripperRoutes = (): string[] => server.routes().filter((r) => r.endsWith('_gripper'));
    const step = (g: number) => env.step(Float32Array.of(0, 0, 0, 0, 0, 0, g));
    await step(-0.4); // not enough
    await step(0.9); // already open
    for (let i = 0; i < 5; i++) await step(0); // hil-serl also waits GRIPPER_SLEEP after a reset
    expect(gripperRoutes()).toEqual([]);
    clock.sleeps.length = 0;
    await step(-0.5);
    expect(gripperRoutes()).toEqual(['close_gripper']);
    expect(clock.sleeps[0]).toBe(600);
    await step(-1); // already closed
    await step(0.49);
    expect(gripperRoutes()).toEqual(['close_gripper']);
    const result = await step(0.5);
    expect(gripperRoutes()).toEqual(['close_gripper', 'open_gripper']);
    expect(result.observation.gripper_pose[0]).toBe(1);
    expect(env.stats.gripperToggles).toBe(2);
  });

  it('paces steps to 10 Hz on the monotonic clock and reports the achieved rate', async () => {
    const clock = virtualClock();
    const env = await makeEnv({}, clock);
    await env.reset();
    let info: Record<string, unknown> = {};
    for (let t = 0; t < 5; t++) info = (await env.step(new Float32Array(7))).info;
    expect(info.achievedHz).toBeCloseTo(10, 9);
    expect(env.stats.achievedHz).toBeCloseTo(10, 9);
  });

  it('ends episodes at max length (truncated), on the pose reward (terminated) and on the user signal', async () => {
    let stop = false;
    const env = await makeEnv(
      { maxEpisodeSteps: 3, targetPose: [0.4, 0, 0.25, Math.PI, 0, 0], rewardThreshold: [0.01, 0.01, 0.01, 0.05, 0.05, 0.05] },
      { endEpisode: () => stop },
    );
    await env.reset();
    const zero = new Float32Array(7);
    expect((await env.step(zero)).truncated).toBe(false);
    expect((await env.step(zero)).truncated).toBe(false);
    expect((await env.step(zero)).truncated).toBe(true);
    await env.reset();
    const up = await env.step(Float32Array.of(0, 0, 1, 0, 0, 0, 0)); // z 0.2 -> 0.21
    expect(up).toMatchObject({ reward: 0, terminated: false });
    for (let i = 0; i < 3 && !(await env.step(Float32Array.of(0, 0, 1, 0, 0, 0, 0))).terminated; i++);
    expect(eulerXyzFromQuat(server.pose.slice(3))[0]).toBeCloseTo(Math.PI, 6);
    expect(server.pose[2]).toBeCloseTo(0.24, 9);
    await env.reset();
    stop = true;
    const ended = await env.step(zero);
    expect(ended).toMatchObject({ truncated: true, terminated: false, info: { userEnded: true } });
  });

  it('randomises the reset pose within +/- 2 cm xy and +/- 0.05 rad yaw, seeded, and joint-resets every N resets', async () => {
    const env = await makeEnv({ randomReset: true, jointResetPeriod: 2 });
    const finals: number[][] = [];
    for (let i = 0; i < 4; i++) {
      server.requests.length = 0;
      const { info } = await env.reset(i === 0 ? { seed: 5 } : {});
      expect(info.jointReset).toBe(i % 2 === 1);
      expect(server.routes().includes('jointreset')).toBe(i % 2 === 1);
      finals.push(server.poses.at(-1) ?? []);
    }
    for (const pose of finals) {
      expect(Math.abs(pose[0] - 0.4)).toBeLessThanOrEqual(0.02);
      expect(Math.abs(pose[1])).toBeLessThanOrEqual(0.02);
      expect(Math.abs(eulerXyzFromQuat(pose.slice(3))[2])).toBeLessThanOrEqual(0.05 + 1e-12);
    }
    expect(new Set(finals.map((p) => p[0].toFixed(6))).size).toBe(4);
    const again = await makeEnv({ randomReset: true });
    await again.reset({ seed: 5 });
    expect(server.poses.at(-1)).toEqual(finals[0]);
  });

  it("eulerConvention 'serl' reaches the reset pose hil-serl would (pitch sign flipped)", async () => {
    const box = { low: [0.3, -0.1, 0.05, Math.PI - 0.2, -0.15, -0.5], high: [0.5, 0.1, 0.3, Math.PI + 0.2, 0.15, 0.5] };
    for (const [convention, pitch] of [
      ['scipy', 0.1],
      ['serl', -0.1],
    ] as const) {
      const env = await makeEnv({ safetyBox: box, resetPose: [0.4, 0, 0.2, Math.PI, 0.1, 0], eulerConvention: convention });
      await env.reset();
      const e = eulerXyzFromQuat(server.poses.at(-1)?.slice(3) ?? []);
      expect(e[1]).toBeCloseTo(pitch, 9);
    }
  });

  it('adds recorded camera frames to the observation and the spec', async () => {
    const frame = (v: number) => new Uint8Array(4 * 6 * 3).fill(v);
    const cameras = new RecordedCameraSource([{ name: 'wrist_1', height: 4, width: 6 }], { wrist_1: [frame(1), frame(2)] });
    const env = await makeEnv({}, { cameraSource: cameras });
    expect(env.spec.observationSpace.wrist_1).toMatchObject({ shape: [4, 6, 3], dtype: 'uint8' });
    const { observation } = await env.reset();
    expect(observation.wrist_1[0]).toBe(1);
    expect((await env.step(new Float32Array(7))).observation.wrist_1[0]).toBe(2);
    expect((await env.step(new Float32Array(7))).observation.wrist_1[0]).toBe(1);
  });
});

describe('FrankaHttpEnv when the robot fails', () => {
  it('a hung /pose ends the episode within the timeout, names the route, and sends nothing more', async () => {
    const env = await makeEnv({ requestTimeoutMs: 150 }, { now: () => performance.now() });
    await env.reset();
    const lastSafe = [...server.pose];
    server.fail('pose', 'hang');
    const started = performance.now();
    const result = await env.step(Float32Array.of(1, 0, 0, 0, 0, 0, 0));
    expect(performance.now() - started).toBeLessThan(5000); // did not hang
    expect(result).toMatchObject({ truncated: true, terminated: false, reward: 0, info: { route: 'pose', success: false } });
    expect(result.info.robotError).toMatch(/POST \/pose failed \(timeout\): no reply within 150 ms/);
    expect(Array.from(result.observation.tcp_pose as Float32Array)).toEqual(Array.from(Float32Array.from(lastSafe)));
    const count = server.requests.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests.length).toBe(count); // no retries in the background
  });

  it('HTTP 500 on /getstate: a clear error naming the route (throw mode), no further pose', async () => {
    const env = await makeEnv({ onRobotError: 'throw' });
    await env.reset();
    server.fail('getstate', 'status-500');
    await expect(env.step(new Float32Array(7))).rejects.toThrow('robot server POST /getstate failed (status): HTTP 500: Internal Server Error');
    server.requests.length = 0;
    await expect(env.reset()).rejects.toThrow(/\/getstate failed/);
    expect(server.poses).toHaveLength(0);
  });

  it('malformed replies and an unreachable server are named', async () => {
    const env = await makeEnv({ onRobotError: 'throw' });
    await env.reset();
    server.fail('getstate', 'bad-json');
    await expect(env.step(new Float32Array(7))).rejects.toThrow(/\/getstate failed \(reply\): expected JSON/);
    await server.close();
    await expect(FrankaHttpEnv.create({ robotUrl: server.url, requestTimeoutMs: 500 })).rejects.toThrow(/POST \/getstate failed \(network\)/);
    server = await FakeFrankaServer.start();
  });
});

describe('FrankaHttpEnv with the robot server cameras (/cameras, /getimage extension)', () => {
  it('observes each configured camera, checks sizes, names a missing camera', async () => {
    server.cameras = { front: { height: 4, width: 5 }, wrist: { height: 4, width: 5 } };
    const env = await makeEnv({ cameras: ['wrist'], imageSize: [4, 5] });
    expect(env.spec.observationSpace.wrist).toMatchObject({ shape: [4, 5, 3], dtype: 'uint8' });
    expect(env.spec.observationSpace.front).toBeUndefined();
    const { observation } = await env.reset();
    const first = observation.wrist[0];
    expect(observation.wrist).toHaveLength(60);
    expect((await env.step(new Float32Array(7))).observation.wrist[0]).toBe(first + 1);
    await expect(makeEnv({ cameras: ['wrist'] })).rejects.toThrow("camera 'wrist' at " + server.url + " serves 4x5 images, the config's imageSize is 128x128");
    await expect(makeEnv({ cameras: ['side'], imageSize: [4, 5] })).rejects.toThrow('has no camera side (it has: front, wrist)');
  });
});
