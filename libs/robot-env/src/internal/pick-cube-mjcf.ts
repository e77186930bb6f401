/** Half edge of the cube (a 4 cm cube resting on the table has its centre at z = 0.02). */
export const CUBE_HALF_SIZE = 0.02;
/** Finger travel: each finger slides from 0 (pads touching) to this many metres outward. */
export const FINGER_TRAVEL = 0.04;

/**
 * The pick-cube scene: a table plane at z = 0, a mocap body dragging a two-finger parallel
 * gripper through a weld, and a 4 cm, 50 g free cube. The gripper body's origin is the TCP:
 * the point midway between the finger pads, 8 mm above the fingertips, so a TCP at the
 * cube's centre (z = 0.02) keeps the fingertips 12 mm above the table.
 */
export const PICK_CUBE_MJCF = `
<mujoco model="pick-cube">
  <option timestep="0.002" noslip_iterations="5"/>
  <default>
    <geom solref="0.005 1"/>
    <default class="finger">
      <geom type="box" size="0.01 0.005 0.022" condim="4" friction="2 0.05 0.001" mass="0.02" rgba="0.2 0.2 0.2 1"/>
      <joint type="slide" range="0 ${FINGER_TRAVEL}" damping="3" armature="0.001"/>
    </default>
  </default>
  <worldbody>
    <light pos="0.4 0 1.5" dir="0 0 -1"/>
    <geom name="table" type="plane" size="1 1 0.01" rgba="0.8 0.8 0.8 1"/>
    <body name="mocap" mocap="true" pos="0.4 0 0.2">
      <site name="mocap_target" size="0.005" rgba="1 0 0 0.5"/>
    </body>
    <body name="gripper" pos="0.4 0 0.2" gravcomp="1">
      <freejoint name="gripper_free"/>
      <site name="tcp" size="0.004" rgba="0 1 0 1"/>
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
    <body name="cube" pos="0.4 0 ${CUBE_HALF_SIZE}">
      <freejoint name="cube_free"/>
      <geom name="cube" type="box" size="${CUBE_HALF_SIZE} ${CUBE_HALF_SIZE} ${CUBE_HALF_SIZE}" mass="0.05" condim="4" friction="1 0.005 0.0001" rgba="0.9 0.2 0.2 1"/>
    </body>
  </worldbody>
  <contact>
    <exclude body1="left_finger" body2="right_finger"/>
  </contact>
  <equality>
    <weld body1="mocap" body2="gripper" solref="0.01 1"/>
  </equality>
  <actuator>
    <position name="left_finger" joint="left_finger" kp="300" ctrlrange="0 ${FINGER_TRAVEL}" forcerange="-8 8"/>
    <position name="right_finger" joint="right_finger" kp="300" ctrlrange="0 ${FINGER_TRAVEL}" forcerange="-8 8"/>
  </actuator>
</mujoco>
`;
