import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { NamedTensors } from '../named-tensors.js';
import { decodeSafetensors } from '../safetensors.js';
import type { FrameEncoder } from './frame-encoder.js';
import { registerEncoderKernels } from './conv-gradients.js';
import { SMALL_CONV_NET, smallConvNetForward, smallConvNetInput, smallConvNetShapes } from './small-conv-net.js';

/** Where the `default` encoder's weights ship (made by `npm run -s pretrain-encoder`). */
export const DEFAULT_ENCODER_WEIGHTS = fileURLToPath(new URL('../../assets/default-encoder.safetensors', import.meta.url));

/** Safetensors metadata of an encoder file: architecture and camera keys. */
export const ENCODER_METADATA = { architecture: 'architecture', cameras: 'cameras' } as const;

/**
 * A frozen `SMALL_CONV_NET` per camera (weights `<camera>/conv0/kernel`, …), run with tfjs
 * on the current backend. Holds its weights as tensors until `dispose()`.
 */
export class SmallConvEncoder implements FrameEncoder {
  readonly featureDim = SMALL_CONV_NET.featureDim;
  readonly frameShape = [SMALL_CONV_NET.inputSize, SMALL_CONV_NET.inputSize, 3] as const;
  private readonly params: Record<string, tf.Tensor>;

  private constructor(
    readonly name: string,
    readonly cameras: readonly string[],
    tensors: NamedTensors,
    readonly weightsDigest: string,
  ) {
    registerEncoderKernels();
    this.params = {};
    for (const camera of cameras) {
      for (const [param, shape] of Object.entries(smallConvNetShapes(camera))) {
        const t = tensors[param];
        if (t === undefined) throw new Error(`encoder '${name}': tensor '${param}' is missing`);
        if (t.shape.join(',') !== shape.join(',')) throw new Error(`encoder '${name}': tensor '${param}' has shape [${t.shape}], expected [${shape}]`);
        this.params[param] = tf.keep(tf.tensor(t.data, shape));
      }
    }
  }

  /** An encoder for `cameras` from named weights (e.g. a decoded safetensors file). */
  static fromTensors(name: string, cameras: readonly string[], tensors: NamedTensors, weightsDigest = ''): SmallConvEncoder {
    if (cameras.length === 0) throw new Error(`encoder '${name}': name at least one camera`);
    return new SmallConvEncoder(name, cameras, tensors, weightsDigest);
  }

  /** Reads a safetensors file written by `pretrain-encoder` (cameras from its metadata). */
  static load(path: string, name = 'default'): SmallConvEncoder {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new Error(`encoder '${name}': cannot read weights ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const { tensors, metadata } = decodeSafetensors(bytes);
    const architecture = metadata[ENCODER_METADATA.architecture];
    if (architecture !== 'small-conv')
      throw new Error(`encoder weights ${path}: metadata architecture is '${architecture ?? 'missing'}', expected 'small-conv'`);
    const cameras = (metadata[ENCODER_METADATA.cameras] ?? '').split(',').filter((c) => c !== '');
    return SmallConvEncoder.fromTensors(name, cameras, tensors, createHash('sha256').update(bytes).digest('hex'));
  }

  encode(camera: string, frames: Uint8Array, count: number): Float32Array {
    if (!this.cameras.includes(camera)) throw new Error(`encoder '${this.name}': no weights for camera '${camera}' (has ${this.cameras.join(', ')})`);
    const [h, w, c] = this.frameShape;
    if (frames.length !== count * h * w * c) {
      throw new Error(
        `encoder '${this.name}': ${count} frames of ${camera} need ${count * h * w * c} bytes ([${count}, ${h}, ${w}, ${c}]), got ${frames.length}`,
      );
    }
    // Read outside tidy: tidy walks a returned typed array element by element.
    const features = tf.tidy(() => smallConvNetForward(this.params, camera, smallConvNetInput(frames, count, h, w)));
    const data = features.dataSync() as Float32Array;
    features.dispose();
    return data;
  }

  dispose(): void {
    for (const t of Object.values(this.params)) t.dispose();
  }
}
