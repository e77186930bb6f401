import * as tf from '@tensorflow/tfjs-core';

type Padding = 'same' | 'valid' | number;

/**
 * ∂loss/∂filter of a 2-D convolution (NHWC), computed as a forward convolution, the workaround for
 * wasm's missing `Conv2DBackpropFilter` kernel: dW[i, j, ci, co] = Σ_{n, ho, wo} x[n, ho·s + i, wo·s + j, ci]
 * · dy[n, ho, wo, co] is a stride-1 convolution of x (batch ↔ channels swapped) with dy as the
 * filter, dilated by the forward stride, cropped to the kernel size.
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: readonly [number, number, number, number],
  strides: number | readonly [number, number],
  pad: Padding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw] = filterShape;
    const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
    const info = tf.backend_util.computeConv2DInfo(x.shape, [...filterShape], [sh, sw], 1, pad, undefined, false, 'channelsLast');
    const { top, left } = info.padInfo;
    // Rows the forward pass read: (outHeight - 1)·s + kh from the top padding on.
    const needH = (dy.shape[1] - 1) * sh + kh;
    const needW = (dy.shape[2] - 1) * sw + kw;
    const bottom = Math.max(0, needH - top - x.shape[1]);
    const right = Math.max(0, needW - left - x.shape[2]);
    let padded: tf.Tensor4D =
      top + bottom + left + right > 0
        ? tf.pad(x, [
            [0, 0],
            [top, bottom],
            [left, right],
            [0, 0],
          ])
        : x;
    if (padded.shape[1] > needH || padded.shape[2] > needW) padded = tf.slice(padded, [0, 0, 0, 0], [-1, needH, needW, -1]);
    const input = tf.transpose(padded, [3, 1, 2, 0]); // [Ci, H, W, N]
    const filter = tf.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, N, Co]
    const out = tf.conv2d(input, filter, 1, 'valid', 'NHWC', [sh, sw]); // [Ci, kh, kw, Co]
    return tf.transpose(out, [1, 2, 0, 3]);
  });
}

/**
 * ∂loss/∂x of a 2-D convolution (NHWC) as a stride-1 forward convolution: dy upsampled with
 * zeros between its pixels (stride - 1 of them), padded, and correlated with the filter
 * rotated by 180° with its channel axes swapped. wasm's own `Conv2DBackpropInput` is a plain
 * loop, 3-10x slower than this on XNNPACK's convolution.
 */
export function conv2dInputGradient(
  xShape: readonly [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: number | readonly [number, number],
  pad: Padding,
): tf.Tensor4D {
  const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
  if ((sh > 1 || sw > 1) && xShape[1] % sh === 0 && xShape[2] % sw === 0) return conv2dInputGradientByPhase(xShape, dy, filter, [sh, sw], pad);
  return conv2dInputGradientUpsampled(xShape, dy, filter, strides, pad);
}

/** One axis of a strided convolution's input gradient, for the input positions i ≡ `phase` (mod stride). */
interface PhaseAxis {
  /** Filter taps k ≡ k0 (mod stride) that reach these positions: k0, k0 + stride, … (count `taps`). */
  readonly k0: number;
  readonly taps: number;
  /** dy rows read: from `first` (may be negative: zero padding) to first + outputs + taps - 2. */
  readonly first: number;
  /** Input positions of this phase. */
  readonly outputs: number;
}

function phaseAxis(phase: number, stride: number, kernel: number, before: number, size: number): PhaseAxis {
  const k0 = (phase + before) % stride;
  const taps = k0 < kernel ? Math.ceil((kernel - k0) / stride) : 0;
  // dx[s·m + p] = Σ_j dy[m + c - j] · w[k0 + s·j], c = (p + before - k0) / s
  const c = (phase + before - k0) / stride;
  return { k0, taps, first: c - taps + 1, outputs: Math.ceil((size - phase) / stride) };
}

/**
 * ∂loss/∂x of a strided convolution, one stride-1 convolution per output phase (sub-pixel
 * decomposition): the input positions i ≡ (py, px) (mod stride) receive dy through the filter
 * taps k ≡ (py, px) + padding (mod stride) only, so each phase is a small correlation of dy
 * itself with those taps, and no multiply-add meets an inserted zero (the upsampled form spends
 * 3/4 of its work on zeros at stride 2). The phases are interleaved back; needs sizes divisible
 * by the strides.
 */
function conv2dInputGradientByPhase(
  xShape: readonly [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  [sh, sw]: readonly [number, number],
  pad: Padding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, ci] = xShape;
    const [kh, kw, , co] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo([...xShape], filter.shape, [sh, sw], 1, pad, undefined, false, 'channelsLast');
    const { top, left } = info.padInfo;
    const [, ho, wo] = dy.shape;
    const [mh, mw] = [h / sh, w / sw];
    const rows: tf.Tensor4D[] = [];
    for (let py = 0; py < sh; py++) {
      const ay = phaseAxis(py, sh, kh, top, h);
      const phases: tf.Tensor4D[] = [];
      for (let px = 0; px < sw; px++) {
        const ax = phaseAxis(px, sw, kw, left, w);
        if (ay.taps === 0 || ax.taps === 0) {
          phases.push(tf.zeros([n, mh, mw, ci]));
          continue;
        }
        // dy rows first .. first + outputs + taps - 2, zero beyond [0, ho) (and likewise columns).
        const window = (first: number, outputs: number, taps: number, size: number): [number, number, number, number] => {
          const last = first + outputs + taps - 2;
          return [Math.max(0, -first), Math.max(0, last - (size - 1)), Math.max(0, first), Math.min(size - 1, last) - Math.max(0, first) + 1];
        };
        const [padTop, padBottom, startY, lenY] = window(ay.first, ay.outputs, ay.taps, ho);
        const [padLeft, padRight, startX, lenX] = window(ax.first, ax.outputs, ax.taps, wo);
        let input: tf.Tensor4D = startY > 0 || startX > 0 || lenY < ho || lenX < wo ? tf.slice(dy, [0, startY, startX, 0], [n, lenY, lenX, co]) : dy;
        if (padTop + padBottom + padLeft + padRight > 0)
          input = tf.pad(input, [
            [0, 0],
            [padTop, padBottom],
            [padLeft, padRight],
            [0, 0],
          ]);
        // Taps k0, k0 + s, … reversed (the correlation runs over dy backwards), channels swapped: [taps_h, taps_w, Co, Ci].
        const taps = tf.stridedSlice(filter, [ay.k0, ax.k0, 0, 0], [kh, kw, filter.shape[2], co], [sh, sw, 1, 1]) as tf.Tensor4D;
        const sub = tf.transpose(tf.reverse(taps, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
        phases.push(tf.conv2d(input, sub, 1, 'valid'));
      }
      // [N, mh, mw, ci] x sw → [N, mh, mw, sw, ci] → [N, mh, w, ci]
      rows.push(tf.reshape(tf.stack(phases, 3), [n, mh, w, ci]) as tf.Tensor4D);
    }
    // [N, mh, w, ci] x sh → [N, mh, sh, w, ci] → [N, h, w, ci]
    return tf.reshape(tf.stack(rows, 2), [n, h, w, ci]) as tf.Tensor4D;
  });
}

/** `conv2dInputGradient` as one stride-1 convolution of the zero-upsampled dy (any sizes). */
function conv2dInputGradientUpsampled(
  xShape: readonly [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: number | readonly [number, number],
  pad: Padding,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, ci] = xShape;
    const [kh, kw, , co] = filter.shape;
    const [sh, sw] = typeof strides === 'number' ? [strides, strides] : strides;
    const info = tf.backend_util.computeConv2DInfo([...xShape], filter.shape, [sh, sw], 1, pad, undefined, false, 'channelsLast');
    const { top, left } = info.padInfo;
    const [, ho, wo] = dy.shape;
    let up: tf.Tensor4D = dy;
    if (sh > 1 || sw > 1) {
      // [N, Ho, 1, Wo, 1, Co] padded to [N, Ho, sh, Wo, sw, Co]: each value followed by zeros.
      const spread = tf.pad(tf.reshape(dy, [n, ho, 1, wo, 1, co]), [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ]);
      up = tf.slice(tf.reshape(spread, [n, ho * sh, wo * sw, co]) as tf.Tensor4D, [0, 0, 0, 0], [n, (ho - 1) * sh + 1, (wo - 1) * sw + 1, co]);
    }
    // dx[i] = Σ_m up[i + top - (k - 1) + m] · w[k - 1 - m]: pad so that output i reads from there.
    const padTop = kh - 1 - top;
    const padLeft = kw - 1 - left;
    const padBottom = h + kh - 1 - padTop - up.shape[1];
    const padRight = w + kw - 1 - padLeft - up.shape[2];
    const crop = (before: number, after: number, size: number): [number, number, number, number] => [
      Math.max(0, before),
      Math.max(0, after),
      Math.max(0, -before),
      size + Math.min(0, before) + Math.min(0, after),
    ];
    const [pt, pb, ct, rows] = crop(padTop, padBottom, up.shape[1]);
    const [pl, pr, cl, cols] = crop(padLeft, padRight, up.shape[2]);
    let input = up;
    if (ct > 0 || cl > 0 || rows < up.shape[1] || cols < up.shape[2]) input = tf.slice(input, [0, ct, cl, 0], [n, rows, cols, co]);
    if (pt + pb + pl + pr > 0)
      input = tf.pad(input, [
        [0, 0],
        [pt, pb],
        [pl, pr],
        [0, 0],
      ]);
    const rotated = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]); // [kh, kw, Co, Ci]
    const dx = tf.conv2d(input, rotated as tf.Tensor4D, 1, 'valid');
    if (dx.shape[1] !== h || dx.shape[2] !== w || dx.shape[3] !== ci) throw new Error(`conv2dInputGradient: got [${dx.shape}], expected [${xShape}]`);
    return dx;
  });
}

interface BackendWithRefs {
  incRef(dataId: object): void;
}

/** `Conv2DBackpropFilter` for the wasm backend, through `conv2dFilterGradient`. */
export const conv2dBackpropFilterWasmKernel: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (a.dataFormat !== undefined && a.dataFormat !== 'NHWC')
      throw new Error(`Conv2DBackpropFilter (wasm): dataFormat ${a.dataFormat} is not supported, only NHWC`);
    if (typeof a.pad === 'object') throw new Error('Conv2DBackpropFilter (wasm): explicit padding is not supported; use same, valid or a number');
    const refs = backend as unknown as BackendWithRefs;
    const engine = tf.engine();
    // Wrap the inputs as tensors for the ops below without taking their data away from the caller.
    refs.incRef(x.dataId);
    refs.incRef(dy.dataId);
    const xt = engine.makeTensorFromTensorInfo(x) as tf.Tensor4D;
    const dyt = engine.makeTensorFromTensorInfo(dy) as tf.Tensor4D;
    const out = conv2dFilterGradient(xt, dyt, a.filterShape as [number, number, number, number], a.strides, a.pad);
    xt.dispose();
    dyt.dispose();
    refs.incRef(out.dataId); // the engine's output tensor takes over this reference
    out.dispose();
    return { dataId: out.dataId, shape: out.shape, dtype: out.dtype };
  },
};

/** Gradient of `Conv2D` (input and filter), for the tape (pretraining and end-to-end encoders). */
export const conv2dGradConfig: tf.GradConfig = {
  kernelName: tf.Conv2D,
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const a = attrs as unknown as tf.Conv2DAttrs;
    const dilations = a.dilations ?? 1;
    if (dilations !== 1 && !(Array.isArray(dilations) && dilations[0] === 1 && dilations[1] === 1)) {
      throw new Error('Conv2D gradient: dilations other than 1 are not supported');
    }
    if (typeof a.pad === 'object') throw new Error('Conv2D gradient: explicit padding is not supported');
    const pad = a.pad;
    const strides = a.strides;
    return {
      x: () => conv2dInputGradient(x.shape, dy as tf.Tensor4D, filter, strides, pad),
      filter: () =>
        tf
          .engine()
          .runKernel(tf.Conv2DBackpropFilter, { x, dy: dy as tf.Tensor4D }, { strides, pad, dataFormat: 'NHWC', filterShape: filter.shape }) as tf.Tensor4D,
    };
  },
};

/** Gradient of `Relu`: dy where the input was positive. */
export const reluGradConfig: tf.GradConfig = {
  kernelName: tf.Relu,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.cast(tf.greater(saved[0], 0), 'float32')) }),
};

/**
 * Registers what training conv encoders needs: the gradients of Conv2D and Relu, and the wasm
 * kernel `Conv2DBackpropFilter` (missing from tfjs-backend-wasm 4.22). Safe to repeat.
 */
export function registerEncoderKernels(): void {
  tf.registerGradient(conv2dGradConfig);
  tf.registerGradient(reluGradConfig);
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm') === undefined) tf.registerKernel(conv2dBackpropFilterWasmKernel);
}
