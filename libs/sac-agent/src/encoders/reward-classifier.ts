import type { NamedTensors } from '../named-tensors.js';
import { Rng } from '../internal/rng.js';
import { featureKey, type FrameEncoder } from './frame-encoder.js';

/** Safetensors metadata of a classifier file: the encoder whose features it reads. */
export const REWARD_CLASSIFIER_METADATA = { encoder: 'encoder', digest: 'encoder_weights_sha256', cameras: 'cameras' } as const;

export interface RewardClassifierTraining {
  readonly epochs?: number;
  readonly learningRate?: number;
  /** L2 penalty on the weights. */
  readonly l2?: number;
  readonly seed?: number;
}

/** Accuracy, precision and recall of `predicted` (p > 0.5) against labels (1 = success). */
export interface ClassifierScores {
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly count: number;
}

/**
 * A binary success classifier on frozen encoder features (hil-serl trains one on its
 * pretrained ResNet's features): logistic regression on the concatenated, standardised
 * features of every camera, p(success) = σ(w · (x - μ) / σ + b).
 */
export class RewardClassifier {
  private constructor(
    readonly dim: number,
    private readonly weights: Float32Array,
    private readonly bias: number,
    private readonly mean: Float32Array,
    private readonly std: Float32Array,
  ) {}

  /** Fits on `count` rows of `features` (count x dim) with `labels` (1 success, 0 failure): full-batch Adam on the log loss. */
  static train(features: Float32Array, labels: Uint8Array, dim: number, options: RewardClassifierTraining = {}): RewardClassifier {
    const count = labels.length;
    if (count === 0 || features.length !== count * dim) throw new Error(`RewardClassifier.train: expected ${count} x ${dim} features, got ${features.length}`);
    const positives = labels.reduce((n, l) => n + l, 0);
    if (positives === 0 || positives === count)
      throw new Error(`RewardClassifier.train: need success and failure examples, got ${positives} successes of ${count}`);
    const mean = new Float32Array(dim);
    const std = new Float32Array(dim);
    for (let r = 0; r < count; r++) for (let j = 0; j < dim; j++) mean[j] += features[r * dim + j] / count;
    for (let r = 0; r < count; r++) for (let j = 0; j < dim; j++) std[j] += (features[r * dim + j] - mean[j]) ** 2 / count;
    for (let j = 0; j < dim; j++) std[j] = Math.max(Math.sqrt(std[j]), 1e-6);
    const x = features.map((v, i) => (v - mean[i % dim]) / std[i % dim]);
    const { epochs = 500, learningRate = 0.05, l2 = 1e-3, seed = 0 } = options;
    const rng = new Rng(seed);
    const w = Float32Array.from({ length: dim + 1 }, () => 0.01 * (2 * rng.uniform() - 1)); // last: bias
    const m = new Float64Array(dim + 1);
    const v = new Float64Array(dim + 1);
    const grad = new Float64Array(dim + 1);
    // Balance the classes: each class weighs half of the loss.
    const weightOf = [0.5 / (count - positives), 0.5 / positives];
    for (let t = 1; t <= epochs; t++) {
      grad.fill(0);
      for (let r = 0; r < count; r++) {
        let z = w[dim];
        for (let j = 0; j < dim; j++) z += w[j] * x[r * dim + j];
        const err = (sigmoid(z) - labels[r]) * weightOf[labels[r]];
        for (let j = 0; j < dim; j++) grad[j] += err * x[r * dim + j];
        grad[dim] += err;
      }
      for (let j = 0; j <= dim; j++) {
        const g = grad[j] + (j < dim ? l2 * w[j] : 0);
        m[j] = 0.9 * m[j] + 0.1 * g;
        v[j] = 0.999 * v[j] + 0.001 * g * g;
        w[j] -= (learningRate * (m[j] / (1 - 0.9 ** t))) / (Math.sqrt(v[j] / (1 - 0.999 ** t)) + 1e-8);
      }
    }
    return new RewardClassifier(dim, w.slice(0, dim), w[dim], mean, std);
  }

  /** p(success) of one feature row. */
  probability(features: Float32Array, offset = 0): number {
    let z = this.bias;
    for (let j = 0; j < this.dim; j++) z += (this.weights[j] * (features[offset + j] - this.mean[j])) / this.std[j];
    return sigmoid(z);
  }

  /** Scores on `count` labelled rows. */
  score(features: Float32Array, labels: Uint8Array): ClassifierScores {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let correct = 0;
    labels.forEach((label, r) => {
      const predicted = this.probability(features, r * this.dim) > 0.5 ? 1 : 0;
      if (predicted === label) correct++;
      if (predicted === 1 && label === 1) tp++;
      if (predicted === 1 && label === 0) fp++;
      if (predicted === 0 && label === 1) fn++;
    });
    return { accuracy: correct / labels.length, precision: tp + fp > 0 ? tp / (tp + fp) : 0, recall: tp + fn > 0 ? tp / (tp + fn) : 0, count: labels.length };
  }

  toNamed(): NamedTensors {
    return {
      'classifier/kernel': { shape: [this.dim], data: this.weights.slice() },
      'classifier/bias': { shape: [1], data: Float32Array.of(this.bias) },
      'classifier/feature_mean': { shape: [this.dim], data: this.mean.slice() },
      'classifier/feature_std': { shape: [this.dim], data: this.std.slice() },
    };
  }

  static fromNamed(t: NamedTensors): RewardClassifier {
    const get = (name: string) => {
      const value = t[`classifier/${name}`];
      if (value === undefined) throw new Error(`reward classifier: tensor 'classifier/${name}' is missing`);
      return value.data;
    };
    const weights = get('kernel');
    const mean = get('feature_mean');
    const std = get('feature_std');
    if (mean.length !== weights.length || std.length !== weights.length)
      throw new Error(`reward classifier: kernel, feature_mean and feature_std differ in length (${weights.length}, ${mean.length}, ${std.length})`);
    return new RewardClassifier(weights.length, weights, get('bias')[0], mean, std);
  }
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The classifier's input for one observation: every camera's features of its unshifted frame, concatenated. */
export function classifierFeatures(encoder: FrameEncoder, observation: Readonly<Record<string, unknown>>): Float32Array {
  const out = new Float32Array(encoder.cameras.length * encoder.featureDim);
  encoder.cameras.forEach((camera, i) => {
    const frame = observation[camera];
    if (!(frame instanceof Uint8Array))
      throw new Error(`reward classifier: observation.${camera} must be a Uint8Array frame (${featureKey(camera)} comes from it)`);
    out.set(encoder.encode(camera, frame, 1), i * encoder.featureDim);
  });
  return out;
}

/** The same for `count` frames per camera at once (frames[camera]: count x H x W x 3 bytes). */
export function classifierFeaturesBatch(encoder: FrameEncoder, frames: Readonly<Record<string, Uint8Array>>, count: number): Float32Array {
  const width = encoder.cameras.length * encoder.featureDim;
  const out = new Float32Array(count * width);
  encoder.cameras.forEach((camera, i) => {
    const batch = frames[camera];
    if (batch === undefined) throw new Error(`reward classifier: no frames for camera '${camera}'`);
    const f = encoder.encode(camera, batch, count);
    for (let r = 0; r < count; r++) out.set(f.subarray(r * encoder.featureDim, (r + 1) * encoder.featureDim), r * width + i * encoder.featureDim);
  });
  return out;
}
