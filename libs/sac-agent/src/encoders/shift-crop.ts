/** DrQ's augmentation: pad by `SHIFT_PAD` pixels (edge replicated), then crop back at a random offset. */
export const SHIFT_PAD = 4;

/**
 * Writes `frame` (height x width x 3) shifted by (dx, dy) ∈ [0, 2·pad]² after edge padding into
 * `out` at `outOffset`: out[y][x] = frame[clamp(y + dy - pad)][clamp(x + dx - pad)]. (pad, pad)
 * is the frame itself.
 */
export function shiftCrop(frame: Uint8Array, height: number, width: number, dx: number, dy: number, out: Uint8Array, outOffset = 0, pad = SHIFT_PAD): void {
  const maxShift = 2 * pad;
  if (!Number.isInteger(dx) || !Number.isInteger(dy) || dx < 0 || dy < 0 || dx > maxShift || dy > maxShift) {
    throw new Error(`shiftCrop: offsets (${dx}, ${dy}) must be integers in [0, ${maxShift}]`);
  }
  const rowBytes = width * 3;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(height - 1, Math.max(0, y + dy - pad));
    const src = sy * rowBytes;
    const dst = outOffset + y * rowBytes;
    const sx0 = dx - pad; // source column of output column 0
    // Columns that read inside the frame copy in one go; the rest repeat the edge pixel.
    const first = Math.max(0, -sx0);
    const last = Math.min(width, width - sx0); // exclusive
    out.set(frame.subarray(src + (first + sx0) * 3, src + (last + sx0) * 3), dst + first * 3);
    for (let x = 0; x < first; x++) for (let c = 0; c < 3; c++) out[dst + x * 3 + c] = frame[src + c];
    for (let x = last; x < width; x++) for (let c = 0; c < 3; c++) out[dst + x * 3 + c] = frame[src + (width - 1) * 3 + c];
  }
}
