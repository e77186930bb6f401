import { describe, expect, it } from 'vitest';
import { createRng } from './index.js';

describe('createRng', () => {
  it('repeats a sequence for the same seed and differs across seeds', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('restores a saved state exactly (JSON round trip)', () => {
    const rng = createRng(7);
    rng.next();
    const state = JSON.parse(JSON.stringify(rng.getState()));
    const ahead = Array.from({ length: 4 }, () => rng.nextInt(1000));
    rng.setState(state);
    expect(Array.from({ length: 4 }, () => rng.nextInt(1000))).toEqual(ahead);
  });

  it('draws integers uniformly in [0, n)', () => {
    const rng = createRng(1);
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < 5000; i++) counts[rng.nextInt(5)]++;
    for (const c of counts) expect(c).toBeGreaterThan(900);
    expect(counts.reduce((a, b) => a + b)).toBe(5000);
  });

  it('rejects bad arguments with a clear message', () => {
    expect(() => createRng(1.5)).toThrow(/safe integer/);
    expect(() => createRng(0).nextInt(0)).toThrow(/integer in \[1, 2\^32\]/);
    expect(() => createRng(0).setState({ algorithm: 'xoshiro128**', words: [0, 0, 0, 0] })).toThrow(/not all zero/);
  });
});
