import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@rlpd/spaces';
import { eulerXyzFromQuat, quatFromEulerXyz } from './rotation.js';
import { clipPoseToBox, isPoseInBox, safetyBoxSchema } from './safety-box.js';

const box = safetyBoxSchema.parse({ low: [0.3, -0.1, 0.05, Math.PI - 0.2, -0.1, -0.5], high: [0.5, 0.1, 0.3, Math.PI + 0.2, 0.1, 0.5] });

describe('safety box', () => {
  it('leaves a pose inside the box unchanged (same rotation)', () => {
    const pose = [0.4, 0, 0.2, ...quatFromEulerXyz([Math.PI - 0.1, 0.05, 0.2])];
    const clipped = clipPoseToBox(pose, box);
    clipped.slice(0, 3).forEach((v, i) => expect(v).toBeCloseTo(pose[i], 12));
    const e = eulerXyzFromQuat(clipped.slice(3));
    expect(e[0]).toBeCloseTo(Math.PI - 0.1, 10);
    expect(e[1]).toBeCloseTo(0.05, 10);
    expect(e[2]).toBeCloseTo(0.2, 10);
  });

  it('clamps xyz and each euler angle, wrapping rx across +-pi', () => {
    // rx = -pi + 0.5 is pi + 0.5 modulo 2 pi: beyond the high bound pi + 0.2.
    const pose = [0.9, -0.5, 0.0, ...quatFromEulerXyz([-Math.PI + 0.5, 0.4, -1.0])];
    const clipped = clipPoseToBox(pose, box);
    expect(clipped.slice(0, 3)).toEqual([0.5, -0.1, 0.05]);
    const e = eulerXyzFromQuat(clipped.slice(3));
    expect(e[0]).toBeCloseTo(-Math.PI + 0.2, 10); // = pi + 0.2, scipy's range
    expect(e[1]).toBeCloseTo(0.1, 10);
    expect(e[2]).toBeCloseTo(-0.5, 10);
    expect(isPoseInBox(clipped, box)).toBe(true);
    expect(isPoseInBox(pose, box)).toBe(false);
  });

  it('brings 10,000 random poses (any orientation, far away) inside the box', () => {
    const random = mulberry32(7);
    for (let i = 0; i < 10_000; i++) {
      const q = [random() - 0.5, random() - 0.5, random() - 0.5, random() - 0.5];
      const pose = [random() * 4 - 2, random() * 4 - 2, random() * 4 - 2, ...q];
      expect(isPoseInBox(clipPoseToBox(pose, box), box, 1e-9)).toBe(true);
    }
  });

  it('refuses non-finite poses and rejects bad boxes', () => {
    expect(() => clipPoseToBox([0.4, Number.NaN, 0.2, 1, 0, 0, 0], box)).toThrow(/non-finite/);
    expect(() => clipPoseToBox([0.4, 0, 0.2, 1, 0, 0, Number.POSITIVE_INFINITY], box)).toThrow(/non-finite/);
    expect(() => safetyBoxSchema.parse({ low: [0, 0, 0, 0, -2, 0], high: [1, 1, 1, 1, 0, 1] })).toThrow(/ry bounds/);
    expect(() => safetyBoxSchema.parse({ low: [1, 0, 0, 0, 0, 0], high: [0, 1, 1, 1, 0, 1] })).toThrow(/low 1 > high 0/);
  });
});
