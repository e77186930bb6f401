import type { Batch } from '@rlpd/spaces';
import type { SymmetricSampler } from './symmetric-sampler.js';

export interface BatchPrefetcherOptions {
  readonly sampler: SymmetricSampler;
  /** Batches kept ready ahead of the consumer (hil-serl prefetches 2 per buffer). Default 2. */
  readonly depth?: number;
  /** Draw every row from the demo buffer (demo-only pre-training). Default false. */
  readonly demoOnly?: boolean;
}

const DEFAULT_DEPTH = 2;
/** Wait before looking again when a buffer is still empty. */
const EMPTY_RETRY_MS = 5;

/**
 * Keeps `depth` batches sampled ahead, filling them whenever the event loop is idle (a learner
 * that yields between updates, or awaits an async backend, finds its next batch ready), in
 * `depth + 1` preallocated batches that are reused forever.
 *
 * A batch returned by `next()` stays untouched until the following `next()` call: only then is
 * it recycled. Each batch is filled in one synchronous call, so inserts (which also run on the
 * event loop) land between batches, never inside one: a batch is always a consistent snapshot.
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

  constructor(options: BatchPrefetcherOptions) {
    const depth = options.depth ?? DEFAULT_DEPTH;
    if (!Number.isInteger(depth) || depth < 1) throw new Error(`BatchPrefetcher: depth must be an integer >= 1, got ${depth}`);
    this.depth = depth;
    this.sampler = options.sampler;
    this.demoOnly = options.demoOnly ?? false;
    for (let i = 0; i <= depth; i++) this.free.push(this.sampler.createBatch());
    this.schedule();
  }

  /** Batches sampled and waiting. */
  get readyCount(): number {
    return this.ready.length;
  }

  /** The next batch (sampled now if none is ready). Valid until the next call. */
  nextBatch(): Batch {
    if (this.closed) throw new Error('BatchPrefetcher: closed');
    if (this.current) this.free.push(this.current);
    const batch = this.ready.shift() ?? this.sampler.fill(this.takeFree(), this.demoOnly);
    this.current = batch;
    this.schedule();
    return batch;
  }

  async next(): Promise<IteratorResult<Batch>> {
    if (this.closed) return { done: true, value: undefined };
    return { done: false, value: this.nextBatch() };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Batch> {
    return this;
  }

  /** Stops prefetching; `nextBatch()` throws afterwards. */
  close(): void {
    this.closed = true;
    this.scheduled?.();
    this.scheduled = null;
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

  private schedule(): void {
    if (this.scheduled || this.closed || this.ready.length >= this.depth) return;
    const immediate = setImmediate(() => {
      this.scheduled = null;
      if (this.closed || this.ready.length >= this.depth || this.free.length === 0) return;
      if (!this.sampler.canFill(this.demoOnly)) {
        // Nothing to sample yet: look again later without spinning the event loop.
        const timer = setTimeout(() => {
          this.scheduled = null;
          this.schedule();
        }, EMPTY_RETRY_MS);
        this.scheduled = () => clearTimeout(timer);
        return;
      }
      this.ready.push(this.sampler.fill(this.takeFree(), this.demoOnly));
      this.schedule();
    });
    this.scheduled = () => clearImmediate(immediate);
  }
}
