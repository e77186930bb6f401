import { BatchPrefetcher, type BatchPrefetcherOptions } from '@rlpd/replay-buffer';
import type { Batch } from '@rlpd/spaces';

/**
 * The prefetcher's options, all given: `demoOnly` for demo-only pre-training, `depth` from
 * `--prefetch-depth`, `workers` from `--prefetch-workers`.
 */
export type BatchSourceOptions = Required<BatchPrefetcherOptions>;

/**
 * The learner's batches for one phase (demo-only pre-training, or 50/50 training), kept
 * `depth` ahead by a `BatchPrefetcher` so an update finds its batch ready instead of waiting on
 * the buffer.
 *
 * The prefetched batches were drawn with the sampler's RNG, so its state runs ahead of the
 * batches taken so far (by up to `depth`); a checkpoint saves that state, and batches still
 * waiting when a source closes are dropped, never trained on.
 */
export class BatchSource {
  private readonly prefetcher: BatchPrefetcher;

  constructor(options: BatchSourceOptions) {
    this.prefetcher = new BatchPrefetcher(options);
  }

  /**
   * Opens a source, runs `body` with it, and closes it however `body` ends (done, stopped early
   * or thrown), so no prefetch worker thread outlives its phase.
   */
  static async use<T>(options: BatchSourceOptions, body: (batches: BatchSource) => Promise<T>): Promise<T> {
    const batches = new BatchSource(options);
    try {
      return await body(batches);
    } finally {
      batches.close();
    }
  }

  /** Batches sampled (and, with workers, copied) and waiting to be taken. */
  get readyCount(): number {
    return this.prefetcher.readyCount;
  }

  /** Worker threads copying frames (0 when batches are filled on the calling thread). */
  get workerCount(): number {
    return this.prefetcher.workerCount;
  }

  /**
   * The next batch, valid until the following call. Waits only when none is ready (with workers,
   * without blocking the event loop, so actors' transitions keep arriving).
   */
  async take(): Promise<Batch> {
    const next = await this.prefetcher.next();
    if (next.done) throw new Error('BatchSource: take() after close(); open a new source for the next phase');
    return next.value;
  }

  /** Stops prefetching and the worker threads; `take()` throws afterwards. */
  close(): void {
    this.prefetcher.close();
  }
}
