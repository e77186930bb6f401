import { SPACEMOUSE_AXES, type SpaceMouseAxes, type SpaceMouseAxis } from '../spacemouse/spacemouse-reading.js';

/** hil-serl's mapping of a SpaceMouse reading to an action: `[-y, x, z, -roll, -pitch, -yaw]`. */
export const HIL_SERL_AXIS_MAP: readonly string[] = ['-y', 'x', 'z', '-roll', '-pitch', '-yaw'];

/** How readings become a twist [x, y, z, roll, pitch, yaw] in action units. */
export interface TwistMapping {
  /** For each twist entry, the reading axis that feeds it, '-' for a flipped sign ('0' for none). Default HIL_SERL_AXIS_MAP. */
  readonly axisMap: readonly string[];
  /** Gain per twist entry (one number for all). Default 1. */
  readonly scale: number | readonly number[];
  /** Readings with magnitude at or below this are 0 (a puck that does not rest exactly at 0). Default 0. */
  readonly deadzone: number;
}

export const DEFAULT_TWIST_MAPPING: TwistMapping = { axisMap: HIL_SERL_AXIS_MAP, scale: 1, deadzone: 0 };

interface AxisSource {
  readonly axis: SpaceMouseAxis | null;
  readonly sign: 1 | -1;
}

/** Parses an axis map such as `['-y', 'x', 'z', '-roll', '-pitch', '-yaw']`; the error names the bad entry. */
export function parseAxisMap(axisMap: readonly string[]): AxisSource[] {
  if (axisMap.length !== 6) throw new Error(`axis map needs 6 entries (x, y, z, roll, pitch, yaw of the action), got ${axisMap.length}`);
  return axisMap.map((entry) => {
    const text = entry.trim();
    if (text === '0') return { axis: null, sign: 1 };
    const sign = text.startsWith('-') ? -1 : 1;
    const name = text.replace(/^[-+]/, '');
    if (!(SPACEMOUSE_AXES as readonly string[]).includes(name)) {
      throw new Error(`axis map entry '${entry}': expected one of ${SPACEMOUSE_AXES.join(', ')} (optionally with '-'), or 0`);
    }
    return { axis: name as SpaceMouseAxis, sign };
  });
}

/** Returns a function from readings to twists (the map is parsed once). */
export function createTwistMapper(mapping: Partial<TwistMapping> = {}): (axes: SpaceMouseAxes) => number[] {
  const { axisMap, scale, deadzone } = { ...DEFAULT_TWIST_MAPPING, ...mapping };
  const sources = parseAxisMap(axisMap);
  const gains = typeof scale === 'number' ? new Array<number>(6).fill(scale) : [...scale];
  if (gains.length !== 6) throw new Error(`twist scale needs 1 or 6 numbers, got ${gains.length}`);
  return (axes) =>
    sources.map(({ axis, sign }, i) => {
      if (axis === null) return 0;
      const value = axes[axis];
      return Math.abs(value) <= deadzone ? 0 : sign * gains[i] * value + 0;
    });
}
