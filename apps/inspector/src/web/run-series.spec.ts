import { describe, expect, it } from 'vitest';
import { chartColumns, RATE_WINDOW, RunSeries } from './run-series.js';

const t0 = 1_700_000_000;

function episode(step: number, wallTime: number, success: boolean, intervened: number, length = 10): Record<string, number | boolean> {
  return {
    wallTime,
    step,
    'environment/episode/r': success ? 1 : 0,
    'environment/episode/l': length,
    'environment/episode/success': success,
    'environment/episode/intervention_steps': intervened,
  };
}

describe('RunSeries', () => {
  it('marks the learner phases with the names users look for', () => {
    const run = new RunSeries();
    run.add([
      { wallTime: t0, event: 'phase', phase: 'loading-demos', learnerStep: 0 },
      { wallTime: t0 + 4, event: 'phase', phase: 'pretraining', learnerStep: 0 },
      { wallTime: t0 + 9, event: 'phase', phase: 'waiting-for-data', learnerStep: 0 },
      { wallTime: t0 + 12, event: 'phase', phase: 'training', learnerStep: 0 },
      { wallTime: t0 + 99, event: 'phase', phase: 'stopping', learnerStep: 500 },
    ]);
    expect(run.phases).toEqual([
      { label: 'demos loaded', step: 0, time: 4 },
      { label: 'pretrain done', step: 0, time: 9 },
      { label: 'training started', step: 0, time: 12 },
      { label: 'stopping', step: 500, time: 99 },
    ]);
    const noPretrain = new RunSeries();
    noPretrain.add([{ wallTime: t0, event: 'phase', phase: 'waiting-for-data', learnerStep: 0 }]);
    expect(noPretrain.phases.map((p) => p.label)).toEqual(['demos loaded']);
  });

  it('charts update metrics against step and wall time, derives updates/s, and skips pretraining lines', () => {
    const run = new RunSeries();
    run.add([
      { wallTime: t0, phase: 'pretraining', pretrainStep: 10, 'critic/critic_loss': 9 },
      { wallTime: t0 + 10, step: 10, 'critic/critic_loss': 2, 'critic/predicted_qs': 0.5, 'actor/temperature': 0.1 },
      { wallTime: t0 + 12, step: 30, 'critic/critic_loss': 1, 'critic/predicted_qs': 0.6, 'actor/temperature': 0.09 },
    ]);
    expect(run.curves.criticLoss).toEqual({ step: [10, 30], time: [10, 12], value: [2, 1] });
    expect(run.curves.temperature.value).toEqual([0.1, 0.09]);
    expect(run.curves.updatesPerSecond).toEqual({ step: [30], time: [12], value: [10] });
  });

  it(`computes success and intervention rates over the last ${RATE_WINDOW} episodes`, () => {
    const run = new RunSeries();
    const lines = Array.from({ length: RATE_WINDOW + 5 }, (_, i) => episode(i, t0 + i, i < 5, i < 5 ? 10 : 0));
    run.add(lines);
    const success = run.curves.successRate.value;
    expect(success[0]).toBe(1);
    expect(success[RATE_WINDOW - 1]).toBeCloseTo(5 / RATE_WINDOW);
    expect(success[RATE_WINDOW + 4]).toBe(0); // the 5 successes have left the window
    expect(run.curves.interventionRate.value[1]).toBe(1);
    expect(run.curves.interventionRate.value[9]).toBeCloseTo(50 / 100);
    expect(run.curves.episodeReturn.value.slice(0, 6)).toEqual([1, 1, 1, 1, 1, 0]);
  });
});

describe('chartColumns', () => {
  it('keeps x increasing, a repeated x holding the last value', () => {
    expect(chartColumns({ step: [0, 0, 0, 5, 7], time: [1, 2, 3, 4, 5], value: [1, 2, 3, 4, 5] }, 'step')).toEqual([
      [0, 5, 7],
      [3, 4, 5],
    ]);
    expect(chartColumns({ step: [0, 0], time: [1, 2], value: [1, 2] }, 'time')).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });
});
