import { POOLED_SIZE } from '@rlpd/sac-agent';
import { describe, expect, it } from 'vitest';
import { regressionErrors } from './evaluate.js';
import { renderDataset, TARGET_NAMES } from './render-dataset.js';

describe('pretrain-encoder data', () => {
  it('renders pooled 64x64 frames of both cameras with the privileged targets, the same for the same seed', async () => {
    const a = await renderDataset(12, 4, 3, () => {});
    const b = await renderDataset(12, 4, 3, () => {});
    expect(a.cameras).toEqual(['front', 'wrist']);
    expect(a.frames.front.length).toBe(12 * POOLED_SIZE * POOLED_SIZE * 3);
    expect(a.targetDim).toBe(TARGET_NAMES.length);
    expect(a.targets).toEqual(b.targets);
    expect(a.frames.wrist).toEqual(b.frames.wrist);
    for (let r = 0; r < 12; r++) {
      const [cx, cy, cz] = a.targets.subarray(r * 7, r * 7 + 3);
      expect(cx).toBeGreaterThan(0.1); // on or above the table, inside the workspace
      expect(Math.abs(cy)).toBeLessThan(0.4);
      expect(cz).toBeGreaterThan(0);
      expect(a.targets[r * 7 + 6]).toBeGreaterThanOrEqual(0);
    }
  }, 60_000);

  it('reports errors in cm against the truth and against a constant guess', () => {
    const truth = Float32Array.of(0.4, 0, 0.02, 0.4, 0, 0.2, 1, 0.5, 0.1, 0.02, 0.4, 0, 0.2, 0);
    const predicted = truth.slice();
    predicted[0] += 0.03; // 3 cm off on one cube
    const errors = regressionErrors(predicted, truth, [0.45, 0.05, 0.02, 0.4, 0, 0.2, 0.5]);
    expect(errors.cubeCm).toBeCloseTo(1.5, 5);
    expect(errors.tcpCm).toBe(0);
    expect(errors.cubeBaselineCm).toBeCloseTo(100 * Math.hypot(0.05, 0.05), 3);
  });
});
