import type { EnvSpec } from '@rlpd/spaces';
import type { ResetResult, StepResult } from '../env.js';
import { EnvWrapper } from './env-wrapper.js';

/** Truncates episodes after `maxSteps` steps (a time limit still bootstraps: truncated, not terminated). */
export class TimeLimit extends EnvWrapper {
  readonly #spec: EnvSpec;
  private steps = 0;

  constructor(
    inner: ConstructorParameters<typeof EnvWrapper>[0],
    readonly maxSteps: number,
  ) {
    super(inner);
    if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new RangeError(`TimeLimit: maxSteps must be a positive integer, got ${maxSteps}`);
    this.#spec = { ...inner.spec, maxEpisodeSteps: maxSteps };
  }

  override get spec(): EnvSpec {
    return this.#spec;
  }

  override reset(options?: { seed?: number }): Promise<ResetResult> {
    this.steps = 0;
    return this.inner.reset(options);
  }

  override async step(action: Float32Array): Promise<StepResult> {
    const result = await this.inner.step(action);
    this.steps += 1;
    if (this.steps >= this.maxSteps && !result.terminated && !result.truncated)
      return { ...result, truncated: true, info: { ...result.info, timeLimit: true } };
    return result;
  }
}
