import type { StudyResults } from './aggregate.js';

/** CSV column of a resolved npm start flag: its flag name (`pretrainSteps` -> `pretrain-steps`). */
export const flagColumn = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The fixed columns, after study, arm and the varying flags' columns. */
export const CSV_COLUMNS = [
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
] as const;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(Math.round(value * 1e6) / 1e6) : JSON.stringify(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * results.csv: one row per run and evaluation point. intervention_rate is over the last 20
 * training episodes (as train_success_last20), intervention_rate_total over all training so far.
 */
export function studyCsv(study: StudyResults): string {
  const flags = study.plan.varyingFlags;
  const header = ['study', 'arm', ...flags.map(flagColumn), ...CSV_COLUMNS];
  const rows = [header.join(',')];
  for (const run of study.runs) {
    for (const point of run.result.evals) {
      rows.push(
        [
          study.plan.grid.study,
          run.arm,
          ...flags.map((key) => run.planned.resolved[key]),
          run.seed,
          point.envSteps,
          point.learnerStep,
          point.wallSeconds,
          point.trainSuccessLast20,
          point.evalSuccess,
          point.evalReturn,
          point.interventionRateLast20,
          point.interventionRateTotal,
          run.result.evalEpisodes,
          run.result.id,
        ]
          .map(cell)
          .join(','),
      );
    }
  }
  return `${rows.join('\n')}\n`;
}
