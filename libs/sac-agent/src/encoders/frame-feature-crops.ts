import { Rng } from '../internal/rng.js';
import { featureKey, type FrameEncoder } from './frame-encoder.js';
import { SHIFT_PAD, shiftCrop } from './shift-crop.js';

/** Default crops cached per frame. */
export const DEFAULT_FEATURE_CROPS = 4;

export interface FrameFeatureCropsOptions {
  /** Pre-augmented crops per frame (K). Default 4. */
  readonly crops?: number;
  /** Seeds the crop offsets. */
  readonly seed?: number;
  /** Called with every frame's crop offsets (dx, dy pairs per camera), e.g. for tests. */
  readonly onOffsets?: (camera: string, offsets: Int32Array) => void;
}

/**
 * What a replay buffer's `frameFeatures` option takes (structurally; this library does not
 * import the buffer): `encoder`'s features of K DrQ crops of each frame (random shifts in
 * [0, 2·SHIFT_PAD]² after edge padding, drawn independently per frame and camera).
 */
export interface FrameFeatureCrops {
  readonly columns: readonly { readonly camera: string; readonly featureKey: string; readonly dim: number }[];
  readonly crops: number;
  encode(frames: Readonly<Record<string, Uint8Array>>): Readonly<Record<string, Float32Array>>;
}

export function frameFeatureCrops(encoder: FrameEncoder, options: FrameFeatureCropsOptions = {}): FrameFeatureCrops {
  const crops = options.crops ?? DEFAULT_FEATURE_CROPS;
  if (!Number.isInteger(crops) || crops < 1) throw new Error(`frame feature crops: crops must be a positive integer, got ${crops}`);
  const rng = new Rng(options.seed ?? 0);
  const [height, width, channels] = encoder.frameShape;
  const frameBytes = height * width * channels;
  const scratch = new Uint8Array(crops * frameBytes);
  const offsets = new Int32Array(2 * crops);
  const span = 2 * SHIFT_PAD + 1;
  return {
    crops,
    columns: encoder.cameras.map((camera) => ({ camera, featureKey: featureKey(camera), dim: encoder.featureDim })),
    encode(frames) {
      const out: Record<string, Float32Array> = {};
      for (const camera of encoder.cameras) {
        const frame = frames[camera];
        if (frame === undefined || frame.length !== frameBytes) {
          throw new Error(
            `frame features: camera '${camera}' needs a [${height}, ${width}, ${channels}] uint8 frame (${frameBytes} bytes), got ${frame === undefined ? 'nothing' : `${frame.length} bytes`}`,
          );
        }
        for (let c = 0; c < crops; c++) {
          offsets[2 * c] = Math.floor(rng.uniform() * span);
          offsets[2 * c + 1] = Math.floor(rng.uniform() * span);
          shiftCrop(frame, height, width, offsets[2 * c], offsets[2 * c + 1], scratch, c * frameBytes);
        }
        options.onOffsets?.(camera, offsets.slice());
        out[camera] = encoder.encode(camera, scratch, crops);
      }
      return out;
    },
  };
}

/**
 * The agent's input features for one observation (what the actor computes): each camera's
 * frame encoded as it is (no shift), under `featureKey(camera)`.
 */
export function observationFeatures(encoder: FrameEncoder, frames: Readonly<Record<string, unknown>>): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  for (const camera of encoder.cameras) {
    const frame = frames[camera];
    if (!(frame instanceof Uint8Array))
      throw new Error(
        `observation.${camera}: the encoder reads a Uint8Array frame, got ${frame === undefined || frame === null ? 'nothing' : (frame as object).constructor.name}`,
      );
    out[featureKey(camera)] = encoder.encode(camera, frame, 1);
  }
  return out;
}
