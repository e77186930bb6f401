import loadMujoco from 'mujoco-js';
import type { MainModule, MjData, MjModel } from 'mujoco-js';

export type { MainModule, MjData, MjModel };

let modulePromise: Promise<MainModule> | undefined;
let fileCounter = 0;

/** Loads the MuJoCo WASM module once per process; later calls share the same promise. */
export function getMujoco(): Promise<MainModule> {
  if (modulePromise === undefined) {
    modulePromise = loadMujoco().catch((error: unknown) => {
      modulePromise = undefined;
      throw new Error(`failed to load the mujoco-js WASM module: ${String(error)}`);
    });
  }
  return modulePromise;
}

/** Compiles an MJCF string through the in-memory file system. The caller must `delete()` the model. */
export function loadModelFromXml(mujoco: MainModule, xml: string, name: string): MjModel {
  const path = `/${name}-${fileCounter++}.xml`;
  mujoco.FS.writeFile(path, xml);
  try {
    const model = mujoco.MjModel.loadFromXML(path);
    if (!model) throw new Error(`MuJoCo could not compile the '${name}' MJCF (see the log above)`);
    return model;
  } finally {
    mujoco.FS.unlink(path);
  }
}

/** Id of a named object; throws when the MJCF lacks it. */
export function requireId(mujoco: MainModule, model: MjModel, type: 'body' | 'joint' | 'site' | 'actuator', name: string): number {
  const types = {
    body: mujoco.mjtObj.mjOBJ_BODY,
    joint: mujoco.mjtObj.mjOBJ_JOINT,
    site: mujoco.mjtObj.mjOBJ_SITE,
    actuator: mujoco.mjtObj.mjOBJ_ACTUATOR,
  } as const;
  const id = mujoco.mj_name2id(model, types[type].value, name);
  if (id < 0) throw new Error(`MJCF has no ${type} named '${name}'`);
  return id;
}
