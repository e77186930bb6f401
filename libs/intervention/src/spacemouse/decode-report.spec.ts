import { describe, expect, it } from 'vitest';
import {
  RESTING_READING,
  applySpaceMouseReport,
  decodeSpaceMouseReport,
  encodeSpaceMouseButtons,
  encodeSpaceMouseMotion,
  findSpaceMouseModel,
  formatHexReport,
  parseHexReport,
} from '../index.js';

const bytes = (hex: string): Uint8Array => parseHexReport(hex);

describe('decodeSpaceMouseReport', () => {
  it('split layout: channel 1 is x, y, z and channel 2 pitch, roll, yaw; y, z, pitch, roll negated, /350', () => {
    // 350 = 0x015e, -175 = 0xff51, 35 = 0x0023
    expect(decodeSpaceMouseReport(bytes('01 5e 01 51 ff 23 00'), 'split')).toEqual({ axes: { x: 1, y: 0.5, z: -0.1 } });
    expect(decodeSpaceMouseReport(bytes('02 5e 01 51 ff 23 00'), 'split')).toEqual({ axes: { pitch: -1, roll: 0.5, yaw: 0.1 } });
    // A split device ignores bytes past 6 on channel 1 (some pad their reports).
    expect(decodeSpaceMouseReport(bytes('01 00 00 00 00 00 00 5e 01 00 00 00 00'), 'split')).toEqual({ axes: { x: 0, y: 0, z: 0 } });
  });

  it('combined layout: all six axes on channel 1, bytes 1-12', () => {
    const update = decodeSpaceMouseReport(bytes('01 5e 01 51 ff 23 00 5e 01 51 ff 23 00'), 'combined');
    expect(update).toEqual({ axes: { x: 1, y: 0.5, z: -0.1, pitch: -1, roll: 0.5, yaw: 0.1 } });
    // The extremes of int16.
    expect(decodeSpaceMouseReport(bytes('01 ff 7f 00 80 00 00 00 00 00 00 00 00'), 'combined').axes).toMatchObject({ x: 32767 / 350, y: 32768 / 350 });
    // A combined device sends no rotation channel: a stray channel-2 report changes nothing.
    expect(decodeSpaceMouseReport(bytes('02 5e 01 51 ff 23 00'), 'combined')).toEqual({});
  });

  it('buttons on channel 3: bit 0 left, bit 1 right, in both layouts', () => {
    for (const layout of ['split', 'combined'] as const) {
      expect(decodeSpaceMouseReport(bytes('03 00 00'), layout)).toEqual({ buttons: [false, false] });
      expect(decodeSpaceMouseReport(bytes('03 01 00'), layout)).toEqual({ buttons: [true, false] });
      expect(decodeSpaceMouseReport(bytes('03 02 00'), layout)).toEqual({ buttons: [false, true] });
      expect(decodeSpaceMouseReport(bytes('03 03'), layout)).toEqual({ buttons: [true, true] });
    }
  });

  it('ignores other channels and rejects truncated reports', () => {
    expect(decodeSpaceMouseReport(bytes('17 64'), 'combined')).toEqual({}); // battery
    expect(decodeSpaceMouseReport(bytes('04 01'), 'split')).toEqual({}); // LED
    expect(() => decodeSpaceMouseReport(bytes('01 5e 01 51'), 'split')).toThrow('too short for an axis at bytes 3-4');
    expect(() => decodeSpaceMouseReport(bytes('01 5e 01 51 ff 23 00'), 'combined')).toThrow('7 bytes is too short');
    expect(() => decodeSpaceMouseReport(bytes('03'), 'split')).toThrow('no button byte');
  });

  it('folds reports into the latest reading with its timestamp', () => {
    let reading = applySpaceMouseReport(RESTING_READING, decodeSpaceMouseReport(bytes('01 5e 01 00 00 00 00'), 'split'), 10);
    reading = applySpaceMouseReport(reading, decodeSpaceMouseReport(bytes('03 01'), 'split'), 12);
    reading = applySpaceMouseReport(reading, decodeSpaceMouseReport(bytes('02 00 00 00 00 5e 01'), 'split'), 15);
    expect(reading).toEqual({ x: 1, y: 0, z: 0, roll: 0, pitch: 0, yaw: 1, buttons: [true, false], timestamp: 15 });
  });

  it('round-trips through the encoder for both layouts, and knows the layout of each model', () => {
    const axes = { x: 0.2, y: -0.4, z: 1, roll: -0.1, pitch: 0.3, yaw: -1.2 };
    for (const layout of ['split', 'combined'] as const) {
      let reading = RESTING_READING;
      for (const report of [...encodeSpaceMouseMotion(axes, layout), encodeSpaceMouseButtons([false, true])]) {
        reading = applySpaceMouseReport(reading, decodeSpaceMouseReport(report, layout), 1);
      }
      for (const [k, v] of Object.entries(axes)) expect(reading[k as keyof typeof axes]).toBeCloseTo(v, 2);
      expect(reading.buttons).toEqual([false, true]);
    }
    expect(findSpaceMouseModel(0x256f, 0xc635)?.layout).toBe('split');
    expect(findSpaceMouseModel(0x256f, 0xc652)?.layout).toBe('combined');
    expect(findSpaceMouseModel(0x046d, 0xc626)?.name).toBe('SpaceNavigator');
    expect(findSpaceMouseModel(0x1234, 0xc635)).toBeUndefined();
  });

  it('parses recorded hex lines in the common spellings', () => {
    expect(Array.from(parseHexReport('01 2c 01 00 00 00 00'))).toEqual([1, 0x2c, 1, 0, 0, 0, 0]);
    expect(Array.from(parseHexReport('0x032c'))).toEqual([3, 0x2c]);
    expect(Array.from(parseHexReport('03:01'))).toEqual([3, 1]);
    expect(formatHexReport(Uint8Array.of(3, 255))).toBe('03 ff');
    expect(() => parseHexReport('01 2')).toThrow("not a hex report: '01 2'");
    expect(() => parseHexReport('zz')).toThrow('not a hex report');
  });
});
