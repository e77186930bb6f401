import { createRequire, syncBuiltinESMExports } from 'node:module';
import type { Worker } from 'node:worker_threads';
import { ReplayBuffer, SymmetricSampler } from '@rlpd/replay-buffer';
import { box, type Transition } from '@rlpd/spaces';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchSource, type BatchSourceOptions } from './batch-source.js';

const space = { state: box([2], -1e6, 1e6), wrist: box([2, 2], 0, 255, 'uint8') };

function transition(i: number): Transition {
  return {
    observations: { state: Float32Array.of(i, 0), wrist: Uint8Array.of(i, i, i, i) },
    nextObservations: { state: Float32Array.of(i + 1, 0), wrist: Uint8Array.of(i + 1, 0, 0, 0) },
    actions: Float32Array.of(i),
    rewards: i,
    masks: 1,
    dones: false,
    intervened: false,
  };
}

function options(workers: number): BatchSourceOptions {
  const [online, demo] = [0, 100].map((from) => {
    const buffer = new ReplayBuffer({ observationSpace: space, actionDim: 1, capacity: 16 });
    for (let i = 0; i < 16; i++) buffer.insert(transition(from + i));
    return buffer;
  });
  return { sampler: new SymmetricSampler({ online, demo, batchSize: 4, seed: 3 }), demoOnly: false, depth: 2, workers };
}

/**
 * Records every worker thread started from here on (the prefetcher's frame copiers among them)
 * with a promise of its exit: `Worker` of `node:worker_threads` is swapped for a subclass, and
 * `syncBuiltinESMExports` makes ES-module imports of it see the swap.
 */
const workerThreads = createRequire(import.meta.url)('node:worker_threads') as { Worker: typeof Worker };
const OriginalWorker = workerThreads.Worker;
let started: { worker: Worker; exited: Promise<number> }[] = [];

beforeEach(() => {
  started = [];
  workerThreads.Worker = class RecordedWorker extends OriginalWorker {
    constructor(...args: ConstructorParameters<typeof Worker>) {
      super(...args);
      started.push({ worker: this, exited: new Promise((resolve) => this.once('exit', resolve)) });
    }
  };
  syncBuiltinESMExports();
});

afterEach(() => {
  workerThreads.Worker = OriginalWorker;
  syncBuiltinESMExports();
});

/** True when every recorded worker thread has exited within `ms`. */
async function allExited(ms: number): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([Promise.all(started.map((s) => s.exited)).then(() => true), timeout]);
}

describe('BatchSource', () => {
  it('close() stops its worker threads, and take() then refuses', async () => {
    const batches = new BatchSource(options(1));
    expect(batches.workerCount).toBe(1);
    const batch = await batches.take();
    expect(Array.from(batch.rewards.subarray(0, 2)).every((r) => r < 100)).toBe(true);
    expect(Array.from(batch.rewards.subarray(2)).every((r) => r >= 100)).toBe(true);
    expect(started).toHaveLength(1);
    batches.close();
    expect(await allExited(2000)).toBe(true);
    await expect(batches.take()).rejects.toThrow('take() after close()');
  });

  it('use() closes the source, and its worker threads exit, when the phase ends or stops early', async () => {
    const taken = await BatchSource.use(options(1), async (batches) => {
      // A learner stopped after two batches: the prefetched ones are dropped.
      await batches.take();
      await batches.take();
      return 2;
    });
    expect(taken).toBe(2);
    expect(started).toHaveLength(1);
    expect(await allExited(2000)).toBe(true);
  });

  it('use() closes the source, and its worker threads exit, when an update throws', async () => {
    const opened: BatchSource[] = [];
    const run = BatchSource.use(options(1), async (batches) => {
      opened.push(batches);
      await batches.take();
      throw new Error('critic loss is NaN');
    });
    await expect(run).rejects.toThrow('critic loss is NaN');
    expect(started).toHaveLength(1);
    expect(await allExited(2000)).toBe(true);
    expect(opened).toHaveLength(1);
    await expect(opened[0].take()).rejects.toThrow('take() after close()');
  });

  it('starts no thread with 0 workers', async () => {
    await BatchSource.use(options(0), async (batches) => {
      expect(batches.workerCount).toBe(0);
      await batches.take();
    });
    expect(started).toHaveLength(0);
  });
});
