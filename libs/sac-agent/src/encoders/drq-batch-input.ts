import type { Rng } from '../internal/rng.js';
import { SHIFT_PAD } from './shift-crop.js';

/**
 * DrQ's random shift drawn per batch row at sample time (the `small` encoder's augmentation):
 * each row's frame is padded by `SHIFT_PAD` pixels (edge replicated) and cropped back at an
 * offset (dx, dy) uniform in [0, 2·SHIFT_PAD]². hil-serl crops every camera of a row with the
 * same offset (one random key for all image keys); `sameAcrossCameras: false` draws each
 * camera's offsets independently. The observation and the next observation take separate calls.
 *
 * Returns one Int32Array per camera, [rows x 2] (dx, dy) pairs.
 */
export function drawShiftOffsets(rng: Rng, rows: number, cameras: number, sameAcrossCameras: boolean): Int32Array[] {
  const span = 2 * SHIFT_PAD + 1;
  const out = Array.from({ length: cameras }, () => new Int32Array(2 * rows));
  const draws = sameAcrossCameras ? 1 : cameras;
  for (let c = 0; c < draws; c++) {
    const offsets = out[c];
    for (let i = 0; i < 2 * rows; i++) offsets[i] = Math.floor(rng.uniform() * span);
  }
  if (sameAcrossCameras) for (let c = 1; c < cameras; c++) out[c].set(out[0]);
  return out;
}

/**
 * The `small` net's input for `count` uint8 frames (count x height x width x 3, back to back),
 * each shifted by its row's offsets, in one pass: out[n, y, x, c] = mean over the 2x2 block of
 * shift(frame_n)/255 - 0.5, i.e. `smallConvNetInput(shiftCrop(frame))` without the intermediate
 * frames (and without uploading 4-byte ints per pixel). `out` holds count x h/2 x w/2 x 3 floats.
 */
export function shiftedPooledInput(frames: Uint8Array, count: number, height: number, width: number, offsets: Int32Array, out: Float32Array): void {
  const frameBytes = height * width * 3;
  const [ph, pw] = [height >> 1, width >> 1];
  if (height % 2 !== 0 || width % 2 !== 0) throw new Error(`shiftedPooledInput: frames must have even sides, got ${height}x${width}`);
  if (frames.length !== count * frameBytes)
    throw new Error(`shiftedPooledInput: ${count} frames of ${height}x${width}x3 need ${count * frameBytes} bytes, got ${frames.length}`);
  if (offsets.length !== 2 * count) throw new Error(`shiftedPooledInput: expected ${2 * count} offsets, got ${offsets.length}`);
  if (out.length !== count * ph * pw * 3) throw new Error(`shiftedPooledInput: out must hold ${count * ph * pw * 3} floats, got ${out.length}`);
  const maxShift = 2 * SHIFT_PAD;
  const cols = new Int32Array(width); // source byte offset of each output column within a row
  const scale = 1 / (4 * 255);
  for (let n = 0; n < count; n++) {
    const dx = offsets[2 * n];
    const dy = offsets[2 * n + 1];
    if (dx < 0 || dy < 0 || dx > maxShift || dy > maxShift) throw new Error(`shiftedPooledInput: row ${n} offsets (${dx}, ${dy}) must be in [0, ${maxShift}]`);
    for (let x = 0; x < width; x++) cols[x] = Math.min(width - 1, Math.max(0, x + dx - SHIFT_PAD)) * 3;
    const base = n * frameBytes;
    let o = n * ph * pw * 3;
    for (let py = 0; py < ph; py++) {
      const r0 = base + Math.min(height - 1, Math.max(0, 2 * py + dy - SHIFT_PAD)) * width * 3;
      const r1 = base + Math.min(height - 1, Math.max(0, 2 * py + 1 + dy - SHIFT_PAD)) * width * 3;
      for (let px = 0; px < pw; px++) {
        const c0 = cols[2 * px];
        const c1 = cols[2 * px + 1];
        for (let c = 0; c < 3; c++) {
          out[o++] = (frames[r0 + c0 + c] + frames[r0 + c1 + c] + frames[r1 + c0 + c] + frames[r1 + c1 + c]) * scale - 0.5;
        }
      }
    }
  }
}
