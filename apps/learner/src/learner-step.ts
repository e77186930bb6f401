import type { SacAgent, SacMetrics } from '@rlpd/sac-agent';
import type { BatchSource } from './batch-source.js';

/** What a learner step needs of the agent. */
export type BatchUpdater = Pick<SacAgent, 'updateCritic' | 'updateFull'>;

/**
 * One learner step: (ctaRatio - 1) critic-only updates, then one full update, each on a fresh
 * batch taken from `batches`. Returns the last update's metrics (hil-serl's keys) plus
 * `timer/sample_replay_buffer` (seconds spent waiting for batches, near 0 when prefetching keeps
 * up) and `timer/train` (seconds in updates).
 */
export async function learnerStep(batches: BatchSource, agent: BatchUpdater, ctaRatio: number): Promise<Record<string, number>> {
  let sampleMs = 0;
  let trainMs = 0;
  let metrics: SacMetrics = {};
  for (let i = 0; i < ctaRatio; i++) {
    const t0 = performance.now();
    const batch = await batches.take();
    const t1 = performance.now();
    metrics = i < ctaRatio - 1 ? agent.updateCritic(batch) : agent.updateFull(batch);
    sampleMs += t1 - t0;
    trainMs += performance.now() - t1;
    // Let sockets and the journal run between updates, not only between steps: an update with
    // --encoder small takes seconds, and actors time out waiting for their acks (10 s).
    if (i < ctaRatio - 1) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { ...metrics, 'timer/sample_replay_buffer': sampleMs / 1000, 'timer/train': trainMs / 1000 };
}
