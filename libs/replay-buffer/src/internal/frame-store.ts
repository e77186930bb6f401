/** Target bytes of one storage chunk per key (frames are allocated chunk by chunk, on first use). */
const CHUNK_BYTES = 8 << 20;

export interface FrameKey {
  readonly key: string;
  /** Bytes of one frame of this key (e.g. 1 * 128 * 128 * 3). */
  readonly size: number;
}

/**
 * Reference-counted storage for uint8 image frames (all pixel keys of one observation share a
 * slot). Slots come from a free list that hands out the most recently freed slot first, and
 * memory is allocated in chunks only when a slot in them is first used, so resident memory
 * follows the frames alive, not the worst case the slot count allows. Chunking also keeps every
 * typed array under V8's length limit.
 */
export class FrameStore {
  readonly keys: readonly FrameKey[];
  readonly framesPerChunk: number;
  private readonly chunks: (Uint8Array | undefined)[][];
  private readonly refs: Uint8Array;
  private readonly free: Int32Array;
  private freeCount: number;
  private allocatedBytes = 0;

  constructor(keys: readonly FrameKey[], maxFrames: number) {
    this.keys = keys;
    const largest = Math.max(1, ...keys.map((k) => k.size));
    this.framesPerChunk = Math.max(1, Math.min(maxFrames, Math.floor(CHUNK_BYTES / largest)));
    this.chunks = keys.map(() => []);
    this.refs = new Uint8Array(maxFrames);
    this.free = new Int32Array(maxFrames);
    for (let i = 0; i < maxFrames; i++) this.free[i] = maxFrames - 1 - i;
    this.freeCount = maxFrames;
  }

  /** Frames currently referenced. */
  get live(): number {
    return this.refs.length - this.freeCount;
  }

  /** Bytes of one frame, all keys together. */
  get frameBytes(): number {
    return this.keys.reduce((sum, k) => sum + k.size, 0);
  }

  /** Bytes of frame storage allocated so far. */
  get bytes(): number {
    return this.allocatedBytes;
  }

  /** A free slot with one reference. */
  allocate(): number {
    if (this.freeCount === 0) throw new Error('FrameStore: no free frame slot (internal error: more frames alive than rows allow)');
    const slot = this.free[--this.freeCount];
    this.refs[slot] = 1;
    return slot;
  }

  retain(slot: number): void {
    this.refs[slot]++;
  }

  release(slot: number): void {
    if (this.refs[slot] === 0) throw new Error(`FrameStore: frame ${slot} released twice`);
    if (--this.refs[slot] === 0) this.free[this.freeCount++] = slot;
  }

  /** The chunk holding `slot` for key index `k`, and the frame's offset in it (allocating the chunk on first use). */
  locate(k: number, slot: number): { chunk: Uint8Array; offset: number } {
    const c = Math.floor(slot / this.framesPerChunk);
    const size = this.keys[k].size;
    let chunk = this.chunks[k][c];
    if (!chunk) {
      chunk = new Uint8Array(this.framesPerChunk * size);
      this.chunks[k][c] = chunk;
      this.allocatedBytes += chunk.byteLength;
    }
    return { chunk, offset: (slot - c * this.framesPerChunk) * size };
  }

  write(k: number, slot: number, data: Uint8Array): void {
    const { chunk, offset } = this.locate(k, slot);
    chunk.set(data, offset);
  }

  /** True when frame `slot` of key `k` holds exactly `data`. */
  equals(k: number, slot: number, data: Uint8Array): boolean {
    const { chunk, offset } = this.locate(k, slot);
    const size = this.keys[k].size;
    return Buffer.from(chunk.buffer, chunk.byteOffset + offset, size).equals(data);
  }

  /** Copies frame `slot` of key `k` into `dst` at `dstOffset`. */
  copyTo(k: number, slot: number, dst: Uint8Array, dstOffset: number): void {
    // Hot path of sampling: no helper objects.
    const c = Math.floor(slot / this.framesPerChunk);
    const size = this.keys[k].size;
    const chunk = this.chunks[k][c];
    if (!chunk) throw new Error(`FrameStore: frame ${slot} was never written`);
    const offset = (slot - c * this.framesPerChunk) * size;
    dst.set(chunk.subarray(offset, offset + size), dstOffset);
  }
}
