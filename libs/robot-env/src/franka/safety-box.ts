import { z } from 'zod';
import { eulerXyzFromQuat, quatFromEulerXyz, type Quat } from './rotation.js';

const HALF_PI = Math.PI / 2;

/**
 * Where the TCP may be commanded: xyz bounds in metres and scipy 'xyz' euler bounds in radians
 * (hil-serl's ABS_POSE_LIMIT_LOW/HIGH). Angle bounds may cross +-pi (e.g. rx in
 * [pi - 0.1, pi + 0.1] for a gripper pointing down); ry must stay inside (-pi/2, pi/2), where
 * euler angles are unique.
 */
export const safetyBoxSchema = z
  .object({
    low: z.array(z.number().finite()).length(6).describe('x, y, z (m), rx, ry, rz (rad) lower bounds'),
    high: z.array(z.number().finite()).length(6).describe('x, y, z (m), rx, ry, rz (rad) upper bounds'),
  })
  .superRefine((box, ctx) => {
    for (let i = 0; i < 6; i++) {
      if (box.low[i] > box.high[i]) ctx.addIssue({ code: 'custom', message: `safety box axis ${i}: low ${box.low[i]} > high ${box.high[i]}` });
    }
    for (const i of [3, 5]) {
      if (box.high[i] - box.low[i] >= 2 * Math.PI) ctx.addIssue({ code: 'custom', message: `safety box axis ${i}: span must be < 2*pi` });
    }
    if (box.low[4] <= -HALF_PI || box.high[4] >= HALF_PI) {
      ctx.addIssue({ code: 'custom', message: `safety box ry bounds [${box.low[4]}, ${box.high[4]}] must lie inside (-pi/2, pi/2)` });
    }
  });
export type SafetyBox = Readonly<z.infer<typeof safetyBoxSchema>>;

/** The angle equal to `angle` modulo 2*pi that is nearest to `centre`. */
function wrapNear(angle: number, centre: number): number {
  return angle - 2 * Math.PI * Math.round((angle - centre) / (2 * Math.PI));
}

/** Euler angles of q, each wrapped to lie nearest the centre of its box interval. */
function eulerNearBox(q: readonly number[], box: SafetyBox): [number, number, number] {
  const e = eulerXyzFromQuat(q);
  return [0, 1, 2].map((i) => wrapNear(e[i], (box.low[3 + i] + box.high[3 + i]) / 2)) as [number, number, number];
}

/**
 * The pose `[x, y, z, qx, qy, qz, qw]` clipped into the box: xyz clamped, the orientation's
 * euler angles (wrap-aware) clamped and turned back into a quaternion. Throws on non-finite
 * input: a NaN must never reach the robot.
 */
export function clipPoseToBox(pose: readonly number[], box: SafetyBox): number[] {
  if (pose.length !== 7 || !pose.every(Number.isFinite)) throw new RangeError(`refusing to clip a non-finite or malformed pose [${pose.join(', ')}]`);
  const out = new Array<number>(7);
  for (let i = 0; i < 3; i++) out[i] = Math.min(box.high[i], Math.max(box.low[i], pose[i]));
  const e = eulerNearBox(pose.slice(3), box);
  const clipped = e.map((v, i) => Math.min(box.high[3 + i], Math.max(box.low[3 + i], v)));
  const q: Quat = quatFromEulerXyz(clipped);
  out[3] = q[0];
  out[4] = q[1];
  out[5] = q[2];
  out[6] = q[3];
  return out;
}

/** True when the pose lies inside the box (angles compared wrap-aware, within `tolerance`). */
export function isPoseInBox(pose: readonly number[], box: SafetyBox, tolerance = 1e-9): boolean {
  if (pose.length !== 7 || !pose.every(Number.isFinite)) return false;
  for (let i = 0; i < 3; i++) if (pose[i] < box.low[i] - tolerance || pose[i] > box.high[i] + tolerance) return false;
  const e = eulerNearBox(pose.slice(3), box);
  return e.every((v, i) => v >= box.low[3 + i] - tolerance && v <= box.high[3 + i] + tolerance);
}

/** A box around a centre pose (xyz + euler): centre - below .. centre + above, per axis. */
export function safetyBoxAround(centre: readonly number[], below: readonly number[], above: readonly number[]): SafetyBox {
  return safetyBoxSchema.parse({ low: centre.map((c, i) => c - below[i]), high: centre.map((c, i) => c + above[i]) });
}
