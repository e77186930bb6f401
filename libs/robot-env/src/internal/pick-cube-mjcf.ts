/** Half edge of the cube (a 4 cm cube resting on the table has its centre at z = 0.02). */
export const CUBE_HALF_SIZE = 0.02;
/** Finger travel: each finger slides from 0 (pads touching) to this many metres outward. */
export const FINGER_TRAVEL = 0.04;

type Vec3 = readonly [number, number, number];

/**
 * MJCF `xyaxes` of a camera at `pos` looking at `target` with world +z as "up" in the image
 * (MuJoCo cameras look along their -z axis; x is image right, y image up).
 */
export function lookAtXyaxes(pos: Vec3, target: Vec3): string {
  const back = normalize([pos[0] - target[0], pos[1] - target[1], pos[2] - target[2]]);
  const right = normalize([-back[1], back[0], 0]); // (0, 0, 1) x back
  const up: Vec3 = [back[1] * right[2] - back[2] * right[1], back[2] * right[0] - back[0] * right[2], back[0] * right[1] - back[1] * right[0]];
  return [...right, ...up].map((v) => v.toFixed(6)).join(' ');
}

function normalize(v: Vec3): Vec3 {
  const n = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** The fixed `front` camera: across the table from the robot, looking at the workspace. */
export const FRONT_CAMERA = { pos: [0.9, 0, 0.4] as Vec3, target: [0.38, 0, 0.04] as Vec3, fovy: 50 };
/**
 * The `wrist` camera in the gripper's frame (origin at the TCP): behind the fingers and below
 * the palm, looking down between the fingers at a point just below the fingertips.
 */
export const WRIST_CAMERA = { pos: [-0.07, 0, 0.04] as Vec3, target: [0.01, 0, -0.05] as Vec3, fovy: 75 };

/** MJCF of the scene around the task: the overhead light, the `front` camera and the table plane at z = 0. */
export const TABLE_LIGHT_FRONT_CAMERA_MJCF = `
    <light pos="0.4 0 1.5" dir="0 0 -1"/>
    <camera name="front" pos="${FRONT_CAMERA.pos.join(' ')}" xyaxes="${lookAtXyaxes(FRONT_CAMERA.pos, FRONT_CAMERA.target)}" fovy="${FRONT_CAMERA.fovy}"/>
    <geom name="table" type="plane" size="1 1 0.01" rgba="0.8 0.8 0.8 1"/>`;

/** MJCF of the finger default class (box pads on slide joints), shared by the scenes with this gripper. */
export const FINGER_DEFAULT_CLASS_MJCF = `
    <default class="finger">
      <geom type="box" size="0.01 0.005 0.022" condim="4" friction="2 0.05 0.001" mass="0.02" rgba="0.2 0.2 0.2 1"/>
      <joint type="slide" range="0 ${FINGER_TRAVEL}" damping="3" armature="0.001"/>
    </default>`;

/** MJCF of the 4 cm, 50 g free cube. */
export const CUBE_BODY_MJCF = `
    <body name="cube" pos="0.4 0 ${CUBE_HALF_SIZE}">
      <freejoint name="cube_free"/>
      <geom name="cube" type="box" size="${CUBE_HALF_SIZE} ${CUBE_HALF_SIZE} ${CUBE_HALF_SIZE}" mass="0.05" condim="4" friction="1 0.005 0.0001" rgba="0.9 0.2 0.2 1"/>
    </body>`;

/** MJCF of the contact rule that keeps the two fingers from colliding with each other. */
export const FINGER_CONTACT_MJCF = `
  <contact>
    <exclude body1="left_finger" body2="right_finger"/>
  </contact>`;

/** MJCF of the two finger position actuators. */
export const FINGER_ACTUATORS_MJCF = `
    <position name="left_finger" joint="left_finger" kp="300" ctrlrange="0 ${FINGER_TRAVEL}" forcerange="-8 8"/>
    <position name="right_finger" joint="right_finger" kp="300" ctrlrange="0 ${FINGER_TRAVEL}" forcerange="-8 8"/>`;

/**
 * The pick-cube scene: a table plane at z = 0, a mocap body dragging a two-finger parallel
 * gripper through a weld, and a 4 cm, 50 g free cube. The gripper body's origin is the TCP:
 * the point midway between the finger pads, 8 mm above the fingertips, so a TCP at the
 * cube's centre (z = 0.02) keeps the fingertips 12 mm above the table.
 */
export const PICK_CUBE_MJCF = `
<mujoco model="pick-cube">
  <option timestep="0.002" noslip_iterations="5" cone="elliptic"/>
  <default>
    <geom solref="0.005 1"/>
${FINGER_DEFAULT_CLASS_MJCF}
  </default>
  <worldbody>
${TABLE_LIGHT_FRONT_CAMERA_MJCF}
    <body name="mocap" mocap="true" pos="0.4 0 0.2">
      <site name="mocap_target" size="0.005" rgba="1 0 0 0.5"/>
    </body>
    <body name="gripper" pos="0.4 0 0.2" gravcomp="1">
      <freejoint name="gripper_free"/>
      <site name="tcp" size="0.004" rgba="0 1 0 1"/>
      <camera name="wrist" pos="${WRIST_CAMERA.pos.join(' ')}" xyaxes="${lookAtXyaxes(WRIST_CAMERA.pos, WRIST_CAMERA.target)}" fovy="${WRIST_CAMERA.fovy}"/>
      <geom name="palm" type="box" size="0.015 0.06 0.01" pos="0 0 0.045" mass="0.3" rgba="0.3 0.3 0.7 1"/>
      <body name="left_finger" gravcomp="1">
        <joint name="left_finger" class="finger" axis="0 1 0"/>
        <geom name="left_pad" class="finger" pos="0 0.005 0.014"/>
      </body>
      <body name="right_finger" gravcomp="1">
        <joint name="right_finger" class="finger" axis="0 -1 0"/>
        <geom name="right_pad" class="finger" pos="0 -0.005 0.014"/>
      </body>
    </body>
${CUBE_BODY_MJCF}
  </worldbody>
${FINGER_CONTACT_MJCF}
  <equality>
    <weld body1="mocap" body2="gripper" solref="0.01 1"/>
  </equality>
  <actuator>
${FINGER_ACTUATORS_MJCF}
  </actuator>
</mujoco>
`;
