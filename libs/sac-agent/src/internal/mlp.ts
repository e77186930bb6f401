import type * as tf from '@tensorflow/tfjs-core';
import { dense } from '../kernels/dense.js';
import { fastTanh } from '../kernels/fast-tanh.js';
import { denseLayerNormTanh } from '../kernels/dense-layer-norm-tanh.js';
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
 * Hidden layers Dense → LayerNorm → tanh, the last one activated too (hil-serl's MLP); with
 * LayerNorm, each layer is a matMul and one fused kernel (`denseLayerNormTanh`).
 * `paramGrads: false` treats the parameters as constants (see `dense`).
 */
export function mlp(p: ParamViews, prefix: string, shape: MlpShape, x: tf.Tensor2D, paramGrads = true): tf.Tensor2D {
  let h = x;
  for (let i = 0; i < shape.hiddenDims.length; i++) {
    const kernel = p[`${prefix}dense${i}/kernel`] as tf.Tensor2D;
    const bias = p[`${prefix}dense${i}/bias`] as tf.Tensor1D;
    if (shape.layerNorm) {
      const norm = [p[`${prefix}norm${i}/scale`], p[`${prefix}norm${i}/offset`]] as tf.Tensor1D[];
      h = denseLayerNormTanh(h, kernel, bias, norm[0], norm[1], { paramGrads });
    } else {
      h = fastTanh(dense(h, kernel, bias, { paramGrads }));
    }
  }
  return h;
}
