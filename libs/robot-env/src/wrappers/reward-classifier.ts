import type { Observation } from '@rlpd/spaces';
import type { ResetResult, StepResult } from '../env.js';
import { EnvWrapper } from './env-wrapper.js';

/** A success detector: observation -> probability of success in [0, 1]. */
export type RewardClassifier = (observation: Observation) => number | Promise<number>;

/**
 * hil-serl's reward-classifier hook (MultiCameraBinaryRewardClassifierWrapper): the reward is
 * 1 when the classifier's probability reaches `threshold`, else 0, replacing the env's reward;
 * reward 1 ends the episode (terminated) and sets `info.success`. `info.successProbability`
 * holds the probability.
 */
export class RewardClassifierWrapper extends EnvWrapper {
  constructor(
    inner: ConstructorParameters<typeof EnvWrapper>[0],
    private readonly classify: RewardClassifier,
    private readonly threshold = 0.5,
  ) {
    super(inner);
    if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`RewardClassifierWrapper: threshold must be in (0, 1], got ${threshold}`);
  }

  override async reset(options?: { seed?: number }): Promise<ResetResult> {
    const result = await this.inner.reset(options);
    return { ...result, info: { ...result.info, success: false } };
  }

  override async step(action: Float32Array): Promise<StepResult> {
    const result = await this.inner.step(action);
    const probability = await this.classify(result.observation);
    if (!Number.isFinite(probability) || probability < 0 || probability > 1)
      throw new RangeError(`reward classifier returned ${probability}, expected a probability in [0, 1]`);
    const success = probability >= this.threshold;
    return {
      ...result,
      reward: success ? 1 : 0,
      terminated: result.terminated || success,
      truncated: success ? false : result.truncated,
      info: { ...result.info, success, successProbability: probability },
    };
  }
}
