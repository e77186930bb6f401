import { z } from 'zod';
import { DEFAULT_IMPEDANCE_PARAMS, type ImpedanceParams } from '../../internal/impedance-controller.js';
import { eulerXyzFromQuat } from '../rotation.js';
import type { SimClock } from './sim-clock.js';
import type { SimPanda } from './sim-panda.js';

/** A route's reply: JSON for reads, text for commands (as serl's Flask server replies). */
export type RouteReply = { status: number; json: unknown } | { status: number; text: string };

/** A POST route: its parsed JSON body (undefined when empty) to a reply. */
export type RouteHandler = (body: unknown) => RouteReply | Promise<RouteReply>;

const finite = z.number().finite();
const poseBodySchema = z.object({ arr: z.array(finite).length(7) }).strict();
const moveGripperBodySchema = z.object({ gripper_pos: finite }).strict();
const paramKeys = Object.keys(DEFAULT_IMPEDANCE_PARAMS) as (keyof ImpedanceParams)[];
const updateParamBodySchema = z
  .object(
    Object.fromEntries(paramKeys.map((key) => [key, z.number().finite().nonnegative().optional()])) as Record<
      keyof ImpedanceParams,
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict();
const setLoadBodySchema = z
  .object({ mass: z.number().finite().nonnegative(), F_x_center_load: z.array(finite).length(3), load_inertia: z.array(finite).length(9) })
  .strict();
const resetSceneBodySchema = z.object({ seed: z.number().int().optional() }).strict().optional();
const getImageBodySchema = z.object({ camera: z.string() }).strict();

/** Longest simulated wait for the gripper in lockstep mode, and for a joint reset. */
const GRIPPER_WAIT_S = 1;
const JOINT_RESET_WAIT_S = 10;

/** Thrown by handlers for a 4xx reply whose message the client should see. */
export class RouteError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parses a route's body with its zod schema; a 400 naming the route and the bad field otherwise. */
export function parseBody<T>(route: string, schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`).join('; ');
  throw new RouteError(400, `POST ${route}: invalid body (${issues}); got ${JSON.stringify(body) ?? 'no body'}`);
}

const text = (t: string): RouteReply => ({ status: 200, text: t });
const json = (j: unknown): RouteReply => ({ status: 200, json: j });

/** Every route of serl's franka_server.py, plus our extensions (/get_task, /reset_scene, /sim_status, /cameras, /getimage). */
export function simRobotRoutes(robot: SimPanda, clock: SimClock): Record<string, RouteHandler> {
  const gripper = async (opening: number, slow: boolean, reply: string): Promise<RouteReply> => {
    robot.setGripper(opening, slow);
    if (clock.timing === 'lockstep') await clock.until(() => robot.gripperSettled(), GRIPPER_WAIT_S);
    return text(reply);
  };
  return {
    '/getstate': () => {
      const s = robot.readState();
      return json({ pose: s.pose, vel: s.vel, force: s.force, torque: s.torque, q: s.q, dq: s.dq, jacobian: s.jacobian, gripper_pos: s.gripperPos });
    },
    '/getpos': () => json({ pose: robot.readState().pose }),
    '/getpos_euler': () => {
      const pose = robot.readState().pose;
      return json({ pose: [pose[0], pose[1], pose[2], ...eulerXyzFromQuat(pose.slice(3))] });
    },
    '/getvel': () => json({ vel: robot.readState().vel }),
    '/getforce': () => json({ force: robot.readState().force }),
    '/gettorque': () => json({ torque: robot.readState().torque }),
    '/getq': () => json({ q: robot.readState().q }),
    '/getdq': () => json({ dq: robot.readState().dq }),
    '/getjacobian': () => json({ jacobian: robot.readState().jacobian }),
    '/get_gripper': () => json({ gripper: robot.gripperOpening() }),
    '/pose': (body) => {
      const { arr } = parseBody('/pose', poseBodySchema, body);
      if (robot.mode !== 'impedance')
        throw new RouteError(
          409,
          `POST /pose: the impedance controller is ${robot.mode === 'stopped' ? 'stopped' : 'busy with a joint reset'}; POST /startimp first`,
        );
      try {
        robot.setTarget(arr);
      } catch (error) {
        throw new RouteError(400, `POST /pose: ${error instanceof Error ? error.message : String(error)}`);
      }
      clock.afterPose();
      return text('Moved');
    },
    '/clearerr': () => {
      robot.controller.resetIntegral();
      return text('Clear');
    },
    '/startimp': () => {
      robot.startImpedance();
      return text('Started impedance');
    },
    '/stopimp': () => {
      robot.stopImpedance();
      return text('Stopped impedance');
    },
    '/jointreset': async () => {
      robot.beginJointReset();
      const reached = await clock.until(() => robot.jointResetDone(), JOINT_RESET_WAIT_S);
      robot.startImpedance();
      if (!reached)
        return { status: 500, text: `POST /jointreset: the joints did not reach the home posture within ${JOINT_RESET_WAIT_S} s of simulated time` };
      return text('Reset Joint');
    },
    '/update_param': (body) => {
      Object.assign(robot.controller.params, parseBody('/update_param', updateParamBodySchema, body));
      return text('Updated compliance parameters');
    },
    '/set_load': (body) => {
      robot.setLoad(parseBody('/set_load', setLoadBodySchema, body).mass);
      return text('Set Load');
    },
    // The sim gripper needs no activation; the route exists so clients written for a Robotiq work unchanged.
    '/activate_gripper': () => text('Activated'),
    '/reset_gripper': () => gripper(1, false, 'Reset'),
    '/open_gripper': () => gripper(1, false, 'Opened'),
    '/close_gripper': () => gripper(0, false, 'Closed'),
    '/close_gripper_slow': () => gripper(0, true, 'Closed'),
    '/move_gripper': (body) => {
      const { gripper_pos } = parseBody('/move_gripper', moveGripperBodySchema, body);
      // Robotiq convention, clipped like serl: 0 fully open .. 255 fully closed.
      const position = Math.min(Math.max(Math.trunc(gripper_pos), 0), 255);
      return gripper(1 - position / 255, false, 'Moved Gripper');
    },
    '/get_task': () => {
      const task = robot.readTask();
      return json({ cube_pos: task.cubePos, cube_quat: task.cubeQuat, reward: task.reward, success: task.success });
    },
    '/reset_scene': (body) => {
      robot.resetScene(parseBody('/reset_scene', resetSceneBodySchema, body)?.seed);
      return json({ cube_pos: robot.readTask().cubePos });
    },
    '/sim_status': () => json({ timing: clock.timing, sim_time_s: robot.simTime, dropped_steps: clock.droppedSteps }),
    '/cameras': () => json({ cameras: robot.cameraNames() }),
    '/getimage': (body) => {
      const { camera } = parseBody('/getimage', getImageBodySchema, body);
      if (!robot.cameraNames().includes(camera)) {
        throw new RouteError(
          404,
          `POST /getimage: no camera '${camera}'; cameras: ${robot.cameraNames().join(', ') || 'none (start the server with task pick-cube-vision)'}`,
        );
      }
      const image = robot.renderCamera(camera);
      return json({
        camera,
        width: image.width,
        height: image.height,
        rgb_base64: Buffer.from(image.rgb.buffer, image.rgb.byteOffset, image.rgb.byteLength).toString('base64'),
      });
    },
  };
}
