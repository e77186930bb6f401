import * as tf from '@tensorflow/tfjs-core';
import { conv2dFilterGradient, conv2dInputGradient } from './conv-gradients.js';
import { SMALL_CONV_NET, smallConvNetShapes } from './small-conv-net.js';

/**
 * `smallConvNetForward` with its backward pass chained by hand (no tape), for the `small`
 * encoder that the critic loss trains end to end. The convolution gradients are forward
 * convolutions (`conv2dFilterGradient`, `conv2dInputGradient`), so they run on wasm, whose
 * `Conv2DBackpropFilter` is missing and whose `Conv2DBackpropInput` is a slow loop.
 * Checked against `tf.grads` of `smallConvNetForward` in small-conv-net-backward.spec.ts.
 */

export interface SmallConvNetTrace {
  /** Input of each convolution (the pooled frames, then the previous ReLU outputs). */
  readonly inputs: readonly tf.Tensor4D[];
  /** ReLU output of each convolution. */
  readonly outputs: readonly tf.Tensor4D[];
  /** The last map flattened, [N, 4·4·64]: the dense layer's input. */
  readonly flat: tf.Tensor2D;
  /** tanh features [N, featureDim]. */
  readonly features: tf.Tensor2D;
}

function param(params: Readonly<Record<string, tf.Tensor>>, prefix: string, name: string): tf.Tensor {
  const t = params[`${prefix}/${name}`];
  if (t === undefined) throw new Error(`small conv net: parameter '${prefix}/${name}' is missing`);
  return t;
}

/** Same values as `smallConvNetForward`, keeping what `smallConvNetBackward` needs (tensors in the caller's tidy). */
export function smallConvNetTrace(params: Readonly<Record<string, tf.Tensor>>, prefix: string, x: tf.Tensor4D): SmallConvNetTrace {
  const inputs: tf.Tensor4D[] = [];
  const outputs: tf.Tensor4D[] = [];
  let h = x;
  for (let i = 0; i < SMALL_CONV_NET.channels.length; i++) {
    inputs.push(h);
    const conv = tf.conv2d(h, param(params, prefix, `conv${i}/kernel`) as tf.Tensor4D, SMALL_CONV_NET.stride, 'same');
    h = tf.relu(tf.add(conv, param(params, prefix, `conv${i}/bias`))) as tf.Tensor4D;
    outputs.push(h);
  }
  const flat = tf.reshape(h, [h.shape[0], -1]) as tf.Tensor2D;
  const features = tf.tanh(tf.add(tf.matMul(flat, param(params, prefix, 'dense/kernel') as tf.Tensor2D), param(params, prefix, 'dense/bias'))) as tf.Tensor2D;
  return { inputs, outputs, flat, features };
}

/**
 * Parameter gradients of the net under `prefix` from dL/d(features) [N, featureDim], in the
 * order of `smallConvNetShapes(prefix)` (conv0 kernel, bias, …, dense kernel, bias). The input
 * gradient of the first convolution is never needed (frames are data) and is not computed.
 */
export function smallConvNetBackward(
  params: Readonly<Record<string, tf.Tensor>>,
  prefix: string,
  trace: SmallConvNetTrace,
  dFeatures: tf.Tensor2D,
): tf.Tensor[] {
  return tf.tidy(() => {
    const shapes = smallConvNetShapes(prefix);
    // tanh: dy · (1 - f²)
    const dPre = tf.mul(dFeatures, tf.sub(1, tf.square(trace.features))) as tf.Tensor2D;
    const denseKernel = param(params, prefix, 'dense/kernel') as tf.Tensor2D;
    // Untransposed products only: wasm's transposed matMuls are 10-17x slower (tfjs-wasm.md).
    const dDenseKernel = tf.matMul(tf.transpose(trace.flat), dPre);
    const dDenseBias = tf.sum(dPre, 0);
    const last = trace.outputs[trace.outputs.length - 1];
    let dH = tf.reshape(tf.matMul(dPre, tf.transpose(denseKernel)), last.shape) as tf.Tensor4D;
    const convGrads: tf.Tensor[][] = [];
    for (let i = SMALL_CONV_NET.channels.length - 1; i >= 0; i--) {
      const input = trace.inputs[i];
      const dZ = tf.mul(dH, tf.step(trace.outputs[i])) as tf.Tensor4D; // ReLU: where the output is positive
      const kernelShape = shapes[`${prefix}/conv${i}/kernel`] as [number, number, number, number];
      const dKernel = conv2dFilterGradient(input, dZ, kernelShape, SMALL_CONV_NET.stride, 'same');
      const dBias = tf.sum(dZ, [0, 1, 2]);
      convGrads.unshift([dKernel, dBias]);
      if (i > 0) dH = conv2dInputGradient(input.shape, dZ, param(params, prefix, `conv${i}/kernel`) as tf.Tensor4D, SMALL_CONV_NET.stride, 'same');
    }
    return [...convGrads.flat(), dDenseKernel, dDenseBias];
  });
}

/** Multiply-adds x 2 of one frame through the net, forward only (pooled input). */
export function smallConvNetForwardFlops(): number {
  const { inputSize, pool, channels, kernel, stride, featureDim } = SMALL_CONV_NET;
  let size = inputSize / pool;
  let inChannels = 3;
  let flops = 0;
  for (const c of channels) {
    size = Math.ceil(size / stride);
    flops += 2 * size * size * kernel * kernel * inChannels * c;
    inChannels = c;
  }
  return flops + 2 * size * size * inChannels * featureDim;
}

/**
 * FLOPs of `smallConvNetBackward` per frame: every layer's parameter gradient (a convolution as
 * large as its forward pass, a dense product) and the input gradients of all layers but the first.
 */
export function smallConvNetBackwardFlops(): number {
  const { inputSize, pool, channels, kernel, stride, featureDim } = SMALL_CONV_NET;
  let size = inputSize / pool;
  let inChannels = 3;
  let flops = 0;
  channels.forEach((c, i) => {
    size = Math.ceil(size / stride);
    const conv = 2 * size * size * kernel * kernel * inChannels * c;
    flops += i === 0 ? conv : 2 * conv;
    inChannels = c;
  });
  return flops + 2 * (2 * size * size * inChannels * featureDim);
}
