import type { ArmSnapshot } from '../../internal/impedance-controller.js';
import type { MainModule, MjData, MjModel } from '../../internal/mujoco-module.js';
import { PANDA_DOF } from '../../internal/panda-kinematics.js';
import { matToQuat } from '../../internal/rotation.js';

const N = PANDA_DOF;

/**
 * Reads what the arm controller needs from an `MjData` after its position stage: TCP pose,
 * the 6 x 7 Jacobian (`mj_jacSite`), the 7 x 7 inertia (`mj_fullM`), bias torques and joint
 * state, into one preallocated `ArmSnapshot`. The arm's joints are DOFs 0..6.
 */
export class ArmSnapshotReader {
  readonly snapshot: ArmSnapshot = {
    position: new Float64Array(3),
    quat: new Float64Array(4),
    jacobian: new Float64Array(6 * N),
    massMatrix: new Float64Array(N * N),
    bias: new Float64Array(N),
    q: new Float64Array(N),
    dq: new Float64Array(N),
  };
  private readonly jacp: InstanceType<MainModule['DoubleBuffer']>;
  private readonly jacr: InstanceType<MainModule['DoubleBuffer']>;
  private readonly fullM: InstanceType<MainModule['DoubleBuffer']>;

  constructor(
    private readonly mujoco: MainModule,
    private readonly model: MjModel,
    private readonly site: number,
  ) {
    this.jacp = new mujoco.DoubleBuffer(3 * model.nv);
    this.jacr = new mujoco.DoubleBuffer(3 * model.nv);
    this.fullM = new mujoco.DoubleBuffer(model.nv * model.nv);
  }

  /** Fills and returns the snapshot (the same object every call). */
  read(data: MjData): ArmSnapshot {
    const { mujoco, model, site, snapshot: s } = this;
    const nv: number = model.nv;
    const siteXpos: Float64Array = data.site_xpos;
    const siteXmat: Float64Array = data.site_xmat;
    s.position.set(siteXpos.subarray(3 * site, 3 * site + 3));
    matToQuat(siteXmat, s.quat, 0, 9 * site);
    mujoco.mj_jacSite(model, data, this.jacp, this.jacr, site);
    const jacp: Float64Array = this.jacp.GetView();
    const jacr: Float64Array = this.jacr.GetView();
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < N; c++) {
        s.jacobian[r * N + c] = jacp[r * nv + c];
        s.jacobian[(r + 3) * N + c] = jacr[r * nv + c];
      }
    }
    mujoco.mj_fullM(model, this.fullM, data.qM);
    const full: Float64Array = this.fullM.GetView();
    for (let r = 0; r < N; r++) for (let c = 0; c < N; c++) s.massMatrix[r * N + c] = full[r * nv + c];
    const bias: Float64Array = data.qfrc_bias;
    const qpos: Float64Array = data.qpos;
    const qvel: Float64Array = data.qvel;
    s.bias.set(bias.subarray(0, N));
    s.q.set(qpos.subarray(0, N));
    s.dq.set(qvel.subarray(0, N));
    return s;
  }

  delete(): void {
    this.jacp.delete();
    this.jacr.delete();
    this.fullM.delete();
  }
}
