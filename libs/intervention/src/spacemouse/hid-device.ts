/** What discovery reports about one HID device. */
export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  /** OS path used to open it (e.g. /dev/hidraw3 on Linux). */
  readonly path: string;
  readonly product?: string;
  readonly serialNumber?: string;
  readonly interface?: number;
  /** HID usage page and usage when the OS reports them (1 and 8: multi-axis controller). */
  readonly usagePage?: number;
  readonly usage?: number;
}

/** An open HID device that pushes input reports as they arrive (never blocks the caller). */
export interface HidDevice {
  /** Registers the report handler; byte 0 of each report is its channel (report ID). */
  onReport(handler: (report: Uint8Array) => void): void;
  /** Registers the error handler: a read error means the device is gone (unplugged, out of range). */
  onError(handler: (error: Error) => void): void;
  close(): Promise<void>;
}

/** Access to HID devices: node-hid on real hardware, a scripted backend in tests. */
export interface HidBackend {
  list(): Promise<HidDeviceInfo[]>;
  open(path: string): Promise<HidDevice>;
}
