/** How one arm's part of the env action is laid out. */
export type ArmActionLayout = 'xyz' | 'xyz+gripper' | 'twist' | 'twist+gripper';

const LAYOUT_BY_SIZE: Readonly<Record<number, ArmActionLayout>> = { 3: 'xyz', 4: 'xyz+gripper', 6: 'twist', 7: 'twist+gripper' };

/**
 * The per-arm layout for an action of `actionDim` split evenly over `arms` arms:
 * 3-D xyz; 4-D xyz + gripper (pick-cube: the SpaceMouse's rotation is dropped); 6-D the full
 * twist (hil-serl's GripperClose tasks); 7-D twist + gripper (hil-serl's single arm); 14-D
 * two 7-D arms (bimanual: left arm first).
 */
export function armActionLayout(actionDim: number, arms: number): ArmActionLayout {
  const perArm = actionDim / arms;
  const layout = LAYOUT_BY_SIZE[perArm];
  if (layout === undefined) {
    throw new Error(
      `teleoperation cannot drive a ${actionDim}-D action with ${arms} arm(s): each arm needs 3 (xyz), 4 (xyz+gripper), 6 (twist) or 7 (twist+gripper) dims`,
    );
  }
  return layout;
}

/** Writes one arm's twist [x, y, z, roll, pitch, yaw] and gripper target into `out` at `offset`; returns the next offset. */
export function writeArmAction(out: Float32Array, offset: number, layout: ArmActionLayout, twist: readonly number[], gripper: number): number {
  const axes = layout.startsWith('xyz') ? 3 : 6;
  for (let i = 0; i < axes; i++) out[offset + i] = twist[i];
  if (!layout.endsWith('+gripper')) return offset + axes;
  out[offset + axes] = gripper;
  return offset + axes + 1;
}
