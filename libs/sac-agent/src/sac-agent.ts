import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@rlpd/spaces';
import { actWithPolicy, chooseGrasps } from './internal/act.js';
import { Adam } from './internal/adam.js';
import { batchColumns, batchTensors } from './internal/batch-tensors.js';
import { criticLayout, type CriticShape } from './internal/critic-ensemble.js';
import { FastGradients } from './internal/fast-gradients.js';
import { GRASP_ACTIONS, graspLayout, splitGripper, withGripper, type GraspShape } from './internal/grasp-critic.js';
import type { ParamLayout } from './internal/param-layout.js';
import { Rng } from './internal/rng.js';
import { actorLossAndGrads, criticLossAndGrads, graspCriticLossAndGrads, qTargetOf, temperatureLossAndGrad } from './internal/sac-gradients.js';
import { softUpdate } from './internal/soft-update.js';
import { actorLayout, type ActorShape } from './internal/tanh-normal-policy.js';
import { decodeUint32s, encodeUint32s } from './internal/uint32-codec.js';
import { criticStepWithObservationGrad, TrainableEncoder, type EncodedBatch, type PixelEncoderOptions } from './internal/encoder-update.js';
import type { NamedTensors } from './named-tensors.js';
import { resolveSacConfig, type SacConfig } from './sac-config.js';
import type { SacMetricKey, SacMetrics } from './sac-metrics.js';
import { readScalars } from './internal/read-scalars.js';
import { assertPositiveDims } from './internal/assert-dims.js';
import { DEFAULT_AGENT_OBSERVATION_KEYS } from './agent-observation.js';

export interface SacAgentOptions {
  /** Elements of the agent's input: the sizes of `observationKeys` summed (see `agentObservationDim`). */
  readonly observationDim: number;
  /**
   * Observation keys the agent reads from batches, concatenated in this order (float32 keys;
   * other keys, such as camera frames, may be in the batch and are ignored). Default `['state']`.
   */
  readonly observationKeys?: readonly string[];
  readonly actionDim: number;
  readonly config?: Partial<SacConfig>;
  /** Seeds initialisation, update noise and action noise. Default 0. */
  readonly seed?: number;
  /**
   * The `small` encoder, trained end to end by the critic loss: batches then carry the cameras'
   * uint8 frames, and `observationKeys` name `<camera>_features` (64 each), computed per batch
   * from DrQ-shifted frames (see internal/encoder-update.ts). Omit for feature or state inputs.
   */
  readonly pixelEncoder?: PixelEncoderOptions;
}

/** The grasp critic of the learned gripper, its target, optimiser and gradient buffer. */
interface LearnedGripper {
  readonly shape: GraspShape;
  readonly layout: ParamLayout;
  readonly params: Float32Array;
  readonly targetParams: Float32Array;
  readonly adam: Adam;
  readonly grad: Float32Array;
}

/** Parameters in softplus space: softplus⁻¹(t) = log(eᵗ - 1). */
const inverseSoftplus = (t: number): number => Math.log(Math.expm1(t));

/**
 * Soft actor-critic with a critic ensemble (hil-serl / RLPD), on flat parameter vectors.
 * Call `initBackend()` first. Mutable: each update changes the agent in place and returns
 * its metrics. All tensors live inside `tf.tidy`; `dispose()` frees the variables.
 */
export class SacAgent {
  readonly config: SacConfig;
  readonly observationDim: number;
  /** Observation keys read from batches (see `SacAgentOptions.observationKeys`). */
  readonly observationKeys: readonly string[];
  /** Dimensions of every action (the gripper's included). */
  readonly actionDim: number;
  /** Dimensions the continuous policy outputs: all, or all but the gripper with a learned gripper. */
  readonly policyDim: number;
  readonly targetEntropy: number;

  private readonly criticShape: CriticShape;
  private readonly actorShape: ActorShape;
  private readonly criticLayout: ParamLayout;
  private readonly actorLayout: ParamLayout;
  // Parameters are flat Float32Arrays in JS (see ParamLayout); tensors exist only during a call.
  private readonly criticParams: Float32Array;
  private readonly targetCriticParams: Float32Array;
  private readonly actorParams: Float32Array;
  /** softplus⁻¹(α), one value. */
  private readonly temperatureParam: Float32Array;
  private readonly criticAdam: Adam;
  private readonly actorAdam: Adam;
  private readonly temperatureAdam: Adam;
  // Gradient buffers, reused by every update (fresh ~1 MB arrays per update cost GC time).
  private readonly criticGrad: Float32Array;
  private readonly actorGrad: Float32Array;
  private readonly temperatureGrad = new Float32Array(1);
  /** Set in `single-arm-learned-gripper` mode. */
  private readonly grasp: LearnedGripper | null;
  /** Noise and ensemble subsets of the updates. */
  private readonly updateRng: Rng;
  /** Exploration noise of `sampleActions`, apart so acting never shifts the update stream. */
  private readonly actRng: Rng;
  /** The end-to-end trained encoder (`pixelEncoder`), or null. */
  private readonly encoder: TrainableEncoder | null;

  static create(options: SacAgentOptions): SacAgent {
    return new SacAgent(options);
  }

  private constructor(options: SacAgentOptions) {
    const { observationDim, actionDim } = options;
    assertPositiveDims('SacAgent.create', { observationDim, actionDim });
    const c = resolveSacConfig(options.config);
    this.config = c;
    this.observationDim = observationDim;
    this.observationKeys = Object.freeze([...(options.observationKeys ?? DEFAULT_AGENT_OBSERVATION_KEYS)]);
    if (this.observationKeys.length === 0) throw new Error('SacAgent.create: observationKeys must name at least one key');
    this.actionDim = actionDim;
    const learnedGripper = c.setupMode === 'single-arm-learned-gripper';
    if (learnedGripper && actionDim < 2) throw new Error(`SacAgent.create: a learned gripper needs actionDim >= 2 (arm + gripper), got ${actionDim}`);
    const policyDim = learnedGripper ? actionDim - 1 : actionDim;
    this.policyDim = policyDim;
    this.targetEntropy = c.targetEntropy ?? -policyDim / 2;
    this.criticShape = { observationDim, actionDim: policyDim, hiddenDims: c.hiddenDims, ensembleSize: c.criticEnsembleSize, layerNorm: c.criticLayerNorm };
    this.actorShape = { observationDim, actionDim: policyDim, hiddenDims: c.hiddenDims, layerNorm: c.actorLayerNorm, stdMin: c.stdMin, stdMax: c.stdMax };
    this.criticLayout = criticLayout(this.criticShape);
    this.actorLayout = actorLayout(this.actorShape);

    const seed = options.seed ?? 0;
    const initRng = new Rng(seed);
    this.updateRng = new Rng(seed + 1);
    this.actRng = new Rng(seed + 2);
    this.criticParams = this.criticLayout.init(initRng);
    this.targetCriticParams = this.criticParams.slice();
    this.actorParams = this.actorLayout.init(initRng);
    this.temperatureParam = Float32Array.of(inverseSoftplus(c.initTemperature));
    const adam = (learningRate: number, size: number) => new Adam({ learningRate, beta1: c.adamBeta1, beta2: c.adamBeta2, epsilon: c.adamEpsilon }, size);
    this.criticAdam = adam(c.criticLr, this.criticLayout.size);
    this.actorAdam = adam(c.actorLr, this.actorLayout.size);
    this.temperatureAdam = adam(c.temperatureLr, 1);
    this.criticGrad = new Float32Array(this.criticLayout.size);
    this.actorGrad = new Float32Array(this.actorLayout.size);
    this.grasp = null;
    if (learnedGripper) {
      const shape: GraspShape = { observationDim, hiddenDims: c.graspCriticHiddenDims, layerNorm: c.criticLayerNorm };
      const layout = graspLayout(shape);
      const params = layout.init(initRng);
      this.grasp = { shape, layout, params, targetParams: params.slice(), adam: adam(c.criticLr, layout.size), grad: new Float32Array(layout.size) };
    }
    // hil-serl's encoder belongs to the critic's parameters: same learning rate.
    const encoderAdam = { learningRate: c.criticLr, beta1: c.adamBeta1, beta2: c.adamBeta2, epsilon: c.adamEpsilon };
    this.encoder = options.pixelEncoder === undefined ? null : new TrainableEncoder(options.pixelEncoder, encoderAdam, seed + 1000);
  }

  /** Critic step + target update (the extra critic steps of a high update-to-data ratio). */
  updateCritic(batch: Batch): SacMetrics {
    return this.update(batch, false);
  }

  /** Critic, actor and temperature steps from the same parameters, then the target update. */
  updateFull(batch: Batch): SacMetrics {
    return this.update(batch, true);
  }

  /**
   * The SAC update, in order. Every gradient is taken at the parameters the update started
   * from; the optimiser steps and the target update come last.
   */
  private update(batch: Batch, withActor: boolean): SacMetrics {
    const encoded = this.encoder?.encode(batch, this.observationKeys) ?? null; // DrQ shift + encoder forward passes
    try {
      return this.updateColumns(encoded?.batch ?? batch, withActor, encoded);
    } finally {
      encoded?.dispose();
    }
  }

  private updateColumns(batch: Batch, withActor: boolean, encoded: EncodedBatch | null): SacMetrics {
    const { discount, tau, backupEntropy, criticEnsembleSize, criticSubsample, graspPenalty } = this.config;
    const checked = batchColumns(batch, this.observationKeys, this.observationDim, this.actionDim); // throws before any change
    const targetNext = encoded === null ? null : batchColumns(encoded.targetBatch, this.observationKeys, this.observationDim, this.actionDim).nextObservations;
    const { grasp } = this;
    // Learned gripper: the critics and the policy see the arm dimensions, the grasp critic the gripper command.
    const gripper = grasp === null ? null : splitGripper(checked.actions, this.actionDim, graspPenalty);
    const columns = gripper === null ? checked : { ...checked, actions: gripper.arm, actionDim: this.policyDim };
    const [B, A] = [columns.size, this.policyDim];
    // Random draws first, in a fixed order, so the stream depends only on the RNG state.
    const nextNoise = this.updateRng.fillNormal(new Float32Array(B * A));
    const noise = withActor ? this.updateRng.fillNormal(new Float32Array(B * A)) : null;
    const targetMembers = criticSubsample === null ? [...Array(criticEnsembleSize).keys()] : this.updateRng.choose(criticEnsembleSize, criticSubsample);
    const { criticGrad, actorGrad, temperatureGrad } = this;
    const fg = new FastGradients(this.criticShape, this.actorShape, grasp?.shape ?? null);
    let metrics: SacMetrics;
    try {
      metrics = tf.tidy(() => {
        const b = batchTensors(columns);
        const critic = this.criticLayout.views(this.criticParams);
        const targetCritic = this.criticLayout.views(this.targetCriticParams);
        const actor = this.actorLayout.views(this.actorParams);
        const temperatureParam = tf.tensor1d(this.temperatureParam);
        const alpha = tf.softplus(temperatureParam);

        // 1. Critic: every member regresses on r + γ·mask·min of a random subset of target critics at a' ~ π(·|s').
        const targetInput = targetNext === null ? b : { ...b, targetNextObservations: tf.tensor2d(targetNext, [B, this.observationDim]) };
        const qTarget = qTargetOf(fg, { actor, targetCritic, alpha }, targetInput, tf.tensor2d(nextNoise, [B, A]), targetMembers, { discount, backupEntropy });
        let criticStep: ReturnType<typeof criticLossAndGrads>;
        if (encoded === null) criticStep = criticLossAndGrads(fg, critic, b, qTarget);
        else {
          // The critic loss trains the encoder too (the actor and the grasp critic read its features detached).
          const step = criticStepWithObservationGrad(fg, critic, this.criticShape, b, qTarget);
          encoded.backward(step.dObservations);
          criticStep = step;
        }
        this.criticLayout.read(criticStep.grads, criticGrad);
        const out: Partial<Record<SacMetricKey, tf.Tensor>> = {
          'critic/critic_loss': criticStep.loss,
          'critic/predicted_qs': criticStep.predictedQ,
          'critic/target_qs': tf.mean(qTarget),
        };

        // 1b. Grasp critic (learned gripper): double DQN on the executed gripper command, grasp_penalty per change.
        if (grasp !== null && gripper !== null) {
          const nets = { grasp: grasp.layout.views(grasp.params), targetGrasp: grasp.layout.views(grasp.targetParams) };
          const executed = tf.tensor2d(gripper.executed, [B, GRASP_ACTIONS]);
          const graspStep = graspCriticLossAndGrads(fg, nets, b, executed, tf.tensor1d(gripper.penalties), discount);
          grasp.layout.read(graspStep.grads, grasp.grad);
          out['grasp_critic/grasp_critic_loss'] = graspStep.loss;
          out['grasp_critic/predicted_grasp_qs'] = graspStep.predictedQ;
        }
        if (noise === null) return readScalars(out);

        // 2. Actor: maximise mean_e Q_e(s, a) - α·logπ(a|s), a ~ π(·|s); critics and α held fixed.
        const actorStep = actorLossAndGrads(fg, { actor, critic, alpha }, b.observations, tf.tensor2d(noise, [B, A]));
        this.actorLayout.read(actorStep.grads, actorGrad);

        // 3. Temperature: α = softplus(param) rises while the entropy is below its target, falls above.
        const temperatureStep = temperatureLossAndGrad(temperatureParam, actorStep.entropy, this.targetEntropy);
        temperatureGrad.set(temperatureStep.grad.dataSync());
        return readScalars({
          ...out,
          'actor/actor_loss': actorStep.loss,
          'actor/temperature': alpha,
          'actor/entropy': actorStep.entropy,
          'temperature/temperature_loss': temperatureStep.loss,
        });
      });
    } finally {
      fg.dispose();
    }

    // 4. Optimiser steps, all from gradients at the same parameters.
    this.criticAdam.apply(this.criticParams, criticGrad);
    this.encoder?.step(tau); // Adam, then its target's Polyak update
    if (grasp !== null) grasp.adam.apply(grasp.params, grasp.grad);
    if (withActor) {
      this.actorAdam.apply(this.actorParams, actorGrad);
      this.temperatureAdam.apply(this.temperatureParam, temperatureGrad);
    }
    // 5. Polyak update of the target critics (tau), after every critic step.
    softUpdate(this.targetCriticParams, this.criticParams, tau);
    if (grasp !== null) softUpdate(grasp.targetParams, grasp.params, tau);
    return { ...metrics, 'critic/rewards': mean(columns.rewards) };
  }

  /** An action for one observation: tanh(mean) if deterministic, else a seeded sample. */
  sampleActions(observation: Float32Array, deterministic = false): Float32Array {
    return this.sampleActionsBatch(observation, 1, deterministic);
  }

  /** Actions for `count` observations laid out row-major (count x observationDim). */
  sampleActionsBatch(observations: Float32Array, count: number, deterministic = false): Float32Array {
    const arm = actWithPolicy(this.actorLayout, this.actorShape, this.actorParams, observations, count, this.actRng, deterministic);
    const { grasp } = this;
    if (grasp === null) return arm;
    // Learned gripper: the greedy command of the grasp critic (the actor's Policy explores epsilon-greedily).
    const commands = chooseGrasps(grasp.layout, grasp.shape, grasp.params, observations, count, this.actRng, 0);
    return withGripper(arm, this.policyDim, commands);
  }

  /** What a `Policy` loads: the actor's parameters (`actor/…`), and the grasp critic's (`grasp_critic/…`) with a learned gripper. */
  exportPolicy(): NamedTensors {
    const actor = { ...this.actorLayout.toNamed('actor', this.actorParams), ...this.encoder?.exportPolicy() };
    return this.grasp === null ? actor : { ...actor, ...this.grasp.layout.toNamed('grasp_critic', this.grasp.params) };
  }

  /** Everything needed to continue training bit for bit: parameters, target, optimisers, RNGs. */
  exportState(): NamedTensors {
    return {
      ...this.exportPolicy(),
      ...this.criticLayout.toNamed('critic', this.criticParams),
      ...this.criticLayout.toNamed('target_critic', this.targetCriticParams),
      'temperature/param': { shape: [1], data: this.temperatureParam.slice() },
      ...this.criticAdam.exportState('optimizer/critic'),
      ...this.actorAdam.exportState('optimizer/actor'),
      ...this.temperatureAdam.exportState('optimizer/temperature'),
      'rng/update': encodeUint32s(this.updateRng.getState()),
      'rng/act': encodeUint32s(this.actRng.getState()),
      ...(this.grasp === null
        ? {}
        : { ...this.grasp.layout.toNamed('target_grasp_critic', this.grasp.targetParams), ...this.grasp.adam.exportState('optimizer/grasp_critic') }),
      ...this.encoder?.exportState(),
    };
  }

  /** Restores `exportState()` output; every tensor must be present with its shape (checked before any change). */
  importState(t: NamedTensors): void {
    const temperature = t['temperature/param'];
    if (temperature === undefined || temperature.data.length !== 1) {
      throw new Error(`tensor 'temperature/param': expected shape [1], got ${temperature ? `[${temperature.shape}]` : 'nothing'}`);
    }
    const actor = this.actorLayout.fromNamed('actor', t);
    const critic = this.criticLayout.fromNamed('critic', t);
    const target = this.criticLayout.fromNamed('target_critic', t);
    const updateRng = decodeUint32s('rng/update', t['rng/update'], 4);
    const actRng = decodeUint32s('rng/act', t['rng/act'], 4);
    const { grasp } = this;
    const graspParams = grasp === null ? null : grasp.layout.fromNamed('grasp_critic', t);
    const graspTarget = grasp === null ? null : grasp.layout.fromNamed('target_grasp_critic', t);
    const optimizers: [Adam, string][] = [
      [this.criticAdam, 'optimizer/critic'],
      [this.actorAdam, 'optimizer/actor'],
      [this.temperatureAdam, 'optimizer/temperature'],
    ];
    if (grasp !== null) optimizers.push([grasp.adam, 'optimizer/grasp_critic']);
    const applyEncoder = this.encoder?.prepareImport(t); // validates the encoder's tensors first
    // Validate the optimiser states on throwaway copies first, so a bad file changes nothing.
    for (const [adam, prefix] of optimizers) new Adam({ learningRate: 1, beta1: 0, beta2: 0, epsilon: 1 }, adam.size).importState(prefix, t);
    for (const [adam, prefix] of optimizers) adam.importState(prefix, t);
    this.actorParams.set(actor);
    this.criticParams.set(critic);
    this.targetCriticParams.set(target);
    if (grasp !== null && graspParams !== null && graspTarget !== null) {
      grasp.params.set(graspParams);
      grasp.targetParams.set(graspTarget);
    }
    this.temperatureParam.set(temperature.data);
    this.updateRng.setState(updateRng);
    this.actRng.setState(actRng);
    applyEncoder?.();
  }

  /** Nothing to free: parameters live in JS and every tensor is released after each call. */
  dispose(): void {}
}

function mean(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length > 0 ? sum / values.length : 0;
}
