import { describe, expect, it } from 'vitest';
import { armCurve, collectStudy } from './aggregate.js';
import { parseGrid } from './grid-schema.js';
import { planStudy, type ResolveFlags } from './plan.js';
import { studyReport } from './report.js';
import type { EvalPoint, RunResult } from './result-file.js';

const resolve: ResolveFlags = async (flags) => ({ pretrainSteps: Number(flags['pretrain-steps'] ?? 0) });
const grid = parseGrid(
  JSON.stringify({ study: 'w', envSteps: 1000, seeds: [1, 2, 3], evalEvery: 500, arms: [{ name: 'a' }, { name: 'b', flags: { 'pretrain-steps': 300 } }] }),
  'g.json',
);
const point = (learnerStep: number, envSteps: number, evalSuccess: number): EvalPoint => ({
  learnerStep,
  envSteps,
  wallSeconds: envSteps / 10,
  episodes: 5,
  trainSuccessLast20: 0.5,
  evalSuccess,
  evalReturn: 1,
  interventionRateLast20: 0,
  interventionRateTotal: 0,
  evalSeconds: 2,
});
// Arm a: seeds reach 80% at 500, 1000 env steps, and never; arm b: all at 500, clearly higher at the end.
const curves: Record<string, EvalPoint[][]> = {
  a: [
    [point(500, 500, 0.8), point(980, 1000, 0.9)],
    [point(500, 500, 0.1), point(990, 1000, 0.85)],
    [point(500, 500, 0), point(970, 1000, 0.2)],
  ],
  b: [
    [point(500, 500, 0.9), point(980, 1000, 1)],
    [point(500, 500, 0.8), point(990, 1000, 0.95)],
    [point(500, 500, 0.85), point(970, 1000, 1)],
  ],
};

async function study() {
  const plan = await planStudy(grid, {}, resolve, 'g.json');
  const results = new Map<string, { result: RunResult }>();
  for (const run of plan.runs) {
    const evals = curves[run.arm][run.seed - 1];
    results.set(run.hash, {
      result: { hash: run.hash, id: run.id, evalEvery: 500, evalEpisodes: 20, trainSeconds: 100, totalSeconds: 120, evals } as unknown as RunResult,
    });
  }
  return collectStudy(plan, results);
}

describe('studyReport', () => {
  it('gives time to 80% (median, range, seeds not reached), final evals and the comparison with the first arm', async () => {
    const report = studyReport(await study(), ['eval-success-vs-env-steps.png']);
    // a: 500, 1000, never -> median 1000 (the seed that never reached it counts as the latest).
    expect(report).toContain(
      '| a | (npm start defaults) | 3/3 | 1000 (500-1000; 1 of 3 not reached in 1000 env steps) | 100 s (50-100; 1 of 3 not reached in 1000 env steps) | 65% ± 39% | s1: 90%, s2: 85%, s3: 20% | 50% | 100 + 20 s |',
    );
    expect(report).toContain('| b | --pretrain-steps 300 | 3/3 | 500 (500-500) |');
    // scipy.stats.ttest_ind([1, .95, 1], [.9, .85, .2], equal_var=False): t 1.4744, df 2.02, p 0.2770
    expect(report).toContain('| b | +33 points | 1.47 | 2.0 | 0.277 | none found |');
    expect(report).toContain('![eval-success-vs-env-steps.png](eval-success-vs-env-steps.png)');
  });

  it('says a median beyond the run in the unit of its column when most seeds never got there', async () => {
    const s = await study();
    const onlyFirstSeed = { ...s, runs: s.runs.filter((r) => r.arm !== 'a' || r.seed !== 2) };
    const report = studyReport(onlyFirstSeed, []);
    // a: seeds 1 (500) and 3 (never): the median is past the run's end.
    expect(report).toContain(
      '| a | (npm start defaults) | 2/3 | > 1000 (500-500; 1 of 2 not reached in 1000 env steps) | later than the run (50-50; 1 of 2 not reached in 1000 env steps) |',
    );
  });

  it('groups curve points by checkpoint, the final one (steps differ per seed) apart', async () => {
    const s = await study();
    const curve = armCurve(
      'a',
      s.runs.filter((r) => r.arm === 'a'),
      'evalSuccess',
    );
    expect(curve.map((p) => [p.learnerStep, p.seeds, p.min, p.max])).toEqual([
      [500, 3, 0, 0.8],
      [980, 3, 0.2, 0.9],
    ]);
    expect(curve[0].mean).toBeCloseTo(0.3, 9);
  });
});
