import { actWithPolicy } from './internal/act.js';
import type { ParamLayout } from './internal/param-layout.js';
import { Rng } from './internal/rng.js';
import { actorLayout, type ActorShape } from './internal/tanh-normal-policy.js';
import type { NamedTensors } from './named-tensors.js';
import { DEFAULT_SAC_CONFIG, type SacConfig } from './sac-config.js';
import { assertPositiveDims } from './internal/assert-dims.js';

export interface PolicyOptions {
  readonly observationDim: number;
  readonly actionDim: number;
  /** The network must match the agent that exported the parameters (SacConfig's fields and defaults). */
  readonly hiddenDims?: SacConfig['hiddenDims'];
  readonly actorLayerNorm?: SacConfig['actorLayerNorm'];
  readonly stdMin?: SacConfig['stdMin'];
  readonly stdMax?: SacConfig['stdMax'];
  /** Seeds the exploration noise. Default 0. */
  readonly seed?: number;
}

/**
 * The actor side alone: a tanh-Gaussian policy that loads `SacAgent.exportPolicy()` output
 * (e.g. broadcast by the learner) and samples actions with its own seeded RNG.
 */
export class Policy {
  private readonly shape: ActorShape;
  private readonly layout: ParamLayout;
  private readonly params: Float32Array;
  private readonly rng: Rng;

  static create(options: PolicyOptions): Policy {
    return new Policy(options);
  }

  private constructor(options: PolicyOptions) {
    assertPositiveDims('Policy.create', { observationDim: options.observationDim, actionDim: options.actionDim });
    const d = DEFAULT_SAC_CONFIG;
    this.shape = {
      observationDim: options.observationDim,
      actionDim: options.actionDim,
      hiddenDims: options.hiddenDims ?? d.hiddenDims,
      layerNorm: options.actorLayerNorm ?? d.actorLayerNorm,
      stdMin: options.stdMin ?? d.stdMin,
      stdMax: options.stdMax ?? d.stdMax,
    };
    this.layout = actorLayout(this.shape);
    this.rng = new Rng(options.seed ?? 0);
    this.params = this.layout.init(new Rng(options.seed ?? 0));
  }

  /** Replaces the parameters with `actor/…` tensors; throws on a missing tensor or shape mismatch. */
  loadParams(t: NamedTensors): void {
    this.params.set(this.layout.fromNamed('actor', t));
  }

  /** An action for one observation: tanh(mean) if deterministic, else a seeded sample. */
  act(observation: Float32Array, deterministic = false): Float32Array {
    return this.actBatch(observation, 1, deterministic);
  }

  /** Actions for `count` observations laid out row-major (count x observationDim). */
  actBatch(observations: Float32Array, count: number, deterministic = false): Float32Array {
    return actWithPolicy(this.layout, this.shape, this.params, observations, count, this.rng, deterministic);
  }

  /** The RNG state (4 uint32), to make acting reproducible across restarts. */
  getRngState(): Uint32Array {
    return this.rng.getState();
  }

  setRngState(state: Uint32Array): void {
    this.rng.setState(state);
  }

  /** Nothing to free: parameters live in JS. */
  dispose(): void {}
}
