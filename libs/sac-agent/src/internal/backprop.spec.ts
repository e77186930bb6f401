import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../init-backend.js';
import { disposeConstants, makeConstants, mlpBackward, mlpForward, Transposes, type Constants } from './backprop.js';
import { criticBackward, criticEnsemble, criticForward, criticLayout, type CriticShape } from './critic-ensemble.js';
import { mlp, mlpSpecs, type MlpShape } from './mlp.js';
import { ParamLayout, type ParamViews } from './param-layout.js';
import { Rng } from './rng.js';
import { actorLayout, policyBackward, policyForward, policyGaussian, sampleTanhNormal, type ActorShape } from './tanh-normal-policy.js';
import { checkGradients, maxAbsDiff } from './testing/check-gradients.js';

/** Hand-chained gradients (backprop.ts) against finite differences and against tf.grads of the composite ops. */
describe('explicit backward passes', () => {
  let k: Constants;
  let t: Transposes;
  beforeAll(async () => {
    await initBackend('cpu', () => {});
  });
  const fresh = () => {
    k = makeConstants();
    t = new Transposes();
  };
  afterEach(() => {
    t.dispose();
    disposeConstants(k);
  });

  const params = (layout: ParamLayout, seed: number): Float32Array => {
    const rng = new Rng(seed);
    const flat = layout.init(rng);
    // Perturb the ones/zeros so LayerNorm scales and offsets are generic.
    const noise = rng.fillNormal(new Float32Array(flat.length));
    for (let i = 0; i < flat.length; i++) flat[i] += 0.3 * noise[i];
    return flat;
  };
  const randn = (shape: number[], seed: number) => tf.tensor(new Rng(seed).fillNormal(new Float32Array(shape.reduce((a, b) => a * b, 1))), shape);

  // [2, [9, 3]]: the 9 → 3 layer's kernel gradient takes the (dyᵀ · x)ᵀ form (output narrower than input).
  for (const [layerNorm, inputDim, hiddenDims] of [
    [true, 3, [4, 5]],
    [false, 3, [4, 5]],
    [true, 2, [9, 3]],
  ] as const) {
    it(`mlp: matches finite differences (x and every parameter), layerNorm=${layerNorm}, ${inputDim} → [${hiddenDims}]`, () => {
      fresh();
      const shape: MlpShape = { inputDim, hiddenDims, layerNorm };
      const layout = new ParamLayout(mlpSpecs('', shape));
      // f(x, ...params) with the explicit backward as its gradient.
      const op = tf.customGrad((...args) => {
        const inputs = args.slice(0, -1) as tf.Tensor[];
        const p = layout.named(inputs.slice(1));
        const trace = mlpForward(p, '', shape, inputs[0] as tf.Tensor2D, k);
        // The backward pass reads the trace after customGrad's forward scope ends (leaked in this test).
        for (const l of trace.layers) for (const v of [l.xHat, l.invStd, l.h]) if (v !== null) tf.keep(v);
        return {
          value: trace.out,
          gradFunc: (dy: tf.Tensor) => {
            const { grads, dx } = mlpBackward(trace, dy as tf.Tensor2D, k, t, { paramGrads: true, inputGrad: true });
            return [dx as tf.Tensor, ...grads];
          },
        };
      });
      const flat = params(layout, 1);
      const parts = layout.specs.map((s, i) => ({
        shape: [...s.shape],
        data: flat.slice(layout.offsets[i], layout.offsets[i] + s.shape.reduce((a, b) => a * b, 1)),
      }));
      checkGradients((...xs) => op(...xs), [{ shape: [3, inputDim] }, ...parts], { tolerance: 5e-3 });
    });
  }

  it('mlp: same values as mlp() and same gradients as tf.grads over dense/layerNorm/fastTanh', () => {
    fresh();
    const shape: MlpShape = { inputDim: 3, hiddenDims: [16, 8], layerNorm: true };
    const layout = new ParamLayout(mlpSpecs('a/', shape));
    const tensors = layout.tensors(params(layout, 2));
    const x = randn([5, 3], 3) as tf.Tensor2D;
    const r = randn([5, 8], 4);
    const trace = mlpForward(layout.named(tensors), 'a/', shape, x, k);
    expect(maxAbsDiff(trace.out.dataSync<'float32'>(), mlp(layout.named(tensors), 'a/', shape, x).dataSync<'float32'>())).toBe(0);
    const { grads, dx } = mlpBackward(trace, r as tf.Tensor2D, k, t, { paramGrads: true, inputGrad: true });
    const reference = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(mlp(layout.named(xs.slice(1)), 'a/', shape, xs[0] as tf.Tensor2D), r)))([x, ...tensors]);
    [dx as tf.Tensor, ...grads].forEach((g, i) => {
      expect(g.shape).toEqual(reference[i].shape);
      expect(maxAbsDiff(g.dataSync<'float32'>(), reference[i].dataSync<'float32'>())).toBeLessThan(1e-5);
    });
  });

  it('critic ensemble: parameter gradients and the action gradient match tf.grads', () => {
    fresh();
    const c: CriticShape = { observationDim: 3, actionDim: 2, hiddenDims: [8, 8], ensembleSize: 3, layerNorm: true };
    const layout = criticLayout(c);
    const tensors = layout.tensors(params(layout, 5));
    const p = layout.named(tensors);
    const obs = randn([6, 3], 6) as tf.Tensor2D;
    const act = randn([6, 2], 7) as tf.Tensor2D;
    const weights = [0, 1, 2].map((m) => randn([6], 10 + m));
    const loss = (qs: tf.Tensor[]) => tf.addN(qs.map((q, m) => tf.sum(tf.mul(q, weights[m]))));
    const trace = criticForward(p, c, obs, act, k);
    trace.qs.forEach((q, m) => expect(maxAbsDiff(q.dataSync<'float32'>(), criticEnsemble(p, c, obs, act)[m].dataSync<'float32'>())).toBe(0));
    const { grads, dActions } = criticBackward(trace, c, weights, k, t, { paramGrads: true, actionGrad: true });
    const reference = tf.grads((...xs: tf.Tensor[]) => loss(criticEnsemble(layout.named(xs.slice(1)), c, obs, xs[0] as tf.Tensor2D)))([act, ...tensors]);
    [dActions as tf.Tensor, ...grads].forEach((g, i) => {
      expect(g.shape).toEqual(reference[i].shape);
      expect(maxAbsDiff(g.dataSync<'float32'>(), reference[i].dataSync<'float32'>())).toBeLessThan(1e-5);
    });
    // Frozen critic: only the action gradient, the same one.
    const frozen = criticBackward(trace, c, weights, k, t, { paramGrads: false, actionGrad: true });
    expect(frozen.grads).toEqual([]);
    expect(maxAbsDiff(frozen.dActions!.dataSync<'float32'>(), reference[0].dataSync<'float32'>())).toBeLessThan(1e-5);
  });

  for (const [stdMin, stdMax] of [
    [1e-5, 5],
    [0.8, 1.2],
  ] as const) {
    it(`policy: gradients through the tanh-normal sample and log π match tf.grads (std clipped to [${stdMin}, ${stdMax}])`, () => {
      fresh();
      const a: ActorShape = { observationDim: 3, actionDim: 2, hiddenDims: [8, 8], layerNorm: true, stdMin, stdMax };
      const layout = actorLayout(a);
      const tensors = layout.tensors(params(layout, 8));
      const obs = randn([7, 3], 9) as tf.Tensor2D;
      const noise = randn([7, 2], 10) as tf.Tensor2D;
      const r = randn([7, 2], 11) as tf.Tensor2D;
      const alpha = tf.scalar(0.3);
      // loss = Σ actions · r + α · mean(log π)
      const trace = policyForward(layout.named(tensors), a, obs, noise, k);
      const grads = policyBackward(layout.named(tensors), a, trace, r, tf.div(alpha, 7), k, t);
      const reference = tf.grads((...xs: tf.Tensor[]) => {
        const g = policyGaussian(layout.named(xs) as ParamViews, a, obs);
        const { actions, logPi } = sampleTanhNormal(g.mean, g.std, noise);
        return tf.add(tf.sum(tf.mul(actions, r)), tf.mul(alpha, tf.mean(logPi)));
      })(tensors);
      const clipped = Array.from(trace.std.dataSync()).filter((s) => s === Math.fround(stdMin) || s === Math.fround(stdMax)).length;
      if (stdMin === 0.8) expect(clipped).toBeGreaterThan(0); // the mask is exercised
      grads.forEach((g, i) => {
        expect(g.shape).toEqual(reference[i].shape);
        expect(maxAbsDiff(g.dataSync<'float32'>(), reference[i].dataSync<'float32'>())).toBeLessThan(1e-4);
      });
    });
  }
});
