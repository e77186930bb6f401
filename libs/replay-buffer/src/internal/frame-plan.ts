import type { FrameStore } from './frame-store.js';

/** Ints per planned frame copy: store, slot, which (0 observation, 1 next observation), row. */
export const PLAN_STRIDE = 4;

/**
 * The image frames a batch needs, recorded while its other fields are sampled, so that worker
 * threads can copy them later. Every recorded frame is pinned (retained) in its store until
 * `releasePins()`, so inserts that evict or overwrite rows meanwhile cannot recycle its slot: a
 * batch stays a consistent snapshot of the moment it was sampled.
 */
export class FramePlan {
  entries = new Int32Array(1024);
  length = 0;
  /** Stores by index, in the order the sampler numbers them (online 0, demo 1). */
  readonly stores: FrameStore[] = [];

  add(store: number, slot: number, which: number, row: number): void {
    if (this.length + PLAN_STRIDE > this.entries.length) {
      const bigger = new Int32Array(this.entries.length * 2);
      bigger.set(this.entries);
      this.entries = bigger;
    }
    this.stores[store].retain(slot);
    const e = this.entries;
    const i = this.length;
    e[i] = store;
    e[i + 1] = slot;
    e[i + 2] = which;
    e[i + 3] = row;
    this.length = i + PLAN_STRIDE;
  }

  /** Unpins every recorded frame and empties the plan. */
  releasePins(): void {
    const e = this.entries;
    for (let i = 0; i < this.length; i += PLAN_STRIDE) this.stores[e[i]].release(e[i + 1]);
    this.length = 0;
  }
}
