import { actWithPolicy, chooseGrasps } from './internal/act.js';
import { graspLayout, withGripper, type GraspShape } from './internal/grasp-critic.js';
import type { ParamLayout } from './internal/param-layout.js';
import { Rng } from './internal/rng.js';
import { actorLayout, type ActorShape } from './internal/tanh-normal-policy.js';
import type { NamedTensors } from './named-tensors.js';
import { DEFAULT_SAC_CONFIG, type SacConfig } from './sac-config.js';
import { assertPositiveDims } from './internal/assert-dims.js';

export interface PolicyOptions {
  readonly observationDim: number;
  /** Dimensions of every action the env takes (the gripper's included). */
  readonly actionDim: number;
  /** The network must match the agent that exported the parameters (SacConfig's fields and defaults). */
  readonly hiddenDims?: SacConfig['hiddenDims'];
  readonly actorLayerNorm?: SacConfig['actorLayerNorm'];
  readonly stdMin?: SacConfig['stdMin'];
  readonly stdMax?: SacConfig['stdMax'];
  /** With 'single-arm-learned-gripper' the last action dimension is the grasp critic's command. */
  readonly setupMode?: SacConfig['setupMode'];
  readonly graspCriticHiddenDims?: SacConfig['graspCriticHiddenDims'];
  readonly criticLayerNorm?: SacConfig['criticLayerNorm'];
  /** Learned gripper, stochastic acting: probability of a uniformly random gripper command. Default 0.1. */
  readonly graspEpsilon?: number;
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
  private readonly grasp: { readonly shape: GraspShape; readonly layout: ParamLayout; readonly params: Float32Array; readonly epsilon: number } | null;

  static create(options: PolicyOptions): Policy {
    return new Policy(options);
  }

  private constructor(options: PolicyOptions) {
    assertPositiveDims('Policy.create', { observationDim: options.observationDim, actionDim: options.actionDim });
    const d = DEFAULT_SAC_CONFIG;
    const learnedGripper = (options.setupMode ?? d.setupMode) === 'single-arm-learned-gripper';
    if (learnedGripper && options.actionDim < 2)
      throw new Error(`Policy.create: a learned gripper needs actionDim >= 2 (arm + gripper), got ${options.actionDim}`);
    const epsilon = options.graspEpsilon ?? 0.1;
    if (!(epsilon >= 0 && epsilon <= 1)) throw new Error(`Policy.create: graspEpsilon must be in [0, 1], got ${epsilon}`);
    this.shape = {
      observationDim: options.observationDim,
      actionDim: learnedGripper ? options.actionDim - 1 : options.actionDim,
      hiddenDims: options.hiddenDims ?? d.hiddenDims,
      layerNorm: options.actorLayerNorm ?? d.actorLayerNorm,
      stdMin: options.stdMin ?? d.stdMin,
      stdMax: options.stdMax ?? d.stdMax,
    };
    this.layout = actorLayout(this.shape);
    this.rng = new Rng(options.seed ?? 0);
    const initRng = new Rng(options.seed ?? 0);
    this.params = this.layout.init(initRng);
    this.grasp = null;
    if (learnedGripper) {
      const shape: GraspShape = {
        observationDim: options.observationDim,
        hiddenDims: options.graspCriticHiddenDims ?? d.graspCriticHiddenDims,
        layerNorm: options.criticLayerNorm ?? d.criticLayerNorm,
      };
      const layout = graspLayout(shape);
      this.grasp = { shape, layout, params: layout.init(initRng), epsilon };
    }
  }

  /** Replaces the parameters with `actor/…` (and `grasp_critic/…`) tensors; throws on a missing tensor or shape mismatch. */
  loadParams(t: NamedTensors): void {
    const actor = this.layout.fromNamed('actor', t);
    if (this.grasp !== null) this.grasp.params.set(this.grasp.layout.fromNamed('grasp_critic', t));
    this.params.set(actor);
  }

  /**
   * An action for one observation: tanh(mean) if deterministic, else a seeded sample. With a
   * learned gripper the last dimension is the grasp critic's command (-1 close, 0 stay, 1 open):
   * greedy if deterministic, else epsilon-greedy.
   */
  act(observation: Float32Array, deterministic = false): Float32Array {
    return this.actBatch(observation, 1, deterministic);
  }

  /** Actions for `count` observations laid out row-major (count x observationDim). */
  actBatch(observations: Float32Array, count: number, deterministic = false): Float32Array {
    const arm = actWithPolicy(this.layout, this.shape, this.params, observations, count, this.rng, deterministic);
    const { grasp } = this;
    if (grasp === null) return arm;
    const commands = chooseGrasps(grasp.layout, grasp.shape, grasp.params, observations, count, this.rng, deterministic ? 0 : grasp.epsilon);
    return withGripper(arm, this.shape.actionDim, commands);
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
