import { loadTransitionsPickle, ReplayBuffer, summarizeTransitionsPickle } from '@rlpd/replay-buffer';
import { classifierFeaturesBatch, type FrameEncoder } from '@rlpd/sac-agent';
import type { EnvSpec } from '@rlpd/spaces';

const ENCODE_BATCH = 64;

/**
 * The classifier features of the next observation of every transition in `paths` (pickles in
 * the hil-serl layout), encoded `ENCODE_BATCH` frames at a time: rows of cameras x featureDim.
 */
export async function featuresOfFiles(
  paths: readonly string[],
  spec: EnvSpec,
  encoder: FrameEncoder,
  onRows: (rows: number) => void = () => {},
): Promise<Float32Array[]> {
  const rows: Float32Array[] = [];
  for (const path of paths) {
    const { transitions } = await summarizeTransitionsPickle(path);
    if (transitions === 0) throw new Error(`${path}: holds no transitions`);
    const buffer = new ReplayBuffer({ observationSpace: spec.observationSpace, actionDim: spec.actionSpace.shape[0], capacity: transitions });
    await loadTransitionsPickle(path, buffer);
    const [h, w, c] = encoder.frameShape;
    const frameBytes = h * w * c;
    const pending: Record<string, Uint8Array> = Object.fromEntries(encoder.cameras.map((cam) => [cam, new Uint8Array(ENCODE_BATCH * frameBytes)]));
    let n = 0;
    const flush = () => {
      if (n === 0) return;
      const batch = Object.fromEntries(encoder.cameras.map((cam) => [cam, pending[cam].subarray(0, n * frameBytes)]));
      const features = classifierFeaturesBatch(encoder, batch, n);
      const width = features.length / n;
      for (let r = 0; r < n; r++) rows.push(features.slice(r * width, (r + 1) * width));
      onRows(rows.length);
      n = 0;
    };
    for (const t of buffer.transitions()) {
      for (const cam of encoder.cameras) {
        const frame = t.nextObservations[cam];
        if (!(frame instanceof Uint8Array) || frame.length !== frameBytes)
          throw new Error(`${path}: next_observations.${cam} is not a ${h}x${w}x${c} uint8 frame`);
        pending[cam].set(frame, n * frameBytes);
      }
      if (++n === ENCODE_BATCH) flush();
    }
    flush();
  }
  return rows;
}
