import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { actorLoss, criticLoss, meanOverEnsemble, minOverEnsemble, tdTarget, temperatureLoss } from './sac-losses.js';

const t1 = (v: number[]) => tf.tensor1d(v);
const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('SAC losses on a hand-checked batch of two', () => {
  beforeAll(async () => {
    await initBackend('cpu', () => {});
  });

  it('tdTarget = r + γ · mask · Q′ (mask 0 stops bootstrapping)', () => {
    const y = tdTarget(t1([1, 0.5]), t1([1, 0]), t1([2, 3]), 0.9);
    expect(y.shape).toEqual([2]);
    values(y).forEach((v, i) => expect(v).toBeCloseTo([2.8, 0.5][i], 6));
  });

  it('min and mean over the ensemble are element-wise', () => {
    expect(values(minOverEnsemble([t1([1, 5]), t1([3, 2])]))).toEqual([1, 2]);
    expect(values(meanOverEnsemble([t1([1, 5]), t1([3, 2])]))).toEqual([2, 3.5]);
  });

  it('criticLoss averages each member’s MSE', () => {
    // member 0: ((1-2)² + (2-1)²)/2 = 1; member 1: ((4-2)² + (1-1)²)/2 = 2; mean 1.5.
    const loss = criticLoss([t1([1, 2]), t1([4, 1])], t1([2, 1]));
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo(1.5, 6);
  });

  it('actorLoss = mean(α logπ - Q)', () => {
    // mean(0.5·(-1) - 2, 0.5·1 - 4) = mean(-2.5, -3.5) = -3.
    const loss = actorLoss(t1([0.5]), t1([-1, 1]), t1([2, 4]));
    expect(loss.shape).toEqual([]);
    expect(loss.dataSync()[0]).toBeCloseTo(-3, 6);
  });

  it('temperatureLoss = α (H - H̄); its gradient raises α when the entropy is too low', () => {
    expect(temperatureLoss(t1([0.1]), tf.scalar(2), -2).dataSync()[0]).toBeCloseTo(0.4, 6);
    const p = tf.tensor1d([0.3]);
    const grad = (entropy: number) =>
      tf
        .grad((x: tf.Tensor) => temperatureLoss(tf.softplus(x), tf.scalar(entropy), -2))(p)
        .dataSync()[0];
    const sigmoid = 1 / (1 + Math.exp(-0.3));
    expect(grad(-3)).toBeCloseTo(sigmoid * (-3 + 2), 5); // H < H̄: negative gradient, α goes up
    expect(grad(1)).toBeCloseTo(sigmoid * 3, 5);
  });
});
