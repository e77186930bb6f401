import { readArrayTreePickle } from '@rlpd/replay-buffer';
import { loadEncoder, type LoadedEncoder } from '@rlpd/sac-agent';
import type { ActorConfig } from './config.js';

/** The frozen encoder of --encoder / --encoder-weights (used only if the learner's policy reads camera features). */
export function openEncoder(config: Pick<ActorConfig, 'encoder' | 'encoderWeights'>): Promise<LoadedEncoder> {
  return loadEncoder(config.encoder, config.encoderWeights, { readArrayTree: readArrayTreePickle });
}
