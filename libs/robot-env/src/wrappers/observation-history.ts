import type { BoxSpace, EnvSpec } from '@rlpd/spaces';
import type { ResetResult, StepResult } from '../env.js';
import { EnvWrapper } from './env-wrapper.js';

type Obs = Record<string, Float32Array | Uint8Array>;

/**
 * hil-serl's ChunkingWrapper (observation side): every key gains a leading history axis of
 * `horizon` (state [D] -> [horizon, D]), oldest first, newest last. At reset the first
 * observation fills every slot. horizon 1 gives hil-serl's usual (1, D).
 */
export class ObservationHistory extends EnvWrapper {
  readonly #spec: EnvSpec;
  private history: Obs[] = [];

  constructor(
    inner: ConstructorParameters<typeof EnvWrapper>[0],
    readonly horizon: number,
  ) {
    super(inner);
    if (!Number.isInteger(horizon) || horizon < 1) throw new RangeError(`ObservationHistory: horizon must be a positive integer, got ${horizon}`);
    const observationSpace: Record<string, BoxSpace> = {};
    for (const [key, space] of Object.entries(inner.spec.observationSpace)) {
      const repeat = (values: readonly number[]): number[] => Array.from({ length: horizon }, () => values).flat();
      observationSpace[key] = { shape: [horizon, ...space.shape], dtype: space.dtype, low: repeat(space.low), high: repeat(space.high) };
    }
    this.#spec = { ...inner.spec, observationSpace };
  }

  override get spec(): EnvSpec {
    return this.#spec;
  }

  private stacked(): Obs {
    const out: Obs = {};
    for (const key of Object.keys(this.history[0])) {
      const size = this.history[0][key].length;
      const first = this.history[0][key];
      const stack = first instanceof Uint8Array ? new Uint8Array(size * this.horizon) : new Float32Array(size * this.horizon);
      this.history.forEach((observation, i) => stack.set(observation[key], i * size));
      out[key] = stack;
    }
    return out;
  }

  override async reset(options?: { seed?: number }): Promise<ResetResult> {
    const result = await this.inner.reset(options);
    this.history = new Array<Obs>(this.horizon).fill(result.observation);
    return { ...result, observation: this.stacked() };
  }

  override async step(action: Float32Array): Promise<StepResult> {
    const result = await this.inner.step(action);
    this.history = [...this.history.slice(1), result.observation];
    return { ...result, observation: this.stacked() };
  }
}
