import * as tf from '@tensorflow/tfjs-core';

/** Gradients of the element-wise unary kernels (input `x`, output `y`). */

function fromInput(kernelName: string, grad: (dy: tf.Tensor, x: tf.Tensor) => tf.Tensor): tf.GradConfig {
  return { kernelName, inputsToSave: ['x'], gradFunc: (dy, saved) => ({ x: () => grad(dy as tf.Tensor, saved[0]) }) };
}

function fromOutput(kernelName: string, grad: (dy: tf.Tensor, y: tf.Tensor) => tf.Tensor): tf.GradConfig {
  return { kernelName, outputsToSave: [true], gradFunc: (dy, saved) => ({ x: () => grad(dy as tf.Tensor, saved[0]) }) };
}

export const unaryGradConfigs: readonly tf.GradConfig[] = [
  { kernelName: tf.Neg, gradFunc: (dy) => ({ x: () => tf.neg(dy as tf.Tensor) }) },
  fromInput(tf.Square, (dy, x) => tf.mul(dy, tf.mul(x, 2))),
  fromInput(tf.Log, (dy, x) => tf.div(dy, x)),
  fromInput(tf.Softplus, (dy, x) => tf.mul(dy, tf.sigmoid(x))),
  fromOutput(tf.Exp, (dy, y) => tf.mul(dy, y)),
  fromOutput(tf.Tanh, (dy, y) => tf.mul(dy, tf.sub(1, tf.square(y)))),
  fromOutput(tf.Sigmoid, (dy, y) => tf.mul(dy, tf.mul(y, tf.sub(1, y)))),
  fromOutput(tf.Sqrt, (dy, y) => tf.div(dy, tf.mul(y, 2))),
  {
    // Zero gradient where the value was clipped.
    kernelName: tf.ClipByValue,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0];
      const min = Number(attrs?.['clipValueMin']);
      const max = Number(attrs?.['clipValueMax']);
      return { x: () => tf.mul(dy as tf.Tensor, tf.cast(tf.logicalAnd(tf.greaterEqual(x, min), tf.lessEqual(x, max)), 'float32')) };
    },
  },
];
