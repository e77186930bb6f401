import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@rlpd/spaces';
import { actWithPolicy } from './internal/act.js';
import { FlatAdam } from './internal/adam.js';
import { batchTensors } from './internal/batch-tensors.js';
import { criticEnsemble, criticLayout, type CriticShape } from './internal/critic-ensemble.js';
import type { ParamLayout } from './internal/param-layout.js';
import { Rng } from './internal/rng.js';
import { actorLoss, criticLoss, meanOverEnsemble, minOverEnsemble, tdTarget, temperatureLoss } from './internal/sac-losses.js';
import { softUpdate } from './internal/soft-update.js';
import { actorLayout, policyGaussian, sampleTanhNormal, type ActorShape } from './internal/tanh-normal-policy.js';
import { decodeUint32s, encodeUint32s } from './internal/uint32-codec.js';
import type { NamedTensors } from './named-tensors.js';
import { resolveSacConfig, type SacConfig } from './sac-config.js';
import type { SacMetricKey, SacMetrics } from './sac-metrics.js';

export interface SacAgentOptions {
  readonly observationDim: number;
  readonly actionDim: number;
  readonly config?: Partial<SacConfig>;
  /** Seeds initialisation, update noise and action noise. Default 0. */
  readonly seed?: number;
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
  readonly actionDim: number;
  readonly targetEntropy: number;

  private readonly criticShape: CriticShape;
  private readonly actorShape: ActorShape;
  private readonly criticLayout: ParamLayout;
  private readonly actorLayout: ParamLayout;
  private readonly criticParams: tf.Variable;
  private readonly targetCriticParams: tf.Variable;
  private readonly actorParams: tf.Variable;
  private readonly temperatureParam: tf.Variable;
  private readonly criticAdam: FlatAdam;
  private readonly actorAdam: FlatAdam;
  private readonly temperatureAdam: FlatAdam;
  /** Noise and ensemble subsets of the updates. */
  private readonly updateRng: Rng;
  /** Exploration noise of `sampleActions`, apart so acting never shifts the update stream. */
  private readonly actRng: Rng;

  static create(options: SacAgentOptions): SacAgent {
    return new SacAgent(options);
  }

  private constructor(options: SacAgentOptions) {
    const { observationDim, actionDim } = options;
    for (const [name, v] of Object.entries({ observationDim, actionDim })) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`SacAgent.create: ${name} must be a positive integer, got ${v}`);
    }
    const c = resolveSacConfig(options.config);
    this.config = c;
    this.observationDim = observationDim;
    this.actionDim = actionDim;
    this.targetEntropy = c.targetEntropy ?? -actionDim / 2;
    this.criticShape = { observationDim, actionDim, hiddenDims: c.hiddenDims, ensembleSize: c.criticEnsembleSize, layerNorm: c.criticLayerNorm };
    this.actorShape = { observationDim, actionDim, hiddenDims: c.hiddenDims, layerNorm: c.actorLayerNorm, stdMin: c.stdMin, stdMax: c.stdMax };
    this.criticLayout = criticLayout(this.criticShape);
    this.actorLayout = actorLayout(this.actorShape);

    const seed = options.seed ?? 0;
    const initRng = new Rng(seed);
    this.updateRng = new Rng(seed + 1);
    this.actRng = new Rng(seed + 2);
    const criticInit = this.criticLayout.init(initRng);
    this.criticParams = tf.tidy(() => tf.variable(tf.tensor1d(criticInit), false));
    this.targetCriticParams = tf.tidy(() => tf.variable(tf.tensor1d(criticInit), false));
    this.actorParams = tf.tidy(() => tf.variable(tf.tensor1d(this.actorLayout.init(initRng)), false));
    this.temperatureParam = tf.tidy(() => tf.variable(tf.tensor1d([inverseSoftplus(c.initTemperature)]), false));
    const adam = (learningRate: number, size: number) =>
      new FlatAdam({ learningRate, beta1: c.adamBeta1, beta2: c.adamBeta2, epsilon: c.adamEpsilon }, size);
    this.criticAdam = adam(c.criticLr, this.criticLayout.size);
    this.actorAdam = adam(c.actorLr, this.actorLayout.size);
    this.temperatureAdam = adam(c.temperatureLr, 1);
  }

  /** Critic step + target update (the extra critic steps of a high update-to-data ratio). */
  updateCritic(batch: Batch): SacMetrics {
    return this.update(batch, false);
  }

  /** Critic, actor and temperature steps from the same parameters, then the target update. */
  updateFull(batch: Batch): SacMetrics {
    return this.update(batch, true);
  }

  private update(batch: Batch, withActor: boolean): SacMetrics {
    const { discount, tau, backupEntropy, criticEnsembleSize, criticSubsample } = this.config;
    const B = batch.size;
    const A = this.actionDim;
    // Random draws first, in a fixed order, so the stream depends only on the RNG state.
    const nextNoise = this.updateRng.fillNormal(new Float32Array(B * A));
    const noise = withActor ? this.updateRng.fillNormal(new Float32Array(B * A)) : null;
    const targetMembers = criticSubsample === null
      ? [...Array(criticEnsembleSize).keys()]
      : this.updateRng.choose(criticEnsembleSize, criticSubsample);
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => (kept.push(tf.keep(t)), t);
    try {
      return tf.tidy(() => {
        const { observations, actions, rewards, masks, nextObservations } = batchTensors(batch, this.observationDim, A);
        const criticViews = this.criticLayout.split(this.criticParams);
        const critic = this.criticLayout.named(criticViews);
        const targetCritic = this.criticLayout.named(this.criticLayout.split(this.targetCriticParams));
        const actorViews = this.actorLayout.split(this.actorParams);
        const actor = this.actorLayout.named(actorViews);
        const alpha = tf.softplus(this.temperatureParam);
        const metrics: Partial<Record<SacMetricKey, tf.Tensor>> = {};

        // 1. Critic. TD target from the target ensemble at a' ~ π(·|s') (no gradient).
        const next = policyGaussian(actor, this.actorShape, nextObservations);
        const { actions: nextActions, logPi: nextLogPi } = sampleTanhNormal(next.mean, next.std, tf.tensor2d(nextNoise, [B, A]));
        let nextQ = minOverEnsemble(criticEnsemble(targetCritic, this.criticShape, nextObservations, nextActions, targetMembers));
        if (backupEntropy) nextQ = tf.sub(nextQ, tf.mul(alpha, nextLogPi));
        const qTarget = tdTarget(rewards, masks, nextQ, discount);
        const criticStep = tf.valueAndGrads((...views: tf.Tensor[]) => {
          const qs = criticEnsemble(this.criticLayout.named(views), this.criticShape, observations, actions);
          metrics['critic/predicted_qs'] = keep(tf.mean(tf.stack(qs)));
          return criticLoss(qs, qTarget);
        })(criticViews);
        Object.assign(metrics, {
          'critic/critic_loss': criticStep.value,
          'critic/target_qs': tf.mean(qTarget),
          'critic/rewards': tf.mean(rewards),
        });

        if (noise !== null) {
          // 2. Actor: minimise α·logπ(a|s) - mean_e Q_e(s, a), a ~ π(·|s); critic and α fixed.
          let logPiMean: tf.Tensor | null = null;
          const actorStep = tf.valueAndGrads((...views: tf.Tensor[]) => {
            const g = policyGaussian(this.actorLayout.named(views), this.actorShape, observations);
            const { actions: piActions, logPi } = sampleTanhNormal(g.mean, g.std, tf.tensor2d(noise, [B, A]));
            logPiMean = keep(tf.mean(logPi));
            const qMean = meanOverEnsemble(criticEnsemble(critic, this.criticShape, observations, piActions));
            return actorLoss(alpha, logPi, qMean);
          })(actorViews);
          if (logPiMean === null) throw new Error('unreachable: actor loss did not run');
          const entropy = tf.neg(logPiMean);

          // 3. Temperature: Lagrange multiplier α = softplus(param) for the constraint H >= H̄.
          const temperatureStep = tf.valueAndGrads((param: tf.Tensor) =>
            temperatureLoss(tf.softplus(param), entropy, this.targetEntropy),
          )([this.temperatureParam]);

          this.actorAdam.apply(this.actorParams, this.actorLayout.concat(actorStep.grads));
          this.temperatureAdam.apply(this.temperatureParam, temperatureStep.grads[0]);
          Object.assign(metrics, {
            'actor/actor_loss': actorStep.value,
            'actor/temperature': alpha,
            'actor/entropy': entropy,
            'temperature/temperature_loss': temperatureStep.value,
          });
        }

        // 4. Critic step, then the Polyak update of the target critic (tau).
        this.criticAdam.apply(this.criticParams, this.criticLayout.concat(criticStep.grads));
        softUpdate(this.targetCriticParams, this.criticParams, tau);
        return readScalars(metrics);
      });
    } finally {
      for (const t of kept) t.dispose();
    }
  }

  /** An action for one observation: tanh(mean) if deterministic, else a seeded sample. */
  sampleActions(observation: Float32Array, deterministic = false): Float32Array {
    return this.sampleActionsBatch(observation, 1, deterministic);
  }

  /** Actions for `count` observations laid out row-major (count x observationDim). */
  sampleActionsBatch(observations: Float32Array, count: number, deterministic = false): Float32Array {
    return actWithPolicy(this.actorLayout, this.actorShape, this.actorParams, observations, count, this.actRng, deterministic);
  }

  /** The actor's parameters (`actor/…`), what a `Policy` loads. */
  exportPolicy(): NamedTensors {
    return this.actorLayout.toNamed('actor', this.actorParams.dataSync<'float32'>().slice());
  }

  /** Everything needed to continue training bit for bit: parameters, target, optimisers, RNGs. */
  exportState(): NamedTensors {
    return {
      ...this.exportPolicy(),
      ...this.criticLayout.toNamed('critic', this.criticParams.dataSync<'float32'>()),
      ...this.criticLayout.toNamed('target_critic', this.targetCriticParams.dataSync<'float32'>()),
      'temperature/param': { shape: [1], data: this.temperatureParam.dataSync<'float32'>().slice() },
      ...this.criticAdam.exportState('optimizer/critic'),
      ...this.actorAdam.exportState('optimizer/actor'),
      ...this.temperatureAdam.exportState('optimizer/temperature'),
      'rng/update': encodeUint32s(this.updateRng.getState()),
      'rng/act': encodeUint32s(this.actRng.getState()),
    };
  }

  /** Restores `exportState()` output; every tensor must be present with its shape. */
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
    this.criticAdam.importState('optimizer/critic', t);
    this.actorAdam.importState('optimizer/actor', t);
    this.temperatureAdam.importState('optimizer/temperature', t);
    tf.tidy(() => {
      this.actorParams.assign(tf.tensor1d(actor));
      this.criticParams.assign(tf.tensor1d(critic));
      this.targetCriticParams.assign(tf.tensor1d(target));
      this.temperatureParam.assign(tf.tensor1d(temperature.data));
    });
    this.updateRng.setState(updateRng);
    this.actRng.setState(actRng);
  }

  dispose(): void {
    for (const v of [this.criticParams, this.targetCriticParams, this.actorParams, this.temperatureParam]) v.dispose();
    this.criticAdam.dispose();
    this.actorAdam.dispose();
    this.temperatureAdam.dispose();
  }
}

/** One device read for all scalar metrics. */
function readScalars(metrics: Partial<Record<SacMetricKey, tf.Tensor>>): SacMetrics {
  const keys = Object.keys(metrics) as SacMetricKey[];
  const values = tf.stack(keys.map((k) => tf.reshape(metrics[k] as tf.Tensor, []))).dataSync();
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}
