import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensors } from '../named-tensors.js';
import { decodeUint32s, encodeUint32s } from './uint32-codec.js';

export interface AdamConfig {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * Adam on one flat parameter vector, with the moments in our own variables so a checkpoint
 * can hold them (tf.train.adam keeps its moments private to the optimizer object).
 *
 * Same update as optax.adam: m̂ = m/(1-β1ᵗ), v̂ = v/(1-β2ᵗ), p -= lr · m̂ / (sqrt(v̂) + ε),
 * rewritten with the bias corrections folded into two scalars (fewer tensor ops):
 * p -= lrₜ · m / (sqrt(v) + ε̂), lrₜ = lr·sqrt(1-β2ᵗ)/(1-β1ᵗ), ε̂ = ε·sqrt(1-β2ᵗ).
 */
export class FlatAdam {
  private readonly m: tf.Variable;
  private readonly v: tf.Variable;
  private step = 0;

  constructor(private readonly config: AdamConfig, readonly size: number) {
    this.m = tf.tidy(() => tf.variable(tf.zeros([size]), false));
    this.v = tf.tidy(() => tf.variable(tf.zeros([size]), false));
  }

  /** One Adam step on `params` (a [size] variable) with `grad`. */
  apply(params: tf.Variable, grad: tf.Tensor): void {
    const { learningRate, beta1, beta2, epsilon } = this.config;
    this.step += 1;
    const lrT = (learningRate * Math.sqrt(1 - beta2 ** this.step)) / (1 - beta1 ** this.step);
    const epsHat = epsilon * Math.sqrt(1 - beta2 ** this.step);
    tf.tidy(() => {
      const m = tf.add(tf.mul(this.m, beta1), tf.mul(grad, 1 - beta1));
      const v = tf.add(tf.mul(this.v, beta2), tf.mul(tf.square(grad), 1 - beta2));
      this.m.assign(m);
      this.v.assign(v);
      params.assign(tf.sub(params, tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsHat)), lrT)));
    });
  }

  exportState(prefix: string): NamedTensors {
    return {
      [`${prefix}/m`]: { shape: [this.size], data: Float32Array.from(this.m.dataSync()) },
      [`${prefix}/v`]: { shape: [this.size], data: Float32Array.from(this.v.dataSync()) },
      [`${prefix}/step`]: encodeUint32s([this.step]),
    };
  }

  importState(prefix: string, tensors: NamedTensors): void {
    for (const key of ['m', 'v'] as const) {
      const t = tensors[`${prefix}/${key}`];
      if (t === undefined) throw new Error(`missing tensor '${prefix}/${key}'`);
      if (t.data.length !== this.size) {
        throw new Error(`tensor '${prefix}/${key}': expected [${this.size}], got [${t.shape}]`);
      }
      tf.tidy(() => this[key].assign(tf.tensor1d(t.data)));
    }
    this.step = decodeUint32s(`${prefix}/step`, tensors[`${prefix}/step`], 1)[0];
  }

  dispose(): void {
    this.m.dispose();
    this.v.dispose();
  }
}
