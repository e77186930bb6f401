/** The TCP pointing straight down, x along world x: [x, y, z, w]. */
export const DOWN_QUAT: readonly number[] = [1, 0, 0, 0];

/** How the arm is driven: Cartesian impedance, a joint hold (impedance stopped) or a joint reset. */
export type ArmMode = 'impedance' | 'stopped' | 'joint-reset';

/** A snapshot of the robot state in the Franka server's units. Arrays are fresh per call. */
export interface PandaState {
  /** [x, y, z, qx, qy, qz, qw]. */
  pose: number[];
  /** TCP twist [vx, vy, vz, wx, wy, wz] = J dq. */
  vel: number[];
  /** External force on the hand in the TCP frame (N). */
  force: number[];
  /** External torque on the hand about the TCP, in the TCP frame (N m). */
  torque: number[];
  q: number[];
  dq: number[];
  /** 6 x 7, rows 0-2 translational, 3-5 rotational, world frame. */
  jacobian: number[][];
  /** 0 closed .. 1 open. */
  gripperPos: number;
}

/** The cube's pose and pick-cube's reward and success for the current state. */
export interface TaskState {
  cubePos: number[];
  /** [x, y, z, w]. */
  cubeQuat: number[];
  reward: number;
  success: boolean;
}
