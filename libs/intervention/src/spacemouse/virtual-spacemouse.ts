import { encodeSpaceMouseButtons, encodeSpaceMouseMotion } from './encode-reports.js';
import type { HidBackend, HidDevice, HidDeviceInfo } from './hid-device.js';
import { findSpaceMouseModelByProduct } from './spacemouse-models.js';
import { RESTING_READING, type SpaceMouseAxes } from './spacemouse-reading.js';

/** A scripted reading: axes (missing ones 0) and optionally the [left, right] buttons. */
export type VirtualReading = Partial<SpaceMouseAxes> & { readonly buttons?: readonly [boolean, boolean] };

/**
 * A SpaceMouse in software: `send` emits the raw HID reports a real device of that product
 * would (so decoding is exercised too), `freeze` models a device that stops reporting
 * mid-episode, `unplug`/`replug` a lost connection. Plug it into `createVirtualHidBackend`.
 */
export class VirtualSpaceMouse {
  readonly info: HidDeviceInfo;
  plugged = true;
  /** Reports emitted so far (what a recording of the device would hold). */
  readonly sent: Uint8Array[] = [];
  private frozen = false;
  private buttons: readonly [boolean, boolean] = [false, false];
  private open: { report: ((r: Uint8Array) => void)[]; error: ((e: Error) => void)[] } | null = null;

  constructor(productId = 0xc635, path = `/dev/virtual-hidraw-${productId.toString(16)}`, serialNumber = '') {
    const model = findSpaceMouseModelByProduct(productId);
    if (model === undefined) throw new Error(`VirtualSpaceMouse: unknown product 0x${productId.toString(16)}`);
    this.info = { vendorId: model.vendorId, productId, path, product: model.name, serialNumber };
  }

  get isOpen(): boolean {
    return this.open !== null;
  }

  /** Emits the reports for this reading (motion always; buttons when they change). Ignored while frozen or closed. */
  send(reading: VirtualReading): void {
    const axes = { ...RESTING_READING, ...reading };
    const layout = findSpaceMouseModelByProduct(this.info.productId)?.layout ?? 'split';
    const reports = encodeSpaceMouseMotion(axes, layout);
    const buttons = reading.buttons ?? this.buttons;
    if (buttons[0] !== this.buttons[0] || buttons[1] !== this.buttons[1]) reports.push(encodeSpaceMouseButtons(buttons));
    this.buttons = buttons;
    for (const report of reports) this.emitReport(report);
  }

  /** Emits one raw report as is. */
  emitReport(report: Uint8Array): void {
    if (this.frozen || this.open === null) return;
    this.sent.push(report);
    for (const handler of this.open.report) handler(report);
  }

  /** Stops all reports (the device hangs); `thaw` resumes. */
  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
  }

  /** The device disappears: open handles get a read error, and it is no longer listed. */
  unplug(): void {
    this.plugged = false;
    const handlers = this.open?.error ?? [];
    this.open = null;
    for (const handler of handlers) handler(new Error('could not read from HID device (virtual unplug)'));
  }

  replug(): void {
    this.plugged = true;
  }

  /** Used by the backend. */
  openDevice(): HidDevice {
    if (!this.plugged) throw new Error(`could not open HID device ${this.info.path}: not connected`);
    const handlers = { report: [] as ((r: Uint8Array) => void)[], error: [] as ((e: Error) => void)[] };
    this.open = handlers;
    this.buttons = [false, false];
    return {
      onReport: (handler) => handlers.report.push(handler),
      onError: (handler) => handlers.error.push(handler),
      close: async () => {
        if (this.open === handlers) this.open = null;
      },
    };
  }
}

/** A HID backend over virtual devices (plus, optionally, foreign devices that must be ignored). */
export function createVirtualHidBackend(devices: readonly VirtualSpaceMouse[], others: readonly HidDeviceInfo[] = []): HidBackend {
  return {
    list: async () => [...others, ...devices.filter((d) => d.plugged).map((d) => d.info)],
    open: async (path) => {
      const device = devices.find((d) => d.info.path === path);
      if (device === undefined) throw new Error(`could not open HID device ${path}: no such virtual device`);
      return device.openDevice();
    },
  };
}
