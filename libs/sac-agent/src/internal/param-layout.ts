import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensors } from '../named-tensors.js';
import { copyInto } from './copy-into.js';
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
 * The parameters of one network, stored back to back in one flat Float32Array in JS.
 *
 * Parameters live in JS, not in tfjs variables: the optimiser and the Polyak update are
 * plain loops over flat arrays, exactly reproducible and trivially checkpointed, and each
 * update uploads the parameters as fresh tensors (a copy of ~1 MB, far cheaper than the
 * alternatives on wasm, where `tf.split`/`tf.slice` copy the whole source per output and
 * per-parameter optimiser ops cost ~12 dispatches each).
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

  /** One tensor per spec (copied from `flat`), in spec order: the inputs of a forward pass. */
  tensors(flat: Float32Array): tf.Tensor[] {
    // A view, not a copy: the backend copies on upload (cpu keeps the view, so `flat` must not
    // change while the tensors live; every caller frees them before changing the parameters).
    return this.specs.map((spec, i) => tf.tensor(flat.subarray(this.offsets[i], this.offsets[i] + this.sizes[i]), [...spec.shape]));
  }

  /** `named(tensors(flat))`: one tensor per parameter, by name. */
  views(flat: Float32Array): ParamViews {
    return this.named(this.tensors(flat));
  }

  /** Names the tensors returned by `tensors`. */
  named(tensors: readonly tf.Tensor[]): ParamViews {
    const out: ParamViews = {};
    this.specs.forEach((spec, i) => (out[spec.name] = tensors[i]));
    return out;
  }

  /** Reads per-parameter tensors (e.g. gradients, in spec order) into one flat array. */
  read(parts: readonly tf.Tensor[], out: Float32Array = new Float32Array(this.size)): Float32Array {
    this.specs.forEach((spec, i) => {
      if (!tf.util.arraysEqual(parts[i].shape, [...spec.shape])) {
        throw new Error(`ParamLayout.read: '${spec.name}' expected [${spec.shape}], got [${parts[i].shape}]`);
      }
      copyInto(parts[i], out, this.offsets[i]);
    });
    return out;
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
