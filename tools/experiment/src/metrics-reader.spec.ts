import { describe, expect, it } from 'vitest';
import { readRunMetrics, trainingAt } from './metrics-reader.js';

const episode = (step: number, envSteps: number, success: boolean, interventionSteps = 0, length = 100) =>
  JSON.stringify({
    wallTime: 1000 + step,
    step,
    envSteps,
    actor: 'actor-0',
    'environment/episode/success': success,
    'environment/episode/l': length,
    'environment/episode/intervention_steps': interventionSteps,
    'environment/episode/r': 1,
  });
const update = (step: number, online: number) =>
  JSON.stringify({ wallTime: 1000 + step, step, 'critic/critic_loss': 0.1, 'buffer/online': online, 'buffer/demo': 2000 });

describe('readRunMetrics and trainingAt', () => {
  const text = [
    JSON.stringify({ wallTime: 999, event: 'phase', phase: 'training', learnerStep: 0 }),
    JSON.stringify({ wallTime: 999, phase: 'pretraining', pretrainStep: 10, 'critic/critic_loss': 1 }),
    update(10, 110),
    episode(20, 120, false, 50),
    update(100, 200),
    episode(110, 220, true, 0),
    update(200, 300),
    episode(210, 320, true, 10),
    '{"wallTime": 13', // cut off by a kill
  ].join('\n');

  it('keeps episodes and update lines, skips phases and pretraining, ignores a cut-off last line', () => {
    const metrics = readRunMetrics(text, 'm.jsonl');
    expect(metrics.episodes.map((e) => e.learnerStep)).toEqual([20, 110, 210]);
    expect(metrics.updates.map((u) => [u.learnerStep, u.onlineSize])).toEqual([
      [10, 110],
      [100, 200],
      [200, 300],
    ]);
  });

  it('fails on a broken line in the middle, naming file and line', () => {
    expect(() => readRunMetrics(`${update(1, 1)}\nnot json\n${update(2, 2)}\n`, 'm.jsonl')).toThrow('m.jsonl: line 2: not a JSON object');
    expect(() => readRunMetrics(`${JSON.stringify({ wallTime: 1, step: 1, 'environment/episode/success': 'yes' })}\n`, 'm.jsonl')).toThrow(
      /m\.jsonl: line 1: episode line: 'environment\/episode\/success'/,
    );
  });

  it('gives the training state at a learner step', () => {
    const metrics = readRunMetrics(text, 'm.jsonl');
    expect(trainingAt(metrics, 150)).toEqual({
      envSteps: 220,
      wallTime: 1110,
      episodes: 2,
      successLast20: 0.5,
      interventionRateLast20: 0.25,
      interventionRateTotal: 0.25,
    });
    expect(trainingAt(metrics, 250, 2)).toEqual({
      envSteps: 320,
      wallTime: 1210,
      episodes: 3,
      successLast20: 1,
      interventionRateLast20: 0.05,
      interventionRateTotal: 60 / 300,
    });
    expect(trainingAt(metrics, 5)).toEqual({
      envSteps: 0,
      wallTime: null,
      episodes: 0,
      successLast20: null,
      interventionRateLast20: null,
      interventionRateTotal: null,
    });
  });
});
