/** Gripper targets: hil-serl's sign convention, negative closes. */
export const GRIPPER_CLOSE = -1;
export const GRIPPER_OPEN = 1;

/** One arm's input at this instant, already in action units and the action frame. */
export interface TeleopArmInput {
  /** [x, y, z, roll, pitch, yaw]. */
  readonly twist: readonly number[];
  /** A gripper command given now (button down, key pressed): a target, 'toggle', or null for none. */
  readonly gripper: number | 'toggle' | null;
  /** False when the device is stale or disconnected: the arm gives no input at all. */
  readonly ok: boolean;
}

/** What a teleoperation device says before a step. */
export interface TeleopFrame {
  /** One entry per arm (a second SpaceMouse drives a second arm). */
  readonly arms: readonly TeleopArmInput[];
  /** The person holds control even without moving (keyboard's intervene toggle). */
  readonly forced: boolean;
}

/** A device polled once per step; polling never blocks (devices read in the background). */
export interface TeleopSource {
  poll(): TeleopFrame;
  /** Episode start. */
  reset?(): void;
  /** The person asked to end the episode (ESC). */
  endEpisodeRequested?(): boolean;
  close?(): Promise<void> | void;
}
