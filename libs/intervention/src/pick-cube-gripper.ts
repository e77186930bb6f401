import type { Observation } from '@rlpd/spaces';
import { PICK_CUBE_STATE_LAYOUT } from '@rlpd/robot-env';
import { GRIPPER_CLOSE, GRIPPER_OPEN } from './teleop/teleop-source.js';

/** Opening below which the pick-cube gripper counts as closed (0.47 when it holds the cube). */
const CLOSED_OPENING = 0.8;

/**
 * The gripper target that keeps pick-cube's gripper as it is (-1 when closed or holding,
 * +1 when open): a person who takes over mid-grasp must not drop the cube by default.
 */
export function pickCubeGripperTarget(observation: Observation): number {
  const opening = observation.state?.[PICK_CUBE_STATE_LAYOUT.gripperOpening.offset];
  if (opening === undefined) throw new Error('pickCubeGripperTarget expects a pick-cube state observation');
  return opening < CLOSED_OPENING ? GRIPPER_CLOSE : GRIPPER_OPEN;
}
