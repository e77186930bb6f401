import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimRobotServer, type SimRobotServerHandle } from './sim-server/sim-robot-server.js';
import { createFrankaEnv } from './create-franka-env.js';
import { FrankaHttpEnv } from './franka-http-env.js';
import { isPoseInBox } from './safety-box.js';

// FrankaHttpEnv against the sim robot server (lockstep: each /pose advances 0.1 s), so the
// control semantics meet real (simulated) physics, and the cameras come from the renderer.
let sim: SimRobotServerHandle;
beforeAll(async () => {
  sim = await startSimRobotServer({ port: 0, host: '127.0.0.1', task: 'pick-cube-vision', seed: 2, timing: 'lockstep' });
});
afterAll(async () => {
  await sim.close();
});

describe('FrankaHttpEnv against the sim robot server', () => {
  it('moves the simulated arm as commanded, holds it in the box, closes the gripper, and observes the cameras', async () => {
    const box = { low: [0.3, -0.1, 0.1, Math.PI - 0.3, -0.3, -0.5], high: [0.46, 0.1, 0.3, Math.PI + 0.3, 0.3, 0.5] };
    const robot = await FrankaHttpEnv.create({
      robotUrl: sim.url,
      controlHz: 200,
      safetyBox: box,
      gripperSleepSeconds: 0.02,
      resetMoveSeconds: 0.05,
      cameras: ['front', 'wrist'],
    });
    const { observation } = await robot.reset();
    const start = Array.from(observation.tcp_pose);
    expect(start[0]).toBeCloseTo(0.4, 2);
    expect(start[2]).toBeCloseTo(0.2, 2);
    expect(observation.front).toHaveLength(128 * 128 * 3);
    expect(observation.wrist.some((v) => v > 0)).toBe(true);
    // +x at 1 cm per step for 15 steps: the target saturates at the box's x = 0.46.
    let last = observation;
    for (let t = 0; t < 15; t++) last = (await robot.step(Float32Array.of(1, 0, 0, 0, 0, 0, 1))).observation;
    expect(last.tcp_pose[0]).toBeGreaterThan(0.45);
    expect(last.tcp_pose[0]).toBeLessThan(0.465);
    expect(Math.abs(last.tcp_pose[1] - start[1])).toBeLessThan(0.005);
    expect(robot.stats.lastSentPose?.[0]).toBeCloseTo(0.46, 9);
    expect(isPoseInBox(robot.stats.lastSentPose ?? [], box)).toBe(true);
    // Close the gripper (nothing between the fingers): the opening reads closed.
    for (let t = 0; t < 3; t++) last = (await robot.step(Float32Array.of(0, 0, 0, 0, 0, 0, -1))).observation;
    expect(last.gripper_pose[0]).toBeLessThan(0.2);
    await robot.close();
  }, 60_000);

  it("in hil-serl's stack, +z in the end-effector frame (pointing down) moves the TCP down", async () => {
    const { env } = await createFrankaEnv({ robotUrl: sim.url, controlHz: 200, gripperSleepSeconds: 0.02, resetMoveSeconds: 0.05 });
    const { observation } = await env.reset();
    expect(Array.from(observation.state.slice(4, 10)).map((v) => Math.abs(v) < 0.01)).toEqual(new Array(6).fill(true)); // relative pose ~0 at reset
    let state = observation.state;
    for (let t = 0; t < 5; t++) state = (await env.step(Float32Array.of(0, 0, 1, 0, 0, 0, 1))).observation.state;
    // The relative pose is in the reset frame (z down): +z there is 5 cm down in the world.
    expect(state[6]).toBeGreaterThan(0.035);
    await env.close();
  }, 60_000);
});
