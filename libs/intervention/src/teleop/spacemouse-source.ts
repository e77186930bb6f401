import type { SpaceMouseSample } from '../spacemouse/spacemouse.js';
import { createTwistMapper, type TwistMapping } from './twist-mapping.js';
import { GRIPPER_CLOSE, GRIPPER_OPEN, type TeleopSource } from './teleop-source.js';

/** What the source needs of a device: the SpaceMouse driver, or anything sampled the same way. */
export interface SpaceMouseLike {
  sample(): SpaceMouseSample;
  close?(): Promise<void>;
}

/**
 * Teleop input from one SpaceMouse per arm: the reading mapped to a twist, the left button
 * closes the gripper and the right one opens it (left wins when both are down, as in
 * hil-serl). A stale or disconnected device is an arm without input.
 */
export function createSpaceMouseSource(mice: readonly SpaceMouseLike[], mapping: Partial<TwistMapping> = {}): TeleopSource {
  if (mice.length === 0) throw new Error('createSpaceMouseSource needs at least one SpaceMouse');
  const toTwist = createTwistMapper(mapping);
  return {
    poll: () => ({
      forced: false,
      arms: mice.map((mouse) => {
        const { reading, status } = mouse.sample();
        const [left, right] = reading.buttons;
        return { twist: toTwist(reading), gripper: left ? GRIPPER_CLOSE : right ? GRIPPER_OPEN : null, ok: status === 'ok' };
      }),
    }),
    close: async () => {
      await Promise.all(mice.map((mouse) => mouse.close?.()));
    },
  };
}
