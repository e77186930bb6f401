import { requireId, type MainModule, type MjModel } from '../../internal/mujoco-module.js';
import { PANDA_DOF } from '../../internal/panda-kinematics.js';

/** Model addresses the sim arm uses, resolved once from the MJCF's names. */
export interface PandaAddresses {
  tcpSite: number;
  cubeQpos: number;
  cubeDof: number;
  leftFingerQpos: number;
  leftFingerDof: number;
  rightFingerDof: number;
  rightFingerQpos: number;
  leftActuator: number;
  rightActuator: number;
  handBodies: ReadonlySet<number>;
}

/** Resolves every address, checking that the arm's joints are qpos/DOF 0..6; throws naming what is missing. */
export function resolvePandaAddresses(mujoco: MainModule, model: MjModel): PandaAddresses {
  const jntQposAdr: Int32Array = model.jnt_qposadr;
  const jntDofAdr: Int32Array = model.jnt_dofadr;
  for (let i = 0; i < PANDA_DOF; i++) {
    const joint = requireId(mujoco, model, 'joint', `joint${i + 1}`);
    if (jntQposAdr[joint] !== i || jntDofAdr[joint] !== i) throw new Error(`panda MJCF: joint${i + 1} is not at qpos/dof address ${i}`);
    requireId(mujoco, model, 'actuator', `joint${i + 1}`);
  }
  const body = (name: string): number => requireId(mujoco, model, 'body', name);
  return {
    tcpSite: requireId(mujoco, model, 'site', 'tcp'),
    cubeQpos: jntQposAdr[requireId(mujoco, model, 'joint', 'cube_free')],
    cubeDof: jntDofAdr[requireId(mujoco, model, 'joint', 'cube_free')],
    leftFingerQpos: jntQposAdr[requireId(mujoco, model, 'joint', 'left_finger')],
    leftFingerDof: jntDofAdr[requireId(mujoco, model, 'joint', 'left_finger')],
    rightFingerDof: jntDofAdr[requireId(mujoco, model, 'joint', 'right_finger')],
    rightFingerQpos: jntQposAdr[requireId(mujoco, model, 'joint', 'right_finger')],
    leftActuator: requireId(mujoco, model, 'actuator', 'left_finger'),
    rightActuator: requireId(mujoco, model, 'actuator', 'right_finger'),
    handBodies: new Set([body('hand'), body('left_finger'), body('right_finger')]),
  };
}
