import { Worker } from 'node:worker_threads';

/** Chunk states, one Int32 per chunk, changed only with Atomics. */
const UNTOUCHED = 0;
const TOUCHING = 1;
const READY = 2;
const CLAIMED = 3;

/**
 * The worker's code (plain CommonJS, evaluated, so it runs the same from sources and from dist):
 * for each chunk it is sent, it takes the chunk unless the loader already did, writes one byte
 * per page so the kernel maps the page now, and marks the chunk ready. The pages of new memory
 * are zero, so writing a zero changes no data; the loader writes into a chunk only once its
 * state says the worker is done with it or never started it.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', ({ buffer, state }) => {
  const s = new Int32Array(state);
  if (Atomics.compareExchange(s, 0, ${UNTOUCHED}, ${TOUCHING}) !== ${UNTOUCHED}) return;
  const bytes = new Uint8Array(buffer);
  for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 0;
  Atomics.store(s, 0, ${READY});
});
`;

interface PendingChunk {
  readonly buffer: SharedArrayBuffer;
  readonly state: Int32Array;
}

/**
 * New SharedArrayBuffer chunks whose pages a worker thread has already faulted in. The first
 * write to each page of new memory costs a page fault, and when a loader copies frames into new
 * chunks those faults are most of its time (docs/BENCHMARKS.md, pickle load); a second thread
 * takes them while the loader parses. A few chunks per size are kept ahead; `take` prefers one
 * the worker finished, else claims one it has not started (and the loader faults it itself),
 * and never waits. Chunks still ahead when the loader closes this are dropped (the garbage
 * collector frees them); the taker's estimate of what it still needs keeps them few.
 */
export class PrefaultedChunks {
  private readonly worker: Worker;
  private readonly queues = new Map<number, PendingChunk[]>();
  private readonly depth = new Map<number, number>();
  private workerFailed = false;
  /** Chunks handed out: already faulted in by the worker, claimed before the worker got to them, or freshly allocated. */
  readonly taken = { prefaulted: 0, claimed: 0, fresh: 0 };

  /**
   * @param sizes the byte size of each chunk stream that will be taken (one entry per stream;
   *   streams of one size share a queue, `ahead` chunks per stream).
   */
  constructor(sizes: readonly number[], ahead = 2) {
    for (const size of sizes) {
      if (!(Number.isInteger(size) && size > 0)) throw new Error(`PrefaultedChunks: chunk sizes must be positive integers, got ${size}`);
      this.depth.set(size, (this.depth.get(size) ?? 0) + ahead);
    }
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    // A worker that fails only costs the speed-up: the loader faults the chunks itself.
    this.worker.on('error', () => {
      this.workerFailed = true;
    });
    for (const size of this.depth.keys()) this.topUp(size);
  }

  /**
   * A zeroed SharedArrayBuffer of `bytes` bytes, its pages already faulted in when the worker got
   * to it first. `moreBytesExpected` is the taker's estimate of the bytes it will still take
   * after this chunk: no more than that is kept ahead, so few chunks are faulted in for nothing.
   */
  take(bytes: number, moreBytesExpected = Infinity): SharedArrayBuffer {
    const queue = this.queues.get(bytes);
    let taken: SharedArrayBuffer | null = null;
    if (queue !== undefined) {
      let index = queue.findIndex((c) => Atomics.load(c.state, 0) === READY);
      if (index >= 0) this.taken.prefaulted++;
      else {
        index = queue.findIndex((c) => Atomics.compareExchange(c.state, 0, UNTOUCHED, CLAIMED) === UNTOUCHED);
        if (index >= 0) this.taken.claimed++;
      }
      if (index >= 0) {
        taken = queue[index].buffer;
        queue.splice(index, 1);
      }
      this.topUp(bytes, moreBytesExpected);
    }
    if (taken !== null) return taken;
    // Every queued chunk is being touched right now (or the size was not expected): a fresh one.
    this.taken.fresh++;
    return new SharedArrayBuffer(bytes);
  }

  /** Queued chunks of `bytes` bytes the worker has finished (for tests). */
  readyAhead(bytes: number): number {
    return (this.queues.get(bytes) ?? []).filter((c) => Atomics.load(c.state, 0) === READY).length;
  }

  /** Stops the worker; chunks still queued are dropped. */
  async close(): Promise<void> {
    this.queues.clear();
    await this.worker.terminate();
  }

  private topUp(bytes: number, moreBytesExpected = Infinity): void {
    if (this.workerFailed) return;
    const depth = Math.min(this.depth.get(bytes) ?? 0, Math.ceil(Math.max(0, moreBytesExpected) / bytes));
    let queue = this.queues.get(bytes);
    if (queue === undefined) this.queues.set(bytes, (queue = []));
    while (queue.length < depth) {
      const chunk: PendingChunk = { buffer: new SharedArrayBuffer(bytes), state: new Int32Array(new SharedArrayBuffer(4)) };
      queue.push(chunk);
      this.worker.postMessage({ buffer: chunk.buffer, state: chunk.state.buffer });
    }
  }
}
