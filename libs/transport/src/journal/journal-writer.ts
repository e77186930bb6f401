import { closeSync, fsync, ftruncateSync, openSync, fsyncSync, writeSync, writevSync } from 'node:fs';
import { encodeJournalRecord, JOURNAL_MAGIC, type JournalRecord } from './journal-record.js';

/**
 * When appended records reach the disk. `batch`: an fsync for every batch before its ack;
 * batches that arrive while one fsync runs share the next one (group commit). `interval`: at
 * most one fsync per `fsyncIntervalMs`, acks wait for it (fewer fsyncs, later acks). `none`:
 * acked once written to the OS, which survives a crash of the learner but not of the machine.
 */
export type JournalFsync = 'batch' | 'interval' | 'none';

export interface JournalWriterOptions {
  /** Default 'batch'. */
  readonly fsync?: JournalFsync;
  /** With fsync 'interval'. Default 50 ms. */
  readonly fsyncIntervalMs?: number;
}

interface Waiter {
  readonly upTo: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Appends records to a journal file. `append` writes synchronously (so records land in call
 * order) and returns a promise that resolves once the record is durable per the fsync policy.
 * An I/O error fails the writer for good: every later append throws.
 */
export class JournalWriter {
  private written = 0;
  private synced = 0;
  private syncing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly waiters: Waiter[] = [];
  private failure: Error | null = null;
  private closed = false;
  private readonly policy: JournalFsync;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private position: number,
    private readonly options: JournalWriterOptions,
  ) {
    this.policy = options.fsync ?? 'batch';
  }

  /**
   * Opens `path` for appending after its first `validBytes` (from `readJournal`; a torn tail
   * beyond them is cut off). With 0 the file is created, or started over, with its header.
   */
  static open(path: string, validBytes: number, options: JournalWriterOptions = {}): JournalWriter {
    const fd = openSync(path, validBytes === 0 ? 'w' : 'r+');
    try {
      if (validBytes === 0) {
        writeSync(fd, JOURNAL_MAGIC);
      } else {
        ftruncateSync(fd, validBytes);
      }
      fsyncSync(fd);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    return new JournalWriter(path, fd, validBytes === 0 ? JOURNAL_MAGIC.length : validBytes, options);
  }

  /** Bytes in the file (header included). */
  get bytes(): number {
    return this.position;
  }

  /** Writes `record` now; resolves when it is durable. Throws at once when the writer failed or closed. */
  append(record: JournalRecord): Promise<void> {
    if (this.failure !== null) throw this.failure;
    if (this.closed) throw new Error(`journal ${this.path} is closed`);
    const parts = encodeJournalRecord(record);
    const length = parts.reduce((n, p) => n + p.length, 0);
    try {
      let done = writevSync(this.fd, parts, this.position);
      // writev may write less than asked (rare, e.g. a signal): write the rest in order.
      while (done < length) {
        const flat = Buffer.concat(parts).subarray(done);
        done += writeSync(this.fd, flat, 0, flat.length, this.position + done);
      }
    } catch (error) {
      throw this.fail(error);
    }
    this.position += length;
    this.written++;
    if (this.policy === 'none') return Promise.resolve();
    const upTo = this.written;
    const durable = new Promise<void>((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
    this.scheduleSync();
    return durable;
  }

  /** Makes everything durable, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    while (this.syncing) await new Promise((resolve) => setTimeout(resolve, 1));
    if (this.failure === null) {
      try {
        fsyncSync(this.fd);
        this.settle(this.written);
      } catch (error) {
        this.fail(error);
      }
    }
    closeSync(this.fd);
  }

  private scheduleSync(): void {
    if (this.syncing || this.timer !== null || this.closed) return;
    if (this.policy === 'interval') {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.syncNow();
      }, this.options.fsyncIntervalMs ?? 50);
    } else {
      this.syncNow();
    }
  }

  private syncNow(): void {
    if (this.failure !== null || this.closed) return;
    const target = this.written;
    this.syncing = true;
    fsync(this.fd, (error) => {
      this.syncing = false;
      if (error) {
        this.fail(error);
        return;
      }
      this.settle(target);
      if (this.waiters.length > 0) this.scheduleSync();
    });
  }

  private settle(upTo: number): void {
    this.synced = Math.max(this.synced, upTo);
    while (this.waiters.length > 0 && this.waiters[0].upTo <= this.synced) this.waiters.shift()?.resolve();
  }

  private fail(cause: unknown): Error {
    const error = new Error(`journal ${this.path}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.failure ??= error;
    for (const w of this.waiters.splice(0)) w.reject(this.failure);
    return this.failure;
  }
}
