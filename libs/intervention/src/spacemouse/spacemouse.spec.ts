import { afterEach, describe, expect, it } from 'vitest';
import { SpaceMouse, VirtualSpaceMouse, createVirtualHidBackend, listSpaceMice, type TeleopLog } from '../index.js';

function recordingLog(): TeleopLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(`info ${m}`), warn: (m) => lines.push(`warn ${m}`), error: (m) => lines.push(`error ${m}`) };
}

const opened: SpaceMouse[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});

describe('SpaceMouse driver (virtual HID devices)', () => {
  it('lists known devices only, sorted by path, and says what it found when a device is missing', async () => {
    const compact = new VirtualSpaceMouse(0xc635, '/dev/hidraw5');
    const wireless = new VirtualSpaceMouse(0xc62e, '/dev/hidraw2');
    const keyboard = { vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw0' };
    const backend = createVirtualHidBackend([compact, wireless], [keyboard]);
    expect((await listSpaceMice(backend)).map((d) => [d.info.path, d.model.name, d.model.layout])).toEqual([
      ['/dev/hidraw2', 'SpaceMouse Wireless', 'combined'],
      ['/dev/hidraw5', 'SpaceMouse Compact', 'split'],
    ]);
    await expect(SpaceMouse.open({ backend, index: 2 })).rejects.toThrow('SpaceMouse #2 not found: 2 connected');
  });

  it('keeps the latest reading with its timestamp; sampling never waits', async () => {
    let now = 1000;
    const device = new VirtualSpaceMouse(0xc62e);
    const mouse = await SpaceMouse.open({ backend: createVirtualHidBackend([device]), now: () => now });
    opened.push(mouse);
    expect(mouse.sample()).toMatchObject({ status: 'ok', ageMs: Number.POSITIVE_INFINITY, reading: { x: 0, buttons: [false, false] } });
    device.send({ x: 0.5, yaw: -0.2, buttons: [true, false] });
    now = 1010;
    const sample = mouse.sample();
    expect(sample.status).toBe('ok');
    expect(sample.ageMs).toBe(10);
    expect(sample.reading).toMatchObject({ x: 0.5, buttons: [true, false], timestamp: 1000 });
    expect(sample.reading.yaw).toBeCloseTo(-0.2, 2);
  });

  it('a deflected device that stops reporting is stale (released) and logged once; a resting one never is', async () => {
    let now = 0;
    const log = recordingLog();
    const device = new VirtualSpaceMouse(0xc635);
    const mouse = await SpaceMouse.open({ backend: createVirtualHidBackend([device]), now: () => now, staleMs: 300, log });
    opened.push(mouse);
    device.send({ buttons: [false, true] }); // at rest, right button held: silence is normal
    now = 5000;
    expect(mouse.sample()).toMatchObject({ status: 'ok', reading: { buttons: [false, true] } });
    device.send({ z: 0.8 });
    device.freeze();
    now = 5300;
    expect(mouse.sample().status).toBe('ok');
    now = 5301;
    expect(mouse.sample()).toMatchObject({ status: 'stale', reading: { z: 0, buttons: [false, false] } });
    expect(mouse.sample().status).toBe('stale');
    expect(log.lines.filter((l) => l.startsWith('warn'))).toHaveLength(1);
    expect(log.lines[0]).toMatch(/warn SpaceMouse SpaceMouse Compact 0x256f:0xc635 at .*: no report for 301 ms while deflected/);
    device.thaw();
    device.send({ z: 0.7 });
    expect(mouse.sample()).toMatchObject({ status: 'ok', reading: { z: 0.7 } });
    expect(log.lines.at(-1)).toMatch(/reporting again/);
  });

  it('reports a disconnect loudly, reads as disconnected, and reconnects when the device is back', async () => {
    const log = recordingLog();
    const device = new VirtualSpaceMouse(0xc652, '/dev/hidraw1');
    const mouse = await SpaceMouse.open({ backend: createVirtualHidBackend([device]), log, reconnectMs: 5 });
    opened.push(mouse);
    device.send({ x: 1 });
    device.unplug();
    expect(mouse.sample()).toMatchObject({ status: 'disconnected', reading: { x: 0 } });
    expect(log.lines.at(-1)).toMatch(/^error SpaceMouse Universal Receiver .* disconnected \(could not read/);
    expect(await mouse.reconnect()).toBe(false);
    device.replug();
    for (let i = 0; i < 100 && !device.isOpen; i++) await new Promise((r) => setTimeout(r, 5)); // the timer reopens it
    expect(device.isOpen).toBe(true);
    expect(log.lines.at(-1)).toMatch(/reconnected/);
    device.send({ y: -0.5 });
    expect(mouse.sample()).toMatchObject({ status: 'ok', reading: { y: -0.5 } });
  });

  it("opens two devices (one per arm) and never lets a reconnect take the other arm's device", async () => {
    const left = new VirtualSpaceMouse(0xc635, '/dev/hidraw1');
    const right = new VirtualSpaceMouse(0xc635, '/dev/hidraw2');
    const backend = createVirtualHidBackend([left, right]);
    const log = recordingLog();
    const a = await SpaceMouse.open({ backend, index: 0, log, reconnectMs: 60_000 });
    const b = await SpaceMouse.open({ backend, index: 1, log, reconnectMs: 60_000 });
    opened.push(a, b);
    left.send({ x: 0.1 });
    right.send({ x: -0.1 });
    expect([a.sample().reading.x, b.sample().reading.x]).toEqual([0.1, -0.1]);
    left.unplug();
    expect(await a.reconnect()).toBe(false); // only the right device is listed, and b holds it
    left.replug();
    expect(await a.reconnect()).toBe(true);
    left.send({ x: 0.3 });
    expect([a.sample().reading.x, b.sample().reading.x]).toEqual([0.3, -0.1]);
  });
});
