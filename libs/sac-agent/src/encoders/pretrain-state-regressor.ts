import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensors } from '../named-tensors.js';
import { Rng } from '../internal/rng.js';
import { registerEncoderKernels } from './conv-gradients.js';
import { shiftCrop } from './shift-crop.js';
import { SMALL_CONV_NET, initSmallConvNet, smallConvNetForward } from './small-conv-net.js';

/** Images at the net's pooled resolution (64x64) with the quantities they should predict. */
export interface StateRegressionData {
  readonly cameras: readonly string[];
  /** Per camera: count x 64 x 64 x 3 bytes, 2x2-averaged from the 128x128 renders (`poolFrame`). */
  readonly frames: Readonly<Record<string, Uint8Array>>;
  /** count x targetDim, row-major. */
  readonly targets: Float32Array;
  readonly count: number;
  readonly targetDim: number;
}

export interface PretrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  /** Called after every batch (for a progress bar). */
  readonly onBatch?: (done: number, total: number, loss: number) => void;
}

/** Pooled side of the net's input. */
export const POOLED_SIZE = SMALL_CONV_NET.inputSize / SMALL_CONV_NET.pool;
/** DrQ's 4-pixel shift at full resolution is 2 pixels at the pooled one. */
const POOLED_SHIFT_PAD = 2;

/** 2x2 average of a square RGB frame (rounded), what the net's first stage computes. */
export function poolFrame(frame: Uint8Array, size: number, out: Uint8Array, outOffset = 0): void {
  const half = size / 2;
  for (let y = 0; y < half; y++) {
    for (let x = 0; x < half; x++) {
      for (let c = 0; c < 3; c++) {
        const a = (2 * y * size + 2 * x) * 3 + c;
        const sum = frame[a] + frame[a + 3] + frame[a + size * 3] + frame[a + size * 3 + 3];
        out[outOffset + (y * half + x) * 3 + c] = (sum + 2) >> 2;
      }
    }
  }
}

function pooledInput(data: StateRegressionData, camera: string, rows: readonly number[], shifts: readonly number[] | null): tf.Tensor4D {
  const frameBytes = POOLED_SIZE * POOLED_SIZE * 3;
  const bytes = new Uint8Array(rows.length * frameBytes);
  const src = data.frames[camera];
  rows.forEach((row, i) => {
    const frame = src.subarray(row * frameBytes, (row + 1) * frameBytes);
    if (shifts === null) bytes.set(frame, i * frameBytes);
    else shiftCrop(frame, POOLED_SIZE, POOLED_SIZE, shifts[2 * i], shifts[2 * i + 1], bytes, i * frameBytes, POOLED_SHIFT_PAD);
  });
  return tf.tidy(
    () => tf.sub(tf.mul(tf.cast(tf.tensor4d(bytes, [rows.length, POOLED_SIZE, POOLED_SIZE, 3], 'int32'), 'float32'), 1 / 255), 0.5) as tf.Tensor4D,
  );
}

function columnStats(values: Float32Array, rows: number, width: number): { mean: Float32Array; std: Float32Array } {
  const mean = new Float32Array(width);
  const std = new Float32Array(width);
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) mean[c] += values[r * width + c] / rows;
  for (let r = 0; r < rows; r++) for (let c = 0; c < width; c++) std[c] += (values[r * width + c] - mean[c]) ** 2 / rows;
  for (let c = 0; c < width; c++) std[c] = Math.max(Math.sqrt(std[c]), 1e-6);
  return { mean, std };
}

/** Concatenated camera features → linear head → standardised targets. */
function predict(params: Readonly<Record<string, tf.Tensor>>, cameras: readonly string[], inputs: readonly tf.Tensor4D[]): tf.Tensor2D {
  const features = tf.concat(
    cameras.map((camera, i) => smallConvNetForward(params, camera, inputs[i])),
    1,
  );
  return tf.add(tf.matMul(features, params['head/kernel'] as tf.Tensor2D), params['head/bias']) as tf.Tensor2D;
}

/**
 * Trains one `SMALL_CONV_NET` per camera plus a linear head to regress standardised targets
 * (MSE, Adam), with DrQ's random shift on every training image. Returns the encoder weights
 * (`<camera>/…`), the head (`head/kernel`, `head/bias`) and the target statistics
 * (`head/target_mean`, `head/target_std`).
 */
export function pretrainStateRegressor(data: StateRegressionData, options: PretrainOptions): NamedTensors {
  registerEncoderKernels();
  const { cameras, count, targetDim } = data;
  const rng = new Rng(options.seed);
  const init: NamedTensors = {};
  cameras.forEach((camera, i) => Object.assign(init, initSmallConvNet(camera, options.seed * 31 + i)));
  const featureDim = SMALL_CONV_NET.featureDim * cameras.length;
  const limit = Math.sqrt(6 / (featureDim + targetDim));
  init['head/kernel'] = { shape: [featureDim, targetDim], data: Float32Array.from({ length: featureDim * targetDim }, () => (2 * rng.uniform() - 1) * limit) };
  init['head/bias'] = { shape: [targetDim], data: new Float32Array(targetDim) };
  const variables: Record<string, tf.Variable> = {};
  for (const [name, t] of Object.entries(init)) variables[name] = tf.variable(tf.tensor(t.data, t.shape), true, `pretrain/${name}/${options.seed}`);

  const { mean, std } = columnStats(data.targets, count, targetDim);
  const standardised = data.targets.map((v, i) => (v - mean[i % targetDim]) / std[i % targetDim]);
  const optimizer = tf.train.adam(options.learningRate);
  const batchesPerEpoch = Math.floor(count / options.batchSize);
  const total = options.epochs * batchesPerEpoch;
  const order = Array.from({ length: count }, (_, i) => i);
  let done = 0;
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = count - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (let b = 0; b < batchesPerEpoch; b++) {
        const rows = order.slice(b * options.batchSize, (b + 1) * options.batchSize);
        const loss = tf.tidy(() => {
          const inputs = cameras.map((camera) => {
            const shifts = Array.from({ length: 2 * rows.length }, () => Math.floor(rng.uniform() * (2 * POOLED_SHIFT_PAD + 1)));
            return pooledInput(data, camera, rows, shifts);
          });
          const target = tf.tensor2d(Float32Array.from(rows.flatMap((r) => Array.from(standardised.subarray(r * targetDim, (r + 1) * targetDim)))), [
            rows.length,
            targetDim,
          ]);
          const cost = optimizer.minimize(
            () => tf.mean(tf.squaredDifference(predict(variables, cameras, inputs), target)) as tf.Scalar,
            true,
            Object.values(variables),
          );
          return cost === null ? Number.NaN : cost.dataSync()[0];
        });
        options.onBatch?.(++done, total, loss);
      }
    }
    const out: NamedTensors = {};
    for (const [name, v] of Object.entries(variables)) out[name] = { shape: [...v.shape], data: v.dataSync() as Float32Array };
    out['head/target_mean'] = { shape: [targetDim], data: mean };
    out['head/target_std'] = { shape: [targetDim], data: std };
    return out;
  } finally {
    optimizer.dispose();
    for (const v of Object.values(variables)) v.dispose();
  }
}

/** The head's predictions (in target units) for every row of `data`, unshifted images. */
export function predictStates(weights: NamedTensors, data: StateRegressionData, batchSize = 128): Float32Array {
  const params: Record<string, tf.Tensor> = {};
  for (const [name, t] of Object.entries(weights)) params[name] = tf.tensor(t.data, t.shape);
  const out = new Float32Array(data.count * data.targetDim);
  try {
    for (let start = 0; start < data.count; start += batchSize) {
      const rows = Array.from({ length: Math.min(batchSize, data.count - start) }, (_, i) => start + i);
      const pred = tf.tidy(() =>
        tf.add(
          tf.mul(
            predict(
              params,
              data.cameras,
              data.cameras.map((c) => pooledInput(data, c, rows, null)),
            ),
            params['head/target_std'],
          ),
          params['head/target_mean'],
        ),
      );
      out.set(pred.dataSync(), start * data.targetDim);
      pred.dispose();
    }
    return out;
  } finally {
    for (const t of Object.values(params)) t.dispose();
  }
}
