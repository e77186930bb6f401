import * as tf from '@tensorflow/tfjs-core';
import { layerNormTanhBackward, layerNormTanhForward } from '../kernels/layer-norm-tanh.js';
import { matMul } from '../kernels/mat-mul.js';
import { transpose2d } from '../kernels/transpose.js';
import { transposedProduct } from '../kernels/transposed-product.js';
import type { MlpShape } from './mlp.js';
import type { ParamViews } from './param-layout.js';

/**
 * Explicit forward and backward passes of the agent's networks, without the autodiff tape.
 *
 * The forward passes run exactly the kernels of `mlp()` (same values, bit for bit): per hidden
 * layer a matMul, then bias + LayerNorm + tanh in one fused kernel (kernels/layer-norm-tanh.ts;
 * `dense` → `fastTanh` without LayerNorm); the backward passes chain those kernels' gradients
 * by hand. Compared with `tf.grads` over the custom-gradient ops this skips the
 * tape's bookkeeping, the saved-tensor clones and every gradient nobody reads: the input
 * gradient of a first layer, the parameter gradients of a frozen network, zeros for
 * stop-gradients. Checked against `tf.grads` of the composite ops in backprop.spec.ts.
 *
 * All functions allocate tensors in the caller's `tf.tidy`.
 */

/** Scalars shared by every layer of one pass (a fresh scalar per op is a dispatch + upload each). */
export interface Constants {
  readonly one: tf.Scalar;
  readonly two: tf.Scalar;
  /** ones [n, 1] by n, made on first use. */
  readonly onesColumns: Map<number, tf.Tensor2D>;
}

export function makeConstants(): Constants {
  const [one, two] = [1, 2].map((v) => tf.keep(tf.scalar(v)));
  return { one, two, onesColumns: new Map() };
}

/** Frees the tensors of `makeConstants` (they outlive `tf.tidy` scopes). */
export function disposeConstants(k: Constants): void {
  tf.dispose([k.one, k.two, ...k.onesColumns.values()]);
  k.onesColumns.clear();
}

/**
 * Memoised transposes, for weights used by several backward passes in one update. The
 * transposes outlive inner `tf.tidy` scopes; `dispose()` frees them.
 */
export class Transposes {
  private readonly cache = new Map<tf.Tensor, tf.Tensor2D>();
  of(x: tf.Tensor2D): tf.Tensor2D {
    let t = this.cache.get(x);
    if (t === undefined) {
      t = tf.keep(transpose2d(x));
      this.cache.set(x, t);
    }
    return t;
  }
  dispose(): void {
    for (const t of this.cache.values()) t.dispose();
    this.cache.clear();
  }
}

/** `tf.tidy` for results holding tensors in arrays and objects, nulls allowed (it keeps every tensor it finds). */
export function tidy<T>(f: () => T): T {
  return tf.tidy(f as unknown as () => tf.TensorContainer) as unknown as T;
}

/** Column sums of [B, N] → [N] (bias-type gradients). */
function sumRows(x: tf.Tensor2D, k: Constants): tf.Tensor1D {
  const rows = x.shape[0];
  let ones = k.onesColumns.get(rows);
  if (ones === undefined) {
    ones = tf.keep(tf.ones([rows, 1])) as tf.Tensor2D;
    k.onesColumns.set(rows, ones);
  }
  return tf.reshape(tf.matMul(x, ones, true, false), [-1]);
}

/** dW = xᵀ · dy for x [B, K], dy [B, N] (kernels/transposed-product.ts). */
const kernelGrad = transposedProduct;

interface HiddenTrace {
  readonly x: tf.Tensor2D;
  readonly kernel: tf.Tensor2D;
  readonly scale: tf.Tensor1D | null;
  readonly xHat: tf.Tensor2D | null;
  readonly invStd: tf.Tensor2D | null;
  /** Output of the layer (after tanh). */
  readonly h: tf.Tensor2D;
}

export interface MlpTrace {
  readonly layers: readonly HiddenTrace[];
  readonly out: tf.Tensor2D;
}

/** Same values as `mlp()` (Dense → LayerNorm → tanh per hidden layer), keeping what the backward pass needs. */
export function mlpForward(p: ParamViews, prefix: string, shape: MlpShape, x: tf.Tensor2D, k: Constants): MlpTrace {
  const layers: HiddenTrace[] = [];
  let h = x;
  for (let i = 0; i < shape.hiddenDims.length; i++) {
    const kernel = p[`${prefix}dense${i}/kernel`] as tf.Tensor2D;
    const scale = shape.layerNorm ? (p[`${prefix}norm${i}/scale`] as tf.Tensor1D) : null;
    const input = h;
    const bias = p[`${prefix}dense${i}/bias`] as tf.Tensor1D;
    // Temporaries are freed per layer, so the allocator hands out recently used (cached) memory.
    const kept = tidy(() => {
      const z = matMul(input, kernel as tf.Tensor2D);
      if (scale !== null) return layerNormTanhForward(z, bias, scale, p[`${prefix}norm${i}/offset`] as tf.Tensor1D);
      const out: tf.Tensor2D = tf.sub(tf.mul(tf.sigmoid(tf.mul(tf.add(z, bias), k.two)), k.two), k.one);
      return { xHat: null, invStd: null, h: out };
    });
    h = kept.h;
    layers.push({ x: input, kernel, scale, xHat: kept.xHat, invStd: kept.invStd, h });
  }
  return { layers, out: h };
}

export interface BackwardOptions {
  /** Compute the parameter gradients (else only the input gradient). */
  readonly paramGrads: boolean;
  /** Compute the gradient with respect to the MLP's input. */
  readonly inputGrad: boolean;
}

/**
 * Backward pass of `mlpForward` from dL/d(output). Returns the parameter gradients in
 * `mlpSpecs` order (empty when `paramGrads` is false) and dL/d(input) (null unless `inputGrad`).
 * `inputKernelT`, when given, is the transpose of the first kernel restricted to the input
 * columns whose gradient is wanted (e.g. the action part of a critic's input).
 */
export function mlpBackward(
  trace: MlpTrace,
  dOut: tf.Tensor2D,
  k: Constants,
  t: Transposes,
  options: BackwardOptions & { readonly inputKernelT?: tf.Tensor2D },
): { grads: tf.Tensor[]; dx: tf.Tensor2D | null } {
  const n = trace.layers.length;
  const grads: tf.Tensor[][] = [];
  let dh = dOut;
  let dx: tf.Tensor2D | null = null;
  for (let i = n - 1; i >= 0; i--) {
    const { x, kernel, scale, xHat, invStd, h } = trace.layers[i];
    const dhI = dh;
    const step = tidy(() => {
      let dz: tf.Tensor2D;
      const layerGrads: tf.Tensor[] = [];
      if (scale !== null && xHat !== null && invStd !== null) {
        // bias + LayerNorm + tanh in one kernel (kernels/layer-norm-tanh.ts)
        const g = layerNormTanhBackward(dhI, { xHat, invStd, h }, scale);
        dz = g.dz;
        if (options.paramGrads) layerGrads.push(kernelGrad(x, dz), g.dBias, g.dScale, g.dOffset);
      } else {
        // tanh: dy · (1 - h²)
        dz = tf.mul(dhI, tf.sub(k.one, tf.square(h)));
        if (options.paramGrads) layerGrads.push(kernelGrad(x, dz), sumRows(dz, k));
      }
      let next: tf.Tensor2D | null = null;
      if (i > 0) next = matMul(dz, t.of(kernel));
      else if (options.inputGrad) next = matMul(dz, options.inputKernelT ?? t.of(kernel));
      return { layerGrads, next };
    });
    grads.unshift(step.layerGrads);
    if (dhI !== dOut) dhI.dispose(); // ours, made by the previous step
    if (i > 0) dh = step.next as tf.Tensor2D;
    else dx = step.next;
  }
  return { grads: grads.flat(), dx };
}

/** y = x · W + b, the forward of `dense`. */
export function denseForward(x: tf.Tensor2D, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor2D {
  return tf.add(matMul(x, kernel as tf.Tensor2D), bias) as tf.Tensor2D;
}

/** Backward of `denseForward`: [dW, db] if `paramGrads` (else []), and dx. */
export function denseBackward(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  dy: tf.Tensor2D,
  k: Constants,
  t: Transposes,
  paramGrads: boolean,
): { grads: tf.Tensor[]; dx: tf.Tensor2D } {
  return {
    grads: paramGrads ? [kernelGrad(x, dy), sumRows(dy, k)] : [],
    dx: matMul(dy, t.of(kernel)),
  };
}
