import type * as tf from '@tensorflow/tfjs-core';
import { dense } from '../kernels/dense.js';
import { fastTanh } from '../kernels/fast-tanh.js';
import { LAYER_NORM_EPSILON, layerNorm } from '../kernels/layer-norm.js';
import type { ParamSpec, ParamViews } from './param-layout.js';

export interface MlpShape {
  readonly inputDim: number;
  readonly hiddenDims: readonly number[];
  readonly layerNorm: boolean;
}

/** The hidden layers of a network on observations alone (policy trunk, grasp critic). */
export function observationTrunk(s: { readonly observationDim: number; readonly hiddenDims: readonly number[]; readonly layerNorm: boolean }): MlpShape {
  return { inputDim: s.observationDim, hiddenDims: s.hiddenDims, layerNorm: s.layerNorm };
}

/** `${prefix}/kernel` [fanIn, fanOut] (xavier) and `${prefix}/bias` [fanOut] (zeros): an output head. */
export function headSpecs(prefix: string, fanIn: number, fanOut: number): ParamSpec[] {
  return [
    { name: `${prefix}/kernel`, shape: [fanIn, fanOut], init: 'xavier' },
    { name: `${prefix}/bias`, shape: [fanOut], init: 'zeros' },
  ];
}

/** Parameters of `mlp`: per hidden layer i, `${prefix}dense{i}/{kernel,bias}` and `${prefix}norm{i}/{scale,offset}`. */
export function mlpSpecs(prefix: string, shape: MlpShape): ParamSpec[] {
  const specs: ParamSpec[] = [];
  let fanIn = shape.inputDim;
  shape.hiddenDims.forEach((width, i) => {
    specs.push({ name: `${prefix}dense${i}/kernel`, shape: [fanIn, width], init: 'xavier' });
    specs.push({ name: `${prefix}dense${i}/bias`, shape: [width], init: 'zeros' });
    if (shape.layerNorm) {
      specs.push({ name: `${prefix}norm${i}/scale`, shape: [width], init: 'ones' });
      specs.push({ name: `${prefix}norm${i}/offset`, shape: [width], init: 'zeros' });
    }
    fanIn = width;
  });
  return specs;
}

/**
 * Hidden layers Dense → LayerNorm → tanh, the last one activated too (hil-serl's MLP).
 * `paramGrads: false` treats the parameters as constants (see `dense`).
 */
export function mlp(p: ParamViews, prefix: string, shape: MlpShape, x: tf.Tensor2D, paramGrads = true): tf.Tensor2D {
  let h = x;
  for (let i = 0; i < shape.hiddenDims.length; i++) {
    h = dense(h, p[`${prefix}dense${i}/kernel`] as tf.Tensor2D, p[`${prefix}dense${i}/bias`] as tf.Tensor1D, { paramGrads });
    if (shape.layerNorm) {
      const scale = p[`${prefix}norm${i}/scale`] as tf.Tensor1D;
      h = layerNorm(h, scale, p[`${prefix}norm${i}/offset`] as tf.Tensor1D, LAYER_NORM_EPSILON, { paramGrads });
    }
    h = fastTanh(h);
  }
  return h;
}
