import { describe, expect, it } from 'vitest';
import { formatReportTable } from './format-report.js';
import { parseRunMetrics } from './run-metrics.js';
import { reportRun } from './run-report.js';

const options = { threshold: 0.8, window: 5, interval: 1000 };

/** Episodes of 100 steps; `pattern` says which succeed. Training starts at wallTime 100. */
function metricsText(pattern: boolean[], { pretrain = false, interventionSteps = 0 } = {}): string {
  const lines: object[] = [{ wallTime: 90, event: 'phase', phase: 'loading-demos', learnerStep: 0, elapsedSeconds: 0 }];
  if (pretrain) lines.push({ wallTime: 91, event: 'phase', phase: 'pretraining', learnerStep: 0, elapsedSeconds: 1 });
  lines.push({ wallTime: 95, event: 'phase', phase: 'waiting-for-data', learnerStep: 0, elapsedSeconds: 5 });
  lines.push({ wallTime: 100, event: 'phase', phase: 'training', learnerStep: 0, elapsedSeconds: 10 });
  pattern.forEach((success, i) => {
    lines.push({ wallTime: 100 + 10 * i, step: 80 * i, 'critic/critic_loss': 0.1 }); // an update line: skipped
    lines.push({
      wallTime: 100 + 10 * (i + 1),
      step: 80 * (i + 1),
      envSteps: 100 * (i + 1),
      'environment/episode/r': 1,
      'environment/episode/l': 100,
      'environment/episode/success': success,
      'environment/episode/intervention_count': 0,
      'environment/episode/intervention_steps': interventionSteps,
    });
  });
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

describe('reportRun', () => {
  it('finds the first success and the first window reaching the threshold', () => {
    //            1      2      3     4     5     6     7     8     9     10
    const run = [false, false, true, false, true, true, true, true, false, true];
    const report = reportRun(parseRunMetrics(metricsText(run), 'm'), options, 'm');
    expect(report.firstSuccess).toEqual({ episode: 3, envSteps: 300, learnerStep: 240, trainingSeconds: 30 });
    // Episodes 3-7 hold 4 successes of 5 = 80% (episodes 2-6 only 3): reached at episode 7.
    expect(report.reachedThreshold).toEqual({ episode: 7, envSteps: 700, learnerStep: 560, trainingSeconds: 70 });
    expect(report.finalSuccessRate).toBe(0.8); // episodes 6-10
    expect(report.episodes).toBe(10);
    expect(report.envSteps).toBe(1000);
    expect(report.learnerSteps).toBe(800);
    expect(report.interventionRate).toBe(0);
    expect(report.pretrainSeconds).toBe(0);
  });

  it('never counts a window shorter than --window, and says when the threshold is not reached', () => {
    const report = reportRun(parseRunMetrics(metricsText([true, true, true, false, false, false]), 'm'), options, 'm');
    expect(report.reachedThreshold).toBeNull();
    expect(report.firstSuccess?.episode).toBe(1);
  });

  it('reports success per interval of env steps, intervention share and pre-training time', () => {
    const run = Array.from({ length: 25 }, (_, i) => i >= 10 && i % 2 === 0);
    const report = reportRun(parseRunMetrics(metricsText(run, { pretrain: true, interventionSteps: 25 }), 'm'), options, 'm');
    expect(report.intervals.map((x) => [x.fromEnvSteps, x.episodes, x.successRate, x.interventionRate])).toEqual([
      [0, 10, 0, 0.25],
      [1000, 10, 0.5, 0.25],
      [2000, 5, 0.6, 0.25],
    ]);
    expect(report.interventionRate).toBe(0.25);
    expect(report.pretrainSeconds).toBe(4); // pretraining 91 -> waiting-for-data 95
    const table = formatReportTable([{ run: 'runs/a', report }], options).split('\n');
    expect(table).toHaveLength(3);
    expect(table[0]).toContain('success 1k-2k');
    expect(table[2]).toContain('| runs/a | 25 | 2500 | 1100 | not reached | 60% | 25% | 0% (10) | 50% (10) | 60% (5) |');
  });
});

describe('parseRunMetrics', () => {
  it('ignores a cut-off last line (a killed run) and says so', () => {
    const text = metricsText([true]);
    const metrics = parseRunMetrics(`${text}{"wallTime":12`, 'runs/x/metrics.jsonl');
    expect(metrics.truncatedLastLine).toBe(true);
    expect(metrics.episodes).toHaveLength(1);
  });

  it('names the file, line and field of a malformed line', () => {
    expect(() => parseRunMetrics('{"wallTime":1}\nnot json\n{"wallTime":2}\n', 'm.jsonl')).toThrow('m.jsonl: line 2: not a JSON object');
    const bad = JSON.stringify({
      wallTime: 1,
      step: 3,
      'environment/episode/success': 'yes',
      'environment/episode/l': 100,
      'environment/episode/intervention_steps': 0,
    });
    expect(() => parseRunMetrics(`${bad}\n`, 'm.jsonl')).toThrow(
      "m.jsonl: line 1: episode line: 'environment/episode/success': Expected boolean, received string",
    );
  });

  it('refuses runs whose episode lines lack envSteps', () => {
    const old = JSON.stringify({
      wallTime: 1,
      step: 3,
      'environment/episode/success': true,
      'environment/episode/l': 100,
      'environment/episode/intervention_steps': 0,
    });
    expect(() => reportRun(parseRunMetrics(`${old}\n`, 'm'), options, 'm')).toThrow('m: episode 1 has no envSteps');
  });
});
