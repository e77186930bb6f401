import { closeSync, openSync, readSync } from 'node:fs';
import type { PickleIndex } from './pickle-index.js';

/** One camera frame as RGBA bytes (what a canvas ImageData takes). */
export interface RgbaFrame {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/**
 * Reads single camera frames of an indexed pickle: one positioned read of H*W*C bytes per frame
 * (the file stays open while the server runs), converted to RGBA.
 */
export class FrameReader {
  private fd: number | null = null;

  constructor(private readonly index: PickleIndex) {}

  /** The frame of `camera` at transition `step`, or null when there is no such camera or step. */
  read(camera: string, step: number): RgbaFrame | null {
    const found = this.index.frame(camera, step);
    if (found === null) return null;
    const { camera: layout, frameBytes, location } = found;
    let raw: Uint8Array;
    if (typeof location === 'number') {
      this.fd ??= openSync(this.index.file, 'r');
      raw = new Uint8Array(frameBytes);
      const got = readSync(this.fd, raw, 0, frameBytes, location);
      if (got !== frameBytes)
        throw new Error(
          `${this.index.file}: camera '${camera}' step ${step}: read ${got} of ${frameBytes} bytes at byte ${location} (was the file changed since it was indexed?)`,
        );
    } else {
      raw = location;
    }
    return { width: layout.width, height: layout.height, rgba: toRgba(raw, layout.width * layout.height, layout.channels) };
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/** Gray (1 channel), RGB (3) or RGBA (4) pixels to RGBA. */
function toRgba(raw: Uint8Array, pixels: number, channels: number): Uint8Array {
  if (channels === 4) return raw;
  const out = new Uint8Array(pixels * 4);
  for (let p = 0; p < pixels; p++) {
    const src = p * channels;
    out[p * 4] = raw[src];
    out[p * 4 + 1] = raw[channels === 3 ? src + 1 : src];
    out[p * 4 + 2] = raw[channels === 3 ? src + 2 : src];
    out[p * 4 + 3] = 255;
  }
  return out;
}
