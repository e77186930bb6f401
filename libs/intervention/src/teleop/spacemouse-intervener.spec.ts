import { describe, expect, it } from 'vitest';
import {
  InterventionWrapper,
  VirtualSpaceMouse,
  createSpaceMouseIntervener,
  createVirtualHidBackend,
  pickCubeGripperTarget,
  type SpaceMouseIntervenerOptions,
  type TeleopLog,
  type VirtualReading,
} from '../index.js';
import { ScriptedEnv } from '../internal/scripted-env.js';

const quiet: TeleopLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
const STEP_MS = 100;

/**
 * Runs one episode at 10 Hz on a fake clock: before step t the device sends script[t] (null:
 * nothing, 'freeze': the device hangs). Returns the executed actions (rounded) and the steps
 * that were interventions, plus the wrapper's counts.
 */
async function run(script: readonly (VirtualReading | null | 'freeze')[], options: Partial<SpaceMouseIntervenerOptions> = {}, actionDim = 4) {
  let now = 0;
  const device = new VirtualSpaceMouse(options.devices === 2 ? 0xc635 : 0xc62e, '/dev/hidraw-a');
  const second = new VirtualSpaceMouse(0xc635, '/dev/hidraw-b');
  const env = new ScriptedEnv(actionDim);
  const intervener = await createSpaceMouseIntervener({
    actionDim,
    backend: createVirtualHidBackend([device, second]),
    now: () => now,
    log: quiet,
    ...options,
  });
  const wrapped = new InterventionWrapper(env, intervener);
  await wrapped.reset();
  const intervened: number[] = [];
  for (let t = 0; t < script.length; t++) {
    const entry = script[t];
    if (entry === 'freeze') device.freeze();
    else if (entry !== null) device.send(entry);
    const r = await wrapped.step(new Float32Array(actionDim).fill(0.25)); // the policy's action
    if (r.info.interveneAction !== undefined) {
      intervened.push(t);
      expect(Array.from(r.info.interveneAction)).toEqual(Array.from(env.actions[t]));
    }
    now += STEP_MS;
  }
  const counts = wrapped.episodeInterventions;
  await wrapped.close();
  expect(device.isOpen).toBe(false);
  return { intervened, counts, actions: env.actions.map((a) => Array.from(a, (v) => Math.round(v * 1000) / 1000)), second };
}

describe('SpaceMouse intervener through InterventionWrapper', () => {
  it('maps a reading to [-y, x, z] + gripper for the 4-D pick-cube action, and intervenes only past the threshold', async () => {
    const { intervened, actions, counts } = await run([{ x: 0.2, y: 0.4, z: -0.6 }, {}, { x: 0.002 }, { roll: 1, pitch: 1, yaw: 1 }]);
    expect(actions[0]).toEqual([-0.4, 0.2, -0.6, 0]); // initial gripper: 0, no gripper command
    expect(actions[1]).toEqual([0.25, 0.25, 0.25, 0.25]); // at rest: the policy acts
    expect(actions[2]).toEqual([0, 0.003, 0, 0]); // norm 0.0029 > 0.001 (counts quantize to 1/350)
    expect(actions[3]).toEqual([0.25, 0.25, 0.25, 0.25]); // rotation is not part of a 4-D action: ignored, no takeover
    expect(intervened).toEqual([0, 2]);
    expect(counts).toEqual({ steps: 2, count: 2 });
  });

  it('masks axes; the 7-D twist is [-y, x, z, -roll, -pitch, -yaw, gripper]', async () => {
    const masked = await run([{ roll: 1 }, { x: 1, y: 1 }], { mask: [1, 0, 1, 0, 0, 0, 1] }, 7);
    expect(masked.intervened).toEqual([1]);
    expect(masked.actions[1]).toEqual([-1, 0, 0, 0, 0, 0, 0]); // the mask is over action axes: action y (the puck's x) is off
    const full = await run([{ x: 0.1, y: 0.2, z: 0.3, roll: 0.4, pitch: 0.5, yaw: 0.6 }], {}, 7);
    expect(full.actions[0]).toEqual([-0.2, 0.1, 0.3, -0.4, -0.5, -0.6, 0]);
    const sixD = await run([{ yaw: 0.6 }], {}, 6);
    expect(sixD.actions[0]).toEqual([0, 0, 0, 0, 0, -0.6]);
  });

  it('buttons intervene and latch the gripper: left closes (-1), right opens (+1), left wins', async () => {
    const { actions, intervened, counts } = await run([
      { buttons: [true, false] }, // close
      null, // still held: no new report, still intervening
      { buttons: [false, false] }, // released: the policy acts
      { x: 0.5 }, // move: the latched close is kept
      { buttons: [false, true] },
      { buttons: [true, true] },
    ]);
    expect(actions.map((a) => a[3])).toEqual([-1, -1, 0.25, -1, 1, -1]);
    expect(intervened).toEqual([0, 1, 3, 4, 5]);
    expect(counts).toEqual({ steps: 5, count: 2 });
  });

  it('starts the latch from the observation so taking over mid-grasp keeps the cube', async () => {
    const { actions } = await run([{ x: 0.5 }], { initialGripper: () => -1 });
    expect(actions[0][3]).toBe(-1);
    expect(pickCubeGripperTarget({ state: Float32Array.from({ length: 10 }, (_, i) => (i === 6 ? 0.47 : 0)) })).toBe(-1);
    expect(pickCubeGripperTarget({ state: Float32Array.from({ length: 10 }, (_, i) => (i === 6 ? 1 : 0)) })).toBe(1);
  });

  it('keeps intervening for the hold time after the last input, with the current (idle) action', async () => {
    const script = [{ x: 0.5 }, {}, null, null, null, null, null, { y: 0.1 }, {}];
    const { intervened, actions, counts } = await run(script, { holdMs: 500 });
    // Input at t=0 (0 ms): held through 400 ms (steps 1-4); step 5 at 500 ms hands back.
    expect(intervened).toEqual([0, 1, 2, 3, 4, 7, 8]);
    expect(actions[1]).toEqual([0, 0, 0, 0]);
    expect(counts).toEqual({ steps: 7, count: 2 });
  });

  it('a device that freezes while deflected stops intervening once stale, even within the hold time', async () => {
    const script: (VirtualReading | null | 'freeze')[] = [{ x: 0.5 }, { x: 0.5 }, 'freeze', null, null, null];
    const { intervened, actions } = await run(script, { holdMs: 2000, staleMs: 250 });
    // Frozen after step 1 (100 ms): last report 100 ms; at 300 ms (step 3) it is 200 ms old, at 400 ms stale.
    expect(intervened).toEqual([0, 1, 2, 3]);
    expect(actions[4]).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('drives a 14-D bimanual action from two SpaceMice (left arm first)', async () => {
    let now = 0;
    const left = new VirtualSpaceMouse(0xc635, '/dev/hidraw1');
    const right = new VirtualSpaceMouse(0xc635, '/dev/hidraw2');
    const intervener = await createSpaceMouseIntervener({
      actionDim: 14,
      devices: 2,
      backend: createVirtualHidBackend([right, left]),
      now: () => now,
      log: quiet,
    });
    const env = new InterventionWrapper(new ScriptedEnv(14), intervener);
    await env.reset();
    right.send({ z: 0.5, buttons: [false, true] });
    const r = await env.step(new Float32Array(14));
    expect(Array.from(r.info.interveneAction ?? [])).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0, 0, 0, 1]);
    now += 100;
    await env.close();
    expect(left.isOpen || right.isOpen).toBe(false);
    await expect(
      createSpaceMouseIntervener({ actionDim: 5, backend: createVirtualHidBackend([left]), log: quiet }).then((i) =>
        i.act({ observation: {}, lastReward: 0, episodeStep: 0 }),
      ),
    ).rejects.toThrow('cannot drive a 5-D action with 1 arm(s)');
  });
});
