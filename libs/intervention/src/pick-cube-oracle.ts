import type { Observation } from '@rlpd/spaces';
import { PICK_CUBE_STATE_LAYOUT, PICK_CUBE_STATE_SIZE } from '@rlpd/robot-env';
import { gaussian } from './internal/gaussian.js';

/** Gains and thresholds of the scripted pick (metres unless noted). */
const ORACLE = {
  /** Action units per metre of error: one unit moves the TCP target 0.1 m, so 10 closes the gap in one step. */
  gain: 10,
  /** Height above the cube centre at which the gripper travels in xy. */
  hoverAbove: 0.08,
  /** Lowest travel height of the TCP. */
  minHover: 0.1,
  /** xy error below which the gripper descends from hover height. */
  alignXy: 0.01,
  /** Looser xy tolerance once the TCP is low (hysteresis: noise must not bounce it back up). */
  alignXyLow: 0.02,
  /** TCP height above the cube centre counted as low. */
  lowAbove: 0.03,
  /** TCP height above the cube centre below which the gripper closes. */
  alignZ: 0.008,
  /** TCP-to-cube distance within which a closed gripper counts as holding the cube. */
  holdDistance: 0.02,
  /** Opening below which the gripper counts as closed (0.47 when it holds the 4 cm cube). */
  closedOpening: 0.8,
  /** TCP height to carry the cube to (lift 0.23 m: full lift reward, well past the 5 cm success). */
  carryHeight: 0.25,
} as const;

/** Noise goes on the motion only: a noisy gripper command half-closes the gripper mid-approach. */
const XYZ_DIMS = 3;

const clip1 = (v: number): number => Math.min(Math.max(v, -1), 1);

/**
 * A scripted pick-cube controller working from the pick-cube state: `observation.state` when it
 * is one (pick-cube), else `privilegedState` (the env's `info.privilegedState`: pick-cube-vision
 * observes no cube position, its info carries the full state). Phases, chosen from the state
 * each step: hover above the cube with the gripper open, descend, close,
 * lift to `carryHeight` and hold. A closed gripper away from the cube (a missed grasp)
 * reopens and starts over. With `noise > 0` (and `rng`), gaussian noise of that standard
 * deviation is added to the xyz dimensions before clipping, for diverse demos (0.1 still
 * solves every episode; 0.3, i.e. 3 cm per step, about half).
 */
export function pickCubeOracleAction(observation: Observation, rng: () => number = Math.random, noise = 0, privilegedState?: Float32Array): Float32Array {
  const observed = observation.state;
  const s = observed?.length === PICK_CUBE_STATE_SIZE ? observed : privilegedState;
  if (s === undefined || s.length !== PICK_CUBE_STATE_SIZE) {
    throw new Error(
      `pickCubeOracleAction needs a pick-cube state of length ${PICK_CUBE_STATE_SIZE} (with the cube position) in observation.state or the env's info.privilegedState; ` +
        `got observation.state of length ${observed?.length ?? 'none'} and ${privilegedState === undefined ? 'no privilegedState' : `a privilegedState of length ${privilegedState.length}`}`,
    );
  }
  const { tcpPos, gripperOpening, cubePos } = PICK_CUBE_STATE_LAYOUT;
  const tx = s[tcpPos.offset];
  const ty = s[tcpPos.offset + 1];
  const tz = s[tcpPos.offset + 2];
  const cx = s[cubePos.offset];
  const cy = s[cubePos.offset + 1];
  const cz = s[cubePos.offset + 2];
  const closed = s[gripperOpening.offset] < ORACLE.closedOpening;
  const holding = closed && Math.hypot(cx - tx, cy - ty, cz - tz) < ORACLE.holdDistance;

  let goalX = cx;
  let goalY = cy;
  let goalZ = cz;
  let grip = 1;
  if (holding) {
    goalX = tx; // carry straight up; chasing the cube's xy would feed back into itself
    goalY = ty;
    goalZ = ORACLE.carryHeight;
    grip = -1;
  } else if (closed) {
    goalZ = Math.max(cz + ORACLE.hoverAbove, ORACLE.minHover); // missed: open and back off
  } else if (Math.hypot(cx - tx, cy - ty) > (tz - cz < ORACLE.lowAbove ? ORACLE.alignXyLow : ORACLE.alignXy)) {
    goalZ = Math.max(cz + ORACLE.hoverAbove, ORACLE.minHover);
  } else if (tz - cz < ORACLE.alignZ) {
    grip = -1;
  }
  const action = Float32Array.of(ORACLE.gain * (goalX - tx), ORACLE.gain * (goalY - ty), ORACLE.gain * (goalZ - tz), grip);
  for (let i = 0; i < XYZ_DIMS; i++) {
    action[i] = clip1(noise > 0 ? action[i] + noise * gaussian(rng) : action[i]);
  }
  return action;
}
