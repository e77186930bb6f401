import type { NamedTensors } from '../named-tensors.js';
import { ENCODER_POLICY_METADATA } from './load-encoder.js';
import { SmallConvEncoder } from './small-conv-encoder.js';

/** The end-to-end trained encoder's name (`--encoder small`): its weights travel with the policy. */
export const SMALL_ENCODER = 'small';

/** Metadata key listing the cameras of a `small` encoder in a policy blob. */
const CAMERAS_KEY = 'encoder_cameras';

/** Metadata of a policy blob whose `encoder/<camera>/…` tensors are the `small` encoder's weights. */
export function smallEncoderPolicyMetadata(cameras: readonly string[]): Record<string, string> {
  return { [ENCODER_POLICY_METADATA.name]: SMALL_ENCODER, [CAMERAS_KEY]: cameras.join(',') };
}

/**
 * The `small` encoder of a policy blob (the learner's online encoder at publish time), or null
 * when the blob has none. The actor runs it on its unshifted frames.
 */
export function smallEncoderFromPolicy(tensors: NamedTensors, metadata: Readonly<Record<string, string>>): SmallConvEncoder | null {
  if (metadata[ENCODER_POLICY_METADATA.name] !== SMALL_ENCODER) return null;
  const cameras = (metadata[CAMERAS_KEY] ?? '').split(',').filter((c) => c !== '');
  if (cameras.length === 0) throw new Error(`policy parameters: encoder 'small' without '${CAMERAS_KEY}' metadata`);
  const weights: NamedTensors = {};
  for (const [name, t] of Object.entries(tensors)) if (name.startsWith('encoder/')) weights[name.slice('encoder/'.length)] = t;
  return SmallConvEncoder.fromTensors(SMALL_ENCODER, cameras, weights);
}
