import type { Batch } from '@rlpd/spaces';
import { createBatchWith } from './create-batch.js';
import { FrameCopyWorkers } from './internal/frame-copy-workers.js';
import { FramePlan } from './internal/frame-plan.js';
import type { SymmetricSampler } from './symmetric-sampler.js';

export interface BatchPrefetcherOptions {
  readonly sampler: SymmetricSampler;
  /** Batches kept ready ahead of the consumer (hil-serl prefetches 2 per buffer). Default 2. */
  readonly depth?: number;
  /** Draw every row from the demo buffer (demo-only pre-training). Default false. */
  readonly demoOnly?: boolean;
  /**
   * Worker threads that copy the image frames of batches being prefetched (0: every batch is
   * filled on the calling thread while the event loop is idle). With workers, rows are still
   * drawn (same RNG, same batches as without) and non-image fields copied on the calling
   * thread, and the frames they need are pinned, then copied by the workers while the consumer
   * trains; `nextBatch()` waits only if the oldest batch is not finished yet. Default 0.
   */
  readonly workers?: number;
}

/** A prefetched batch with its index (for workers) and the frames it pins. */
interface Slot {
  readonly index: number;
  readonly batch: Batch;
  readonly plan: FramePlan;
}

const DEFAULT_DEPTH = 2;
/** Wait before looking again when a buffer is still empty. */
const EMPTY_RETRY_MS = 5;

/**
 * Keeps `depth` batches sampled ahead, filling them whenever the event loop is idle (a learner
 * that yields between updates, or awaits an async backend, finds its next batch ready), in
 * `depth + 1` preallocated batches that are reused forever. With `workers`, image frames (most
 * of a batch's bytes) are copied by worker threads in parallel with the consumer.
 *
 * A batch returned by `next()` stays untouched until the following `next()` call: only then is
 * it recycled. Each batch is sampled in one synchronous call, so inserts (which also run on the
 * event loop) land between batches, never inside one: a batch is always a consistent snapshot
 * (with workers, the frames it needs are pinned until copied, so inserts cannot recycle them).
 */
export class BatchPrefetcher implements AsyncIterableIterator<Batch> {
  readonly depth: number;
  private readonly sampler: SymmetricSampler;
  private readonly demoOnly: boolean;
  private readonly ready: Batch[] = [];
  private readonly free: Batch[] = [];
  private current: Batch | null = null;
  /** Cancels the pending fill, if one is scheduled. */
  private scheduled: (() => void) | null = null;
  private closed = false;
  /** Worker mode: the copying threads, batches being copied (oldest first), free and current slots. */
  private readonly pool: FrameCopyWorkers | null = null;
  private readonly inflight: Slot[] = [];
  private readonly freeSlots: Slot[] = [];
  private currentSlot: Slot | null = null;

  constructor(options: BatchPrefetcherOptions) {
    const depth = options.depth ?? DEFAULT_DEPTH;
    if (!Number.isInteger(depth) || depth < 1) throw new Error(`BatchPrefetcher: depth must be an integer >= 1, got ${depth}`);
    const requested = options.workers ?? 0;
    if (!Number.isInteger(requested) || requested < 0) throw new Error(`BatchPrefetcher: workers must be an integer >= 0, got ${requested}`);
    // Workers copy image frames; batches of cached frame features carry none.
    const workers = options.sampler.buffers[0].hasFrameFeatures ? 0 : requested;
    this.depth = depth;
    this.sampler = options.sampler;
    this.demoOnly = options.demoOnly ?? false;
    if (workers > 0) {
      const [online, demo] = this.sampler.buffers;
      const pool = new FrameCopyWorkers(workers, depth + 1);
      pool.addStore(0, online.frameStore);
      pool.addStore(1, demo.frameStore);
      const pixelKeys = online.frameStore.keys.map((k) => k.key);
      for (let i = 0; i <= depth; i++) {
        const batch = createBatchWith(online.observationSpace, online.actionDim, this.sampler.batchSize, true);
        pool.addBatch(i, batch, pixelKeys);
        this.freeSlots.push({ index: i, batch, plan: new FramePlan() });
      }
      this.pool = pool;
    } else {
      for (let i = 0; i <= depth; i++) this.free.push(this.sampler.createBatch());
    }
    this.schedule();
  }

  /** Batches sampled and waiting (with workers: sampled and fully copied). */
  get readyCount(): number {
    const pool = this.pool;
    if (pool) return this.inflight.filter((s) => pool.isDone(s.index)).length;
    return this.ready.length;
  }

  /** Worker threads copying frames (0 when batches are filled on the calling thread). */
  get workerCount(): number {
    return this.pool?.count ?? 0;
  }

  /** The next batch (sampled now if none is ready). Valid until the next call. */
  nextBatch(): Batch {
    if (this.closed) throw new Error('BatchPrefetcher: closed');
    if (this.pool) return this.nextFromWorkers(this.pool);
    if (this.current) this.free.push(this.current);
    const batch = this.ready.shift() ?? this.sampler.fill(this.takeFree(), this.demoOnly);
    this.current = batch;
    this.schedule();
    return batch;
  }

  async next(): Promise<IteratorResult<Batch>> {
    if (this.closed) return { done: true, value: undefined };
    // With workers, wait for the oldest batch without blocking the event loop.
    const oldest = this.inflight[0];
    if (this.pool && oldest) await this.pool.waitAsync(oldest.index);
    if (this.closed) return { done: true, value: undefined };
    return { done: false, value: this.nextBatch() };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Batch> {
    return this;
  }

  /** Stops prefetching; `nextBatch()` throws afterwards. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.scheduled?.();
    this.scheduled = null;
    if (this.pool) {
      // Wait for copies in progress before unpinning their frames, then stop the threads.
      for (const slot of this.inflight) {
        try {
          this.pool.wait(slot.index);
        } catch {
          // A dead worker: its frames are unpinned anyway, nothing reads the batch any more.
        }
        slot.plan.releasePins();
      }
      this.inflight.length = 0;
      this.pool.close();
    }
  }

  async return(): Promise<IteratorResult<Batch>> {
    this.close();
    return { done: true, value: undefined };
  }

  private takeFree(): Batch {
    const batch = this.free.pop();
    if (!batch) throw new Error('BatchPrefetcher: no free batch (internal error)');
    return batch;
  }

  private nextFromWorkers(pool: FrameCopyWorkers): Batch {
    if (this.currentSlot) this.freeSlots.push(this.currentSlot);
    this.currentSlot = null;
    if (this.inflight.length === 0) this.startSlot(pool);
    const slot = this.inflight.shift() as Slot;
    pool.wait(slot.index);
    slot.plan.releasePins();
    this.currentSlot = slot;
    // Start the following batches now, so workers copy them while the consumer trains.
    this.topUp(pool);
    this.schedule();
    return slot.batch;
  }

  /** Samples one batch's rows now and hands its frames to the workers. */
  private startSlot(pool: FrameCopyWorkers): void {
    const slot = this.freeSlots.pop();
    if (!slot) throw new Error('BatchPrefetcher: no free batch (internal error)');
    try {
      this.sampler.planFill(slot.batch, this.demoOnly, slot.plan);
    } catch (err) {
      slot.plan.releasePins();
      this.freeSlots.push(slot);
      throw err;
    }
    pool.start(slot.index, slot.plan);
    this.inflight.push(slot);
  }

  private topUp(pool: FrameCopyWorkers): void {
    while (!this.closed && this.inflight.length < this.depth && this.freeSlots.length > 0 && this.sampler.canFill(this.demoOnly)) {
      this.startSlot(pool);
    }
  }

  private schedule(): void {
    const pending = this.pool ? this.inflight.length : this.ready.length;
    if (this.scheduled || this.closed || pending >= this.depth) return;
    const immediate = setImmediate(() => {
      this.scheduled = null;
      if (this.pool) {
        if (this.closed || this.inflight.length >= this.depth || this.freeSlots.length === 0) return;
        if (this.sampler.canFill(this.demoOnly)) {
          this.topUp(this.pool);
          return;
        }
      } else if (this.closed || this.ready.length >= this.depth || this.free.length === 0) return;
      if (!this.sampler.canFill(this.demoOnly)) {
        // Nothing to sample yet: look again later without spinning the event loop.
        const timer = setTimeout(() => {
          this.scheduled = null;
          this.schedule();
        }, EMPTY_RETRY_MS);
        this.scheduled = () => clearTimeout(timer);
        return;
      }
      if (this.pool) return;
      // Fill every free place now: a consumer that takes several batches per idle turn (a learner
      // step with critic-to-actor ratio 2) finds them all ready.
      while (this.ready.length < this.depth && this.free.length > 0) this.ready.push(this.sampler.fill(this.takeFree(), this.demoOnly));
    });
    this.scheduled = () => clearImmediate(immediate);
  }
}
