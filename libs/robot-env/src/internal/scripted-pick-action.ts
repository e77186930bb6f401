import { PICK_CUBE_STATE_SIZE } from '../pick-cube-state-layout.js';

const clip1 = (v: number): number => Math.min(Math.max(v, -1), 1);

/**
 * A minimal scripted pick on pick-cube's state, for tests and the sample-frame script (the
 * real oracle lives in @rlpd/intervention, which depends on this library). `hasGrasped` is
 * whether an earlier action already closed the gripper.
 */
export function scriptedPickAction(s: Float32Array, hasGrasped: boolean): Float32Array {
  if (s.length !== PICK_CUBE_STATE_SIZE) throw new Error(`scriptedPickAction expects a pick-cube state of length ${PICK_CUBE_STATE_SIZE}, got ${s.length}`);
  const [tx, ty, tz, , , , opening, cx, cy, cz] = s;
  const dx = cx - tx;
  const dy = cy - ty;
  let zGoal = cz;
  let grip = 1;
  if (hasGrasped && opening < 0.8) {
    zGoal = 0.25;
    grip = -1;
  } else if (Math.hypot(dx, dy) > 0.01) {
    zGoal = Math.max(cz + 0.08, 0.1);
  } else if (tz - cz < 0.005) {
    grip = -1;
  }
  return Float32Array.of(clip1(10 * dx), clip1(10 * dy), clip1(10 * (zGoal - tz)), grip);
}
