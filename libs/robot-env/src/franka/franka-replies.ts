import { z } from 'zod';

const vec = (n: number) => z.array(z.number()).length(n);
/** 6x7 as nested rows (serl's franka_server) or flattened row-major (some forks). */
const jacobian = z.union([z.array(vec(7)).length(6), vec(42)]).transform((j) => (Array.isArray(j[0]) ? (j as number[][]).flat() : (j as number[])));

/** `/getstate`: the full robot state (serl franka_server.py). */
export const frankaStateSchema = z.object({
  pose: vec(7).describe('x, y, z, qx, qy, qz, qw (quaternion scalar last)'),
  vel: vec(6),
  force: vec(3),
  torque: vec(3),
  q: vec(7),
  dq: vec(7),
  jacobian,
  gripper_pos: z.number().describe('0 closed .. 1 open'),
});
/** Robot state as read from `/getstate`; `jacobian` flattened row-major (6 x 7). */
export type FrankaState = z.infer<typeof frankaStateSchema>;

/** The single-value read routes and the JSON each returns. */
export const frankaReadReplySchemas = {
  getpos: z.object({ pose: vec(7) }),
  getpos_euler: z.object({ pose: vec(6) }),
  getvel: z.object({ vel: vec(6) }),
  getforce: z.object({ force: vec(3) }),
  gettorque: z.object({ torque: vec(3) }),
  getq: z.object({ q: vec(7) }),
  getdq: z.object({ dq: vec(7) }),
  getjacobian: z.object({ jacobian }),
  get_gripper: z.union([z.object({ gripper: z.number() }), z.object({ gripper_pos: z.number() })]),
} as const;
export type FrankaReadRoute = keyof typeof frankaReadReplySchemas;

/** Command routes that take no body. */
export const FRANKA_PLAIN_COMMANDS = [
  'clearerr',
  'jointreset',
  'startimp',
  'stopimp',
  'activate_gripper',
  'reset_gripper',
  'open_gripper',
  'close_gripper',
  'close_gripper_slow',
] as const;
export type FrankaPlainCommand = (typeof FRANKA_PLAIN_COMMANDS)[number];
