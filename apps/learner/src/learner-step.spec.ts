import { copyBatch, ReplayBuffer, SymmetricSampler } from '@rlpd/replay-buffer';
import type { SacMetrics } from '@rlpd/sac-agent';
import { box, type Batch, type Transition } from '@rlpd/spaces';
import { describe, expect, it, vi } from 'vitest';
import { BatchSource } from './batch-source.js';
import { learnerStep, type BatchUpdater } from './learner-step.js';

// A camera key, so that with workers the frames really are copied by worker threads.
const space = { state: box([3], -1e6, 1e6), wrist: box([2, 2, 3], 0, 255, 'uint8') };
const PIXELS = 2 * 2 * 3;
/** Online transitions have rewards below DEMO_FROM, demo transitions DEMO_FROM and above. */
const DEMO_FROM = 1000;

/** Every field derives from `i`, so a batch row tells which transition it is. */
function transition(i: number): Transition {
  const frame = (k: number) => Uint8Array.from({ length: PIXELS }, (_, j) => (k * 7 + j) % 256);
  return {
    observations: { state: Float32Array.of(i, 0, 0), wrist: frame(i) },
    nextObservations: { state: Float32Array.of(i + 1, 0, 0), wrist: frame(i + 1) },
    actions: Float32Array.of(i, -i),
    rewards: i,
    masks: 1,
    dones: i % 10 === 9,
    intervened: false,
  };
}

function filled(count: number, from: number): ReplayBuffer {
  const buffer = new ReplayBuffer({ observationSpace: space, actionDim: 2, capacity: 64 });
  for (let i = 0; i < count; i++) buffer.insert(transition(from + i));
  return buffer;
}

/** An agent that records which update saw which batch, and answers fixed metrics. */
function recordingAgent(): BatchUpdater & { seen: { update: 'critic' | 'full'; batch: Batch }[] } {
  const seen: { update: 'critic' | 'full'; batch: Batch }[] = [];
  return {
    seen,
    updateCritic(batch: Batch): SacMetrics {
      seen.push({ update: 'critic', batch: copyBatch(batch) });
      return { 'critic/critic_loss': 1 };
    },
    updateFull(batch: Batch): SacMetrics {
      seen.push({ update: 'full', batch: copyBatch(batch) });
      return { 'critic/critic_loss': 2, 'actor/actor_loss': 3 };
    },
  };
}

/** What the learner does between steps: let the event loop run (inserts, prefetching). */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const SEED = 7;
const BATCH_SIZE = 8;
const DEPTH = 2;
const CTA_RATIO = 3;
const STEPS = 4;

describe('learnerStep', () => {
  for (const workers of [0, 1]) {
    it(`trains on prefetched batches, exactly the sampler's draws for the seed and in order (workers: ${workers})`, async () => {
      for (const demoOnly of [false, true]) {
        const online = filled(40, 0);
        const demo = filled(30, DEMO_FROM);
        const reference = new SymmetricSampler({ online, demo, batchSize: BATCH_SIZE, seed: SEED });
        const draws = Array.from({ length: STEPS * CTA_RATIO + DEPTH }, () => copyBatch(reference.fill(reference.createBatch(), demoOnly)));
        const sampler = new SymmetricSampler({ online, demo, batchSize: BATCH_SIZE, seed: SEED });
        const agent = recordingAgent();
        await BatchSource.use({ sampler, demoOnly, depth: DEPTH, workers }, async (batches) => {
          expect(batches.workerCount).toBe(workers);
          for (let step = 0; step < STEPS; step++) {
            const metrics = await learnerStep(batches, agent, CTA_RATIO);
            // The full update's metrics, plus the two timers (seconds).
            expect(metrics['critic/critic_loss']).toBe(2);
            expect(metrics['actor/actor_loss']).toBe(3);
            expect(metrics['timer/sample_replay_buffer']).toBeGreaterThanOrEqual(0);
            expect(metrics['timer/train']).toBeGreaterThanOrEqual(0);
            await yieldToEventLoop();
          }
          // While the learner is idle the next DEPTH batches get ready, so it need not wait...
          await vi.waitFor(() => expect(batches.readyCount).toBe(DEPTH));
          // ...which is why the sampler's RNG (what a checkpoint saves) is DEPTH batches ahead.
          expect(sampler.getRngState()).toEqual(reference.getRngState());
        });
        expect(agent.seen.map((s) => s.update)).toEqual(Array.from({ length: STEPS }, () => [...Array<'critic'>(CTA_RATIO - 1).fill('critic'), 'full']).flat());
        expect(agent.seen.map((s) => s.batch)).toEqual(draws.slice(0, STEPS * CTA_RATIO));
        const rewards = agent.seen.flatMap((s) => [...s.batch.rewards]);
        if (demoOnly) {
          expect(rewards.every((r) => r >= DEMO_FROM)).toBe(true);
        } else {
          // Symmetric sampling: the first half of every batch online, the second half demo.
          for (const { batch } of agent.seen) {
            expect(batch.rewards.slice(0, BATCH_SIZE / 2).every((r) => r < DEMO_FROM)).toBe(true);
            expect(batch.rewards.slice(BATCH_SIZE / 2).every((r) => r >= DEMO_FROM)).toBe(true);
          }
        }
      }
    });
  }
});
