import { eulerXyzFromQuat, matFromQuat, quatFromEulerXyz, quatFromMat, type Mat3 } from './rotation.js';

function transposeTimes(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9) as Mat3;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) out[i * 3 + j] = a[i] * b[j] + a[3 + i] * b[3 + j] + a[6 + i] * b[6 + j];
  return out;
}

/**
 * hil-serl's FrankaEnv.compute_reward: |xyz - target xyz| and the euler angles of
 * R_current^T * R_target, per axis, all below `threshold`. `pose` is xyz + quaternion, `target`
 * xyz + euler.
 */
export function poseWithinThreshold(pose: readonly number[], target: readonly number[], threshold: readonly number[]): boolean {
  const diff = eulerXyzFromQuat(quatFromMat(transposeTimes(matFromQuat(pose.slice(3, 7)), matFromQuat(quatFromEulerXyz(target.slice(3, 6))))));
  for (let i = 0; i < 3; i++) if (!(Math.abs(pose[i] - target[i]) < threshold[i])) return false;
  return diff.every((d, i) => Math.abs(d) < threshold[3 + i]);
}
