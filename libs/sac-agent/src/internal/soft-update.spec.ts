import { describe, expect, it } from 'vitest';
import { softUpdate } from './soft-update.js';

describe('softUpdate (Polyak)', () => {
  it('moves the target a fraction tau towards the parameters, in place', () => {
    const target = Float32Array.of(0, 10, -2);
    softUpdate(target, Float32Array.of(1, 0, 2), 0.25);
    // 0.25 · p + 0.75 · target
    [0.25, 7.5, -1].forEach((v, i) => expect(target[i]).toBeCloseTo(v, 6));
  });

  it('tau 1 copies, tau 0 keeps; n steps leave (1 - tau)^n of the gap', () => {
    const target = Float32Array.of(3);
    softUpdate(target, Float32Array.of(7), 0);
    expect(target[0]).toBe(3);
    for (let i = 0; i < 10; i++) softUpdate(target, Float32Array.of(7), 0.1);
    expect(target[0]).toBeCloseTo(7 - 4 * 0.9 ** 10, 5);
    softUpdate(target, Float32Array.of(7), 1);
    expect(target[0]).toBe(7);
  });

  it('rejects mismatched lengths', () => {
    expect(() => softUpdate(new Float32Array(2), new Float32Array(3), 0.5)).toThrow(/2 targets for 3 params/);
  });
});
