import { Worker } from 'node:worker_threads';
import type { Batch } from '@rlpd/spaces';
import { PLAN_STRIDE, type FramePlan } from './frame-plan.js';
import type { FrameKey, FrameStore } from './frame-store.js';

/**
 * The worker's code (plain CommonJS, evaluated, so it runs the same from sources and from dist).
 * It keeps views of the stores' chunks and of the batches' pixel arrays (all SharedArrayBuffers)
 * and, per job, copies the planned frames of its rows, then bumps the batch's done counter.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const stores = [];
const batches = [];
let done = null;
parentPort.on('message', (m) => {
  switch (m.type) {
    case 'init': done = new Int32Array(m.done); break;
    case 'store': stores[m.store] = { fpc: m.framesPerChunk, sizes: m.sizes, chunks: m.sizes.map(() => []) }; break;
    case 'chunk': stores[m.store].chunks[m.key][m.index] = new Uint8Array(m.buffer); break;
    // Buffer.fill with a source as long as the range is one memcpy (TypedArray.set on shared
    // memory copies with relaxed atomics, ~2.5x slower).
    case 'batch': batches[m.batch] = m.arrays.map((pair) => pair.map((b) => Buffer.from(b))); break;
    case 'job': {
      const e = m.entries;
      const out = batches[m.batch];
      for (let i = 0; i < e.length; i += ${PLAN_STRIDE}) {
        const store = stores[e[i]];
        const slot = e[i + 1];
        const c = Math.floor(slot / store.fpc);
        const inChunk = slot - c * store.fpc;
        const row = e[i + 3];
        for (let k = 0; k < store.sizes.length; k++) {
          const size = store.sizes[k];
          const from = inChunk * size;
          if (size > 0) out[k][e[i + 2]].fill(store.chunks[k][c].subarray(from, from + size), row * size, (row + 1) * size);
        }
      }
      Atomics.add(done, m.batch, 1);
      Atomics.notify(done, m.batch);
      break;
    }
  }
});
`;

/** Longest wait for one batch before concluding that a worker died. */
const WAIT_LIMIT_MS = 30_000;

/**
 * Worker threads that copy planned image frames from the buffers' frame stores into batches'
 * shared pixel arrays. Batches and stores are registered once; chunks are shared as stores
 * allocate them. Completion is counted per batch in a shared Int32Array, so the consumer can
 * wait synchronously (`Atomics.wait`) or asynchronously.
 */
export class FrameCopyWorkers {
  readonly count: number;
  private readonly workers: Worker[];
  private readonly done: Int32Array;
  private readonly stores: FrameStore[] = [];
  /** Per store and key: which chunks the workers have, and the lowest index not yet sent. */
  private readonly sent: { has: boolean[]; first: number }[][] = [];
  private failure: Error | null = null;

  constructor(count: number, batches: number) {
    this.count = count;
    this.done = new Int32Array(new SharedArrayBuffer(4 * batches));
    this.workers = Array.from({ length: count }, () => {
      const w = new Worker(WORKER_SOURCE, { eval: true });
      w.unref();
      w.on('error', (err) => {
        this.failure = err instanceof Error ? err : new Error(String(err));
      });
      w.postMessage({ type: 'init', done: this.done.buffer });
      return w;
    });
  }

  /** Registers store `index` (its frame layout); its chunks are sent as they appear. */
  addStore(index: number, store: FrameStore): void {
    this.stores[index] = store;
    this.sent[index] = store.keys.map(() => ({ has: [], first: 0 }));
    const sizes = store.keys.map((k: FrameKey) => k.size);
    this.post({ type: 'store', store: index, framesPerChunk: store.framesPerChunk, sizes });
  }

  /** Registers batch `index`: its uint8 arrays, in the stores' key order, must be SharedArrayBuffer-backed. */
  addBatch(index: number, batch: Batch, keys: readonly string[]): void {
    const arrays = keys.map((key) => [batch.observations[key].buffer, batch.nextObservations[key].buffer]);
    this.post({ type: 'batch', batch: index, arrays });
  }

  /** Hands the frames of `plan` to the workers (split by entries) to copy into batch `index`. */
  start(index: number, plan: FramePlan): void {
    this.syncChunks();
    Atomics.store(this.done, index, 0);
    const entries = plan.length / PLAN_STRIDE;
    const per = Math.ceil(entries / this.count);
    for (let w = 0; w < this.count; w++) {
      const from = Math.min(entries, w * per) * PLAN_STRIDE;
      const to = Math.min(entries, (w + 1) * per) * PLAN_STRIDE;
      this.workers[w].postMessage({ type: 'job', batch: index, entries: plan.entries.slice(from, to) });
    }
  }

  isDone(index: number): boolean {
    return Atomics.load(this.done, index) >= this.count;
  }

  /** Blocks until batch `index` is copied. */
  wait(index: number): void {
    const deadline = performance.now() + WAIT_LIMIT_MS;
    for (;;) {
      const value = Atomics.load(this.done, index);
      if (value >= this.count) return;
      this.check(deadline);
      Atomics.wait(this.done, index, value, 100);
    }
  }

  /** Resolves when batch `index` is copied, without blocking the event loop. */
  async waitAsync(index: number): Promise<void> {
    const deadline = performance.now() + WAIT_LIMIT_MS;
    const waitAsync = (
      Atomics as unknown as { waitAsync?: (a: Int32Array, i: number, v: number, t: number) => { async: boolean; value: Promise<string> | string } }
    ).waitAsync;
    for (;;) {
      const value = Atomics.load(this.done, index);
      if (value >= this.count) return;
      this.check(deadline);
      if (waitAsync) {
        const r = waitAsync(this.done, index, value, 100);
        if (r.async) await r.value;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
  }

  private check(deadline: number): void {
    if (this.failure) throw new Error(`BatchPrefetcher: a frame-copy worker failed: ${this.failure.message}`);
    if (performance.now() > deadline) throw new Error(`BatchPrefetcher: frame-copy workers did not finish a batch within ${WAIT_LIMIT_MS} ms`);
  }

  private syncChunks(): void {
    this.stores.forEach((store, s) => {
      store.keys.forEach((_, k) => {
        const sent = this.sent[s][k];
        const n = store.chunkCount(k);
        for (let c = sent.first; c < n; c++) {
          if (sent.has[c] || !store.hasChunk(k, c)) continue;
          this.post({ type: 'chunk', store: s, key: k, index: c, buffer: store.chunk(k, c).buffer });
          sent.has[c] = true;
        }
        while (sent.has[sent.first]) sent.first++;
      });
    });
  }

  private post(message: unknown): void {
    for (const w of this.workers) w.postMessage(message);
  }
}
