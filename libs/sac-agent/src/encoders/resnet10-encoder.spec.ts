import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { groupNorm, resnet10Shapes } from './resnet10-encoder.js';

describe('resnet10 (hil-serl layout)', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  it('has hil-serl ResNet-10 parameter paths and shapes (4.9M parameters)', () => {
    const shapes = resnet10Shapes();
    expect(shapes['conv_init/kernel']).toEqual([7, 7, 3, 64]);
    expect(shapes['ResNetBlock_0/Conv_0/kernel']).toEqual([3, 3, 64, 64]);
    expect(shapes['ResNetBlock_0/conv_proj/kernel']).toBeUndefined();
    expect(shapes['ResNetBlock_3/conv_proj/kernel']).toEqual([1, 1, 256, 512]);
    expect(shapes['ResNetBlock_3/MyGroupNorm_1/bias']).toEqual([512]);
    const total = Object.values(shapes).reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
    expect(total).toBe(4_905_792); // 9,408 + 128 + 73,984 + 230,144 + 919,040 + 3,673,088
  });

  it('GroupNorm normalises each sample over H, W and the channels of each of 4 groups', () => {
    const n = 2,
      h = 3,
      w = 2,
      c = 8;
    const data = Float32Array.from({ length: n * h * w * c }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 5)));
    const scale = Float32Array.from({ length: c }, (_, i) => 1 + i / 10);
    const bias = Float32Array.from({ length: c }, (_, i) => i / 100);
    const out = tf.tidy(() => groupNorm(tf.tensor4d(data, [n, h, w, c]), tf.tensor1d(scale), tf.tensor1d(bias)).dataSync());
    for (let s = 0; s < n; s++) {
      for (let g = 0; g < 4; g++) {
        const idx: number[] = [];
        for (let p = 0; p < h * w; p++) for (let k = 2 * g; k < 2 * g + 2; k++) idx.push(s * h * w * c + p * c + k);
        const mean = idx.reduce((a, i) => a + data[i], 0) / idx.length;
        const variance = idx.reduce((a, i) => a + (data[i] - mean) ** 2, 0) / idx.length;
        for (const i of idx) {
          const k = i % c;
          expect(out[i]).toBeCloseTo(((data[i] - mean) / Math.sqrt(variance + 1e-5)) * scale[k] + bias[k], 4);
        }
      }
    }
  });
});
