import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FRANKA_PLAIN_COMMANDS, frankaReadReplySchemas, type FrankaReadRoute } from './franka-replies.js';
import { FrankaHttpClient } from './franka-http-client.js';
import { startSimRobotServer, type SimRobotServerHandle } from './sim-server/sim-robot-server.js';

// Every route of serl's robot server through the client, against the sim robot server.
let sim: SimRobotServerHandle;
beforeAll(async () => {
  sim = await startSimRobotServer({ port: 0, host: '127.0.0.1', task: 'pick-cube', seed: 1, timing: 'lockstep' });
});
afterAll(async () => {
  await sim.close();
});

describe('FrankaHttpClient against the sim robot server', () => {
  it('reads the state and every single-value route with the documented shapes', async () => {
    const client = new FrankaHttpClient({ url: sim.url });
    const state = await client.getState();
    expect(state.pose).toHaveLength(7);
    expect(state.jacobian).toHaveLength(42);
    expect(state.q).toHaveLength(7);
    for (const route of Object.keys(frankaReadReplySchemas) as FrankaReadRoute[]) await expect(client.read(route)).resolves.toBeTypeOf('object');
    expect((await client.read('getpos_euler')).pose).toHaveLength(6);
  });

  it('sends every command route, /move_gripper, /update_param, /set_load and /pose', async () => {
    const client = new FrankaHttpClient({ url: sim.url, timeoutMs: 10_000 });
    for (const route of FRANKA_PLAIN_COMMANDS) await expect(client.command(route), route).resolves.toBeUndefined();
    await client.moveGripper(128);
    await client.updateParams({ translational_stiffness: 2000, rotational_stiffness: 150 });
    await client.setLoad({ mass: 0.1, F_x_center_load: [0, 0, 0.05], load_inertia: [0, 0, 0, 0, 0, 0, 0, 0, 0] });
    await client.command('startimp'); // the list above ended impedance control with /stopimp
    const { pose } = await client.read('getpos');
    await client.sendPoseUnchecked([pose[0] + 0.01, ...pose.slice(1)]);
    expect((await client.read('getpos')).pose[0]).toBeGreaterThan(pose[0] + 0.003);
  }, 60_000);

  it('names the route and the reason of a rejected request', async () => {
    const client = new FrankaHttpClient({ url: sim.url });
    await expect(client.updateParams({ no_such_key: 1 })).rejects.toThrow(/robot server POST \/update_param failed \(status\): HTTP 400/);
    await expect(client.moveGripper(300)).rejects.toThrow(/outside 0..255/);
  });
});
