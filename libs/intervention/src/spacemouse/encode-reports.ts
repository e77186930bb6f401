import { SPACEMOUSE_AXIS_SCALE } from './decode-report.js';
import type { SpaceMouseLayout } from './spacemouse-models.js';
import type { SpaceMouseAxes } from './spacemouse-reading.js';

function putAxis(report: Uint8Array, offset: number, value: number): void {
  const raw = Math.max(-32768, Math.min(32767, Math.round(value * SPACEMOUSE_AXIS_SCALE)));
  report[offset] = raw & 0xff;
  report[offset + 1] = (raw >> 8) & 0xff;
}

/**
 * The motion reports a device of `layout` would send for these axes: the inverse of
 * `decodeSpaceMouseReport` (signs undone, values rounded to whole counts). 'split' gives two
 * 7-byte reports (channels 1 and 2), 'combined' one 13-byte report. Used by the virtual
 * device and tests.
 */
export function encodeSpaceMouseMotion(axes: SpaceMouseAxes, layout: SpaceMouseLayout): Uint8Array[] {
  if (layout === 'split') {
    const translation = new Uint8Array(7);
    translation[0] = 1;
    putAxis(translation, 1, axes.x);
    putAxis(translation, 3, -axes.y);
    putAxis(translation, 5, -axes.z);
    const rotation = new Uint8Array(7);
    rotation[0] = 2;
    putAxis(rotation, 1, -axes.pitch);
    putAxis(rotation, 3, -axes.roll);
    putAxis(rotation, 5, axes.yaw);
    return [translation, rotation];
  }
  const report = new Uint8Array(13);
  report[0] = 1;
  putAxis(report, 1, axes.x);
  putAxis(report, 3, -axes.y);
  putAxis(report, 5, -axes.z);
  putAxis(report, 7, -axes.pitch);
  putAxis(report, 9, -axes.roll);
  putAxis(report, 11, axes.yaw);
  return [report];
}

/** The button report (channel 3) for [left, right]. */
export function encodeSpaceMouseButtons(buttons: readonly [boolean, boolean]): Uint8Array {
  return Uint8Array.of(3, (buttons[0] ? 1 : 0) | (buttons[1] ? 2 : 0));
}
