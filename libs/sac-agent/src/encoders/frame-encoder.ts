/**
 * A frozen image encoder: camera frames in, one feature vector per frame out. What the learner
 * caches per stored frame and the actor runs on each observation.
 */
export interface FrameEncoder {
  /** Architecture name, e.g. `default`. */
  readonly name: string;
  /** Camera keys it has weights for, in the order their features are concatenated. */
  readonly cameras: readonly string[];
  /** Features per frame and camera. */
  readonly featureDim: number;
  /** sha256 of the weights (hex), so a learner and its actors can check they run the same encoder. */
  readonly weightsDigest: string;
  /** [height, width, channels] of the frames it reads (uint8 RGB, row-major). */
  readonly frameShape: readonly [number, number, number];
  /**
   * Features of `count` frames of `camera` laid out back to back in `frames`
   * (count x height x width x 3 bytes): count x featureDim floats, row-major.
   */
  encode(camera: string, frames: Uint8Array, count: number): Float32Array;
}

/** The batch and observation key holding a camera's features, e.g. `front_features`. */
export function featureKey(camera: string): string {
  return `${camera}_features`;
}
