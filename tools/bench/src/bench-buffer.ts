import { BatchPrefetcher, ReplayBuffer, SymmetricSampler } from '@rlpd/replay-buffer';
import { box } from '@rlpd/spaces';
import { ACTION_DIM, demoTransitions, HIL_SERL_SPACE, PIXELS } from './demo-transitions.js';
import { timeIt } from './time-it.js';

const BATCH = 256;

function buffers(space: typeof HIL_SERL_SPACE, capacity: number): { online: ReplayBuffer; demo: ReplayBuffer } {
  return {
    online: new ReplayBuffer({ observationSpace: space, actionDim: ACTION_DIM, capacity }),
    demo: new ReplayBuffer({ observationSpace: space, actionDim: ACTION_DIM, capacity }),
  };
}

/**
 * Replay buffer figures: memory per transition with two 128x128x3 cameras against the naive
 * layout (every frame stored for observation and next observation), insert rate, and
 * sampling throughput of 256-row symmetric batches (state-only, and with both cameras), with a
 * plain memcpy of the same bytes as the machine's reference.
 */
export async function benchBuffer(): Promise<Record<string, unknown>> {
  const count = 2000;
  const { online, demo } = buffers(HIL_SERL_SPACE, count);
  const transitions = [...demoTransitions(count)];
  const insertStart = performance.now();
  for (const t of transitions) online.insert(t);
  const insertMs = performance.now() - insertStart;
  for (const t of transitions) demo.insert(t);
  const naivePerTransition = 2 * 2 * PIXELS + 2 * 19 * 4 + ACTION_DIM * 4 + 4 + 4 + 3;
  const storedPerTransition = online.storedBytes / online.size;

  const images = new SymmetricSampler({ online, demo, batchSize: BATCH, seed: 0 });
  const imageMs = timeIt(() => images.next(), 5, 50);
  const prefetcher = new BatchPrefetcher({ sampler: images });
  const prefetchStart = performance.now();
  for (let i = 0; i < 50; i++) {
    prefetcher.nextBatch();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const prefetchedPerSecond = 50 / ((performance.now() - prefetchStart) / 1000);
  prefetcher.close();

  const stateSpace = { state: box([19], -Infinity, Infinity) };
  const state = buffers(stateSpace, 100_000);
  for (let i = 0; i < 100_000; i++) {
    const t = { ...transitions[i % count], observations: { state: transitions[i % count].observations.state }, nextObservations: { state: transitions[i % count].nextObservations.state } };
    state.online.insert(t);
    state.demo.insert(t);
  }
  const stateSampler = new SymmetricSampler({ ...state, batchSize: BATCH, seed: 0 });
  const stateMs = timeIt(() => stateSampler.next(), 20, 500);

  // Reference: copying the same image bytes (4 frames per row) with one memcpy per frame.
  const source = new Uint8Array(PIXELS * 1024);
  const target = new Uint8Array(PIXELS * BATCH * 4);
  let seed = 1;
  const memcpyMs = timeIt(() => {
    for (let r = 0; r < BATCH * 4; r++) {
      seed = (seed * 16807) % 2147483647;
      const s = (seed % 1024) * PIXELS;
      target.set(source.subarray(s, s + PIXELS), r * PIXELS);
    }
  }, 5, 50);

  return {
    benchmark: 'buffer',
    transitions: count,
    episodeLength: 100,
    bytesPerTransition: Math.round(storedPerTransition),
    naiveBytesPerTransition: naivePerTransition,
    memoryVsNaive: storedPerTransition / naivePerTransition,
    allocatedBytesPerTransition: Math.round(online.allocatedBytes / online.size),
    insertsPerSecond: count / (insertMs / 1000),
    stateOnlyBatchesPerSecond: 1000 / stateMs,
    twoCameraBatchesPerSecond: 1000 / imageMs,
    twoCameraPrefetchedBatchesPerSecond: prefetchedPerSecond,
    batchSize: BATCH,
    reference: { memcpySameImageBytesBatchesPerSecond: 1000 / memcpyMs, imageBytesPerBatch: PIXELS * BATCH * 4 },
  };
}
