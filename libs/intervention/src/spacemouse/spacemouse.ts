import { stderrLog, type TeleopLog } from '../teleop-log.js';
import { applySpaceMouseReport, decodeSpaceMouseReport, formatHexReport } from './decode-report.js';
import type { HidBackend, HidDevice } from './hid-device.js';
import { listSpaceMice, type SpaceMouseDevice } from './list-spacemice.js';
import { formatUsbId } from './spacemouse-models.js';
import { isDeflected, RESTING_READING, type SpaceMouseReading } from './spacemouse-reading.js';

/** 'ok': trust the reading. 'stale': deflected but silent past the timeout. 'disconnected': gone. */
export type SpaceMouseStatus = 'ok' | 'stale' | 'disconnected';

/** The latest reading with its health. Only an 'ok' sample may drive the robot. */
export interface SpaceMouseSample {
  readonly reading: SpaceMouseReading;
  readonly status: SpaceMouseStatus;
  /** Milliseconds since the last report (Infinity before the first). */
  readonly ageMs: number;
}

export interface SpaceMouseOptions {
  readonly backend: HidBackend;
  /** Which of the connected SpaceMice (sorted by path) to open: 0 for the first, 1 for a second arm. Default 0. */
  readonly index?: number;
  /**
   * A deflected device reports continuously (about every 16 ms); silence longer than this while
   * deflected means it froze, and its reading is no longer trusted. A device at rest is silent
   * by design and never stale. Default 300 ms.
   */
  readonly staleMs?: number;
  /** Interval of reopen attempts after a disconnect. Default 1000 ms. */
  readonly reconnectMs?: number;
  /** Clock in ms (injected by tests). Default performance.now. */
  readonly now?: () => number;
  readonly log?: TeleopLog;
  /** Called with every raw report (the watch tool records them). */
  readonly onRawReport?: (report: Uint8Array) => void;
}

/** Paths opened by SpaceMouse instances of this process: a reconnect never grabs another arm's device. */
const pathsInUse = new Set<string>();

/**
 * One SpaceMouse read in the background: reports arrive as events and fold into the latest
 * reading, so `sample()` is a constant-time look-up that never waits on USB. A device that
 * stops reporting while deflected is 'stale' and one that errors is 'disconnected'; both are
 * logged loudly once per transition, and a disconnected device is reopened when it comes back.
 */
export class SpaceMouse {
  private reading: SpaceMouseReading = RESTING_READING;
  private device: HidDevice | null = null;
  private reportedStale = false;
  private reported = false;
  private reconnectTimer: ReturnType<typeof setInterval> | null = null;
  private closed = false;
  private readonly staleMs: number;
  private readonly now: () => number;
  private readonly log: TeleopLog;

  private constructor(
    private current: SpaceMouseDevice,
    private readonly options: SpaceMouseOptions,
  ) {
    this.staleMs = options.staleMs ?? 300;
    this.now = options.now ?? (() => performance.now());
    this.log = options.log ?? stderrLog;
  }

  /** Opens the `index`-th connected SpaceMouse; the error names what was found and how to check. */
  static async open(options: SpaceMouseOptions): Promise<SpaceMouse> {
    const index = options.index ?? 0;
    const found = await listSpaceMice(options.backend);
    if (found.length <= index) {
      throw new Error(
        `SpaceMouse #${index} not found: ${found.length} connected SpaceMouse(s). ` +
          'Check the cable or receiver and run `npm run -s spacemouse -- list` (see docs/teleoperation.md).',
      );
    }
    const device = found[index];
    if (pathsInUse.has(device.info.path)) throw new Error(`SpaceMouse ${device.info.path} is already open in this process`);
    const mouse = new SpaceMouse(device, options);
    await mouse.attach(device);
    return mouse;
  }

  /** What is open: model, USB IDs and path. */
  get description(): string {
    const { info, model } = this.current;
    return `${model.name} ${formatUsbId(info.vendorId, info.productId)} at ${info.path}`;
  }

  get layout(): SpaceMouseDevice['model']['layout'] {
    return this.current.model.layout;
  }

  /** The latest reading and whether it can be trusted. */
  sample(): SpaceMouseSample {
    const ageMs = !this.reported ? Number.POSITIVE_INFINITY : this.now() - this.reading.timestamp;
    if (this.device === null) return { reading: RESTING_READING, status: 'disconnected', ageMs };
    const stale = isDeflected(this.reading) && ageMs > this.staleMs;
    if (stale !== this.reportedStale) {
      this.reportedStale = stale;
      if (stale)
        this.log.warn(`SpaceMouse ${this.description}: no report for ${Math.round(ageMs)} ms while deflected; treating it as released until it reports again`);
      else this.log.info(`SpaceMouse ${this.description}: reporting again`);
    }
    return { reading: stale ? { ...RESTING_READING, timestamp: this.reading.timestamp } : this.reading, status: stale ? 'stale' : 'ok', ageMs };
  }

  /** Tries once to reopen a disconnected device (the timer does this every reconnectMs). */
  async reconnect(): Promise<boolean> {
    if (this.device !== null || this.closed) return this.device !== null;
    const candidates = (await listSpaceMice(this.options.backend)).filter((d) => !pathsInUse.has(d.info.path));
    const { info } = this.current;
    const match =
      candidates.find((d) => info.serialNumber && d.info.serialNumber === info.serialNumber) ??
      candidates.find((d) => d.info.path === info.path) ??
      candidates.find((d) => d.info.vendorId === info.vendorId && d.info.productId === info.productId);
    if (match === undefined) return false;
    try {
      await this.attach(match);
    } catch (error) {
      this.log.warn(`SpaceMouse reconnect to ${match.info.path} failed: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    this.log.info(`SpaceMouse ${this.description}: reconnected`);
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopReconnecting();
    const device = this.device;
    this.detach();
    await device?.close();
  }

  private async attach(target: SpaceMouseDevice): Promise<void> {
    const device = await this.options.backend.open(target.info.path);
    this.current = target;
    this.device = device;
    pathsInUse.add(target.info.path);
    this.reading = RESTING_READING;
    this.reported = false;
    this.reportedStale = false;
    this.stopReconnecting();
    device.onReport((report) => this.onReport(device, report));
    device.onError((error) => this.onDisconnect(device, error));
  }

  private onReport(device: HidDevice, report: Uint8Array): void {
    if (device !== this.device) return;
    this.options.onRawReport?.(report);
    try {
      this.reported = true;
      this.reading = applySpaceMouseReport(this.reading, decodeSpaceMouseReport(report, this.current.model.layout), this.now());
    } catch (error) {
      this.log.warn(`SpaceMouse ${this.description}: ignored report ${formatHexReport(report)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private onDisconnect(device: HidDevice, error: Error): void {
    if (device !== this.device) return;
    this.log.error(
      `SpaceMouse ${this.description} disconnected (${error.message}); no intervention until it is back, retrying every ${this.options.reconnectMs ?? 1000} ms`,
    );
    this.detach();
    void device.close().catch(() => undefined); // already gone: closing is best effort, the error above was reported
    if (this.closed) return;
    this.reconnectTimer = setInterval(() => {
      this.reconnect().catch((e: unknown) => this.log.warn(`SpaceMouse reconnect failed: ${e instanceof Error ? e.message : String(e)}`));
    }, this.options.reconnectMs ?? 1000);
    this.reconnectTimer.unref();
  }

  private detach(): void {
    if (this.device !== null) pathsInUse.delete(this.current.info.path);
    this.device = null;
    this.reading = RESTING_READING;
    this.reported = false;
  }

  private stopReconnecting(): void {
    if (this.reconnectTimer !== null) clearInterval(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}
