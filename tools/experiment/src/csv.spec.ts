import { describe, expect, it } from 'vitest';
import { collectStudy } from './aggregate.js';
import { CSV_COLUMNS, studyCsv } from './csv.js';
import { parseGrid } from './grid-schema.js';
import { planStudy, type ResolveFlags } from './plan.js';
import type { EvalPoint, RunResult } from './result-file.js';

const resolve: ResolveFlags = async (flags) => ({ pretrainSteps: Number(flags['pretrain-steps'] ?? 0), intervener: 'none' });
const grid = parseGrid(
  JSON.stringify({
    study: 'warm',
    envSteps: 100,
    seeds: [1, 2],
    evalEvery: 50,
    evalEpisodes: 4,
    arms: [{ name: 'p0' }, { name: 'p300', flags: { 'pretrain-steps': 300 } }],
  }),
  'g.json',
);
const point = (learnerStep: number, evalSuccess: number): EvalPoint => ({
  learnerStep,
  envSteps: learnerStep + 100,
  wallSeconds: learnerStep / 10,
  episodes: 3,
  trainSuccessLast20: 0.5,
  evalSuccess,
  evalReturn: 1.25,
  interventionRateLast20: 0.1,
  interventionRateTotal: 0.2,
  evalSeconds: 3,
});

describe('results.csv', () => {
  it('has study, arm, the differing flags, then the fixed columns; one row per run and evaluation point', async () => {
    const plan = await planStudy(grid, {}, resolve, 'g.json');
    const results = new Map<string, { result: RunResult }>();
    // Seed 2 of p300 is not finished: it has no rows.
    for (const run of plan.runs.filter((r) => !(r.arm === 'p300' && r.seed === 2))) {
      const result = { hash: run.hash, id: run.id, evalEpisodes: 4, evals: [point(50, 0.25), point(97, run.seed === 1 ? 1 : 0.5)] } as unknown as RunResult;
      results.set(run.hash, { result });
    }
    const csv = studyCsv(collectStudy(plan, results));
    const [header, ...rows] = csv.trimEnd().split('\n');
    expect(header.split(',')).toEqual(['study', 'arm', 'pretrain-steps', ...CSV_COLUMNS]);
    expect(CSV_COLUMNS).toEqual([
      'seed',
      'env_steps',
      'learner_steps',
      'wall_seconds',
      'train_success_last20',
      'eval_success',
      'eval_return',
      'intervention_rate',
      'intervention_rate_total',
      'eval_episodes',
      'run_id',
    ]);
    expect(rows).toHaveLength(6);
    const p300 = plan.runs.find((r) => r.arm === 'p300' && r.seed === 1);
    expect(rows[3]).toBe(`warm,p300,300,1,197,97,9.7,0.5,1,1.25,0.1,0.2,4,${p300?.id}`);
    expect(rows.map((r) => r.split(',').slice(0, 4).join(','))).toEqual([
      'warm,p0,0,1',
      'warm,p0,0,1',
      'warm,p300,300,1',
      'warm,p300,300,1',
      'warm,p0,0,2',
      'warm,p0,0,2',
    ]);
  });
});
