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
 * typed array under V8's length limit. Chunks are SharedArrayBuffers, so worker threads can
 * copy frames out (`BatchPrefetcher` with `workers`); a frame being copied is pinned with `retain`.
 * `maxFrames` is the expected number of slots; more are added if pins need them.
 */
export class FrameStore {
  readonly keys: readonly FrameKey[];
  readonly framesPerChunk: number;
  private readonly chunks: (Buffer | undefined)[][];
  private refs: Int32Array;
  private free: Int32Array;
  private freeCount: number;
  private allocatedBytes = 0;
  /**
   * Where new chunks come from (a zeroed SharedArrayBuffer of the given size); the loader of a
   * pickle sets this to chunks a worker thread has already faulted in, and clears it after.
   */
  chunkSource: ((bytes: number) => SharedArrayBuffer) | null = null;

  constructor(keys: readonly FrameKey[], maxFrames: number) {
    this.keys = keys;
    const largest = Math.max(1, ...keys.map((k) => k.size));
    this.framesPerChunk = Math.max(1, Math.min(maxFrames, Math.floor(CHUNK_BYTES / largest)));
    this.chunks = keys.map(() => []);
    this.refs = new Int32Array(maxFrames);
    this.free = new Int32Array(maxFrames);
    for (let i = 0; i < maxFrames; i++) this.free[i] = maxFrames - 1 - i;
    this.freeCount = maxFrames;
  }

  /** Frames currently referenced. */
  get live(): number {
    return this.refs.length - this.freeCount;
  }

  /** Chunk `c` of key index `k` (allocated on first use), for sharing with worker threads. */
  chunk(k: number, c: number): Uint8Array {
    return this.locate(k, c * this.framesPerChunk).chunk;
  }

  /** Chunks allocated so far for key index `k` (some may be missing, see `hasChunk`). */
  chunkCount(k: number): number {
    return this.chunks[k].length;
  }

  hasChunk(k: number, c: number): boolean {
    return this.chunks[k][c] !== undefined;
  }

  /** Bytes of one chunk of each key, in key order. */
  get chunkSizes(): number[] {
    return this.keys.map((k) => this.framesPerChunk * k.size);
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
    if (this.freeCount === 0) this.grow();
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

  /** Adds one chunk's worth of slots (frames pinned by in-flight batches can exceed the row bound). */
  private grow(): void {
    const old = this.refs.length;
    const more = Math.max(this.framesPerChunk, 1);
    const refs = new Int32Array(old + more);
    refs.set(this.refs);
    const free = new Int32Array(old + more);
    free.set(this.free.subarray(0, this.freeCount));
    for (let i = 0; i < more; i++) free[this.freeCount + i] = old + more - 1 - i;
    this.freeCount += more;
    this.refs = refs;
    this.free = free;
  }

  /** The chunk holding `slot` for key index `k`, and the frame's offset in it (allocating the chunk on first use). */
  locate(k: number, slot: number): { chunk: Buffer; offset: number } {
    const c = Math.floor(slot / this.framesPerChunk);
    const size = this.keys[k].size;
    let chunk = this.chunks[k][c];
    if (!chunk) {
      const bytes = this.framesPerChunk * size;
      chunk = Buffer.from(this.chunkSource?.(bytes) ?? new SharedArrayBuffer(bytes));
      this.chunks[k][c] = chunk;
      this.allocatedBytes += chunk.byteLength;
    }
    return { chunk, offset: (slot - c * this.framesPerChunk) * size };
  }

  write(k: number, slot: number, data: Uint8Array): void {
    const c = Math.floor(slot / this.framesPerChunk);
    const chunk = this.chunks[k][c] ?? this.locate(k, slot).chunk;
    copyBytes(chunk, (slot - c * this.framesPerChunk) * this.keys[k].size, data);
  }

  /** True when frame `slot` of key `k` holds exactly `data` (one memcmp, no views: runs per frame of a load). */
  equals(k: number, slot: number, data: Uint8Array): boolean {
    const c = Math.floor(slot / this.framesPerChunk);
    const chunk = this.chunks[k][c] ?? this.locate(k, slot).chunk;
    const size = this.keys[k].size;
    if (data.length !== size) return false;
    const offset = (slot - c * this.framesPerChunk) * size;
    return chunk.compare(data, 0, size, offset, offset + size) === 0;
  }

  /** Copies frame `slot` of key `k` into `dst` at `dstOffset`. */
  copyTo(k: number, slot: number, dst: Uint8Array, dstOffset: number): void {
    // Hot path of sampling: no helper objects beyond one subarray view.
    const c = Math.floor(slot / this.framesPerChunk);
    const size = this.keys[k].size;
    const chunk = this.chunks[k][c];
    if (!chunk) throw new Error(`FrameStore: frame ${slot} was never written`);
    const offset = (slot - c * this.framesPerChunk) * size;
    if (size === 0) return;
    if (dst !== this.lastDst) {
      this.lastDst = dst;
      this.lastDstBuffer = Buffer.from(dst.buffer, dst.byteOffset, dst.byteLength);
    }
    copyBytes(this.lastDstBuffer as Buffer, dstOffset, chunk.subarray(offset, offset + size));
  }

  /** Destination of the last `copyTo`, and a Buffer view of it (reused while the destination is the same). */
  private lastDst: Uint8Array | null = null;
  private lastDstBuffer: Buffer | null = null;
}

/**
 * Copies `src` into `dst` at `dstOffset` with a plain memcpy. `TypedArray.prototype.set` (and
 * `Buffer.copy`, built on it) copies word by word with relaxed atomics as soon as either side is
 * a SharedArrayBuffer, about 2.5x slower than memcpy for 48 KB frames measured here;
 * `Buffer.prototype.fill` with an equally long source is one memcpy.
 */
export function copyBytes(dst: Buffer, dstOffset: number, src: Uint8Array): void {
  if (src.length > 0) dst.fill(src, dstOffset, dstOffset + src.length);
}
