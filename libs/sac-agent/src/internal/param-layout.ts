import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensors } from '../named-tensors.js';
import type { Rng } from './rng.js';

export type ParamInit = 'xavier' | 'zeros' | 'ones';
export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: ParamInit;
}

/** Tensors of one network by parameter name. */
export type ParamViews = Record<string, tf.Tensor>;

/**
 * The parameters of one network stored back to back in a single flat vector.
 *
 * The optimiser and the Polyak update then run a handful of ops on one tensor instead of a
 * handful per parameter (op dispatch dominates small tensors on wasm). Forward passes take
 * `split(flat)` views; gradients with respect to the views are `concat`-ed back.
 */
export class ParamLayout {
  readonly size: number;
  readonly offsets: readonly number[];
  private readonly sizes: number[];

  constructor(readonly specs: readonly ParamSpec[]) {
    this.sizes = specs.map((s) => s.shape.reduce((a, b) => a * b, 1));
    const offsets: number[] = [];
    let total = 0;
    for (const n of this.sizes) {
      offsets.push(total);
      total += n;
    }
    this.offsets = offsets;
    this.size = total;
    const names = new Set(specs.map((s) => s.name));
    if (names.size !== specs.length) throw new Error('ParamLayout: duplicate parameter names');
  }

  /** Initial values: xavier-uniform kernels (limit sqrt(6 / (fanIn + fanOut))), zeros, ones. */
  init(rng: Rng): Float32Array {
    const flat = new Float32Array(this.size);
    this.specs.forEach((spec, i) => {
      const part = flat.subarray(this.offsets[i], this.offsets[i] + this.sizes[i]);
      if (spec.init === 'ones') part.fill(1);
      if (spec.init === 'xavier') {
        const [fanIn, fanOut] = spec.shape;
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        for (let j = 0; j < part.length; j++) part[j] = (2 * rng.uniform() - 1) * limit;
      }
    });
    return flat;
  }

  /** Views of the flat vector, one tensor per spec, in spec order. */
  split(flat: tf.Tensor): tf.Tensor[] {
    return tf.split(flat, this.sizes).map((part, i) => tf.reshape(part, [...this.specs[i].shape]));
  }

  /** Names the views returned by `split`. */
  named(views: readonly tf.Tensor[]): ParamViews {
    const out: ParamViews = {};
    this.specs.forEach((spec, i) => (out[spec.name] = views[i]));
    return out;
  }

  /** The inverse of `split`: per-parameter tensors (e.g. gradients) to one flat vector. */
  concat(parts: readonly tf.Tensor[]): tf.Tensor1D {
    return tf.concat(parts.map((p) => tf.reshape(p, [-1])));
  }

  /** Flat values to named tensors under `prefix/`. */
  toNamed(prefix: string, flat: Float32Array): NamedTensors {
    const out: NamedTensors = {};
    this.specs.forEach((spec, i) => {
      out[`${prefix}/${spec.name}`] = {
        shape: [...spec.shape],
        data: flat.slice(this.offsets[i], this.offsets[i] + this.sizes[i]),
      };
    });
    return out;
  }

  /** Named tensors under `prefix/` back to flat values; every shape must match. */
  fromNamed(prefix: string, tensors: NamedTensors): Float32Array {
    const flat = new Float32Array(this.size);
    this.specs.forEach((spec, i) => {
      const key = `${prefix}/${spec.name}`;
      const t = tensors[key];
      if (t === undefined) throw new Error(`missing tensor '${key}'`);
      if (!tf.util.arraysEqual(t.shape, [...spec.shape]) || t.data.length !== this.sizes[i]) {
        throw new Error(`tensor '${key}': expected shape [${spec.shape}], got [${t.shape}]`);
      }
      flat.set(t.data, this.offsets[i]);
    });
    return flat;
  }
}
