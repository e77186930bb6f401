import type { HidBackend, HidDevice, HidDeviceInfo } from './hid-device.js';
import { isPermissionError, udevHint } from './udev-hint.js';

type NodeHid = typeof import('node-hid');

let loaded: Promise<NodeHid> | null = null;

/** Loads node-hid on first use, so that code and tests without a device never need its native library. */
function loadNodeHid(): Promise<NodeHid> {
  loaded ??= import('node-hid').then(
    (module) => module,
    (error: unknown) => {
      loaded = null;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(
        `could not load node-hid, the USB HID library the SpaceMouse driver needs (${reason}). ` +
          'On Linux install its system libraries: sudo apt install libusb-1.0-0 libudev1; ' +
          'for access without root also install the udev rule in docs/teleoperation.md.',
      );
    },
  );
  return loaded;
}

/**
 * The real-hardware backend over node-hid's asynchronous API: reports arrive as 'data'
 * events on libuv's thread pool, so reading never blocks a control step.
 */
export function createNodeHidBackend(): HidBackend {
  return {
    async list(): Promise<HidDeviceInfo[]> {
      const hid = await loadNodeHid();
      const devices = await hid.devicesAsync();
      return devices.flatMap((d) =>
        d.path === undefined
          ? []
          : [
              {
                vendorId: d.vendorId,
                productId: d.productId,
                path: d.path,
                product: d.product,
                serialNumber: d.serialNumber,
                interface: d.interface,
                usagePage: d.usagePage,
                usage: d.usage,
              },
            ],
      );
    },
    async open(path: string): Promise<HidDevice> {
      const hid = await loadNodeHid();
      let device: Awaited<ReturnType<NodeHid['HIDAsync']['open']>>;
      try {
        device = await hid.HIDAsync.open(path);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`could not open HID device ${path}: ${reason}${isPermissionError(error) ? `\n${udevHint()}` : ''}`, { cause: error });
      }
      return {
        onReport(handler) {
          device.on('data', (data: Buffer) => handler(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
        },
        onError(handler) {
          device.on('error', (error: unknown) => handler(error instanceof Error ? error : new Error(String(error))));
        },
        close: () => device.close(),
      };
    },
  };
}
