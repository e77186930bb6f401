/** Labelled feature rows, flat. */
export interface LabelledRows {
  readonly features: Float32Array;
  readonly labels: Uint8Array;
  readonly dim: number;
}

/** A seeded shuffle of success (label 1) and failure (label 0) rows, split into training and held-out sets (each class split alike). */
export function splitRows(
  success: readonly Float32Array[],
  failure: readonly Float32Array[],
  holdoutFraction: number,
  seed: number,
): { train: LabelledRows; heldOut: LabelledRows } {
  if (success.length < 2 || failure.length < 2) throw new Error(`need at least 2 success and 2 failure frames, got ${success.length} and ${failure.length}`);
  const dim = success[0].length;
  let state = seed >>> 0 || 1;
  const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  const train: [Float32Array, number][] = [];
  const heldOut: [Float32Array, number][] = [];
  for (const [rows, label] of [
    [success, 1],
    [failure, 0],
  ] as const) {
    const order = rows.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    const held = Math.max(1, Math.round(rows.length * holdoutFraction));
    order.forEach((i, k) => (k < held ? heldOut : train).push([rows[i], label]));
  }
  const pack = (rows: [Float32Array, number][]): LabelledRows => {
    const features = new Float32Array(rows.length * dim);
    rows.forEach(([f], r) => features.set(f, r * dim));
    return { features, labels: Uint8Array.from(rows, ([, l]) => l), dim };
  };
  return { train: pack(train), heldOut: pack(heldOut) };
}
