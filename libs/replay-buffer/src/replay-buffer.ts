import {
  box,
  successFromCode,
  type BoxSpace,
  writeTransitionRow,
  type Batch,
  type ObservationSpace,
  type Transition,
  type TransitionColumns,
} from '@rlpd/spaces';
import type { FrameFeatures } from './frame-features.js';
import { FeatureStore } from './internal/feature-store.js';
import { describeBatchMismatch } from './internal/batch-check.js';
import { describeTransitionMismatch } from './internal/check-transition.js';
import { FrameStore } from './internal/frame-store.js';
import type { FramePlan } from './internal/frame-plan.js';
import { allocColumn, copyRow, layoutOf, type Column, type ColumnSpec, type Layout } from './internal/layout.js';
import type { Rng } from './rng.js';

export interface ReplayBufferOptions {
  readonly observationSpace: ObservationSpace;
  readonly actionDim: number;
  /** Transitions kept; once full, each insert overwrites the oldest. */
  readonly capacity: number;
  /**
   * Cache features of every stored frame (computed once, when the frame enters the buffer) and
   * put them in batches instead of the frames: see `FrameFeatures`. Batches then hold the
   * float32 keys, one column per camera's features (`batchObservationSpace`), and no images.
   */
  readonly frameFeatures?: FrameFeatures;
}

/**
 * A ring buffer of transitions stored in columns. uint8 keys (camera images) are stored once:
 * frames live in a reference-counted `FrameStore`, and when a transition's observation is
 * byte-identical to the previous transition's next observation (consecutive steps of an
 * episode) both rows share the frame, so an episode of L steps stores L + 1 frames per camera
 * instead of 2L. Sharing is decided by content, so episode boundaries, truncation, interleaved
 * actors and ring wrap-around cannot pair a row with a wrong frame. Other keys are stored per
 * row for observations and next observations. `insert` copies; no per-transition objects.
 */
export class ReplayBuffer {
  readonly capacity: number;
  readonly actionDim: number;
  readonly observationSpace: ObservationSpace;
  /** The observation keys of this buffer's batches: `observationSpace`, or with `frameFeatures` its float32 keys plus the feature columns. */
  readonly batchObservationSpace: ObservationSpace;
  private readonly layout: Layout;
  /** The columns batches must have (the feature columns instead of images with `frameFeatures`). */
  private readonly batchLayout: Layout;
  private readonly featureSource: FrameFeatures | null;
  private readonly features: FeatureStore | null;
  /** Pixel-key index of each feature column. */
  private readonly featureCameras: Int32Array;
  /** float32 keys, stored per row. */
  private readonly rowKeys: readonly ColumnSpec[];
  /** uint8 keys, stored as shared frames. */
  private readonly pixelKeys: readonly ColumnSpec[];
  private readonly frames: FrameStore;
  private readonly observations: Record<string, Column> = {};
  private readonly nextObservations: Record<string, Column> = {};
  private readonly obsFrame: Int32Array;
  private readonly nextFrame: Int32Array;
  private readonly actions: Float32Array;
  private readonly rewards: Float32Array;
  private readonly masks: Float32Array;
  private readonly dones: Uint8Array;
  private readonly intervened: Uint8Array;
  private readonly success: Uint8Array;
  /** The per-row columns above, for `writeTransitionRow`. */
  private readonly columns: TransitionColumns;
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
    this.rowKeys = this.layout.observations.filter((s) => s.dtype !== 'uint8');
    this.pixelKeys = this.layout.observations.filter((s) => s.dtype === 'uint8');
    for (const spec of this.rowKeys) {
      this.observations[spec.key] = allocColumn(spec.dtype, capacity * spec.size);
      this.nextObservations[spec.key] = allocColumn(spec.dtype, capacity * spec.size);
    }
    const pixels = this.pixelKeys.length > 0;
    // Each row references at most two frames; two more cover the insert in progress (the store
    // adds slots beyond that only for frames pinned by batches being copied by workers).
    this.frames = new FrameStore(this.pixelKeys, pixels ? 2 * capacity + 2 : 0);
    this.featureSource = options.frameFeatures ?? null;
    this.features = null;
    this.featureCameras = new Int32Array(0);
    this.batchObservationSpace = observationSpace;
    if (this.featureSource !== null) {
      const { columns, crops } = this.featureSource;
      if (!Number.isInteger(crops) || crops < 1) throw new Error(`ReplayBuffer: frameFeatures.crops must be a positive integer, got ${crops}`);
      const pixelNames = this.pixelKeys.map((p) => p.key);
      const cameras = columns.map((c) => c.camera);
      if ([...cameras].sort().join(',') !== [...pixelNames].sort().join(',')) {
        throw new Error(`ReplayBuffer: frameFeatures must cover exactly the image keys [${pixelNames.join(', ')}], got [${cameras.join(', ')}]`);
      }
      for (const c of columns) {
        if (!Number.isInteger(c.dim) || c.dim < 1)
          throw new Error(`ReplayBuffer: frameFeatures column '${c.featureKey}' needs a positive integer dim, got ${c.dim}`);
        if (Object.hasOwn(observationSpace, c.featureKey)) throw new Error(`ReplayBuffer: feature key '${c.featureKey}' is already an observation key`);
      }
      this.features = new FeatureStore(columns, crops);
      this.featureCameras = Int32Array.from(columns, (c) => pixelNames.indexOf(c.camera));
      const space: Record<string, BoxSpace> = {};
      for (const spec of this.rowKeys) space[spec.key] = observationSpace[spec.key];
      for (const c of columns) space[c.featureKey] = box([c.dim], -Infinity, Infinity);
      this.batchObservationSpace = space;
    }
    this.batchLayout = layoutOf(this.batchObservationSpace, actionDim);
    this.obsFrame = new Int32Array(pixels ? capacity : 0);
    this.nextFrame = new Int32Array(pixels ? capacity : 0);
    this.actions = new Float32Array(capacity * actionDim);
    this.rewards = new Float32Array(capacity);
    this.masks = new Float32Array(capacity);
    this.dones = new Uint8Array(capacity);
    this.intervened = new Uint8Array(capacity);
    this.success = new Uint8Array(capacity);
    const { observations, nextObservations, actions, rewards, masks, dones, intervened, success } = this;
    this.columns = { observations, nextObservations, actions, rewards, masks, dones, intervened, success };
  }

  /** Transitions currently stored (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Transitions inserted since creation, including those overwritten. */
  get totalInserted(): number {
    return this.inserted;
  }

  /** Image frames currently stored (per camera key); at most 2 per transition, about 1 within episodes. */
  get storedFrames(): number {
    return this.frames.live;
  }

  /** Bytes allocated for storage: row columns plus the frame chunks allocated so far (8 MB per key at a time). */
  get allocatedBytes(): number {
    return this.rowBytes() + this.frames.bytes + (this.features?.bytes ?? 0);
  }

  /** Bytes holding data: row columns plus the frames in use (what a transition costs, without chunk slack). */
  get storedBytes(): number {
    return this.rowBytes() + this.frames.live * (this.frames.frameBytes + (this.features?.slotBytes ?? 0));
  }

  /** True when batches carry cached frame features instead of images (`frameFeatures`). */
  get hasFrameFeatures(): boolean {
    return this.features !== null;
  }

  /**
   * The cached features (all crops, crop after crop) of the `i`-th oldest transition's
   * observation and next observation, by feature key (copies; for tests and tools).
   */
  frameFeaturesAt(i: number): { observations: Record<string, Float32Array>; nextObservations: Record<string, Float32Array> } {
    if (this.features === null) throw new Error('ReplayBuffer.frameFeaturesAt: this buffer caches no frame features');
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new Error(`ReplayBuffer.frameFeaturesAt: index ${i} is outside [0, ${this.count})`);
    const row = this.physicalRow(i);
    const observations: Record<string, Float32Array> = {};
    const nextObservations: Record<string, Float32Array> = {};
    this.features.columns.forEach((c, k) => {
      observations[c.featureKey] = (this.features as FeatureStore).read(k, this.obsFrame[row]);
      nextObservations[c.featureKey] = (this.features as FeatureStore).read(k, this.nextFrame[row]);
    });
    return { observations, nextObservations };
  }

  /** Copies `t` into the next row; throws (naming the key, expected and actual) if it does not fit. */
  insert(t: Transition): void {
    const mismatch = describeTransitionMismatch(t, this.layout);
    if (mismatch) throw new Error(`ReplayBuffer.insert: ${mismatch}`);
    const row = this.cursor;
    if (this.pixelKeys.length > 0) this.insertFrames(t, row);
    writeTransitionRow(this.columns, row, t, this.rowKeys, this.actionDim);
    this.cursor = (row + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.inserted++;
  }

  /**
   * Writes `count` rows drawn uniformly (with replacement) into `out` rows
   * `[offset, offset + count)`. Allocates no objects per row (image rows are copied through one
   * subarray view each); `out` must have this buffer's keys and dtypes.
   */
  sampleInto(out: Batch, offset: number, count: number, rng: Rng): void {
    this.sampleRows(out, offset, count, rng, null, 0);
  }

  /**
   * Internal (used by `BatchPrefetcher` with workers): like `sampleInto` with the same draws,
   * but image frames are not copied: they are pinned and recorded in `plan` under store index
   * `store`, for worker threads to copy into `out`'s (shared) pixel arrays.
   */
  planInto(out: Batch, offset: number, count: number, rng: Rng, plan: FramePlan, store: number): void {
    plan.stores[store] = this.frames;
    this.sampleRows(out, offset, count, rng, plan, store);
  }

  /** Internal: the frame store (its chunks are SharedArrayBuffers that worker threads read). */
  get frameStore(): FrameStore {
    return this.frames;
  }

  private sampleRows(out: Batch, offset: number, count: number, rng: Rng, plan: FramePlan | null, store: number): void {
    if (this.count === 0) throw new Error('ReplayBuffer.sampleInto: the buffer is empty; insert transitions first');
    if (!Number.isInteger(offset) || !Number.isInteger(count) || offset < 0 || count < 0 || offset + count > out.size) {
      throw new Error(`ReplayBuffer.sampleInto: rows [${offset}, ${offset + count}) do not fit a batch of ${out.size}`);
    }
    const mismatch = describeBatchMismatch(out, this.batchLayout, offset + count);
    if (mismatch) throw new Error(`ReplayBuffer.sampleInto: ${mismatch}`);
    const { rowKeys, actionDim, features } = this;
    const pixelKeys = features === null ? this.pixelKeys : [];
    for (let r = offset; r < offset + count; r++) {
      const src = this.physicalRow(rng.nextInt(this.count));
      for (let k = 0; k < rowKeys.length; k++) {
        const { key, size } = rowKeys[k];
        copyRow(this.observations[key], src * size, out.observations[key], r * size, size);
        copyRow(this.nextObservations[key], src * size, out.nextObservations[key], r * size, size);
      }
      if (features !== null) this.copyFeatures(features, src, out, r, rng);
      if (plan !== null && pixelKeys.length > 0) {
        plan.add(store, this.obsFrame[src], 0, r);
        plan.add(store, this.nextFrame[src], 1, r);
      } else {
        for (let k = 0; k < pixelKeys.length; k++) {
          const { key, size } = pixelKeys[k];
          this.frames.copyTo(k, this.obsFrame[src], out.observations[key] as Uint8Array, r * size);
          this.frames.copyTo(k, this.nextFrame[src], out.nextObservations[key] as Uint8Array, r * size);
        }
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
    for (const { key, size } of this.rowKeys) {
      observations[key] = this.observations[key].slice(row * size, (row + 1) * size);
      nextObservations[key] = this.nextObservations[key].slice(row * size, (row + 1) * size);
    }
    this.pixelKeys.forEach(({ key, size }, k) => {
      observations[key] = new Uint8Array(size);
      nextObservations[key] = new Uint8Array(size);
      this.frames.copyTo(k, this.obsFrame[row], observations[key] as Uint8Array, 0);
      this.frames.copyTo(k, this.nextFrame[row], nextObservations[key] as Uint8Array, 0);
    });
    return {
      observations,
      nextObservations,
      actions: this.actions.slice(row * this.actionDim, (row + 1) * this.actionDim),
      rewards: this.rewards[row],
      masks: this.masks[row],
      dones: this.dones[row] === 1,
      intervened: this.intervened[row] === 1,
      ...successFromCode(this.success[row]),
    };
  }

  /**
   * Stored transitions oldest first, as fresh copies made one at a time (for streaming dumps).
   * With `sinceInserted` (a past `totalInserted`), only those inserted after that point.
   */
  *transitions(sinceInserted = 0): Generator<Transition> {
    const newer = this.inserted - sinceInserted;
    for (let i = Math.max(0, this.count - newer); i < this.count; i++) yield this.transitionAt(i);
  }

  /** All stored transitions, oldest first (copies; for small buffers and tests). */
  toTransitions(): Transition[] {
    return [...this.transitions()];
  }

  /** Copies one uniformly drawn crop of the row's cached features per camera, for the observation and the next observation. */
  private copyFeatures(features: FeatureStore, src: number, out: Batch, r: number, rng: Rng): void {
    const { crops, columns } = features;
    for (let k = 0; k < columns.length; k++) {
      const { featureKey, dim } = columns[k];
      features.copyCrop(k, this.obsFrame[src], rng.nextInt(crops), out.observations[featureKey] as Float32Array, r * dim);
      features.copyCrop(k, this.nextFrame[src], rng.nextInt(crops), out.nextObservations[featureKey] as Float32Array, r * dim);
    }
  }

  /** Encodes the frame just written to `slot` (taken from `images`) into the feature cache. */
  private encodeFrame(features: FeatureStore, slot: number, images: Readonly<Record<string, unknown>>): void {
    const source = this.featureSource as FrameFeatures;
    const frames: Record<string, Uint8Array> = {};
    for (const { key } of this.pixelKeys) frames[key] = images[key] as Uint8Array;
    const encoded = source.encode(frames);
    features.columns.forEach((c, k) => {
      const values = encoded[c.camera];
      if (!(values instanceof Float32Array)) throw new Error(`ReplayBuffer.insert: frameFeatures.encode returned no Float32Array for camera '${c.camera}'`);
      features.write(k, slot, values);
    });
  }

  /** Stores t's image frames in `row`, sharing the previous transition's next frame when identical. */
  private insertFrames(t: Transition, row: number): void {
    const { frames, pixelKeys } = this;
    const newest = this.count > 0 ? (this.cursor - 1 + this.capacity) % this.capacity : -1;
    let shared = newest >= 0 ? this.nextFrame[newest] : -1;
    for (let k = 0; shared >= 0 && k < pixelKeys.length; k++) {
      if (!frames.equals(k, shared, t.observations[pixelKeys[k].key] as Uint8Array)) shared = -1;
    }
    // Take the reference before evicting: with capacity 1 the evicted row is the newest one.
    if (shared >= 0) frames.retain(shared);
    if (this.count === this.capacity) {
      frames.release(this.obsFrame[row]);
      frames.release(this.nextFrame[row]);
    }
    const obs = shared >= 0 ? shared : frames.allocate();
    const next = frames.allocate();
    for (let k = 0; k < pixelKeys.length; k++) {
      const key = pixelKeys[k].key;
      if (shared < 0) frames.write(k, obs, t.observations[key] as Uint8Array);
      frames.write(k, next, t.nextObservations[key] as Uint8Array);
    }
    if (this.features !== null) {
      if (shared < 0) this.encodeFrame(this.features, obs, t.observations);
      this.encodeFrame(this.features, next, t.nextObservations);
    }
    this.obsFrame[row] = obs;
    this.nextFrame[row] = next;
  }

  private rowBytes(): number {
    let bytes = this.actions.byteLength + this.rewards.byteLength + this.masks.byteLength;
    bytes += this.dones.byteLength + this.intervened.byteLength + this.success.byteLength;
    bytes += this.obsFrame.byteLength + this.nextFrame.byteLength;
    for (const { key } of this.rowKeys) bytes += this.observations[key].byteLength + this.nextObservations[key].byteLength;
    return bytes;
  }

  /** Storage row of the i-th oldest transition. */
  private physicalRow(i: number): number {
    return this.count < this.capacity ? i : (this.cursor + i) % this.capacity;
  }
}
