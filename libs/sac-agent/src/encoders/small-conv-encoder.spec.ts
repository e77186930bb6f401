import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { frameFeatureCrops, observationFeatures } from './frame-feature-crops.js';
import { shiftCrop } from './shift-crop.js';
import { SmallConvEncoder } from './small-conv-encoder.js';
import { initSmallConvNet, SMALL_CONV_NET, smallConvNetShapes } from './small-conv-net.js';

const FRAME = 128 * 128 * 3;

function randomFrames(count: number, seed: number): Uint8Array {
  let s = seed;
  return Uint8Array.from({ length: count * FRAME }, () => (s = (s * 1103515245 + 12345) >>> 0) >>> 24);
}

function encoder(): SmallConvEncoder {
  return SmallConvEncoder.fromTensors('test', ['front', 'wrist'], { ...initSmallConvNet('front', 1), ...initSmallConvNet('wrist', 2) });
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe('SmallConvEncoder', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  it('has the documented parameter shapes and maps [N, 128, 128, 3] frames to N x 64 features in (-1, 1)', () => {
    const shapes = smallConvNetShapes('front');
    expect(shapes['front/conv0/kernel']).toEqual([3, 3, 3, 16]);
    expect(shapes['front/conv3/kernel']).toEqual([3, 3, 32, 64]);
    expect(shapes['front/dense/kernel']).toEqual([4 * 4 * 64, SMALL_CONV_NET.featureDim]);
    const e = encoder();
    const features = e.encode('front', randomFrames(3, 7), 3);
    expect(features.length).toBe(3 * 64);
    expect(features.every((v) => v > -1 && v < 1)).toBe(true);
    e.dispose();
  });

  it('encodes a frame alone as it does in a batch (float tolerance), and the cameras with their own weights', () => {
    const e = encoder();
    const frames = randomFrames(4, 3);
    const batch = e.encode('front', frames, 4);
    for (let i = 0; i < 4; i++) {
      const alone = e.encode('front', frames.subarray(i * FRAME, (i + 1) * FRAME), 1);
      expect(maxDiff(alone, batch.subarray(i * 64, (i + 1) * 64))).toBeLessThan(1e-5);
    }
    expect(maxDiff(e.encode('wrist', frames, 4), batch)).toBeGreaterThan(1e-3);
    e.dispose();
  });

  it('refuses unknown cameras, wrong sizes and missing tensors, naming them', () => {
    const e = encoder();
    expect(() => e.encode('side', randomFrames(1, 1), 1)).toThrow(/camera 'side'/);
    expect(() => e.encode('front', new Uint8Array(10), 1)).toThrow(/1 frames of front need 49152 bytes/);
    e.dispose();
    expect(() => SmallConvEncoder.fromTensors('x', ['front'], initSmallConvNet('wrist', 1))).toThrow(/'front\/conv0\/kernel' is missing/);
  });

  it("frame feature crops: K crops per frame are the features of the recorded DrQ shifts; observation features are the unshifted frame's", () => {
    const e = encoder();
    const offsets: Record<string, Int32Array> = {};
    const crops = frameFeatureCrops(e, { crops: 4, seed: 9, onOffsets: (camera, o) => (offsets[camera] = o) });
    expect(crops.columns).toEqual([
      { camera: 'front', featureKey: 'front_features', dim: 64 },
      { camera: 'wrist', featureKey: 'wrist_features', dim: 64 },
    ]);
    const frames = { front: randomFrames(1, 11), wrist: randomFrames(1, 12) };
    const out = crops.encode(frames);
    for (const camera of ['front', 'wrist'] as const) {
      expect(out[camera].length).toBe(4 * 64);
      for (let c = 0; c < 4; c++) {
        const shifted = new Uint8Array(FRAME);
        shiftCrop(frames[camera], 128, 128, offsets[camera][2 * c], offsets[camera][2 * c + 1], shifted);
        expect(maxDiff(e.encode(camera, shifted, 1), out[camera].subarray(c * 64, (c + 1) * 64))).toBeLessThan(1e-5);
      }
    }
    const obs = observationFeatures(e, frames);
    expect(maxDiff(obs.front_features, e.encode('front', frames.front, 1))).toBe(0);
    e.dispose();
  });
});
