import { describe, expect, it } from 'vitest';
import type { EpisodeStats } from '@rlpd/spaces';
import { EpisodeWindow } from './episode-window.js';
import { parseLearnerState } from './learner-state.js';

const episode = (success: boolean, length: number, interventionSteps: number): EpisodeStats => ({
  return: 1,
  length,
  success,
  interventionCount: interventionSteps > 0 ? 1 : 0,
  interventionSteps,
  duration: 1,
});

describe('EpisodeWindow', () => {
  it('reports success and intervention rates over the last N episodes only', () => {
    const window = new EpisodeWindow(2);
    expect(window.successRate).toBe(0);
    window.add(episode(false, 100, 100));
    window.add(episode(true, 100, 10));
    expect(window.successRate).toBe(0.5);
    expect(window.interventionRate).toBeCloseTo(110 / 200);
    window.add(episode(true, 50, 0));
    expect(window.successRate).toBe(1);
    expect(window.interventionRate).toBeCloseTo(10 / 150);
    expect(window.episodes).toBe(3);
    expect(window.envSteps).toBe(250);
  });
});

describe('parseLearnerState', () => {
  const valid = { step: 10, pretrainStep: 0, paramsVersion: 2, sampler: { algorithm: 'xoshiro128**', words: [1, 2, 3, 4] } };
  it('accepts a checkpoint state', () => {
    expect(parseLearnerState(valid, 'ckpt').step).toBe(10);
  });
  it('names the folder and the bad field', () => {
    expect(() => parseLearnerState({ ...valid, step: -1 }, 'runs/x/checkpoint_10')).toThrow(
      "runs/x/checkpoint_10/state.json: field 'step': Number must be greater than or equal to 0",
    );
    expect(() => parseLearnerState({ ...valid, sampler: undefined }, 'c')).toThrow("field 'sampler'");
  });
});
