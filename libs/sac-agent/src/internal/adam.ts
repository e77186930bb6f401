import { simdAdam, type SimdAdam } from '../kernels/adam-wasm.js';
import type { NamedTensors } from '../named-tensors.js';
import { decodeUint32s, encodeUint32s } from './uint32-codec.js';

export interface AdamConfig {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/**
 * Adam on one flat parameter array, in plain JS (moments are ours, so checkpoints hold them;
 * tf.train.adam keeps its moments private to the optimizer object).
 *
 * Same update as optax.adam: m̂ = m/(1-β1ᵗ), v̂ = v/(1-β2ᵗ), p -= lr · m̂ / (sqrt(v̂) + ε),
 * with the bias corrections folded into two scalars:
 * p -= lrₜ · m / (sqrt(v) + ε̂), lrₜ = lr·sqrt(1-β2ᵗ)/(1-β1ᵗ), ε̂ = ε·sqrt(1-β2ᵗ).
 * The element-wise step runs as WebAssembly SIMD in float32 (kernels/adam-wasm.ts; the moments
 * live in its memory), else as the JS loop below (float64 arithmetic, float32 storage).
 */
export class Adam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private readonly simd: SimdAdam | null;
  private step = 0;

  /** `simd: false` forces the JS loop (the tests compare the two). */
  constructor(
    private readonly config: AdamConfig,
    readonly size: number,
    options: { readonly simd?: boolean } = {},
  ) {
    this.simd = options.simd === false ? null : simdAdam(size);
    this.m = this.simd?.m ?? new Float32Array(size);
    this.v = this.simd?.v ?? new Float32Array(size);
  }

  /** One Adam step: `params -= update(grad)`, in place. */
  apply(params: Float32Array, grad: Float32Array): void {
    if (params.length !== this.size || grad.length !== this.size) {
      throw new Error(`Adam.apply: expected ${this.size} params and grads, got ${params.length} and ${grad.length}`);
    }
    const { learningRate, beta1, beta2, epsilon } = this.config;
    this.step += 1;
    const lrT = (learningRate * Math.sqrt(1 - beta2 ** this.step)) / (1 - beta1 ** this.step);
    const epsHat = epsilon * Math.sqrt(1 - beta2 ** this.step);
    if (this.simd !== null) {
      this.simd.params.set(params);
      this.simd.grad.set(grad);
      this.simd.step(lrT, epsHat, beta1, beta2);
      params.set(this.simd.params);
      return;
    }
    const { m, v } = this;
    for (let i = 0; i < params.length; i++) {
      const g = grad[i];
      const mi = (m[i] = beta1 * m[i] + (1 - beta1) * g);
      const vi = (v[i] = beta2 * v[i] + (1 - beta2) * g * g);
      params[i] -= (lrT * mi) / (Math.sqrt(vi) + epsHat);
    }
  }

  exportState(prefix: string): NamedTensors {
    return {
      [`${prefix}/m`]: { shape: [this.size], data: this.m.slice() },
      [`${prefix}/v`]: { shape: [this.size], data: this.v.slice() },
      [`${prefix}/step`]: encodeUint32s([this.step]),
    };
  }

  importState(prefix: string, tensors: NamedTensors): void {
    const m = tensors[`${prefix}/m`];
    const v = tensors[`${prefix}/v`];
    for (const [key, t] of [
      ['m', m],
      ['v', v],
    ] as const) {
      if (t === undefined) throw new Error(`missing tensor '${prefix}/${key}'`);
      if (t.data.length !== this.size) throw new Error(`tensor '${prefix}/${key}': expected [${this.size}], got [${t.shape}]`);
    }
    const step = decodeUint32s(`${prefix}/step`, tensors[`${prefix}/step`], 1)[0];
    this.m.set(m.data);
    this.v.set(v.data);
    this.step = step;
  }
}
