import { describe, expect, it } from 'vitest';
import { VirtualSpaceMouse, createVirtualHidBackend } from '@rlpd/intervention';
import { FakeFrankaServer } from '@rlpd/robot-env';
import { buildEnv } from './build-env.js';
import { actorConfigSchema } from './config.js';
import { EpisodeRecorder } from './episode-recorder.js';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe('actor env with a SpaceMouse intervener (virtual device)', () => {
  it("executes the person's actions, ignores a frozen device, and counts intervention steps and takeovers", async () => {
    let now = 0;
    const device = new VirtualSpaceMouse(0xc635);
    const config = actorConfigSchema.parse({ intervener: 'spacemouse', realTime: false, spacemouseStaleMs: 300 });
    const { env, intervention } = await buildEnv(config, { hidBackend: createVirtualHidBackend([device]), log: quiet, now: () => now });
    const recorder = new EpisodeRecorder();
    await env.reset({ seed: 3 });
    const executed: (number[] | null)[] = [];
    for (let t = 0; t < 20; t++) {
      if (t < 5) device.send({ z: 0.3 }); // up: the action's z
      if (t === 5) device.freeze(); // hangs while deflected
      if (t === 12) {
        device.thaw();
        device.send({ buttons: [true, false] }); // close the gripper
      }
      const result = await env.step(Float32Array.of(0, 0, 0, 1));
      const action = result.info.interveneAction;
      executed.push(action === undefined ? null : Array.from(action, (v) => Math.round(v * 100) / 100));
      recorder.record(result.reward, action !== undefined, result.info.success);
      now += 100;
    }
    // Steps 0-4 move up with the gripper kept open (+1, from the observation); the frozen device
    // still counts until its last report is older than 300 ms (step 8); the button takes over again.
    expect(executed.slice(0, 9)).toEqual([...new Array(8).fill([0, 0, 0.3, 1]), null]);
    expect(executed[12]).toEqual([0, 0, 0, -1]);
    expect(intervention.episodeInterventions.steps).toBe(8 + 8);
    const stats = recorder.finish();
    expect(stats).toMatchObject({ length: 20, interventionSteps: 16, interventionCount: 2 });
    await env.close();
    expect(device.isOpen).toBe(false);
  });

  it('fails with a clear error when no SpaceMouse is connected', async () => {
    const config = actorConfigSchema.parse({ intervener: 'spacemouse', realTime: false });
    await expect(buildEnv(config, { hidBackend: createVirtualHidBackend([]), log: quiet })).rejects.toThrow('SpaceMouse #0 not found');
  });
});

describe('actor env --env franka-http', () => {
  it('drives the robot server through the safety box, and ends the episode when the end-episode key was pressed', async () => {
    const server = await FakeFrankaServer.start();
    try {
      let escPressed = false;
      const config = actorConfigSchema.parse({ env: 'franka-http', robotUrl: server.url });
      const { env } = await buildEnv(config, { endEpisode: () => escPressed, log: quiet });
      expect(env.spec.observationSpace.state.shape).toEqual([19]);
      await env.reset();
      expect((await env.step(Float32Array.of(1, 1, 1, 0, 0, 0, 1))).truncated).toBe(false);
      escPressed = true;
      expect(await env.step(new Float32Array(7))).toMatchObject({ truncated: true, terminated: false, info: { userEnded: true } });
      await env.close();
    } finally {
      await server.close();
    }
  });
});
