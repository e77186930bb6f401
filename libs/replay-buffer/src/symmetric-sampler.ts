import type { Batch } from '@rlpd/spaces';
import { createBatch } from './create-batch.js';
import { describeBufferMismatch } from './internal/buffer-compat.js';
import type { FramePlan } from './internal/frame-plan.js';
import type { ReplayBuffer } from './replay-buffer.js';
import { createRng, type Rng, type RngState } from './rng.js';

export interface SymmetricSamplerOptions {
  /** Transitions collected by the actor (online, including interventions). */
  readonly online: ReplayBuffer;
  /** Demonstrations (and, in hil-serl, intervention steps). */
  readonly demo: ReplayBuffer;
  readonly batchSize: number;
  readonly seed: number;
}

/**
 * RLPD's symmetric sampling: each batch takes its first `floor(batchSize / 2)` rows from the
 * online buffer and the rest from the demo buffer.
 *
 * Batches are preallocated and double-buffered: a returned batch stays valid until the second
 * call after it (so one batch can be consumed while the next is drawn); copy it to keep longer.
 */
export class SymmetricSampler {
  readonly batchSize: number;
  /** Rows of each batch drawn from the online buffer; the rest come from the demo buffer. */
  readonly onlineRows: number;
  private readonly online: ReplayBuffer;
  private readonly demo: ReplayBuffer;
  private readonly rng: Rng;
  private readonly batches: readonly [Batch, Batch];
  private turn = 0;

  constructor(options: SymmetricSamplerOptions) {
    const { online, demo, batchSize, seed } = options;
    if (!Number.isInteger(batchSize) || batchSize < 2) {
      throw new Error(`SymmetricSampler: batchSize must be an integer >= 2, got ${batchSize}`);
    }
    const mismatch = describeBufferMismatch(online, demo);
    if (mismatch) throw new Error(`SymmetricSampler: online and demo buffers differ: ${mismatch}`);
    const batchMismatch = describeBufferMismatch(
      { observationSpace: online.batchObservationSpace, actionDim: online.actionDim },
      { observationSpace: demo.batchObservationSpace, actionDim: demo.actionDim },
    );
    if (batchMismatch) throw new Error(`SymmetricSampler: online and demo buffers fill different batches (frame features in one only?): ${batchMismatch}`);
    this.online = online;
    this.demo = demo;
    this.batchSize = batchSize;
    this.onlineRows = Math.floor(batchSize / 2);
    this.rng = createRng(seed);
    this.batches = [this.createBatch(), this.createBatch()];
  }

  /** A batch: rows `[0, onlineRows)` from the online buffer, the rest from the demo buffer. */
  next(): Batch {
    return this.fill(this.nextBatch());
  }

  /** A batch drawn entirely from the demo buffer (for demo-only pre-training). */
  nextDemoOnly(): Batch {
    return this.fill(this.nextBatch(), true);
  }

  /** A new batch with this sampler's layout (for callers that keep their own, e.g. `BatchPrefetcher`). */
  createBatch(): Batch {
    return createBatch(this.online.batchObservationSpace, this.online.actionDim, this.batchSize);
  }

  /** Fills `out` (from `createBatch()`) like `next()`, or like `nextDemoOnly()` when `demoOnly`; returns it. */
  fill(out: Batch, demoOnly = false): Batch {
    this.requireNonEmpty(this.demo, 'demo');
    if (demoOnly) {
      this.demo.sampleInto(out, 0, this.batchSize, this.rng);
      return out;
    }
    this.requireNonEmpty(this.online, 'online');
    this.online.sampleInto(out, 0, this.onlineRows, this.rng);
    this.demo.sampleInto(out, this.onlineRows, this.batchSize - this.onlineRows, this.rng);
    return out;
  }

  /**
   * Internal (used by `BatchPrefetcher` with workers): `fill` with the same draws, except that
   * image frames are pinned and recorded in `plan` (online store 0, demo store 1) instead of copied.
   */
  planFill(out: Batch, demoOnly: boolean, plan: FramePlan): Batch {
    this.requireNonEmpty(this.demo, 'demo');
    if (demoOnly) {
      this.demo.planInto(out, 0, this.batchSize, this.rng, plan, 1);
      return out;
    }
    this.requireNonEmpty(this.online, 'online');
    this.online.planInto(out, 0, this.onlineRows, this.rng, plan, 0);
    this.demo.planInto(out, this.onlineRows, this.batchSize - this.onlineRows, this.rng, plan, 1);
    return out;
  }

  /** The online and demo buffers (store 0 and 1 of a `FramePlan`). */
  get buffers(): readonly [ReplayBuffer, ReplayBuffer] {
    return [this.online, this.demo];
  }

  /** True when `fill(…, demoOnly)` has data to draw from. */
  canFill(demoOnly = false): boolean {
    return this.demo.size > 0 && (demoOnly || this.online.size > 0);
  }

  /** The sampler's RNG state, for checkpoints. */
  getRngState(): RngState {
    return this.rng.getState();
  }

  setRngState(state: RngState): void {
    this.rng.setState(state);
  }

  private nextBatch(): Batch {
    this.turn ^= 1;
    return this.batches[this.turn];
  }

  private requireNonEmpty(buffer: ReplayBuffer, name: string): void {
    if (buffer.size === 0) {
      throw new Error(`SymmetricSampler: the ${name} buffer is empty; insert at least one transition before sampling`);
    }
  }
}
