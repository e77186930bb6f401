import { choleskyInPlace, choleskySolveInPlace, matTVec, matVec } from './small-linalg.js';
import { quatErrorToRotVec } from './rotation.js';

/**
 * Compliance parameters, named as serl's Cartesian impedance controller names them (the keys
 * `/update_param` accepts). As there, clips bound the error current - target per axis:
 * `translational_clip_x` above and `translational_clip_neg_x` below, so a commanded move
 * toward +x is limited by `translational_clip_neg_x`; likewise for the rotation vector.
 */
export interface ImpedanceParams {
  translational_stiffness: number;
  translational_damping: number;
  rotational_stiffness: number;
  rotational_damping: number;
  translational_Ki: number;
  rotational_Ki: number;
  translational_clip_x: number;
  translational_clip_y: number;
  translational_clip_z: number;
  translational_clip_neg_x: number;
  translational_clip_neg_y: number;
  translational_clip_neg_z: number;
  rotational_clip_x: number;
  rotational_clip_y: number;
  rotational_clip_z: number;
  rotational_clip_neg_x: number;
  rotational_clip_neg_y: number;
  rotational_clip_neg_z: number;
  nullspace_stiffness: number;
}

/**
 * Defaults: serl's stiffness and damping (2000 N/m, 89 N s/m, 150 N m/rad, 7 N m s/rad), with
 * clips wide enough for free-space moves of a few centimetres per 10 Hz step.
 */
export const DEFAULT_IMPEDANCE_PARAMS: Readonly<ImpedanceParams> = {
  translational_stiffness: 2000,
  translational_damping: 89,
  rotational_stiffness: 150,
  rotational_damping: 7,
  translational_Ki: 0,
  rotational_Ki: 0,
  translational_clip_x: 0.02,
  translational_clip_y: 0.02,
  translational_clip_z: 0.02,
  translational_clip_neg_x: 0.02,
  translational_clip_neg_y: 0.02,
  translational_clip_neg_z: 0.02,
  rotational_clip_x: 0.1,
  rotational_clip_y: 0.1,
  rotational_clip_z: 0.1,
  rotational_clip_neg_x: 0.1,
  rotational_clip_neg_y: 0.1,
  rotational_clip_neg_z: 0.1,
  nullspace_stiffness: 10,
};

/** Everything the controller reads from the sim in one physics step (arm DOFs only). */
export interface ArmSnapshot {
  /** TCP position (3). */
  position: Float64Array;
  /** TCP orientation [x, y, z, w] (4). */
  quat: Float64Array;
  /** 6 x 7 row-major: rows 0-2 translational, 3-5 rotational (world frame). */
  jacobian: Float64Array;
  /** 7 x 7 row-major joint-space inertia. */
  massMatrix: Float64Array;
  /** Gravity, Coriolis and centrifugal joint torques (7). */
  bias: Float64Array;
  q: Float64Array;
  dq: Float64Array;
}

const N = 7;
/** Regularises (J M^-1 J^T) near singularities before inverting it. */
const SINGULAR_DAMPING = 1e-4;

/**
 * Cartesian impedance control of a 7-DoF arm: tau = J^T (K e - D v + Ki ∫e) + bias + a
 * posture torque projected into the dynamically consistent null space (I - J^T Jbar^T), where
 * Jbar = M^-1 J^T Λ and Λ = (J M^-1 J^T)^-1. All buffers are preallocated.
 */
export class ImpedanceController {
  readonly params: ImpedanceParams = { ...DEFAULT_IMPEDANCE_PARAMS };
  readonly targetPosition = new Float64Array(3);
  /** [x, y, z, w]. */
  readonly targetQuat = Float64Array.of(0, 0, 0, 1);
  /** Joint posture the null-space torque pulls towards. */
  readonly posture = new Float64Array(N);
  private readonly integral = new Float64Array(6);
  private readonly error = new Float64Array(6);
  private readonly rotError = new Float64Array(3);
  private readonly velocity = new Float64Array(6);
  private readonly wrench = new Float64Array(6);
  private readonly chol = new Float64Array(N * N);
  private readonly minvJt = new Float64Array(N * 6);
  private readonly lambda = new Float64Array(36);
  private readonly jbarT = new Float64Array(6 * N);
  private readonly postureTorque = new Float64Array(N);
  private readonly jbarTPosture = new Float64Array(6);
  private readonly projected = new Float64Array(N);

  /** Forgets the integral term (what `/clearerr` does to the sim controller). */
  resetIntegral(): void {
    this.integral.fill(0);
  }

  /** Joint torques for one physics step of length `dt`, written into `tau` (7). */
  compute(s: ArmSnapshot, dt: number, tau: Float64Array): void {
    const p = this.params;
    const { error, rotError, velocity, wrench, integral } = this;
    for (let i = 0; i < 3; i++) error[i] = this.targetPosition[i] - s.position[i];
    quatErrorToRotVec(this.targetQuat, s.quat, rotError);
    error.set(rotError, 3);
    // serl clips its error (current - target) to [-clip_neg, clip]; ours is target - current.
    clip(error, 0, p.translational_clip_x, p.translational_clip_neg_x);
    clip(error, 1, p.translational_clip_y, p.translational_clip_neg_y);
    clip(error, 2, p.translational_clip_z, p.translational_clip_neg_z);
    clip(error, 3, p.rotational_clip_x, p.rotational_clip_neg_x);
    clip(error, 4, p.rotational_clip_y, p.rotational_clip_neg_y);
    clip(error, 5, p.rotational_clip_z, p.rotational_clip_neg_z);
    matVec(s.jacobian, s.dq, velocity, 6, N);
    for (let i = 0; i < 6; i++) {
      const translational = i < 3;
      integral[i] += error[i] * dt;
      const k = translational ? p.translational_stiffness : p.rotational_stiffness;
      const d = translational ? p.translational_damping : p.rotational_damping;
      const ki = translational ? p.translational_Ki : p.rotational_Ki;
      wrench[i] = k * error[i] - d * velocity[i] + ki * integral[i];
    }
    matTVec(s.jacobian, wrench, tau, 6, N);
    if (this.nullSpaceTorque(s)) for (let i = 0; i < N; i++) tau[i] += this.projected[i];
    for (let i = 0; i < N; i++) tau[i] += s.bias[i];
  }

  /** Writes the projected posture torque into `projected`; false when M or Λ^-1 is singular. */
  private nullSpaceTorque(s: ArmSnapshot): boolean {
    const { chol, minvJt, lambda, jbarT, postureTorque, jbarTPosture, projected } = this;
    chol.set(s.massMatrix);
    if (!choleskyInPlace(chol, N)) return false;
    // minvJt (7 x 6) = M^-1 J^T, column by column.
    for (let c = 0; c < 6; c++) {
      for (let r = 0; r < N; r++) minvJt[r * 6 + c] = s.jacobian[c * N + r];
      choleskySolveInPlace(chol, N, minvJt, c, 6);
    }
    // lambda := J M^-1 J^T (6 x 6), then its Cholesky factor.
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        let sum = 0;
        for (let t = 0; t < N; t++) sum += s.jacobian[i * N + t] * minvJt[t * 6 + j];
        lambda[i * 6 + j] = sum + (i === j ? SINGULAR_DAMPING : 0);
      }
    }
    if (!choleskyInPlace(lambda, 6)) return false;
    // jbarT (6 x 7) = Λ J M^-1 = Λ (minvJt)^T: solve (Λ^-1) X = (minvJt)^T column by column.
    for (let c = 0; c < N; c++) {
      for (let r = 0; r < 6; r++) jbarT[r * N + c] = minvJt[c * 6 + r];
      choleskySolveInPlace(lambda, 6, jbarT, c, N);
    }
    const kn = this.params.nullspace_stiffness;
    const dn = 2 * Math.sqrt(Math.max(kn, 0));
    for (let i = 0; i < N; i++) postureTorque[i] = kn * (this.posture[i] - s.q[i]) - dn * s.dq[i];
    // (I - J^T Jbar^T) posture = posture - J^T (Jbar^T posture)
    matVec(jbarT, postureTorque, jbarTPosture, 6, N);
    matTVec(s.jacobian, jbarTPosture, projected, 6, N);
    for (let i = 0; i < N; i++) projected[i] = postureTorque[i] - projected[i];
    return true;
  }
}

function clip(v: Float64Array, i: number, below: number, above: number): void {
  v[i] = Math.min(Math.max(v[i], -below), above);
}
