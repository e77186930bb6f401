import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matToQuat, quatErrorToRotVec } from '../../internal/rotation.js';
import { DOWN_QUAT } from './panda-state.js';
import { SimPanda } from './sim-panda.js';

let panda: SimPanda;
beforeAll(async () => {
  panda = await SimPanda.create(3);
});
afterAll(() => panda.close());

function angleBetween(a: readonly number[], b: readonly number[]): number {
  const dot = Math.abs(a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3]);
  return 2 * Math.acos(Math.min(dot, 1));
}

describe('SimPanda', () => {
  it('starts at pick-cube home, pointing down, gripper open, arm at rest', () => {
    panda.resetAll();
    const s = panda.readState();
    expect(s.pose[0]).toBeCloseTo(0.4, 4);
    expect(s.pose[1]).toBeCloseTo(0, 4);
    expect(s.pose[2]).toBeCloseTo(0.2, 4);
    expect(angleBetween(s.pose.slice(3), DOWN_QUAT)).toBeLessThan(1e-3);
    expect(s.gripperPos).toBeCloseTo(1, 3);
    expect(s.q).toHaveLength(7);
    expect(s.jacobian).toHaveLength(6);
    for (const row of s.jacobian) expect(row).toHaveLength(7);
  });

  it('has the Jacobian of its own forward kinematics (finite differences over q)', () => {
    panda.resetAll();
    const q0 = [0.1, -0.4, 0.2, -2.2, 0.3, 2.0, 0.5];
    panda.setJointPositions(q0);
    const base = panda.readState();
    const eps = 1e-6;
    for (let j = 0; j < 7; j++) {
      const q = [...q0];
      q[j] += eps;
      panda.setJointPositions(q);
      const moved = panda.readState();
      const rot = new Float64Array(3);
      quatErrorToRotVec(moved.pose.slice(3), base.pose.slice(3), rot);
      for (let r = 0; r < 3; r++) {
        expect((moved.pose[r] - base.pose[r]) / eps).toBeCloseTo(base.jacobian[r][j], 4);
        expect(rot[r] / eps).toBeCloseTo(base.jacobian[3 + r][j], 4);
      }
    }
  });

  it('tracks a commanded pose (position and orientation) with the impedance controller', () => {
    panda.resetAll();
    // 0.3 rad about world z, composed with pointing down: quat(z, 0.3) * [1, 0, 0, 0].
    const yawed = [Math.cos(0.15), Math.sin(0.15), 0, 0];
    panda.setTarget([0.48, -0.06, 0.14, ...yawed]);
    panda.step(1000);
    const s = panda.readState();
    expect(Math.hypot(s.pose[0] - 0.48, s.pose[1] + 0.06, s.pose[2] - 0.14)).toBeLessThan(0.002);
    expect(angleBetween(s.pose.slice(3), yawed)).toBeLessThan(0.01);
    expect(Math.hypot(...s.vel)).toBeLessThan(0.01);
  });

  it('grasps and lifts the cube, and feels its weight along the TCP z axis', () => {
    panda.resetAll();
    const { cubePos } = panda.readTask();
    panda.setTarget([cubePos[0], cubePos[1], 0.1, ...DOWN_QUAT]);
    panda.step(1500);
    panda.setTarget([cubePos[0], cubePos[1], 0.02, ...DOWN_QUAT]);
    panda.step(1000);
    panda.setGripper(0);
    panda.step(400);
    expect(panda.gripperOpening()).toBeGreaterThan(0.3); // the cube holds the fingers apart
    panda.setTarget([cubePos[0], cubePos[1], 0.2, ...DOWN_QUAT]);
    panda.step(1500);
    const task = panda.readTask();
    expect(task.success).toBe(true);
    expect(task.reward).toBeGreaterThan(0.9);
    // 50 g pulling down = +z in the TCP frame (z points down along the fingers).
    expect(panda.readState().force[2]).toBeCloseTo(0.05 * 9.81, 1);
  });

  it('survives an unreachable target (below the table, beyond reach) and then tracks again', () => {
    panda.resetAll();
    panda.setTarget([1.5, 0.4, -0.5, 0, 1, 0, 0]);
    panda.step(1500);
    const strained = panda.readState();
    for (const v of [...strained.pose, ...strained.q, ...strained.dq]) expect(Number.isFinite(v)).toBe(true);
    panda.setTarget([0.4, 0, 0.2, ...DOWN_QUAT]);
    panda.step(2500);
    const s = panda.readState();
    expect(Math.hypot(s.pose[0] - 0.4, s.pose[1], s.pose[2] - 0.2)).toBeLessThan(0.005);
    expect(angleBetween(s.pose.slice(3), DOWN_QUAT)).toBeLessThan(0.02);
  });

  it('joint reset glides back to the home posture', () => {
    panda.resetAll();
    panda.setTarget([0.3, 0.15, 0.3, ...DOWN_QUAT]);
    panda.step(1000);
    panda.beginJointReset();
    let steps = 0;
    while (!panda.jointResetDone() && steps < 3000) {
      panda.step(10);
      steps += 10;
    }
    expect(panda.jointResetDone()).toBe(true);
    const q = panda.readState().q;
    for (let i = 0; i < 7; i++) expect(Math.abs(q[i] - panda.homeQ[i])).toBeLessThan(0.01);
  });
});

describe('matToQuat', () => {
  it('gives one sign per half-turn rotation', () => {
    const out = new Float64Array(4);
    matToQuat([1, 0, 0, 0, -1, 0, 0, 0, -1], out);
    expect(Array.from(out)).toEqual([1, 0, 0, 0]);
  });
});
