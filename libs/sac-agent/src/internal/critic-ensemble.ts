import * as tf from '@tensorflow/tfjs-core';
import { concatColumns } from '../kernels/concat-columns.js';
import { dense } from '../kernels/dense.js';
import { scalarHead, scalarHeadBackward } from '../kernels/scalar-head.js';
import { mlpBackward, mlpForward, type Constants, type MlpTrace, type Transposes } from './backprop.js';
import { headSpecs, mlp, mlpSpecs, type MlpShape } from './mlp.js';
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
  const specs = [...Array(c.ensembleSize).keys()].flatMap((m) => [...mlpSpecs(`q${m}/`, memberShape(c)), ...headSpecs(`q${m}/out`, last, 1)]);
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

export interface CriticTrace {
  readonly members: readonly number[];
  readonly qs: tf.Tensor1D[];
  readonly hidden: readonly MlpTrace[];
  readonly params: ParamViews;
}

/** `criticEnsemble` (same values) without the tape, keeping what `criticBackward` needs. */
export function criticForward(
  p: ParamViews,
  c: CriticShape,
  observations: tf.Tensor2D,
  actions: tf.Tensor2D,
  k: Constants,
  members: readonly number[] = [...Array(c.ensembleSize).keys()],
  /** concat(observations, actions) if already at hand. */
  input?: tf.Tensor2D,
): CriticTrace {
  const x = input ?? concatColumns(observations, actions);
  const hidden = members.map((m) => mlpForward(p, `q${m}/`, memberShape(c), x, k));
  const qs = members.map((m, i) => scalarHead(hidden[i].out, p[`q${m}/out/kernel`], p[`q${m}/out/bias`]));
  return { members, qs, hidden, params: p };
}

/**
 * Backward pass of `criticForward` from dL/dq per member ([B] each). With `paramGrads`, returns
 * the gradients of every parameter in `criticLayout` order (the trace must cover all members);
 * with `actionGrad`, dL/d(actions) summed over members.
 */
export function criticBackward(
  trace: CriticTrace,
  c: CriticShape,
  dqs: readonly tf.Tensor[],
  k: Constants,
  t: Transposes,
  options: { readonly paramGrads: boolean; readonly actionGrad: boolean },
): { grads: tf.Tensor[]; dActions: tf.Tensor2D | null } {
  const p = trace.params;
  const grads: tf.Tensor[] = [];
  const dActions: tf.Tensor2D[] = [];
  trace.members.forEach((m, i) => {
    const head = scalarHeadBackward(trace.hidden[i].out, p[`q${m}/out/kernel`], dqs[i], options.paramGrads);
    let inputKernelT: tf.Tensor2D | undefined;
    if (options.actionGrad) {
      const w = p[`q${m}/dense0/kernel`] as tf.Tensor2D;
      inputKernelT = tf.transpose(tf.slice(w, [c.observationDim, 0], [c.actionDim, w.shape[1]]));
    }
    const body = mlpBackward(trace.hidden[i], head.dh, k, t, { paramGrads: options.paramGrads, inputGrad: options.actionGrad, inputKernelT });
    grads.push(...body.grads, ...head.grads);
    if (body.dx !== null) dActions.push(body.dx);
  });
  const summed = dActions.length === 0 ? null : dActions.length === 1 ? dActions[0] : (tf.addN(dActions) as tf.Tensor2D);
  return { grads, dActions: summed };
}
