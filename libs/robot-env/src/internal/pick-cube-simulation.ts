import { getMujoco, loadModelFromXml, requireId, type MainModule, type MjData, type MjModel } from './mujoco-module.js';
import { PICK_CUBE_MJCF } from './pick-cube-mjcf.js';

/** Model addresses resolved once from the MJCF's names. */
export interface PickCubeAddresses {
  gripperQpos: number;
  gripperQvel: number;
  leftFingerQpos: number;
  rightFingerQpos: number;
  cubeQpos: number;
  leftActuator: number;
  rightActuator: number;
  mocap: number;
}

/** A compiled pick-cube scene: the module, model, data and the addresses the env needs. */
export interface PickCubeSimulation {
  mujoco: MainModule;
  model: MjModel;
  data: MjData;
  at: PickCubeAddresses;
}

/** Loads MuJoCo (once per process) and compiles the scene; the caller owns model and data. */
export async function loadPickCubeSimulation(): Promise<PickCubeSimulation> {
  const mujoco = await getMujoco();
  const model = loadModelFromXml(mujoco, PICK_CUBE_MJCF, 'pick-cube');
  try {
    const jntQposAdr: Int32Array = model.jnt_qposadr;
    const jntDofAdr: Int32Array = model.jnt_dofadr;
    const bodyMocapId: Int32Array = model.body_mocapid;
    const joint = (name: string): number => requireId(mujoco, model, 'joint', name);
    const at: PickCubeAddresses = {
      gripperQpos: jntQposAdr[joint('gripper_free')],
      gripperQvel: jntDofAdr[joint('gripper_free')],
      leftFingerQpos: jntQposAdr[joint('left_finger')],
      rightFingerQpos: jntQposAdr[joint('right_finger')],
      cubeQpos: jntQposAdr[joint('cube_free')],
      leftActuator: requireId(mujoco, model, 'actuator', 'left_finger'),
      rightActuator: requireId(mujoco, model, 'actuator', 'right_finger'),
      mocap: bodyMocapId[requireId(mujoco, model, 'body', 'mocap')],
    };
    const data = new mujoco.MjData(model);
    return { mujoco, model, data, at };
  } catch (error) {
    model.delete();
    throw error;
  }
}
