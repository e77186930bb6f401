/**
 * What a `ReplayBuffer` needs to cache features of its frames (injected by the learner, so the
 * buffer never imports an encoder): for each camera (uint8 key) the batch key its features go
 * to and their width, the number of pre-augmented crops per frame, and the function that
 * encodes one frame of every camera.
 */
export interface FrameFeatures {
  readonly columns: readonly { readonly camera: string; readonly featureKey: string; readonly dim: number }[];
  /** Crops cached per frame; each sampled row draws one uniformly. */
  readonly crops: number;
  /**
   * Features of one frame per camera (`frames[camera]`, the uint8 image): per camera,
   * `crops` x `dim` floats, crop after crop.
   */
  encode(frames: Readonly<Record<string, Uint8Array>>): Readonly<Record<string, Float32Array>>;
}
