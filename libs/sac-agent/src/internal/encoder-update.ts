import * as tf from '@tensorflow/tfjs-core';
import type { Batch } from '@rlpd/spaces';
import { drawShiftOffsets, shiftedPooledInput } from '../encoders/drq-batch-input.js';
import { featureKey } from '../encoders/frame-encoder.js';
import { smallConvNetBackward, smallConvNetTrace, type SmallConvNetTrace } from '../encoders/small-conv-net-backward.js';
import { initSmallConvNet, SMALL_CONV_NET, smallConvNetForward, smallConvNetShapes } from '../encoders/small-conv-net.js';
import type { NamedTensors } from '../named-tensors.js';
import { Adam, type AdamConfig } from './adam.js';
import { denseBackward, disposeConstants, makeConstants, mlpBackward, tidy, Transposes } from './backprop.js';
import type { CriticShape } from './critic-ensemble.js';
import type { FastGradients } from './fast-gradients.js';
import { ParamLayout, type ParamSpec, type ParamViews } from './param-layout.js';
import { Rng } from './rng.js';
import { criticLoss } from './sac-losses.js';
import { softUpdate } from './soft-update.js';
import { decodeUint32s, encodeUint32s } from './uint32-codec.js';

/**
 * The `small` encoder trained end to end by the critic loss (DrQ / hil-serl): one
 * `SMALL_CONV_NET` per camera, its own Adam state, a Polyak-averaged target copy, and DrQ's
 * random shift drawn per batch row at sample time. Kept apart from the SAC update so the MLP
 * code stays as it is; the update calls `encode` first and `step` last.
 *
 * Who reads what (as hil-serl's SAC with a shared encoder):
 * - the critic reads the online encoder's features of the shifted observation, and its loss
 *   is backpropagated into the encoder;
 * - the actor loss and the policy's next actions read online features, detached (no policy
 *   gradient reaches the conv layers: DrQ's "we do not update conv layers with policy gradients");
 * - the TD target's critics read the target encoder's features of the shifted next observation
 *   (hil-serl's target params hold the encoder too, updated with the critic's tau).
 */

export interface PixelEncoderOptions {
  /** Camera keys of the batches (uint8 [128, 128, 3] frames), one conv net each (hil-serl: one encoder per image key). */
  readonly cameras: readonly string[];
  /** DrQ: the same shift for every camera of a batch row, as hil-serl (one random key for all image keys). Default true. */
  readonly sameShiftAcrossCameras?: boolean;
}

/** The encoder's part of one update: batches with feature columns, and the backward pass. */
export interface EncodedBatch {
  /** The batch with `<camera>_features` (online encoder) for the observations and next observations. */
  readonly batch: Batch;
  /** The same with the target encoder's features in the next observations (the TD target's critics read these). */
  readonly targetBatch: Batch;
  /** Shift offsets drawn for this batch: per camera, [rows x 2] (dx, dy), observation and next observation. */
  readonly offsets: { readonly observations: readonly Int32Array[]; readonly nextObservations: readonly Int32Array[] };
  /** Backpropagates dL/d(agent observation rows) [B, observationDim] into the encoder's gradient buffer. */
  backward(dObservations: tf.Tensor2D): void;
  /** Frees the kept activations and parameter tensors. */
  dispose(): void;
}

const { inputSize, pool, featureDim } = SMALL_CONV_NET;
const pooled = inputSize / pool;
const frameBytes = inputSize * inputSize * 3;

export class TrainableEncoder {
  readonly cameras: readonly string[];
  readonly sameShiftAcrossCameras: boolean;
  readonly layout: ParamLayout;
  readonly params: Float32Array;
  readonly targetParams: Float32Array;
  readonly grad: Float32Array;
  readonly adam: Adam;
  readonly shiftRng: Rng;
  /** Net inputs, reused by every update: [camera][0 observation | 1 next observation]. */
  private scratch: Float32Array[][] = [];

  constructor(options: PixelEncoderOptions, adam: AdamConfig, seed: number) {
    if (options.cameras.length === 0) throw new Error('small encoder: name at least one camera');
    this.cameras = Object.freeze([...options.cameras]);
    this.sameShiftAcrossCameras = options.sameShiftAcrossCameras ?? true;
    const specs: ParamSpec[] = this.cameras.flatMap((camera) =>
      Object.entries(smallConvNetShapes(camera)).map(([name, shape]) => ({ name, shape, init: 'zeros' as const })),
    );
    this.layout = new ParamLayout(specs);
    const init = Object.assign({}, ...this.cameras.map((camera, i) => initSmallConvNet(camera, seed + 7919 * i))) as NamedTensors;
    this.params = this.layout.fromNamed('init', Object.fromEntries(Object.entries(init).map(([k, v]) => [`init/${k}`, v])));
    this.targetParams = this.params.slice();
    this.grad = new Float32Array(this.layout.size);
    this.adam = new Adam(adam, this.layout.size);
    this.shiftRng = new Rng(seed + 3);
  }

  /** Features per camera (`<camera>_features`). */
  get featureDim(): number {
    return featureDim;
  }

  /**
   * Shifts every row's frames (DrQ), runs the online encoder on the observations (activations
   * kept for `backward`) and next observations, and the target encoder on the next observations.
   * `observationKeys` is the agent's row layout; it must name `<camera>_features` of every camera.
   */
  encode(batch: Batch, observationKeys: readonly string[]): EncodedBatch {
    const B = batch.size;
    const cams = this.cameras;
    const offsets = {
      observations: drawShiftOffsets(this.shiftRng, B, cams.length, this.sameShiftAcrossCameras),
      nextObservations: drawShiftOffsets(this.shiftRng, B, cams.length, this.sameShiftAcrossCameras),
    };
    const columns = featureColumns(batch, observationKeys, cams);
    if (this.scratch.length === 0 || this.scratch[0][0].length !== B * pooled * pooled * 3) {
      this.scratch = cams.map(() => [new Float32Array(B * pooled * pooled * 3), new Float32Array(B * pooled * pooled * 3)]);
    }
    const owned: tf.Tensor[] = [];
    const online = this.layout.views(this.params);
    const target = this.layout.views(this.targetParams);
    owned.push(...Object.values(online), ...Object.values(target));
    const traces: SmallConvNetTrace[] = [];
    const obsFeatures: Record<string, Float32Array> = {};
    const nextFeatures: Record<string, Float32Array> = {};
    const targetNextFeatures: Record<string, Float32Array> = {};
    const read = (t: tf.Tensor): Float32Array => {
      const data = t.dataSync() as Float32Array; // read outside tidy: tidy walks a returned typed array element by element
      t.dispose();
      return data;
    };
    try {
      cams.forEach((camera, c) => {
        const [obsInput, nextInput] = this.scratch[c];
        shiftedPooledInput(frames(batch.observations, 'observations', camera, B), B, inputSize, inputSize, offsets.observations[c], obsInput);
        shiftedPooledInput(frames(batch.nextObservations, 'nextObservations', camera, B), B, inputSize, inputSize, offsets.nextObservations[c], nextInput);
        const x = tf.tensor4d(obsInput, [B, pooled, pooled, 3]);
        owned.push(x);
        const trace = tidy(() => smallConvNetTrace(online, camera, x));
        owned.push(...trace.inputs.slice(1), ...trace.outputs, trace.flat, trace.features);
        traces.push(trace);
        obsFeatures[camera] = trace.features.dataSync() as Float32Array;
        const xNext = tf.tensor4d(nextInput, [B, pooled, pooled, 3]);
        try {
          nextFeatures[camera] = read(tf.tidy(() => smallConvNetForward(online, camera, xNext)));
          targetNextFeatures[camera] = read(tf.tidy(() => smallConvNetForward(target, camera, xNext)));
        } finally {
          xNext.dispose();
        }
      });
    } catch (error) {
      tf.dispose(owned);
      throw error;
    }
    const withFeatures = (obs: Batch['observations'], features: Record<string, Float32Array>): Batch['observations'] => {
      const out = { ...obs };
      for (const camera of cams) out[featureKey(camera)] = features[camera];
      return out;
    };
    const observations = withFeatures(batch.observations, obsFeatures);
    let disposed = false;
    return {
      batch: { ...batch, observations, nextObservations: withFeatures(batch.nextObservations, nextFeatures) },
      targetBatch: { ...batch, observations, nextObservations: withFeatures(batch.nextObservations, targetNextFeatures) },
      offsets,
      backward: (dObservations) => {
        if (disposed) throw new Error('EncodedBatch.backward: already disposed');
        const grads = tidy(() =>
          cams.flatMap((camera, c) => smallConvNetBackward(online, camera, traces[c], tf.slice(dObservations, [0, columns[c]], [B, featureDim]))),
        );
        try {
          this.layout.read(grads, this.grad);
        } finally {
          tf.dispose(grads);
        }
      },
      dispose: () => {
        if (disposed) return;
        disposed = true;
        tf.dispose(owned);
      },
    };
  }

  /** Adam step on the gradient of the last `backward`, then the Polyak update of the target encoder. */
  step(tau: number): void {
    this.adam.apply(this.params, this.grad);
    softUpdate(this.targetParams, this.params, tau);
  }

  /** The online weights, `encoder/<camera>/…`: what the actor runs (`SmallConvEncoder.fromTensors`). */
  exportPolicy(): NamedTensors {
    return this.layout.toNamed('encoder', this.params);
  }

  exportState(): NamedTensors {
    return {
      ...this.exportPolicy(),
      ...this.layout.toNamed('target_encoder', this.targetParams),
      ...this.adam.exportState('optimizer/encoder'),
      'rng/shift': encodeUint32s(this.shiftRng.getState()),
    };
  }

  /** Checks every tensor of `exportState()`; returns the function that applies them (so a bad file changes nothing). */
  prepareImport(t: NamedTensors): () => void {
    const params = this.layout.fromNamed('encoder', t);
    const target = this.layout.fromNamed('target_encoder', t);
    const shift = decodeUint32s('rng/shift', t['rng/shift'], 4);
    new Adam({ learningRate: 1, beta1: 0, beta2: 0, epsilon: 1 }, this.adam.size).importState('optimizer/encoder', t);
    return () => {
      this.adam.importState('optimizer/encoder', t);
      this.params.set(params);
      this.targetParams.set(target);
      this.shiftRng.setState(shift);
    };
  }
}

function frames(obs: Batch['observations'], field: string, camera: string, rows: number): Uint8Array {
  const data = obs[camera];
  if (!(data instanceof Uint8Array) || data.length !== rows * frameBytes) {
    throw new Error(
      `batch.${field}.${camera}: the small encoder needs ${rows} uint8 frames of ${inputSize}x${inputSize}x3 (${rows * frameBytes} bytes), got ${data === undefined ? 'nothing' : `${data.constructor.name}(${data.length})`}`,
    );
  }
  return data;
}

/** First column of each camera's features in the agent's observation row. */
function featureColumns(batch: Batch, keys: readonly string[], cameras: readonly string[]): number[] {
  const starts = new Map<string, number>();
  let column = 0;
  for (const key of keys) {
    starts.set(key, column);
    const camera = cameras.find((c) => featureKey(c) === key);
    if (camera !== undefined) column += featureDim;
    else {
      const data = batch.observations[key];
      if (data === undefined) throw new Error(`batch.observations.${key}: missing (the agent reads it)`);
      column += data.length / batch.size;
    }
  }
  return cameras.map((camera) => {
    const start = starts.get(featureKey(camera));
    if (start === undefined) throw new Error(`small encoder: the agent's observation keys [${keys.join(', ')}] must name ${featureKey(camera)}`);
    return start;
  });
}

/**
 * The critic step of `criticLossAndGrads` that also returns dL/d(observations), the gradient
 * the encoder needs: per member, the head's and the MLP's backward passes (`mlpBackward` with
 * the observation rows of the first kernel as its input kernel), parameter gradients in
 * `criticLayout` order, input gradients summed over members.
 */
export function criticStepWithObservationGrad(
  fg: FastGradients,
  critic: ParamViews,
  shape: CriticShape,
  batch: { readonly observations: tf.Tensor2D; readonly actions: tf.Tensor2D; readonly observationsActions: tf.Tensor2D },
  qTarget: tf.Tensor1D,
): { loss: tf.Scalar; predictedQ: tf.Scalar; grads: tf.Tensor[]; dObservations: tf.Tensor2D } {
  const k = makeConstants();
  const t = new Transposes();
  try {
    return tidy(() => {
      const trace = fg.critic(critic, batch.observations, batch.actions, undefined, batch.observationsActions);
      const { qs } = trace;
      const dqScale = tf.scalar(2 / (qTarget.shape[0] * qs.length)); // dL/dq_e = (q_e - qTarget) · 2 / (B · E)
      const grads: tf.Tensor[] = [];
      const dObs: tf.Tensor2D[] = [];
      trace.members.forEach((m, i) => {
        const dq = tf.reshape(tf.mul(tf.sub(qs[i], qTarget), dqScale), [-1, 1]) as tf.Tensor2D;
        const head = denseBackward(trace.hidden[i].out, critic[`q${m}/out/kernel`] as tf.Tensor2D, dq, k, t, true);
        const w = critic[`q${m}/dense0/kernel`] as tf.Tensor2D;
        const inputKernelT = tf.transpose(tf.slice(w, [0, 0], [shape.observationDim, w.shape[1]])) as tf.Tensor2D;
        const body = mlpBackward(trace.hidden[i], head.dx, k, t, { paramGrads: true, inputGrad: true, inputKernelT });
        if (body.dx === null) throw new Error('unreachable: mlpBackward returned no input gradient');
        grads.push(...body.grads, ...head.grads);
        dObs.push(body.dx);
      });
      const dObservations = (dObs.length === 1 ? dObs[0] : tf.addN(dObs)) as tf.Tensor2D;
      return { loss: criticLoss(qs, qTarget), predictedQ: tf.mean(tf.stack(qs)) as tf.Scalar, grads, dObservations };
    });
  } finally {
    t.dispose();
    disposeConstants(k);
  }
}
