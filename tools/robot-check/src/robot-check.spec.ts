import { afterEach, describe, expect, it } from 'vitest';
import { FakeFrankaServer, isPoseInBox, startSimRobotServer, type SimRobotServerHandle } from '@rlpd/robot-env';
import { robotCheckConfigSchema } from './config.js';
import { runRobotCheck } from './robot-check.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('robot-check', () => {
  it('against the fake server: random policy, every commanded pose inside --safety-box, gripper toggled, report complete', async () => {
    const server = await FakeFrankaServer.start();
    closers.push(() => server.close());
    const config = robotCheckConfigSchema.parse({
      robotUrl: server.url,
      safetyBox: '0.38,-0.02,0.18,0.42,0.02,0.22',
      steps: 60,
      policy: 'random',
      controlHz: 200,
      gripperSleep: 0.05,
    });
    const report = await runRobotCheck(config);
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.reads.getstate).toBe('ok');
    expect(report.reads.getpos).toBe('ok');
    expect(report.reads.getvel).toMatch(/POST \/getvel failed \(status\): HTTP 404/); // the fake has no /getvel: named, not fatal
    expect(report.steps).toBe(60);
    expect(report.gripperToggles).toBeGreaterThanOrEqual(2);
    expect(report.gripperOpening).toEqual({ afterClose: 0, afterOpen: 1 });
    expect(report.gripperWaitSeconds).toBeCloseTo(report.gripperToggles * 0.05, 9);
    expect(report.allCommandedInBox).toBe(true);
    expect(report.posesClipped).toBeGreaterThan(0); // 60 random steps of 1 cm leave a 4 cm box
    // Independently of the report: everything the server received lies in the box.
    const box = report.safetyBox;
    if (box === null) throw new Error('no box in the report');
    for (const pose of server.poses) expect(isPoseInBox(pose, box, 1e-9)).toBe(true);
    expect(report.poseRange.max[0]).toBeCloseTo(0.42, 6);
    expect(report.controlHz.achieved).toBeGreaterThan(0);
  });

  it('refuses to move a TCP that starts outside the box, and reports an unreachable robot', async () => {
    const server = await FakeFrankaServer.start();
    closers.push(() => server.close());
    const outside = await runRobotCheck(robotCheckConfigSchema.parse({ robotUrl: server.url, safetyBox: '0.5,0.1,0.1,0.6,0.2,0.3' }));
    expect(outside.ok).toBe(false);
    expect(outside.errors[0]).toMatch(/outside the box/);
    expect(server.poses).toHaveLength(0);
    server.fail('pose', 'status-500');
    const failing = await runRobotCheck(robotCheckConfigSchema.parse({ robotUrl: server.url, steps: 3, controlHz: 100, gripperSleep: 0 }));
    expect(failing.ok).toBe(false);
    expect(failing.errors.join('\n')).toMatch(/POST \/pose failed \(status\): HTTP 500/);
    await server.close();
    closers.length = 0;
    const gone = await runRobotCheck(robotCheckConfigSchema.parse({ robotUrl: server.url, timeoutMs: 500 }));
    expect(gone.errors[0]).toMatch(/POST \/getstate failed \(network\)/);
    expect(gone.safetyBox).toBeNull();
  });

  it('against the sim robot server (lockstep): every read route answers, the arm moves, the gripper closes and opens', async () => {
    const sim: SimRobotServerHandle = await startSimRobotServer({ port: 0, host: '127.0.0.1', task: 'pick-cube', seed: 1, timing: 'lockstep' });
    closers.push(() => sim.close());
    const report = await runRobotCheck(robotCheckConfigSchema.parse({ robotUrl: sim.url, steps: 30, policy: 'random', controlHz: 100, gripperSleep: 0.05 }));
    expect(report.errors).toEqual([]);
    expect(Object.values(report.reads).every((r) => r === 'ok')).toBe(true);
    expect(report.allCommandedInBox).toBe(true);
    expect(report.gripperToggles).toBeGreaterThanOrEqual(2);
    expect(report.gripperOpening.afterClose).toBeLessThan(0.5);
    expect(report.gripperOpening.afterOpen).toBeGreaterThan(0.85);
    expect(report.poseRange.max[0] - report.poseRange.min[0]).toBeGreaterThan(0.003); // it really moved
  }, 60_000);
});
