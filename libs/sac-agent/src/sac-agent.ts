import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@rlpd/spaces';
import { actWithPolicy } from './internal/act.js';
import { Adam } from './internal/adam.js';
import { batchColumns, batchTensors } from './internal/batch-tensors.js';
import { disposeConstants, makeConstants, Transposes } from './internal/backprop.js';
import { criticBackward, criticForward, criticLayout, type CriticShape } from './internal/critic-ensemble.js';
import type { ParamLayout } from './internal/param-layout.js';
import { Rng } from './internal/rng.js';
import { actorLoss, criticLoss, meanOverEnsemble, minOverEnsemble, tdTarget, temperatureLoss } from './internal/sac-losses.js';
import { softUpdate } from './internal/soft-update.js';
import { actorLayout, policyBackward, policyForward, type ActorShape } from './internal/tanh-normal-policy.js';
import { decodeUint32s, encodeUint32s } from './internal/uint32-codec.js';
import type { NamedTensors } from './named-tensors.js';
import { resolveSacConfig, type SacConfig } from './sac-config.js';
import type { SacMetricKey, SacMetrics } from './sac-metrics.js';
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
  readonly actionDim: number;
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
  /** Noise and ensemble subsets of the updates. */
  private readonly updateRng: Rng;
  /** Exploration noise of `sampleActions`, apart so acting never shifts the update stream. */
  private readonly actRng: Rng;

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
    this.targetEntropy = c.targetEntropy ?? -actionDim / 2;
    this.criticShape = { observationDim, actionDim, hiddenDims: c.hiddenDims, ensembleSize: c.criticEnsembleSize, layerNorm: c.criticLayerNorm };
    this.actorShape = { observationDim, actionDim, hiddenDims: c.hiddenDims, layerNorm: c.actorLayerNorm, stdMin: c.stdMin, stdMax: c.stdMax };
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
    const adam = (learningRate: number, size: number) =>
      new Adam({ learningRate, beta1: c.adamBeta1, beta2: c.adamBeta2, epsilon: c.adamEpsilon }, size);
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
    const columns = batchColumns(batch, this.observationKeys, this.observationDim, this.actionDim); // throws before any change
    const B = columns.size;
    const A = this.actionDim;
    // Random draws first, in a fixed order, so the stream depends only on the RNG state.
    const nextNoise = this.updateRng.fillNormal(new Float32Array(B * A));
    const noise = withActor ? this.updateRng.fillNormal(new Float32Array(B * A)) : null;
    const targetMembers = criticSubsample === null
      ? [...Array(criticEnsembleSize).keys()]
      : this.updateRng.choose(criticEnsembleSize, criticSubsample);
    const criticGrad = new Float32Array(this.criticLayout.size);
    const actorGrad = new Float32Array(this.actorLayout.size);
    const temperatureGrad = new Float32Array(1);
    const transposes = new Transposes();
    const k = makeConstants();
    let metrics: SacMetrics;
    try {
      metrics = tf.tidy(() => {
        const { observations, actions, rewards, masks, nextObservations } = batchTensors(columns);
        const critic = this.criticLayout.named(this.criticLayout.tensors(this.criticParams));
        const targetCritic = this.criticLayout.named(this.criticLayout.tensors(this.targetCriticParams));
        const actor = this.actorLayout.named(this.actorLayout.tensors(this.actorParams));
        const temperatureParam = tf.tensor1d(this.temperatureParam);
        const alpha = tf.softplus(temperatureParam);
        const out: Partial<Record<SacMetricKey, tf.Tensor>> = {};
        // Gradients are chained by hand (internal/backprop.ts): no tape, only the gradients we read.

        // 1. Critic. TD target from the target ensemble at a' ~ π(·|s'), no gradient.
        const qTarget = tf.tidy(() => {
          const next = policyForward(actor, this.actorShape, nextObservations, tf.tensor2d(nextNoise, [B, A]), k);
          const targetQs = criticForward(targetCritic, this.criticShape, nextObservations, next.actions, k, targetMembers).qs;
          let nextQ = minOverEnsemble(targetQs);
          if (backupEntropy) nextQ = tf.sub(nextQ, tf.mul(alpha, next.logPi));
          return tdTarget(rewards, masks, nextQ, discount);
        });
        Object.assign(out, tf.tidy(() => {
          const input = tf.tensor2d(concatColumns(columns.observations, this.observationDim, columns.actions, A), [B, this.observationDim + A]);
          const trace = criticForward(critic, this.criticShape, observations, actions, k, undefined, input);
          const qs = trace.qs;
          // loss = (1/E) Σ_e mean_b (q_e - qTarget)²  →  dq_e = (q_e - qTarget) · 2/(B·E)
          const dqScale = tf.scalar(2 / (B * qs.length));
          const dqs = qs.map((q) => tf.mul(tf.sub(q, qTarget), dqScale));
          this.criticLayout.read(criticBackward(trace, this.criticShape, dqs, k, transposes, { paramGrads: true, actionGrad: false }).grads, criticGrad);
          return {
            'critic/predicted_qs': tf.mean(tf.stack(qs)),
            'critic/critic_loss': criticLoss(qs, qTarget),
            'critic/target_qs': tf.mean(qTarget),
          };
        }));

        if (noise !== null) {
          // 2. Actor: minimise α·logπ(a|s) - mean_e Q_e(s, a), a ~ π(·|s); critic and α held fixed.
          const { actorLoss: loss, logPiMean } = tf.tidy(() => {
            const pi = policyForward(actor, this.actorShape, observations, tf.tensor2d(noise, [B, A]), k);
            const trace = criticForward(critic, this.criticShape, observations, pi.actions, k);
            const members = trace.qs.length;
            // dL/dq_e = -1/(B·E) for every row; dL/dlogπ = α/B.
            const dq = tf.fill([B], -1 / (B * members));
            const { dActions } = criticBackward(trace, this.criticShape, trace.qs.map(() => dq), k, transposes, { paramGrads: false, actionGrad: true });
            if (dActions === null) throw new Error('unreachable: no action gradient');
            this.actorLayout.read(policyBackward(actor, this.actorShape, pi, dActions, tf.div(alpha, B), k, transposes), actorGrad);
            return { actorLoss: actorLoss(alpha, pi.logPi, meanOverEnsemble(trace.qs)), logPiMean: tf.mean(pi.logPi) };
          });
          const entropy = tf.neg(logPiMean);

          // 3. Temperature: α = softplus(param), a Lagrange multiplier for the constraint H >= H̄.
          const temperatureStep = tf.valueAndGrads((param: tf.Tensor) =>
            temperatureLoss(tf.softplus(param), entropy, this.targetEntropy),
          )([temperatureParam]);
          temperatureGrad.set(temperatureStep.grads[0].dataSync());
          Object.assign(out, {
            'actor/actor_loss': loss,
            'actor/temperature': alpha,
            'actor/entropy': entropy,
            'temperature/temperature_loss': temperatureStep.value,
          });
        }
        return readScalars(out);
      });
    } finally {
      transposes.dispose();
      disposeConstants(k);
    }

    // 4. Optimiser steps (all gradients came from the same parameters), then the Polyak
    // update of the target critic (tau) after every critic step.
    this.criticAdam.apply(this.criticParams, criticGrad);
    if (withActor) {
      this.actorAdam.apply(this.actorParams, actorGrad);
      this.temperatureAdam.apply(this.temperatureParam, temperatureGrad);
    }
    softUpdate(this.targetCriticParams, this.criticParams, tau);
    return { ...metrics, 'critic/rewards': mean(columns.rewards) };
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
    return this.actorLayout.toNamed('actor', this.actorParams);
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
    const optimizers = [
      [this.criticAdam, 'optimizer/critic'],
      [this.actorAdam, 'optimizer/actor'],
      [this.temperatureAdam, 'optimizer/temperature'],
    ] as const;
    // Validate the optimiser states on throwaway copies first, so a bad file changes nothing.
    for (const [adam, prefix] of optimizers) new Adam({ learningRate: 1, beta1: 0, beta2: 0, epsilon: 1 }, adam.size).importState(prefix, t);
    for (const [adam, prefix] of optimizers) adam.importState(prefix, t);
    this.actorParams.set(actor);
    this.criticParams.set(critic);
    this.targetCriticParams.set(target);
    this.temperatureParam.set(temperature.data);
    this.updateRng.setState(updateRng);
    this.actRng.setState(actRng);
  }

  /** Nothing to free: parameters live in JS and every tensor is released after each call. */
  dispose(): void {}
}

/** Row-wise concatenation of two row-major matrices with the same number of rows. */
function concatColumns(a: Float32Array, aWidth: number, b: Float32Array, bWidth: number): Float32Array {
  const rows = a.length / aWidth;
  const out = new Float32Array(rows * (aWidth + bWidth));
  for (let r = 0; r < rows; r++) {
    out.set(a.subarray(r * aWidth, (r + 1) * aWidth), r * (aWidth + bWidth));
    out.set(b.subarray(r * bWidth, (r + 1) * bWidth), r * (aWidth + bWidth) + aWidth);
  }
  return out;
}

function mean(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length > 0 ? sum / values.length : 0;
}

/** One device read for all scalar metrics. */
function readScalars(metrics: Partial<Record<SacMetricKey, tf.Tensor>>): SacMetrics {
  const keys = Object.keys(metrics) as SacMetricKey[];
  const values = tf.stack(keys.map((k) => tf.reshape(metrics[k] as tf.Tensor, []))).dataSync();
  return Object.fromEntries(keys.map((k, i) => [k, values[i]]));
}
