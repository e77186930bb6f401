import { mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One batch the learner has not acked yet; its payload in memory or in a spill file. */
export interface UnackedBatch {
  readonly seq: number;
  /** Transitions in the batch. */
  readonly count: number;
  readonly bytes: number;
  readonly payload: Uint8Array | null;
  readonly spillFile: string | null;
}

/** Bounds of `UnackedBatches`. */
export interface UnackedBounds {
  readonly maxBatches: number;
  readonly maxMemoryBytes: number;
  /** Folder for spill files; null: no spilling (past the memory bound the actor pauses). */
  readonly spillDir: string | null;
  readonly maxSpillBytes: number;
}

/**
 * The actor's unacked batches in seq order: held in memory up to a byte bound, then written
 * to spill files up to another, then full (the caller waits). Acked batches are dropped and
 * their spill files deleted.
 */
export class UnackedBatches {
  private batches: UnackedBatch[] = [];
  private memoryBytes = 0;
  private spillBytes = 0;
  private spillDirMade = false;

  constructor(private readonly bounds: UnackedBounds) {}

  get length(): number {
    return this.batches.length;
  }

  get all(): readonly UnackedBatch[] {
    return this.batches;
  }

  get spilledBytes(): number {
    return this.spillBytes;
  }

  /** True when a payload of `bytes` fits now (an empty list takes any batch). */
  hasRoom(bytes: number): boolean {
    if (this.batches.length === 0) return true;
    if (this.batches.length >= this.bounds.maxBatches) return false;
    if (this.memoryBytes + bytes <= this.bounds.maxMemoryBytes) return true;
    return this.bounds.spillDir !== null && this.spillBytes + bytes <= this.bounds.maxSpillBytes;
  }

  /** Keeps a batch (in memory while that bound allows, else in a spill file); call after `hasRoom`. */
  add(seq: number, count: number, payload: Uint8Array): UnackedBatch {
    const bytes = payload.byteLength;
    let batch: UnackedBatch;
    if (this.memoryBytes + bytes <= this.bounds.maxMemoryBytes || this.bounds.spillDir === null || this.batches.length === 0) {
      batch = { seq, count, bytes, payload, spillFile: null };
      this.memoryBytes += bytes;
    } else {
      if (!this.spillDirMade) mkdirSync(this.bounds.spillDir, { recursive: true });
      this.spillDirMade = true;
      const spillFile = join(this.bounds.spillDir, `batch_${seq}.bin`);
      writeFileSync(spillFile, payload);
      batch = { seq, count, bytes, payload: null, spillFile };
      this.spillBytes += bytes;
    }
    this.batches.push(batch);
    return batch;
  }

  /** The payload of `batch`, read back from its spill file when it has one. */
  payloadOf(batch: UnackedBatch): Uint8Array {
    if (batch.payload !== null) return batch.payload;
    if (batch.spillFile === null) throw new Error(`batch ${batch.seq} has neither a payload nor a spill file`);
    try {
      return readFileSync(batch.spillFile);
    } catch (error) {
      throw new Error(`reading spilled batch ${batch.seq} from ${batch.spillFile}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
  }

  /** Drops batches up to `ackSeq`; returns the transitions they held. */
  ackUpTo(ackSeq: number): number {
    let acked = 0;
    while (this.batches.length > 0 && this.batches[0].seq <= ackSeq) {
      const b = this.batches.shift() as UnackedBatch;
      acked += b.count;
      if (b.spillFile === null) {
        this.memoryBytes -= b.bytes;
      } else {
        this.spillBytes -= b.bytes;
        unlinkSync(b.spillFile);
      }
    }
    return acked;
  }

  /** Deletes the spill folder (unacked spilled batches with it). */
  discardSpill(): void {
    if (this.bounds.spillDir !== null && this.spillDirMade) rmSync(this.bounds.spillDir, { recursive: true, force: true });
  }
}
