import { box, type BoxSpace, type ObservationSpace } from '@rlpd/spaces';
import type { NamedTensors } from '../named-tensors.js';
import { featureKey } from './frame-encoder.js';
import { ENCODER_POLICY_METADATA } from './load-encoder.js';
import { SMALL_CONV_NET } from './small-conv-net.js';
import { SmallConvEncoder } from './small-conv-encoder.js';

/** The end-to-end trained encoder's name (`--encoder small`): its weights travel with the policy. */
export const SMALL_ENCODER = 'small';

/** Metadata of a policy blob whose `encoder/<camera>/…` tensors are the `small` encoder's weights (no digest: they change with every publish). */
export function smallEncoderPolicyMetadata(): Record<string, string> {
  return { [ENCODER_POLICY_METADATA.name]: SMALL_ENCODER };
}

/**
 * The `small` encoder a policy carries (the learner's online encoder at publish time, or a
 * checkpoint's): its `encoder/<camera>/…` tensors, or null when there are none. The actor runs
 * it on its unshifted frames.
 */
export function smallEncoderFromPolicy(tensors: NamedTensors): SmallConvEncoder | null {
  const cameras = Object.keys(tensors)
    .map((name) => /^encoder\/([^/]+)\/conv0\/kernel$/.exec(name)?.[1])
    .filter((camera): camera is string => camera !== undefined);
  if (cameras.length === 0) return null;
  const weights: NamedTensors = {};
  for (const [name, t] of Object.entries(tensors)) if (name.startsWith('encoder/')) weights[name.slice('encoder/'.length)] = t;
  return SmallConvEncoder.fromTensors(SMALL_ENCODER, cameras, weights);
}

/** The cameras a `small` encoder reads: the uint8 [128, 128, 3] keys of `space`, in its key order. */
export function smallEncoderCameras(space: ObservationSpace): string[] {
  const size = SMALL_CONV_NET.inputSize;
  const cameras = Object.entries(space)
    .filter(([, b]) => b.dtype === 'uint8' && b.shape.join(',') === `${size},${size},3`)
    .map(([key]) => key);
  if (cameras.length === 0)
    throw new Error(`--encoder small: the observation space has no uint8 [${size}, ${size}, 3] camera key (keys: ${Object.keys(space).join(', ')})`);
  return cameras;
}

/** `space` with the `small` encoder's `<camera>_features` (float32 [64]) per camera: what the agent's keys name. */
export function withSmallEncoderFeatures(space: ObservationSpace, cameras: readonly string[]): ObservationSpace {
  const out: Record<string, BoxSpace> = { ...space };
  for (const camera of cameras) out[featureKey(camera)] = box([SMALL_CONV_NET.featureDim], -1, 1);
  return out;
}
