import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frankaReadReplySchemas, frankaStateSchema, type FrankaReadRoute } from '../franka-replies.js';
import { startSimRobotServer, type SimRobotServerHandle } from './sim-robot-server.js';

const DOWN = [1, 0, 0, 0];

async function post(server: SimRobotServerHandle, route: string, body?: unknown, raw?: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(new URL(route, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function state(server: SimRobotServerHandle) {
  const reply = await post(server, 'getstate');
  expect(reply.status).toBe(200);
  return frankaStateSchema.parse(JSON.parse(reply.text));
}

describe('sim robot server, lockstep timing (over loopback HTTP)', () => {
  let server: SimRobotServerHandle;
  beforeAll(async () => {
    server = await startSimRobotServer({ port: 0, timing: 'lockstep', seed: 5 });
  });
  afterAll(() => server.close());

  it('answers /getstate and every single read in serl franka_server JSON shapes', async () => {
    const s = await state(server);
    expect(s.pose.slice(0, 3).map((v) => Number(v.toFixed(3)))).toEqual([0.4, 0, 0.2]);
    expect(s.jacobian).toHaveLength(42);
    expect(s.gripper_pos).toBeGreaterThan(0.99);
    for (const route of Object.keys(frankaReadReplySchemas) as FrankaReadRoute[]) {
      const reply = await post(server, route);
      expect(reply.status, route).toBe(200);
      expect(reply.type).toContain('application/json');
      frankaReadReplySchemas[route].parse(JSON.parse(reply.text));
    }
    const euler = JSON.parse((await post(server, 'getpos_euler')).text) as { pose: number[] };
    expect(Math.abs(Math.abs(euler.pose[3]) - Math.PI)).toBeLessThan(1e-3); // pointing down: rx = +-pi
    expect(Math.abs(euler.pose[4])).toBeLessThan(1e-3);
  });

  it('tracks a commanded /pose within 2 mm and 0.01 rad', async () => {
    const yawed = [Math.cos(0.1), Math.sin(0.1), 0, 0];
    for (let i = 0; i < 15; i++) {
      expect((await post(server, 'clearerr')).text).toBe('Clear');
      const reply = await post(server, 'pose', { arr: [0.35, 0.08, 0.25, ...yawed] });
      expect(reply).toMatchObject({ status: 200, text: 'Moved' });
    }
    const s = await state(server);
    expect(Math.hypot(s.pose[0] - 0.35, s.pose[1] - 0.08, s.pose[2] - 0.25)).toBeLessThan(0.002);
    const dot = Math.abs(s.pose[3] * yawed[0] + s.pose[4] * yawed[1] + s.pose[5] * yawed[2] + s.pose[6] * yawed[3]);
    expect(2 * Math.acos(Math.min(dot, 1))).toBeLessThan(0.01);
  });

  it('reports a Jacobian consistent with its velocities (vel = J dq) while moving', async () => {
    await post(server, 'pose', { arr: [0.45, -0.05, 0.15, ...DOWN] });
    const s = await state(server);
    expect(Math.hypot(...s.vel.slice(0, 3))).toBeGreaterThan(0.01);
    for (let r = 0; r < 6; r++) {
      let jdq = 0;
      for (let c = 0; c < 7; c++) jdq += s.jacobian[r * 7 + c] * s.dq[c];
      expect(jdq).toBeCloseTo(s.vel[r], 9);
    }
  });

  it('opens, closes and moves the gripper (Robotiq 0..255, 255 closed)', async () => {
    expect((await post(server, 'close_gripper')).text).toBe('Closed');
    expect((await state(server)).gripper_pos).toBeLessThan(0.05);
    expect((await post(server, 'open_gripper')).text).toBe('Opened');
    expect((await state(server)).gripper_pos).toBeGreaterThan(0.95);
    expect((await post(server, 'move_gripper', { gripper_pos: 191 })).text).toBe('Moved Gripper');
    const quarterOpen = JSON.parse((await post(server, 'get_gripper')).text) as { gripper: number };
    expect(quarterOpen.gripper).toBeCloseTo(0.25, 1);
    expect((await post(server, 'move_gripper', { gripper_pos: 999 })).status).toBe(200); // clipped to 255, like serl
    expect((await state(server)).gripper_pos).toBeLessThan(0.05);
    expect((await post(server, 'reset_gripper')).text).toBe('Reset');
    expect((await post(server, 'activate_gripper')).text).toBe('Activated');
    expect((await state(server)).gripper_pos).toBeGreaterThan(0.95);
    expect((await post(server, 'close_gripper_slow')).text).toBe('Closed');
    expect((await state(server)).gripper_pos).toBeLessThan(0.6); // 1 s at the slow speed: about half-way
    await post(server, 'open_gripper');
  });

  it('refuses malformed bodies with 400 and a message naming the route and field', async () => {
    const cases: [string, string, RegExp][] = [
      ['pose', '{"arr": [1, 2, 3]}', /POST \/pose: invalid body \(arr: Array must contain exactly 7/],
      ['pose', '{"pose": [0.4, 0, 0.2, 1, 0, 0, 0]}', /POST \/pose: invalid body .*arr: Required/],
      ['pose', '{"arr": [0.4, 0, 0.2, 0, 0, 0, 0]}', /POST \/pose: pose quaternion has norm 0/],
      ['pose', '{"arr": [0.4, 0, 1e999, 1, 0, 0, 0]}', /POST \/pose: invalid body \(arr.2: Number must be finite/],
      ['pose', '{"arr": [0.4, 0, ', /POST \/pose: body is not JSON/],
      ['move_gripper', '{"gripper_pos": "open"}', /POST \/move_gripper: invalid body \(gripper_pos: Expected number, received string/],
      ['update_param', '{"stiffness": 3}', /POST \/update_param: invalid body .*Unrecognized key.*stiffness/],
      ['set_load', '{"mass": 0.5}', /POST \/set_load: invalid body .*F_x_center_load: Required/],
    ];
    for (const [route, raw, message] of cases) {
      const reply = await post(server, route, undefined, raw);
      expect(reply.status, `${route} ${raw}`).toBe(400);
      expect(reply.text).toMatch(message);
    }
    expect((await post(server, 'no_such_route')).status).toBe(404);
    const get = await fetch(new URL('getstate', server.url));
    expect(get.status).toBe(405);
    expect(await get.text()).toMatch(/every route is POST/);
  });

  it('stops and restarts impedance, refusing /pose while stopped; accepts compliance and load', async () => {
    expect((await post(server, 'stopimp')).text).toBe('Stopped impedance');
    const refused = await post(server, 'pose', { arr: [0.4, 0, 0.2, ...DOWN] });
    expect(refused.status).toBe(409);
    expect(refused.text).toMatch(/POST \/startimp first/);
    expect((await post(server, 'startimp')).text).toBe('Started impedance');
    expect((await post(server, 'update_param', { translational_stiffness: 1500, rotational_clip_z: 0.05 })).text).toBe('Updated compliance parameters');
    expect((await post(server, 'set_load', { mass: 0.2, F_x_center_load: [0, 0, 0.05], load_inertia: [0, 0, 0, 0, 0, 0, 0, 0, 0] })).text).toBe('Set Load');
    expect((await post(server, 'pose', { arr: [0.4, 0, 0.2, ...DOWN] })).text).toBe('Moved');
  });

  it('joint reset returns the arm to the home pose', async () => {
    await post(server, 'pose', { arr: [0.3, 0.1, 0.3, ...DOWN] });
    expect((await post(server, 'jointreset')).text).toBe('Reset Joint');
    const s = await state(server);
    expect(Math.hypot(s.pose[0] - 0.4, s.pose[1], s.pose[2] - 0.2)).toBeLessThan(0.005);
    expect((await post(server, 'pose', { arr: [0.4, 0, 0.2, ...DOWN] })).text).toBe('Moved'); // impedance is back on
  });

  it('serves the extensions: seeded scene reset, task state, an empty camera list', async () => {
    const a = JSON.parse((await post(server, 'reset_scene', { seed: 9 })).text) as { cube_pos: number[] };
    const b = JSON.parse((await post(server, 'reset_scene', { seed: 9 })).text) as { cube_pos: number[] };
    expect(a.cube_pos).toEqual(b.cube_pos);
    const task = JSON.parse((await post(server, 'get_task')).text) as { cube_pos: number[]; reward: number; success: boolean };
    expect(task.cube_pos).toEqual(a.cube_pos);
    expect(task.success).toBe(false);
    expect(JSON.parse((await post(server, 'cameras')).text)).toEqual({ cameras: [] });
    expect((await post(server, 'getimage', { camera: 'front' })).status).toBe(404);
  });
});

describe('sim robot server, Jacobian over HTTP', () => {
  it('predicts the TCP displacement of a short step from the joint displacement (finite differences)', async () => {
    // 4 ms per /pose, so the joints move little between two reads.
    const server = await startSimRobotServer({ port: 0, timing: 'lockstep', controlPeriodS: 0.004 });
    try {
      for (let i = 0; i < 10; i++) await post(server, 'pose', { arr: [0.45, 0.05, 0.15, ...DOWN] });
      const a = await state(server);
      await post(server, 'pose', { arr: [0.45, 0.05, 0.15, ...DOWN] });
      const b = await state(server);
      const dx = [0, 1, 2].map((r) => b.pose[r] - a.pose[r]);
      expect(Math.hypot(...dx)).toBeGreaterThan(1e-4); // really moving
      for (let r = 0; r < 3; r++) {
        let predicted = 0;
        for (let c = 0; c < 7; c++) predicted += ((a.jacobian[r * 7 + c] + b.jacobian[r * 7 + c]) / 2) * (b.q[c] - a.q[c]);
        expect(Math.abs(predicted - dx[r])).toBeLessThan(0.01 * Math.hypot(...dx) + 1e-7);
      }
    } finally {
      await server.close();
    }
  });
});

describe('sim robot server, task pick-cube-vision (cameras)', () => {
  it('renders the front and wrist cameras; the wrist camera sees the red cube below it', async () => {
    const server = await startSimRobotServer({ port: 0, timing: 'lockstep', task: 'pick-cube-vision', imageWidth: 64, imageHeight: 48, seed: 2 });
    try {
      expect(JSON.parse((await post(server, 'cameras')).text)).toEqual({ cameras: ['front', 'wrist'] });
      const image = async (camera: string) => {
        const reply = await post(server, 'getimage', { camera });
        expect(reply.status).toBe(200);
        const body = JSON.parse(reply.text) as { camera: string; width: number; height: number; rgb_base64: string };
        expect(body).toMatchObject({ camera, width: 64, height: 48 });
        const rgb = Buffer.from(body.rgb_base64, 'base64');
        expect(rgb).toHaveLength(64 * 48 * 3);
        return rgb;
      };
      const redPixels = (rgb: Buffer) => {
        let n = 0;
        for (let i = 0; i < rgb.length; i += 3) if (rgb[i] > 120 && rgb[i + 1] < 60 && rgb[i + 2] < 60) n++;
        return n;
      };
      const frontBefore = await image('front');
      const redBefore = redPixels(await image('wrist'));
      const { cube_pos } = JSON.parse((await post(server, 'get_task')).text) as { cube_pos: number[] };
      for (let i = 0; i < 12; i++) await post(server, 'pose', { arr: [cube_pos[0], cube_pos[1], 0.08, ...DOWN] });
      const wrist = await image('wrist');
      // 8 cm above the cube it fills a few percent of the 64x48 frame (shaded faces darker); from home it may be out of view.
      expect(redPixels(wrist)).toBeGreaterThan(Math.max(0.02 * 64 * 48, 2 * redBefore));
      expect((await image('front')).equals(frontBefore)).toBe(false); // the arm moved in view
      const missing = await post(server, 'getimage', { camera: 'side' });
      expect(missing.status).toBe(404);
      expect(missing.text).toMatch(/no camera 'side'; cameras: front, wrist/);
    } finally {
      await server.close();
    }
  });
});

describe('sim robot server, realtime timing', () => {
  it('moves on the wall clock between requests and closes cleanly', async () => {
    const server = await startSimRobotServer({ port: 0, seed: 1 });
    try {
      expect((await post(server, 'pose', { arr: [0.42, 0.04, 0.18, ...DOWN] })).text).toBe('Moved');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const s = await state(server);
      expect(Math.hypot(s.pose[0] - 0.42, s.pose[1] - 0.04, s.pose[2] - 0.18)).toBeLessThan(0.003);
      const status = JSON.parse((await post(server, 'sim_status')).text) as { timing: string; sim_time_s: number; dropped_steps: number };
      expect(status.timing).toBe('realtime');
      // Simulated plus dropped time follows the wall clock (1.5 s waited).
      expect(status.sim_time_s + status.dropped_steps * 0.002).toBeGreaterThan(1.4);
    } finally {
      await server.close();
    }
    await expect(fetch(new URL('getstate', server.url), { method: 'POST' })).rejects.toThrow();
  });

  it('names the port when it cannot listen', async () => {
    const first = await startSimRobotServer({ port: 0 });
    try {
      await expect(startSimRobotServer({ port: first.port })).rejects.toThrow(new RegExp(`cannot listen on 127.0.0.1:${first.port}`));
    } finally {
      await first.close();
    }
  });
});
