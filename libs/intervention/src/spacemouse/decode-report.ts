import type { SpaceMouseLayout } from './spacemouse-models.js';
import type { SpaceMouseAxes, SpaceMouseReading } from './spacemouse-reading.js';

/** Raw int16 counts per unit of deflection (hil-serl / pyspacemouse divide by 350). */
export const SPACEMOUSE_AXIS_SCALE = 350;

/** What one HID report changes: some axes, or the buttons, or nothing (unknown channel). */
export interface SpaceMouseReportUpdate {
  readonly axes?: Partial<SpaceMouseAxes>;
  readonly buttons?: readonly [left: boolean, right: boolean];
}

const TRANSLATION_CHANNEL = 1;
const ROTATION_CHANNEL = 2;
const BUTTON_CHANNEL = 3;

/** Little-endian int16 at `offset` divided by the axis scale, with the reference's sign. */
function axis(report: Uint8Array, offset: number, sign: 1 | -1): number {
  if (offset + 1 >= report.length) throw new Error(`SpaceMouse report of ${report.length} bytes is too short for an axis at bytes ${offset}-${offset + 1}`);
  const raw = ((report[offset + 1] << 24) >> 16) | report[offset]; // sign-extend the high byte
  return (sign * raw) / SPACEMOUSE_AXIS_SCALE + 0; // + 0 turns -0 into 0
}

/**
 * Decodes one raw HID report (byte 0 is the channel). Signs follow hil-serl: y, z, pitch and
 * roll are negated. 'split' devices send x, y, z on channel 1 and pitch, roll, yaw on channel
 * 2 (bytes 1-6 each); 'combined' devices send all six on channel 1 (bytes 1-12). Channel 3
 * holds the buttons: byte 1 bit 0 is left, bit 1 right. Other channels (LEDs, battery) change
 * nothing. Pure; throws on a report too short for its channel.
 */
export function decodeSpaceMouseReport(report: Uint8Array, layout: SpaceMouseLayout): SpaceMouseReportUpdate {
  const channel = report[0];
  if (channel === TRANSLATION_CHANNEL) {
    const translation = { x: axis(report, 1, 1), y: axis(report, 3, -1), z: axis(report, 5, -1) };
    if (layout === 'split') return { axes: translation };
    return { axes: { ...translation, pitch: axis(report, 7, -1), roll: axis(report, 9, -1), yaw: axis(report, 11, 1) } };
  }
  if (channel === ROTATION_CHANNEL && layout === 'split') {
    return { axes: { pitch: axis(report, 1, -1), roll: axis(report, 3, -1), yaw: axis(report, 5, 1) } };
  }
  if (channel === BUTTON_CHANNEL) {
    if (report.length < 2) throw new Error(`SpaceMouse button report of ${report.length} bytes has no button byte`);
    return { buttons: [(report[1] & 1) !== 0, (report[1] & 2) !== 0] };
  }
  return {};
}

/** The reading after one report arrived at `timestamp` (pure: returns a new object). */
export function applySpaceMouseReport(reading: SpaceMouseReading, update: SpaceMouseReportUpdate, timestamp: number): SpaceMouseReading {
  return { ...reading, ...update.axes, buttons: update.buttons ?? reading.buttons, timestamp };
}

/** Parses one line of a recording: hex bytes with optional spaces/colons (`01 2c 01 ...`, `012c01...`). */
export function parseHexReport(line: string): Uint8Array {
  const hex = line.replace(/[\s:]/g, '').replace(/^0x/i, '');
  if (hex.length === 0 || hex.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(hex)) {
    throw new Error(`not a hex report: '${line.trim()}' (expected pairs of hex digits, e.g. '01 2c 01 00 00 00 00')`);
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

/** Hex text of a report, bytes separated by spaces (the format `parseHexReport` reads). */
export function formatHexReport(report: Uint8Array): string {
  return Array.from(report, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
