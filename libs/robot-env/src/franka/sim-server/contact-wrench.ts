import type { MainModule, MjData, MjModel } from '../../internal/mujoco-module.js';

/**
 * The external wrench that contacts exert on `bodies` (the hand and fingers), about `point`
 * and expressed in the frame of the row-major rotation `frame` (the TCP): [fx, fy, fz, tx, ty, tz].
 * This is what Franka's K_F_ext_hat_K estimates on the real robot.
 */
export function contactWrenchOnBodies(
  mujoco: MainModule,
  model: MjModel,
  data: MjData,
  bodies: ReadonlySet<number>,
  point: ArrayLike<number>,
  frame: ArrayLike<number>,
): number[] {
  const geomBody: Int32Array = model.geom_bodyid;
  const world = [0, 0, 0, 0, 0, 0];
  const local = new mujoco.DoubleBuffer(6);
  const contacts = data.contact;
  try {
    const ncon: number = data.ncon;
    for (let i = 0; i < ncon; i++) {
      const contact = contacts.get(i);
      if (contact === undefined) continue;
      try {
        const on1 = bodies.has(geomBody[contact.geom1]);
        const on2 = bodies.has(geomBody[contact.geom2]);
        if (on1 === on2) continue;
        // mj_contactForce gives the force geom1 exerts on geom2, in the contact frame (rows = axes).
        mujoco.mj_contactForce(model, data, i, local);
        const f: Float64Array = local.GetView();
        const axes: Float64Array = contact.frame;
        const pos: Float64Array = contact.pos;
        const sign = on2 ? 1 : -1;
        const force = [0, 0, 0];
        const torque = [0, 0, 0];
        for (let k = 0; k < 3; k++) {
          for (let a = 0; a < 3; a++) {
            force[k] += sign * f[a] * axes[3 * a + k];
            torque[k] += sign * f[3 + a] * axes[3 * a + k];
          }
        }
        const rx = pos[0] - point[0],
          ry = pos[1] - point[1],
          rz = pos[2] - point[2];
        world[0] += force[0];
        world[1] += force[1];
        world[2] += force[2];
        world[3] += torque[0] + ry * force[2] - rz * force[1];
        world[4] += torque[1] + rz * force[0] - rx * force[2];
        world[5] += torque[2] + rx * force[1] - ry * force[0];
      } finally {
        contact.delete();
      }
    }
  } finally {
    local.delete();
    contacts.delete();
  }
  // Rotate into the frame: v_local = R^T v_world.
  const out = new Array<number>(6);
  for (let block = 0; block < 6; block += 3) {
    for (let k = 0; k < 3; k++) {
      out[block + k] = frame[k] * world[block] + frame[3 + k] * world[block + 1] + frame[6 + k] * world[block + 2];
    }
  }
  return out;
}
