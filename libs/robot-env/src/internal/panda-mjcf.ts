import {
  PANDA_DH,
  PANDA_DOF,
  PANDA_HAND_YAW,
  PANDA_JOINT_LIMITS,
  PANDA_LINK_MASSES,
  PANDA_TCP_OFFSET,
  PANDA_TORQUE_LIMITS,
  type DhRow,
} from './panda-kinematics.js';
import {
  CUBE_BODY_MJCF,
  FINGER_ACTUATORS_MJCF,
  FINGER_CONTACT_MJCF,
  FINGER_DEFAULT_CLASS_MJCF,
  TABLE_LIGHT_FRONT_CAMERA_MJCF,
  WRIST_CAMERA,
  lookAtXyaxes,
} from './pick-cube-mjcf.js';

/** Link capsule radii in metres (links 1..7): rough Panda proportions. */
const LINK_RADII = [0.06, 0.06, 0.055, 0.055, 0.05, 0.045, 0.04];

const f = (x: number): string => (Math.abs(x) < 1e-12 ? '0' : Number(x.toFixed(9)).toString());

/** Origin of the frame a DH row defines, in the previous frame. */
function dhPosition(row: DhRow): [number, number, number] {
  return [row.a, -Math.sin(row.alpha) * row.d, Math.cos(row.alpha) * row.d];
}

/** Rotation about x by alpha as a MuJoCo quaternion (w x y z). */
function dhQuat(row: DhRow): string {
  return `${f(Math.cos(row.alpha / 2))} ${f(Math.sin(row.alpha / 2))} 0 0`;
}

/** A capsule from the body origin to its child's origin, or a sphere when they coincide. */
function linkGeom(index: number, child: [number, number, number]): string {
  const radius = LINK_RADII[index];
  const mass = PANDA_LINK_MASSES[index];
  const length = Math.hypot(child[0], child[1], child[2]);
  const common = `name="link${index + 1}" class="link" mass="${mass}"`;
  if (length < 1e-6) return `<geom ${common} type="sphere" size="${radius}"/>`;
  return `<geom ${common} type="capsule" fromto="0 0 0 ${child.map(f).join(' ')}" size="${radius}"/>`;
}

/**
 * pick-cube's wrist camera, moved onto the hand: pick-cube's gripper frame (origin at the TCP,
 * z up, away from the fingers) is the hand frame turned half a turn about x and shifted to the
 * TCP, so points map as (x, y, z) -> (x, -y, tcp - z) and axes as (x, y, z) -> (x, -y, -z).
 * Pointing down, the arm's wrist images match pick-cube-vision's.
 */
function wristCamera(tcp: number): string {
  const [x, y, z] = WRIST_CAMERA.pos;
  const axes = lookAtXyaxes(WRIST_CAMERA.pos, WRIST_CAMERA.target).split(' ').map(Number);
  const turned = axes.map((v, i) => (i % 3 === 0 ? v : -v));
  return `<camera name="wrist" pos="${f(x)} ${f(-y)} ${f(tcp - z)}" xyaxes="${turned.map(f).join(' ')}" fovy="${WRIST_CAMERA.fovy}"/>`;
}

/** The hand: palm, two slide-joint fingers (as in pick-cube) and the TCP site, z along the fingers. */
function handBody(flange: DhRow): string {
  const [x, y, z] = dhPosition(flange);
  const yaw = PANDA_HAND_YAW / 2;
  const t = PANDA_TCP_OFFSET;
  return `
<body name="hand" pos="${f(x)} ${f(y)} ${f(z)}" quat="${f(Math.cos(yaw))} 0 0 ${f(Math.sin(yaw))}">
  <geom name="hand_stem" class="link" type="capsule" fromto="0 0 0 0 0 ${f(t - 0.055)}" size="0.03" mass="0.3"/>
  <geom name="palm" type="box" size="0.015 0.06 0.01" pos="0 0 ${f(t - 0.045)}" mass="0.3" rgba="0.3 0.3 0.7 1"/>
  <site name="tcp" pos="0 0 ${f(t)}" size="0.004" rgba="0 1 0 1"/>
  ${wristCamera(t)}
  <body name="left_finger">
    <joint name="left_finger" class="finger" axis="0 1 0"/>
    <geom name="left_pad" class="finger" pos="0 0.005 ${f(t - 0.014)}"/>
  </body>
  <body name="right_finger">
    <joint name="right_finger" class="finger" axis="0 -1 0"/>
    <geom name="right_pad" class="finger" pos="0 -0.005 ${f(t - 0.014)}"/>
  </body>
</body>`;
}

/** Nested link bodies from the DH table, innermost last. */
function armBodies(): string {
  let xml = handBody(PANDA_DH[PANDA_DOF]);
  for (let i = PANDA_DOF - 1; i >= 0; i--) {
    const row = PANDA_DH[i];
    const [x, y, z] = dhPosition(row);
    const [low, high] = PANDA_JOINT_LIMITS[i];
    xml = `
<body name="link${i + 1}" pos="${f(x)} ${f(y)} ${f(z)}" quat="${dhQuat(row)}">
  <joint name="joint${i + 1}" range="${low} ${high}"/>
  ${linkGeom(i, dhPosition(PANDA_DH[i + 1]))}
  ${xml}
</body>`;
  }
  return xml;
}

function motors(): string {
  return PANDA_TORQUE_LIMITS.map((limit, i) => `<motor name="joint${i + 1}" joint="joint${i + 1}" ctrlrange="${-limit} ${limit}"/>`).join('\n    ');
}

/**
 * The pick-cube scene with a Panda-like 7-DoF arm instead of the mocap gripper: our own MJCF
 * built from the published DH parameters, capsule links (no collisions: only the hand, the
 * fingers, the cube and the table touch), torque motors at the joints and pick-cube's two-finger
 * gripper on a Franka-style hand. The TCP site's frame is Franka's EE frame: z along the fingers.
 */
export const PANDA_PICK_CUBE_MJCF = `
<mujoco model="panda-pick-cube">
  <compiler angle="radian"/>
  <option timestep="0.002" noslip_iterations="5" cone="elliptic"/>
  <default>
    <geom solref="0.005 1"/>
    <joint type="hinge" axis="0 0 1" armature="0.1" damping="1" limited="true"/>
    <default class="link">
      <geom contype="0" conaffinity="0" rgba="0.9 0.9 0.9 1"/>
    </default>
${FINGER_DEFAULT_CLASS_MJCF}
  </default>
  <worldbody>
${TABLE_LIGHT_FRONT_CAMERA_MJCF}
    <body name="link0">
      <geom name="link0" class="link" type="capsule" fromto="0 0 0 0 0 0.2" size="0.07"/>
      ${armBodies()}
    </body>
${CUBE_BODY_MJCF}
  </worldbody>
${FINGER_CONTACT_MJCF}
  <actuator>
    ${motors()}
${FINGER_ACTUATORS_MJCF}
  </actuator>
</mujoco>
`;
