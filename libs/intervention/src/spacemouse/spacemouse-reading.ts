/** The six axes of a SpaceMouse, each in about [-1, 1] (raw int16 / 350; full deflection can exceed 1). */
export interface SpaceMouseAxes {
  readonly x: number;
  readonly y: number;
  readonly z: number;
  readonly roll: number;
  readonly pitch: number;
  readonly yaw: number;
}

/** One device's latest state: axes, [left, right] buttons, and when the last report arrived. */
export interface SpaceMouseReading extends SpaceMouseAxes {
  readonly buttons: readonly [left: boolean, right: boolean];
  /** Clock time (ms) of the last report folded into this reading; 0 before any report. */
  readonly timestamp: number;
}

export const SPACEMOUSE_AXES = ['x', 'y', 'z', 'roll', 'pitch', 'yaw'] as const;
export type SpaceMouseAxis = (typeof SPACEMOUSE_AXES)[number];

/** The device at rest with no button down. */
export const RESTING_READING: SpaceMouseReading = { x: 0, y: 0, z: 0, roll: 0, pitch: 0, yaw: 0, buttons: [false, false], timestamp: 0 };

/** True when any axis is off zero (a deflected device keeps sending reports; a resting one goes quiet). */
export function isDeflected(reading: SpaceMouseAxes): boolean {
  return SPACEMOUSE_AXES.some((axis) => reading[axis] !== 0);
}
