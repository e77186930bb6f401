/**
 * Published Franka Emika Panda kinematics and limits (Franka's "Robot and interface
 * specifications": modified Denavit-Hartenberg parameters after Craig, joint and torque limits).
 * Each row i gives a_{i-1} and alpha_{i-1} of the previous frame and d_i along joint i.
 */
export interface DhRow {
  /** a_{i-1} in metres. */
  a: number;
  /** d_i in metres. */
  d: number;
  /** alpha_{i-1} in radians. */
  alpha: number;
}

const HALF_PI = Math.PI / 2;

/** Joints 1..7 followed by the flange (a fixed frame). */
export const PANDA_DH: readonly DhRow[] = [
  { a: 0, d: 0.333, alpha: 0 },
  { a: 0, d: 0, alpha: -HALF_PI },
  { a: 0, d: 0.316, alpha: HALF_PI },
  { a: 0.0825, d: 0, alpha: HALF_PI },
  { a: -0.0825, d: 0.384, alpha: -HALF_PI },
  { a: 0, d: 0, alpha: HALF_PI },
  { a: 0.088, d: 0, alpha: HALF_PI },
  { a: 0, d: 0.107, alpha: 0 },
];

/** Joint position limits [low, high] in radians. */
export const PANDA_JOINT_LIMITS: readonly (readonly [number, number])[] = [
  [-2.8973, 2.8973],
  [-1.7628, 1.7628],
  [-2.8973, 2.8973],
  [-3.0718, -0.0698],
  [-2.8973, 2.8973],
  [-0.0175, 3.7525],
  [-2.8973, 2.8973],
];

/** Joint torque limits in N m. */
export const PANDA_TORQUE_LIMITS: readonly number[] = [87, 87, 87, 87, 12, 12, 12];

/** Approximate link masses in kg (links 1..7), so gravity and inertia are of the right size. */
export const PANDA_LINK_MASSES: readonly number[] = [4.97, 0.65, 3.23, 3.59, 1.23, 1.67, 0.74];

/** Distance from the flange to the TCP along the flange z axis (Franka hand default F_T_EE). */
export const PANDA_TCP_OFFSET = 0.1034;

/** The hand is mounted rotated -45 degrees about the flange z axis. */
export const PANDA_HAND_YAW = -Math.PI / 4;

/** Number of arm joints. */
export const PANDA_DOF = 7;
