import { describe, expect, it } from 'vitest';
import { SpaceMouse, VirtualSpaceMouse, createVirtualHidBackend, type HidBackend } from '@rlpd/intervention';
import { listCommand } from './list-command.js';
import { formatWatchLine } from './watch-command.js';

describe('spacemouse list', () => {
  it('lists the devices found, with their layout and access', async () => {
    const backend = createVirtualHidBackend([new VirtualSpaceMouse(0xc635, '/dev/hidraw3', 'A1')], [{ vendorId: 1, productId: 2, path: '/dev/hidraw0' }]);
    expect(await listCommand(backend)).toEqual({ ok: true, lines: ['#0 SpaceMouse Compact 0x256f:0xc635 /dev/hidraw3 (split reports) serial A1: ok'] });
  });

  it('prints the udev rule when a device cannot be opened for lack of permission', async () => {
    const device = new VirtualSpaceMouse(0xc652, '/dev/hidraw4');
    const denied: HidBackend = { list: async () => [device.info], open: async (path) => Promise.reject(new Error(`cannot open device with path ${path}`)) };
    const { lines, ok } = await listCommand(denied);
    expect(ok).toBe(false);
    expect(lines[0]).toBe('#0 Universal Receiver 0x256f:0xc652 /dev/hidraw4 (combined reports): cannot open: cannot open device with path /dev/hidraw4');
    expect(lines[1]).toContain('ATTRS{idVendor}=="256f"');
    const none = await listCommand(createVirtualHidBackend([]));
    expect(none.ok).toBe(false);
    expect(none.lines[0]).toContain('no SpaceMouse found');
  });

  it('formats a watch line with status and report age', async () => {
    let now = 0;
    const device = new VirtualSpaceMouse(0xc62e);
    const mouse = await SpaceMouse.open({ backend: createVirtualHidBackend([device]), now: () => now });
    device.send({ z: -0.25 });
    now = 42;
    expect(formatWatchLine(mouse.sample(), 1)).toBe(
      '{"x":0,"y":0,"z":-0.2514,"roll":0,"pitch":0,"yaw":0,"buttons":[false,false]} ok (last report 42 ms ago, 1 reports)',
    );
    await mouse.close();
  });
});
