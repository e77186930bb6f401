import { box, type BoxSpace, type ObservationSpace } from '@rlpd/spaces';
import { featureKey, type FrameEncoder } from './frame-encoder.js';
import { readFile } from 'node:fs/promises';
import type { NamedTensors } from '../named-tensors.js';
import { decodeSafetensors } from '../safetensors.js';
import { Resnet10Encoder } from './resnet10-encoder.js';
import { DEFAULT_ENCODER_WEIGHTS, SmallConvEncoder } from './small-conv-encoder.js';

/** Frozen encoders by name (`--encoder`). */
export const ENCODER_NAMES = ['default', 'resnet10'] as const;
export type EncoderName = (typeof ENCODER_NAMES)[number];

/** Reads a pickle of nested dicts of numpy arrays into arrays by '/'-joined path (the replay buffer's `parseArrayTreePickle`, injected by apps). */
export type ReadArrayTree = (path: string) => Promise<NamedTensors>;

export interface LoadEncoderOptions {
  /** Camera keys (resnet10: one shared trunk for all). Default front, wrist. */
  readonly cameras?: readonly string[];
  /** Needed for resnet10 weights given as a `.pkl` (hil-serl's `resnet10_params.pkl`). */
  readonly readArrayTree?: ReadArrayTree;
}

/** Safetensors metadata of a policy that reads encoder features: which encoder, which weights. */
export const ENCODER_POLICY_METADATA = { name: 'encoder', digest: 'encoder_weights_sha256' } as const;

/** A frozen encoder that holds tensors until disposed. */
export type LoadedEncoder = FrameEncoder & { dispose(): void };

/**
 * Loads encoder `name`: `default` reads the shipped weights unless `weightsPath` names others;
 * `resnet10` needs `weightsPath`: hil-serl's `resnet10_params.pkl` (read with
 * `options.readArrayTree`) or a safetensors file with the same parameter paths.
 */
export async function loadEncoder(name: EncoderName, weightsPath = '', options: LoadEncoderOptions = {}): Promise<LoadedEncoder> {
  switch (name) {
    case 'default':
      return SmallConvEncoder.load(weightsPath === '' ? DEFAULT_ENCODER_WEIGHTS : weightsPath, name);
    case 'resnet10': {
      if (weightsPath === '') throw new Error("--encoder resnet10 needs --encoder-weights PATH: hil-serl's resnet10_params.pkl (see docs/pixels.md)");
      const cameras = options.cameras ?? ['front', 'wrist'];
      if (weightsPath.endsWith('.safetensors')) return Resnet10Encoder.fromArrays(cameras, decodeSafetensors(await readFile(weightsPath)).tensors);
      if (options.readArrayTree === undefined) throw new Error(`encoder resnet10: no pickle reader given to read ${weightsPath}`);
      return Resnet10Encoder.fromArrays(cameras, await options.readArrayTree(weightsPath));
    }
  }
}

/** `space` with one float32 feature column per camera of `encoder` (`<camera>_features`), what the agent's keys may name. */
export function withFeatureColumns(space: ObservationSpace, encoder: FrameEncoder): ObservationSpace {
  const out: Record<string, BoxSpace> = { ...space };
  for (const camera of encoder.cameras) {
    if (!Object.hasOwn(space, camera))
      throw new Error(`encoder '${encoder.name}' reads camera '${camera}', which is not in the observation space [${Object.keys(space).join(', ')}]`);
    out[featureKey(camera)] = box([encoder.featureDim], -Infinity, Infinity);
  }
  return out;
}

/** Metadata naming `encoder` and its weights, for the policy blobs the learner sends. */
export function encoderPolicyMetadata(encoder: FrameEncoder): Record<string, string> {
  return { [ENCODER_POLICY_METADATA.name]: encoder.name, [ENCODER_POLICY_METADATA.digest]: encoder.weightsDigest };
}

/** Throws when a policy blob's metadata names another encoder or other weights than `encoder`. */
export function checkEncoderMetadata(metadata: Readonly<Record<string, string>>, encoder: FrameEncoder): void {
  const name = metadata[ENCODER_POLICY_METADATA.name];
  const digest = metadata[ENCODER_POLICY_METADATA.digest];
  if (name !== undefined && name !== encoder.name)
    throw new Error(`the policy reads features of encoder '${name}', this process runs '${encoder.name}' (--encoder)`);
  if (digest !== undefined && digest !== encoder.weightsDigest) {
    throw new Error(
      `the policy was trained on encoder weights sha256 ${digest.slice(0, 12)}…, this process loaded ${encoder.weightsDigest.slice(0, 12)}… (--encoder-weights must name the learner's file)`,
    );
  }
}
