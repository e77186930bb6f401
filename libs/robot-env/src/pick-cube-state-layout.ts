/** Where each quantity sits in pick-cube's `state` observation (offset, length). */
export const PICK_CUBE_STATE_LAYOUT = {
  /** TCP position (m, world frame): the point between the finger pads. */
  tcpPos: { offset: 0, size: 3 },
  /** TCP linear velocity (m/s, world frame). */
  tcpVel: { offset: 3, size: 3 },
  /** Gripper opening: 0 closed .. 1 fully open. */
  gripperOpening: { offset: 6, size: 1 },
  /** Cube centre position (m, world frame). */
  cubePos: { offset: 7, size: 3 },
} as const;

/** Length of pick-cube's `state` vector. */
export const PICK_CUBE_STATE_SIZE = 10;
