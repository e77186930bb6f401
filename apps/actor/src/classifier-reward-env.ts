import { readFileSync } from 'node:fs';
import { readArrayTreePickle } from '@rlpd/replay-buffer';
import type { Env, ResetResult, StepResult } from '@rlpd/robot-env';
import {
  classifierFeatures,
  decodeSafetensors,
  loadEncoder,
  REWARD_CLASSIFIER_METADATA,
  RewardClassifier,
  type EncoderName,
  type LoadedEncoder,
} from '@rlpd/sac-agent';

/**
 * An env whose reward is a success classifier's on the camera frames, as hil-serl's
 * reward-classifier wrapper: reward 1 and the episode ends (terminated) when p(success) > 0.5,
 * else reward 0. The sim's own `info.success` is kept, so success rates stay honest;
 * `info.classifierProbability` carries p.
 */
export class ClassifierRewardEnv implements Env {
  readonly spec: Env['spec'];

  constructor(
    private readonly inner: Env,
    private readonly classifier: RewardClassifier,
    private readonly encoder: LoadedEncoder,
  ) {
    this.spec = inner.spec;
  }

  /** Loads the classifier file and the encoder it was trained on (its sha256 must match the file's metadata). */
  static async load(inner: Env, path: string, encoderName: EncoderName, encoderWeights: string): Promise<ClassifierRewardEnv> {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new Error(`--reward-classifier: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const { tensors, metadata } = decodeSafetensors(bytes);
    const encoder = await loadEncoder(encoderName, encoderWeights, { readArrayTree: readArrayTreePickle });
    const digest = metadata[REWARD_CLASSIFIER_METADATA.digest];
    if (digest !== encoder.weightsDigest) {
      encoder.dispose();
      throw new Error(
        `--reward-classifier ${path}: trained on encoder weights sha256 ${(digest ?? 'unknown').slice(0, 12)}…, this actor loaded ${encoder.weightsDigest.slice(0, 12)}… (--encoder-weights)`,
      );
    }
    const classifier = RewardClassifier.fromNamed(tensors);
    if (classifier.dim !== encoder.cameras.length * encoder.featureDim) {
      encoder.dispose();
      throw new Error(`--reward-classifier ${path}: reads ${classifier.dim} features, the encoder gives ${encoder.cameras.length * encoder.featureDim}`);
    }
    return new ClassifierRewardEnv(inner, classifier, encoder);
  }

  reset(options?: { seed?: number }): Promise<ResetResult> {
    return this.inner.reset(options);
  }

  async step(action: Float32Array): Promise<StepResult> {
    const result = await this.inner.step(action);
    const p = this.classifier.probability(classifierFeatures(this.encoder, result.observation));
    const success = p > 0.5;
    return { ...result, reward: success ? 1 : 0, terminated: result.terminated || success, info: { ...result.info, classifierProbability: p } };
  }

  async close(): Promise<void> {
    this.encoder.dispose();
    await this.inner.close();
  }
}
