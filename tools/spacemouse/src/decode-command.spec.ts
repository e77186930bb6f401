import { describe, expect, it } from 'vitest';
import { decodeLayout, decodeRecording } from './decode-command.js';

describe('spacemouse decode', () => {
  it('takes the layout from --product or --layout and says what is missing', () => {
    expect(decodeLayout({ layout: 'auto', product: 0xc635 })).toBe('split');
    expect(decodeLayout({ layout: 'auto', product: 0xc652 })).toBe('combined');
    expect(decodeLayout({ layout: 'combined', product: undefined })).toBe('combined');
    expect(() => decodeLayout({ layout: 'auto', product: undefined })).toThrow('decode needs --product');
    expect(() => decodeLayout({ layout: 'auto', product: 0x1234 })).toThrow('unknown product 0x1234');
  });

  it('turns a recording into one JSON line per report, accumulating split channels', () => {
    const recording = ['# SpaceMouse Compact', '01 5e 01 51 ff 00 00', '', '02 00 00 00 00 af 00', '03 01', '03 00'].join('\n');
    expect(decodeRecording(recording, 'split')).toEqual([
      '{"x":1,"y":0.5,"z":0,"roll":0,"pitch":0,"yaw":0,"buttons":[false,false]}',
      '{"x":1,"y":0.5,"z":0,"roll":0,"pitch":0,"yaw":0.5,"buttons":[false,false]}',
      '{"x":1,"y":0.5,"z":0,"roll":0,"pitch":0,"yaw":0.5,"buttons":[true,false]}',
      '{"x":1,"y":0.5,"z":0,"roll":0,"pitch":0,"yaw":0.5,"buttons":[false,false]}',
    ]);
    expect(decodeRecording('01 00 00 00 00 00 00 5e 01 00 00 23 00\n', 'combined')).toEqual([
      '{"x":0,"y":0,"z":0,"roll":0,"pitch":-1,"yaw":0.1,"buttons":[false,false]}',
    ]);
    expect(() => decodeRecording('01 00\n01 2', 'split')).toThrow('line 1: SpaceMouse report of 2 bytes is too short');
  });
});
