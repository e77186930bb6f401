/** One cached feature column: the camera (pixel key) it encodes and its width. */
export interface FeatureColumn {
  readonly camera: string;
  readonly featureKey: string;
  readonly dim: number;
}

const INITIAL_SLOTS = 1024;

/**
 * Cached features of stored frames, by frame slot (the `FrameStore`'s): per feature column,
 * `crops` vectors of `dim` floats per slot. Storage grows by doubling with the highest slot
 * used (the frame store reuses freed slots first, so this follows the frames alive).
 */
export class FeatureStore {
  private readonly data: Float32Array[];
  private slots = 0;

  constructor(
    readonly columns: readonly FeatureColumn[],
    readonly crops: number,
  ) {
    this.data = columns.map(() => new Float32Array(0));
  }

  /** Floats of one slot of column `k` (all crops). */
  slotSize(k: number): number {
    return this.crops * this.columns[k].dim;
  }

  get bytes(): number {
    return this.data.reduce((n, d) => n + d.byteLength, 0);
  }

  /** Bytes one frame slot takes (all columns, all crops). */
  get slotBytes(): number {
    return this.columns.reduce((n, c) => n + 4 * this.crops * c.dim, 0);
  }

  write(k: number, slot: number, values: Float32Array): void {
    const size = this.slotSize(k);
    if (values.length !== size) {
      throw new Error(
        `frame features '${this.columns[k].featureKey}': expected ${this.crops} crops x ${this.columns[k].dim} = ${size} floats, got ${values.length}`,
      );
    }
    if (slot >= this.slots) this.grow(slot + 1);
    this.data[k].set(values, slot * size);
  }

  /** Copies crop `crop` of slot `slot`, column `k`, into `dst` at `dstOffset`. */
  copyCrop(k: number, slot: number, crop: number, dst: Float32Array, dstOffset: number): void {
    const dim = this.columns[k].dim;
    const src = this.data[k];
    const start = slot * this.slotSize(k) + crop * dim;
    for (let j = 0; j < dim; j++) dst[dstOffset + j] = src[start + j];
  }

  /** All crops of slot `slot`, column `k` (a copy). */
  read(k: number, slot: number): Float32Array {
    const size = this.slotSize(k);
    return this.data[k].slice(slot * size, (slot + 1) * size);
  }

  private grow(needed: number): void {
    let slots = Math.max(this.slots, INITIAL_SLOTS);
    while (slots < needed) slots *= 2;
    for (let k = 0; k < this.data.length; k++) {
      const next = new Float32Array(slots * this.slotSize(k));
      next.set(this.data[k]);
      this.data[k] = next;
    }
    this.slots = slots;
  }
}
