import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { Rng } from './rng.js';

describe('Adam', () => {
  // Hand-computed (lr 0.1, β1 0.9, β2 0.999), from p = 1 with gradients 0.5, -1, 0.25:
  //   t=1: m = 0.05, v = 0.00025, m̂ = 0.05/0.1 = 0.5, v̂ = 0.00025/0.001 = 0.25, p = 1 - 0.1·0.5/(0.5 + ε) = 0.9
  //   t=2: m = 0.045 - 0.1 = -0.055, v = 0.00024975 + 0.001 = 0.00124975,
  //        m̂ = -0.055/0.19 = -0.289474, v̂ = 0.00124975/0.001999 = 0.625188, p = 0.9 + 0.1·0.289474/0.790688 = 0.936610
  //   t=3: likewise, p = 0.950279
  const gradients = [0.5, -1, 0.25];
  const run = (epsilon: number): number[] => {
    const adam = new Adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon }, 1);
    const p = Float32Array.of(1);
    return gradients.map((g) => (adam.apply(p, Float32Array.of(g)), p[0]));
  };

  it('takes bias-corrected steps: p -= lr · m̂ / (sqrt(v̂) + ε)', () => {
    run(1e-8).forEach((p, i) => expect(p).toBeCloseTo([0.9, 0.9366103542, 0.9502794203][i], 6));
  });

  it('adds ε to sqrt(v̂), not to sqrt(v) (optax), visible with a large ε', () => {
    // t=1: 1 - 0.1 · 0.5 / (0.5 + 0.1) = 0.916667
    run(0.1).forEach((p, i) => expect(p).toBeCloseTo([0.9166666667, 0.9491666743, 0.9610404638][i], 6));
  });

  it('updates every element independently and keeps its moments in checkpoints', () => {
    const adam = new Adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 2);
    const p = Float32Array.of(1, 1);
    adam.apply(p, Float32Array.of(0.5, 0));
    expect(p[0]).toBeCloseTo(0.9, 6);
    expect(p[1]).toBe(1); // zero gradient, zero moments: no move
    const restored = new Adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 2);
    restored.importState('opt', adam.exportState('opt'));
    const q = p.slice();
    adam.apply(p, Float32Array.of(-1, 0));
    restored.apply(q, Float32Array.of(-1, 0));
    expect(q).toEqual(p);
    expect(p[0]).toBeCloseTo(0.9366103542, 6);
    expect(() => adam.apply(p, new Float32Array(3))).toThrow(/expected 2 params and grads/);
  });

  it('runs the same steps in WebAssembly SIMD (float32) as in the JS loop (float64 arithmetic)', () => {
    const config = { learningRate: 3e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const n = 1001; // not a multiple of 4
    const [simd, js] = [new Adam(config, n), new Adam(config, n, { simd: false })];
    const rng = new Rng(5);
    const p = rng.fillNormal(new Float32Array(n));
    const q = p.slice();
    for (let t = 0; t < 20; t++) {
      const g = rng.fillNormal(new Float32Array(n));
      simd.apply(p, g);
      js.apply(q, g);
    }
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(p[i] - q[i]));
    // 20 steps of at most lr = 3e-4 each: the difference is float32 rounding of the steps.
    expect(worst).toBeLessThan(1e-6);
    const [a, b] = [simd.exportState('o'), js.exportState('o')];
    for (const k of ['o/m', 'o/v'])
      for (let i = 0; i < n; i++) expect(Math.abs(a[k].data[i] - b[k].data[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(b[k].data[i])));
  });
});
