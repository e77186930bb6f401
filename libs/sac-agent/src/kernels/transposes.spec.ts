import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { maxAbsDiff, onBothBackends } from '../internal/testing/check-gradients.js';
import { concatColumns } from './concat-columns.js';
import { transpose2d } from './transpose.js';
import { transposedProduct, transposedProductFits } from './transposed-product.js';

describe('transposedProduct (aᵀ · b)', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  // [B, K, N]: narrow input (direct), narrow output (swapped), both narrow, neither (matMul fallback).
  const shapes: [number, number, number][] = [
    [64, 14, 256],
    [64, 256, 1],
    [32, 128, 4],
    [5, 3, 8],
    [16, 20, 24],
    [9, 6, 6],
  ];
  for (const [B, K, N] of shapes) {
    it(`equals tf.matMul(a, b, true, false) for a [${B},${K}], b [${B},${N}] on wasm and cpu`, async () => {
      const a = tf.randomNormal([B, K], 0, 1, 'float32', 1).dataSync();
      const b = tf.randomNormal([B, N], 0, 1, 'float32', 2).dataSync();
      const { cpu, wasm } = await onBothBackends(() => [
        transposedProduct(tf.tensor2d(a, [B, K]), tf.tensor2d(b, [B, N])),
        tf.matMul(tf.tensor2d(a, [B, K]), tf.tensor2d(b, [B, N]), true, false),
      ]);
      expect(maxAbsDiff(wasm[0], wasm[1])).toBeLessThan(1e-4);
      expect(maxAbsDiff(cpu[0], cpu[1])).toBeLessThan(1e-4);
    });
  }

  it('runs as one kernel on wasm when a side is narrow and the other a multiple of 4', () => {
    expect(transposedProductFits(14, 256)).toBe(true);
    expect(transposedProductFits(256, 1)).toBe(true);
    expect(transposedProductFits(20, 24)).toBe(false);
    expect(transposedProductFits(6, 6)).toBe(false);
  });
});

describe('transpose2d', () => {
  beforeAll(async () => {
    await initBackend('wasm', () => {});
  });

  for (const [r, c] of [
    [256, 256],
    [8, 12],
    [4, 4],
    [12, 256],
    [6, 8],
    [5, 3],
  ] as const) {
    it(`equals tf.transpose for [${r}, ${c}] on wasm and cpu`, async () => {
      const x = tf.randomNormal([r, c], 0, 1, 'float32', 3).dataSync();
      const { cpu, wasm } = await onBothBackends(() => [transpose2d(tf.tensor2d(x, [r, c])), tf.transpose(tf.tensor2d(x, [r, c]))]);
      expect(maxAbsDiff(wasm[0], wasm[1])).toBe(0);
      expect(maxAbsDiff(cpu[0], cpu[1])).toBe(0);
    });
  }
});

describe('concatColumns', () => {
  it('equals tf.concat(…, 1) on wasm and cpu', async () => {
    await initBackend('wasm', () => {});
    const a = tf.randomNormal([7, 10], 0, 1, 'float32', 4).dataSync();
    const b = tf.randomNormal([7, 3], 0, 1, 'float32', 5).dataSync();
    const { cpu, wasm } = await onBothBackends(() => [
      concatColumns(tf.tensor2d(a, [7, 10]), tf.tensor2d(b, [7, 3])),
      tf.concat([tf.tensor2d(a, [7, 10]), tf.tensor2d(b, [7, 3])], 1),
    ]);
    expect(maxAbsDiff(wasm[0], wasm[1])).toBe(0);
    expect(maxAbsDiff(cpu[0], cpu[1])).toBe(0);
  });
});
