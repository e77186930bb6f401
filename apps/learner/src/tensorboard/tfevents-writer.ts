import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { maskedCrc32c } from './crc32c.js';
import { fileVersionEvent, scalarsEvent } from './scalar-event.js';

/**
 * Writes a TensorBoard events file (`events.out.tfevents.<seconds>.<host>`): TFRecord framing
 * (uint64 length, masked CRC-32C of the length, the Event protobuf, masked CRC-32C of it), one
 * record per call, written straight to the file so TensorBoard sees a run live.
 */
export class TfEventsWriter {
  readonly path: string;
  private fd: number | null;

  constructor(folder: string, now = Date.now() / 1000) {
    mkdirSync(folder, { recursive: true });
    this.path = join(folder, `events.out.tfevents.${Math.floor(now)}.${hostname()}`);
    this.fd = openSync(this.path, 'a');
    this.record(fileVersionEvent(now));
  }

  /** One event with a scalar per tag at `step`. */
  scalars(wallTime: number, step: number, scalars: ReadonlyMap<string, number>): void {
    if (scalars.size > 0) this.record(scalarsEvent(wallTime, step, scalars));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private record(data: Uint8Array): void {
    if (this.fd === null) throw new Error(`${this.path}: written after close()`);
    const header = new Uint8Array(12);
    const view = new DataView(header.buffer);
    view.setBigUint64(0, BigInt(data.length), true);
    view.setUint32(8, maskedCrc32c(header.subarray(0, 8)), true);
    const footer = new Uint8Array(4);
    new DataView(footer.buffer).setUint32(0, maskedCrc32c(data), true);
    const out = new Uint8Array(header.length + data.length + footer.length);
    out.set(header);
    out.set(data, header.length);
    out.set(footer, header.length + data.length);
    // One write per record: a crash leaves at most the last record cut off, which readers skip.
    writeSync(this.fd, out);
  }
}
