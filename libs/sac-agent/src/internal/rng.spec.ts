import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('is reproducible from the seed and from an exported state', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect(a.fillNormal(new Float32Array(5))).toEqual(b.fillNormal(new Float32Array(5)));
    const state = a.getState();
    const next = a.fillNormal(new Float32Array(7));
    const c = new Rng(0);
    c.setState(state);
    expect(c.fillNormal(new Float32Array(7))).toEqual(next);
    expect(new Rng(1).nextUint32()).not.toBe(new Rng(2).nextUint32());
  });

  it('draws standard normals and uniform subsets', () => {
    const x = new Rng(3).fillNormal(new Float32Array(20000));
    const mean = x.reduce((s, v) => s + v, 0) / x.length;
    const variance = x.reduce((s, v) => s + (v - mean) ** 2, 0) / x.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    const subset = new Rng(4).choose(10, 3);
    expect(new Set(subset).size).toBe(3);
    expect(subset.every((i) => i >= 0 && i < 10)).toBe(true);
  });
});
