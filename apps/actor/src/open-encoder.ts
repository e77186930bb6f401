import { readArrayTreePickle } from '@rlpd/replay-buffer';
import { loadEncoder, type LoadedEncoder } from '@rlpd/sac-agent';
import type { ActorConfig } from './config.js';

/**
 * The frozen encoder of --encoder / --encoder-weights (used only if the learner's policy reads
 * camera features), or null with --encoder small, whose weights come with the policy.
 */
export async function openEncoder(config: Pick<ActorConfig, 'encoder' | 'encoderWeights'>): Promise<LoadedEncoder | null> {
  if (config.encoder === 'small') return null;
  return loadEncoder(config.encoder, config.encoderWeights, { readArrayTree: readArrayTreePickle });
}

/** `PolicyInput`'s `loadEncoder` for the result of `openEncoder`. */
export function frozenEncoderLoader(encoder: LoadedEncoder | null): () => LoadedEncoder {
  return () => {
    if (encoder === null)
      throw new Error(
        "the policy reads the features of a frozen encoder (learner --encoder default or resnet10) and this actor runs --encoder small: start it with the learner's --encoder",
      );
    return encoder;
  };
}
