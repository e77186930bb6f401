import type { EnvSpec } from '@rlpd/spaces';
import type { ResetResult, StepResult } from '../env.js';
import { matFromQuat, quatFromMat, type Mat3 } from '../franka/rotation.js';
import { EnvWrapper, requireSpaceKey, requireVector } from './env-wrapper.js';

type Obs = Record<string, Float32Array | Uint8Array>;
type Mat6 = Float64Array; // row-major 6x6

/**
 * serl's adjoint of a TCP pose, for 6-vectors ordered (linear, angular):
 * [[R, 0], [p^ R, R]] with R the TCP rotation and p^ the skew matrix of its position.
 */
export function adjointOfPose(pose: ArrayLike<number>): Mat6 {
  const r = matFromQuat([pose[3], pose[4], pose[5], pose[6]]);
  const [x, y, z] = [pose[0], pose[1], pose[2]];
  const skew: Mat3 = [0, -z, y, z, 0, -x, -y, x, 0];
  const a = new Float64Array(36);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      a[i * 6 + j] = r[i * 3 + j];
      a[(i + 3) * 6 + j + 3] = r[i * 3 + j];
      a[(i + 3) * 6 + j] = skew[i * 3] * r[j] + skew[i * 3 + 1] * r[3 + j] + skew[i * 3 + 2] * r[6 + j];
    }
  }
  return a;
}

/** Inverse of adjointOfPose's matrix: [[R^T, 0], [-R^T p^, R^T]]. */
export function inverseAdjoint(a: Mat6): Mat6 {
  const inv = new Float64Array(36);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      inv[i * 6 + j] = a[j * 6 + i];
      inv[(i + 3) * 6 + j + 3] = a[j * 6 + i];
      // -(R^T (p^ R) R^T) = -R^T p^: the lower-left block of A is p^ R.
      let s = 0;
      for (let k = 0; k < 3; k++) for (let m = 0; m < 3; m++) s += a[k * 6 + i] * a[(k + 3) * 6 + m] * a[j * 6 + m];
      inv[(i + 3) * 6 + j] = -s;
    }
  }
  return inv;
}

function apply6(m: Mat6, v: ArrayLike<number>, out: Float32Array): void {
  const input = [v[0], v[1], v[2], v[3], v[4], v[5]];
  for (let i = 0; i < 6; i++) {
    let s = 0;
    for (let j = 0; j < 6; j++) s += m[i * 6 + j] * input[j];
    out[i] = s;
  }
}

/**
 * How actions and velocities change frame. 'serl': serl's adjoint [[R, 0], [p^ R, R]], which
 * also adds p x (R v) to the angular part (moving the TCP commands a rotation that grows with its
 * distance from the base origin); 'rotation': [[R, 0], [0, R]], linear and angular parts rotated only.
 */
export type RelativeFrameAdjoint = 'serl' | 'rotation';

/**
 * hil-serl's RelativeFrame: the policy acts, and sees velocities, in the end-effector frame;
 * with `includeRelativePose` the TCP pose is seen relative to the pose at reset. Actions'
 * first 6 values (linear, angular) go through serl's adjoint [[R, 0], [p^ R, R]] of the current
 * TCP pose; `tcp_vel` through its inverse; `tcp_pose` becomes T_reset^-1 * T_current (xyz +
 * quaternion). Needs observation keys `tcp_pose` (7) and `tcp_vel` (6). `adjointKind` 'rotation'
 * drops serl's p^ R coupling.
 */
export class RelativeFrame extends EnvWrapper {
  private adjoint: Mat6 = new Float64Array(36);
  private resetRotation: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  private resetPosition = [0, 0, 0];

  constructor(
    inner: ConstructorParameters<typeof EnvWrapper>[0],
    private readonly includeRelativePose = true,
    private readonly adjointKind: RelativeFrameAdjoint = 'serl',
  ) {
    super(inner);
    requireSpaceKey(inner.spec, 'tcp_pose', 7, 'RelativeFrame');
    requireSpaceKey(inner.spec, 'tcp_vel', 6, 'RelativeFrame');
    if (inner.spec.actionSpace.shape[0] < 6) throw new Error('RelativeFrame: the action needs at least 6 values (xyz, rotation)');
  }

  override get spec(): EnvSpec {
    return this.inner.spec;
  }

  override async reset(options?: { seed?: number }): Promise<ResetResult> {
    const result = await this.inner.reset(options);
    const pose = requireVector(result.observation, 'tcp_pose', 7, 'RelativeFrame');
    this.adjoint = this.adjointOf(pose);
    this.resetRotation = matFromQuat([pose[3], pose[4], pose[5], pose[6]]);
    this.resetPosition = [pose[0], pose[1], pose[2]];
    return { ...result, observation: this.transformObservation(result.observation) };
  }

  override async step(action: Float32Array): Promise<StepResult> {
    const baseAction = Float32Array.from(action);
    apply6(this.adjoint, action, baseAction);
    const result = await this.inner.step(baseAction);
    const info = { ...result.info };
    if (info.interveneAction !== undefined) {
      // An intervention inside this wrapper acted in the base frame: report it in ours.
      const own = Float32Array.from(info.interveneAction);
      apply6(inverseAdjoint(this.adjoint), info.interveneAction, own);
      info.interveneAction = own;
    }
    this.adjoint = this.adjointOf(requireVector(result.observation, 'tcp_pose', 7, 'RelativeFrame'));
    return { ...result, observation: this.transformObservation(result.observation), info };
  }

  private adjointOf(pose: Float32Array): Mat6 {
    return adjointOfPose(this.adjointKind === 'serl' ? pose : [0, 0, 0, pose[3], pose[4], pose[5], pose[6]]);
  }

  private transformObservation(observation: Readonly<Obs>): Obs {
    const out: Obs = { ...observation };
    const vel = new Float32Array(6);
    apply6(inverseAdjoint(this.adjoint), requireVector(observation, 'tcp_vel', 6, 'RelativeFrame'), vel);
    out.tcp_vel = vel;
    if (this.includeRelativePose) {
      const pose = requireVector(observation, 'tcp_pose', 7, 'RelativeFrame');
      const r0 = this.resetRotation;
      const r = matFromQuat([pose[3], pose[4], pose[5], pose[6]]);
      const d = [pose[0] - this.resetPosition[0], pose[1] - this.resetPosition[1], pose[2] - this.resetPosition[2]];
      const rel = new Array<number>(9) as Mat3;
      const p = [0, 0, 0];
      for (let i = 0; i < 3; i++) {
        p[i] = r0[i] * d[0] + r0[3 + i] * d[1] + r0[6 + i] * d[2]; // R0^T d
        for (let j = 0; j < 3; j++) rel[i * 3 + j] = r0[i] * r[j] + r0[3 + i] * r[3 + j] + r0[6 + i] * r[6 + j]; // R0^T R
      }
      out.tcp_pose = Float32Array.from([...p, ...quatFromMat(rel)]);
    }
    return out;
  }
}
