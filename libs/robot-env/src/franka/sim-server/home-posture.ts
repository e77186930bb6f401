import type { MainModule, MjData, MjModel } from '../../internal/mujoco-module.js';
import { PANDA_DOF, PANDA_JOINT_LIMITS } from '../../internal/panda-kinematics.js';
import { quatErrorToRotVec, matToQuat } from '../../internal/rotation.js';
import { choleskyInPlace, choleskySolveInPlace } from '../../internal/small-linalg.js';

/** Franka's "ready" posture, the starting guess (TCP about (0.31, 0, 0.49), pointing down). */
const READY_Q = [0, -Math.PI / 4, 0, (-3 * Math.PI) / 4, 0, Math.PI / 2, Math.PI / 4];
const N = PANDA_DOF;

/**
 * Joint angles that put the TCP site at `position` with orientation `quat` ([x, y, z, w]):
 * damped least squares from the ready posture, joint limits respected. Uses `data` as scratch.
 * Throws when it does not converge to 0.1 mm and 1 mrad.
 */
export function solveHomePosture(
  mujoco: MainModule,
  model: MjModel,
  data: MjData,
  site: number,
  position: readonly number[],
  quat: readonly number[],
): Float64Array {
  const nv: number = model.nv;
  const jacp = new mujoco.DoubleBuffer(3 * nv);
  const jacr = new mujoco.DoubleBuffer(3 * nv);
  try {
    const q = Float64Array.from(READY_Q);
    const current = new Float64Array(4);
    const rot = new Float64Array(3);
    const err = new Float64Array(6);
    const j = new Float64Array(6 * N);
    const jjt = new Float64Array(36);
    let norm = Infinity;
    for (let iter = 0; iter < 200; iter++) {
      const qpos: Float64Array = data.qpos;
      qpos.set(q, 0);
      mujoco.mj_forward(model, data);
      const xpos: Float64Array = data.site_xpos;
      const xmat: Float64Array = data.site_xmat;
      for (let i = 0; i < 3; i++) err[i] = position[i] - xpos[3 * site + i];
      matToQuat(xmat, current, 0, 9 * site);
      quatErrorToRotVec(quat, current, rot);
      err.set(rot, 3);
      norm = Math.max(Math.hypot(err[0], err[1], err[2]) / 1e-4, Math.hypot(err[3], err[4], err[5]) / 1e-3);
      if (norm < 1) return q;
      mujoco.mj_jacSite(model, data, jacp, jacr, site);
      const p: Float64Array = jacp.GetView();
      const r: Float64Array = jacr.GetView();
      for (let row = 0; row < 3; row++) {
        for (let c = 0; c < N; c++) {
          j[row * N + c] = p[row * nv + c];
          j[(row + 3) * N + c] = r[row * nv + c];
        }
      }
      // dq = J^T (J J^T + λ² I)^-1 err
      for (let a = 0; a < 6; a++) {
        for (let b = 0; b < 6; b++) {
          let sum = a === b ? 1e-4 : 0;
          for (let c = 0; c < N; c++) sum += j[a * N + c] * j[b * N + c];
          jjt[a * 6 + b] = sum;
        }
      }
      if (!choleskyInPlace(jjt, 6)) break;
      choleskySolveInPlace(jjt, 6, err);
      for (let c = 0; c < N; c++) {
        let step = 0;
        for (let a = 0; a < 6; a++) step += j[a * N + c] * err[a];
        const [low, high] = PANDA_JOINT_LIMITS[c];
        q[c] = Math.min(Math.max(q[c] + step, low), high);
      }
    }
    throw new Error(`panda home posture: inverse kinematics did not converge for TCP ${position.join(',')} (error ${norm.toFixed(2)} x tolerance)`);
  } finally {
    jacp.delete();
    jacr.delete();
  }
}
