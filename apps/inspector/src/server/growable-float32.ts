/** An append-only float32 column that doubles its storage when full (no per-step allocations). */
export class GrowableFloat32 {
  private data = new Float32Array(1024);
  private used = 0;

  get length(): number {
    return this.used;
  }

  push(values: ArrayLike<number>): void {
    if (this.used + values.length > this.data.length) {
      const bigger = new Float32Array(Math.max(this.data.length * 2, this.used + values.length));
      bigger.set(this.data.subarray(0, this.used));
      this.data = bigger;
    }
    for (let i = 0; i < values.length; i++) this.data[this.used + i] = values[i];
    this.used += values.length;
  }

  /** Elements `[from, to)` as plain numbers (for JSON replies). */
  slice(from: number, to: number): number[] {
    return Array.from(this.data.subarray(from, Math.min(to, this.used)));
  }
}
