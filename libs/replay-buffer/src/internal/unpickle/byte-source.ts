import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { PyBytes, type PayloadSource } from './python-objects.js';
import { UnpickleError } from './unpickle-error.js';

/** Bytes read ahead per refill of the window. */
const WINDOW_BYTES = 4 << 20;
/**
 * Window size with transient payloads (two windows alternate): large enough for a 2 MB camera
 * frame to be handed out as a view, small enough that the windows' first-touch page faults
 * stay a small part of a load (4 MB instead of 8 MB of fresh memory).
 */
const TRANSIENT_WINDOW_BYTES = 2 << 20;
/** Payloads up to this size are copied out of the window; larger ones are read straight from the source. */
const DIRECT_READ_MIN = 1 << 20;

export interface ByteSourceOptions {
  /**
   * Hand out payloads that fit the read window as views of it instead of copies. A view stays
   * valid until the window has been refilled twice (two windows alternate); `PyBytes.bytes`
   * re-reads stale ones from the file, so a consumer must use the bytes it got before reading
   * further (true of `onRootItem` visitors that copy what they keep, e.g. into a buffer).
   */
  readonly transientPayloads?: boolean;
  /** Size of the read window (default 4 MB; smaller in tests). */
  readonly windowBytes?: number;
}

/** Random-access reads of a pickle's bytes (a file descriptor or an in-memory array). */
interface Backing {
  readonly size: number;
  /** Fills `target` from absolute `position`; returns the bytes read. */
  readAt(target: Uint8Array, position: number): number;
  close(): void;
}

/**
 * Sequential reader over a pickle with a sliding window, so files of any size (beyond Node's
 * 2 GiB readFile limit) are parsed without holding them whole. Large payloads are read
 * directly into their own buffers and can be released and re-read by offset later (the memo
 * may refer to them again), so parsed data need not stay in memory.
 */
export class ByteSource implements PayloadSource {
  private window: Uint8Array;
  /** The other window: refills alternate between the two, so views of the previous one survive a refill. */
  private spare: Uint8Array;
  private view: DataView;
  /** Refills so far (payload views taken at generation g are valid while generation <= g + 1). */
  private refills = 0;
  private readonly transientPayloads: boolean;
  /** Absolute offset of window[0]. */
  private windowStart = 0;
  private pos = 0;
  private end = 0;

  private constructor(
    private readonly backing: Backing,
    readonly name: string,
    options: ByteSourceOptions = {},
  ) {
    this.transientPayloads = options.transientPayloads ?? false;
    const windowBytes = Math.min(options.windowBytes ?? (this.transientPayloads ? TRANSIENT_WINDOW_BYTES : WINDOW_BYTES), Math.max(16, backing.size));
    this.window = new Uint8Array(windowBytes);
    this.spare = new Uint8Array(this.transientPayloads ? windowBytes : 0);
    this.view = new DataView(this.window.buffer);
  }

  static openFile(path: string, options: ByteSourceOptions = {}): ByteSource {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      return new ByteSource({ size, readAt: (t, p) => readSync(fd, t, 0, t.length, p), close: () => closeSync(fd) }, path, options);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  static fromBytes(bytes: Uint8Array, name: string): ByteSource {
    const readAt = (t: Uint8Array, p: number): number => {
      const n = Math.min(t.length, bytes.length - p);
      t.set(bytes.subarray(p, p + n));
      return n;
    };
    return new ByteSource({ size: bytes.length, readAt, close: () => undefined }, name);
  }

  /** Refills of the window so far (`PayloadSource`). */
  get generation(): number {
    return this.refills;
  }

  /** A fresh copy of `n` bytes at `position`, for payloads released or overwritten in the window (`PayloadSource`). */
  reread(position: number, n: number): Uint8Array {
    const out = new Uint8Array(n);
    if (n > 0 && this.backing.readAt(out, position) !== n) throw new UnpickleError(`cannot re-read ${n} bytes`, position);
    return out;
  }

  get size(): number {
    return this.backing.size;
  }

  /** Absolute offset of the next byte. */
  get offset(): number {
    return this.windowStart + this.pos;
  }

  close(): void {
    this.backing.close();
  }

  /** Ensures `n` bytes are in the window; `what` names the opcode for the truncation error. */
  need(n: number, what: string): void {
    if (this.end - this.pos >= n) return;
    const remaining = this.end - this.pos;
    if (n > this.window.length) {
      const bigger = new Uint8Array(n);
      bigger.set(this.window.subarray(this.pos, this.end));
      if (this.transientPayloads) this.spare = new Uint8Array(n);
      this.window = bigger;
      this.view = new DataView(bigger.buffer);
    } else if (this.transientPayloads) {
      // Leave the current window intact (payload views of it stay valid until the next refill).
      const next = this.spare;
      next.set(this.window.subarray(this.pos, this.end));
      this.spare = this.window;
      this.window = next;
      this.view = new DataView(next.buffer);
    } else {
      this.window.copyWithin(0, this.pos, this.end);
    }
    this.refills++;
    this.windowStart += this.pos;
    this.pos = 0;
    this.end = remaining;
    while (this.end < this.window.length && this.windowStart + this.end < this.backing.size) {
      const got = this.backing.readAt(this.window.subarray(this.end), this.windowStart + this.end);
      if (got <= 0) break;
      this.end += got;
    }
    if (this.end < n) {
      throw new UnpickleError(`unexpected end of file: ${what} needs ${n} bytes, ${this.end} left (truncated pickle?)`, this.offset);
    }
  }

  u8(what: string): number {
    if (this.pos >= this.end) this.need(1, what);
    return this.window[this.pos++];
  }

  u16(what: string): number {
    this.need(2, what);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** An 8-byte little-endian length; refuses values beyond 2^53. */
  u64(what: string): number {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new UnpickleError(`${what}: length ${v} is too large`, this.offset);
    this.pos += 8;
    return Number(v);
  }

  f64be(what: string): number {
    this.need(8, what);
    const v = this.view.getFloat64(this.pos, false);
    this.pos += 8;
    return v;
  }

  /** A copy of the next `n` bytes (for short strings and integers). */
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.window.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A view of the next `n` bytes, valid only until the next read (for decoding text without a copy). */
  peekTake(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.window.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** A payload of `n` bytes (bytes, bytearray, array data), re-readable by offset once released. */
  payload(n: number, what: string): PyBytes {
    const start = this.offset;
    if (start + n > this.backing.size) {
      throw new UnpickleError(`unexpected end of file: ${what} needs ${n} bytes, ${this.backing.size - start} left (truncated pickle?)`, start);
    }
    if (this.transientPayloads && n <= this.window.length) {
      this.need(n, what);
      const view = this.window.subarray(this.pos, this.pos + n);
      this.pos += n;
      return new PyBytes(view, this, start, this.refills + 1);
    }
    const out = new Uint8Array(n);
    const inWindow = Math.min(n, this.end - this.pos);
    if (n < DIRECT_READ_MIN || inWindow === n) {
      this.need(n, what);
      out.set(this.window.subarray(this.pos, this.pos + n));
      this.pos += n;
    } else {
      out.set(this.window.subarray(this.pos, this.pos + inWindow));
      let done = inWindow;
      while (done < n) {
        const got = this.backing.readAt(out.subarray(done), start + done);
        if (got <= 0) throw new UnpickleError(`unexpected end of file inside ${what}`, start + done);
        done += got;
      }
      // Skip past the payload: the window restarts after it.
      this.windowStart = start + n;
      this.pos = 0;
      this.end = 0;
    }
    return new PyBytes(out, this, start);
  }
}
