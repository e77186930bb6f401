import * as tf from '@tensorflow/tfjs-core';
import { dense } from '../kernels/dense.js';
import { mlp, mlpSpecs, type MlpShape } from './mlp.js';
import { ParamLayout, type ParamViews } from './param-layout.js';

export interface CriticShape {
  readonly observationDim: number;
  readonly actionDim: number;
  readonly hiddenDims: readonly number[];
  readonly ensembleSize: number;
  readonly layerNorm: boolean;
}

function memberShape(c: CriticShape): MlpShape {
  return { inputDim: c.observationDim + c.actionDim, hiddenDims: c.hiddenDims, layerNorm: c.layerNorm };
}

/** Parameters of the ensemble: member m is `q{m}/…` (MLP, then `q{m}/out/{kernel,bias}` to one value). */
export function criticLayout(c: CriticShape): ParamLayout {
  const last = c.hiddenDims[c.hiddenDims.length - 1];
  const specs = [...Array(c.ensembleSize).keys()].flatMap((m) => [
    ...mlpSpecs(`q${m}/`, memberShape(c)),
    { name: `q${m}/out/kernel`, shape: [last, 1], init: 'xavier' as const },
    { name: `q${m}/out/bias`, shape: [1], init: 'zeros' as const },
  ]);
  return new ParamLayout(specs);
}

/**
 * Q(s, a) of every ensemble member (or of `members` only), each [B], on concat(s, a).
 * `paramGrads: false` holds the critic fixed (gradients flow to the actions only).
 *
 * Members run one after another with 2-D matMuls: on wasm a batched [E,B,K]x[E,K,N] matMul
 * takes the slow generic path (~20x slower than E plain matMuls).
 */
export function criticEnsemble(
  p: ParamViews,
  c: CriticShape,
  observations: tf.Tensor2D,
  actions: tf.Tensor2D,
  options: { readonly members?: readonly number[]; readonly paramGrads?: boolean } = {},
): tf.Tensor1D[] {
  const members = options.members ?? [...Array(c.ensembleSize).keys()];
  const paramGrads = options.paramGrads !== false;
  const x = tf.concat([observations, actions], 1);
  return members.map((m) => {
    const h = mlp(p, `q${m}/`, memberShape(c), x, paramGrads);
    const q = dense(h, p[`q${m}/out/kernel`] as tf.Tensor2D, p[`q${m}/out/bias`] as tf.Tensor1D, { paramGrads });
    return tf.reshape(q, [-1]) as tf.Tensor1D;
  });
}
