import type { Batch, ObservationSpace, Transition } from '@rlpd/spaces';
import { describeTransitionMismatch } from './internal/check-transition.js';
import { allocColumn, columnMatches, copyRow, layoutOf, type Column, type Layout } from './internal/layout.js';
import type { Rng } from './rng.js';

export interface ReplayBufferOptions {
  readonly observationSpace: ObservationSpace;
  readonly actionDim: number;
  /** Rows kept; once full, each insert overwrites the oldest row. */
  readonly capacity: number;
}

/** Stored value of an unknown `success` (the field is optional in a Transition). */
const SUCCESS_UNKNOWN = 255;

/**
 * A ring buffer of transitions stored in columns: per observation key one preallocated typed
 * array for observations and one for next observations (`capacity * size` elements, uint8 for
 * images, float32 otherwise), plus actions, rewards, masks, dones, intervened and success.
 * `insert` copies into the columns; no per-transition objects are kept.
 */
export class ReplayBuffer {
  readonly capacity: number;
  readonly actionDim: number;
  readonly observationSpace: ObservationSpace;
  private readonly layout: Layout;
  private readonly observations: Record<string, Column> = {};
  private readonly nextObservations: Record<string, Column> = {};
  private readonly actions: Float32Array;
  private readonly rewards: Float32Array;
  private readonly masks: Float32Array;
  private readonly dones: Uint8Array;
  private readonly intervened: Uint8Array;
  private readonly success: Uint8Array;
  /** Row the next insert writes. */
  private cursor = 0;
  private count = 0;
  private inserted = 0;

  constructor(options: ReplayBufferOptions) {
    const { observationSpace, actionDim, capacity } = options;
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`ReplayBuffer: capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
    this.actionDim = actionDim;
    this.observationSpace = observationSpace;
    this.layout = layoutOf(observationSpace, actionDim);
    for (const spec of this.layout.observations) {
      this.observations[spec.key] = allocColumn(spec.dtype, capacity * spec.size);
      this.nextObservations[spec.key] = allocColumn(spec.dtype, capacity * spec.size);
    }
    this.actions = new Float32Array(capacity * actionDim);
    this.rewards = new Float32Array(capacity);
    this.masks = new Float32Array(capacity);
    this.dones = new Uint8Array(capacity);
    this.intervened = new Uint8Array(capacity);
    this.success = new Uint8Array(capacity);
  }

  /** Transitions currently stored (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Transitions inserted since creation, including those overwritten. */
  get totalInserted(): number {
    return this.inserted;
  }

  /** Copies `t` into the next row; throws (naming the key, expected and actual) if it does not fit. */
  insert(t: Transition): void {
    const mismatch = describeTransitionMismatch(t, this.layout);
    if (mismatch) throw new Error(`ReplayBuffer.insert: ${mismatch}`);
    const row = this.cursor;
    for (const spec of this.layout.observations) {
      this.observations[spec.key].set(t.observations[spec.key], row * spec.size);
      this.nextObservations[spec.key].set(t.nextObservations[spec.key], row * spec.size);
    }
    this.actions.set(t.actions, row * this.actionDim);
    this.rewards[row] = t.rewards;
    this.masks[row] = t.masks;
    this.dones[row] = t.dones ? 1 : 0;
    this.intervened[row] = t.intervened ? 1 : 0;
    this.success[row] = t.success === undefined ? SUCCESS_UNKNOWN : t.success ? 1 : 0;
    this.cursor = (row + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.inserted++;
  }

  /**
   * Writes `count` rows drawn uniformly (with replacement) into `out` rows
   * `[offset, offset + count)`. Allocates nothing per row; `out` must have this buffer's keys
   * and dtypes and room for `offset + count` rows.
   */
  sampleInto(out: Batch, offset: number, count: number, rng: Rng): void {
    if (this.count === 0) throw new Error('ReplayBuffer.sampleInto: the buffer is empty; insert transitions first');
    if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 0 || offset + count > out.size) {
      throw new Error(`ReplayBuffer.sampleInto: rows [${offset}, ${offset + count}) do not fit a batch of ${out.size}`);
    }
    this.checkBatch(out, offset + count);
    const { observations: specs, actionDim } = this.layout;
    for (let r = offset; r < offset + count; r++) {
      const src = this.physicalRow(rng.nextInt(this.count));
      for (let k = 0; k < specs.length; k++) {
        const { key, size } = specs[k];
        copyRow(this.observations[key], src * size, out.observations[key], r * size, size);
        copyRow(this.nextObservations[key], src * size, out.nextObservations[key], r * size, size);
      }
      copyRow(this.actions, src * actionDim, out.actions, r * actionDim, actionDim);
      out.rewards[r] = this.rewards[src];
      out.masks[r] = this.masks[src];
      out.dones[r] = this.dones[src];
    }
  }

  /** The `i`-th oldest stored transition (0 = oldest), as a fresh copy. */
  transitionAt(i: number): Transition {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) {
      throw new Error(`ReplayBuffer.transitionAt: index ${i} is outside [0, ${this.count})`);
    }
    const row = this.physicalRow(i);
    const observations: Record<string, Column> = {};
    const nextObservations: Record<string, Column> = {};
    for (const { key, size } of this.layout.observations) {
      observations[key] = this.observations[key].slice(row * size, (row + 1) * size);
      nextObservations[key] = this.nextObservations[key].slice(row * size, (row + 1) * size);
    }
    const success = this.success[row];
    return {
      observations,
      nextObservations,
      actions: this.actions.slice(row * this.actionDim, (row + 1) * this.actionDim),
      rewards: this.rewards[row],
      masks: this.masks[row],
      dones: this.dones[row] === 1,
      intervened: this.intervened[row] === 1,
      ...(success === SUCCESS_UNKNOWN ? {} : { success: success === 1 }),
    };
  }

  /** All stored transitions, oldest first (copies; for dumps and inspection). */
  toTransitions(): Transition[] {
    return Array.from({ length: this.count }, (_, i) => this.transitionAt(i));
  }

  /** Storage row of the i-th oldest transition. */
  private physicalRow(i: number): number {
    return this.count < this.capacity ? i : (this.cursor + i) % this.capacity;
  }

  /** Throws unless `out` holds this buffer's keys and dtypes with room for `rows` rows (no allocation when it fits). */
  private checkBatch(out: Batch, rows: number): void {
    let fits = out.actions.length >= rows * this.actionDim;
    for (const { key, size, dtype } of this.layout.observations) {
      const obs: unknown = out.observations[key];
      const next: unknown = out.nextObservations[key];
      fits &&= columnMatches(obs, dtype) && obs.length >= rows * size;
      fits &&= columnMatches(next, dtype) && next.length >= rows * size;
    }
    if (fits) return;
    const expected = this.layout.observations.map(({ key, size, dtype }) => `${key}: ${dtype}[>= ${rows * size}]`);
    throw new Error(
      `ReplayBuffer.sampleInto: batch does not fit; expected observation columns {${expected.join(', ')}} ` +
        `(same for nextObservations) and actions float32[>= ${rows * this.actionDim}]`,
    );
  }
}
