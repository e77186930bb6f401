import type { EpisodeRecord, RunMetrics } from './run-metrics.js';

export interface RunReportOptions {
  /** Success rate over the last `window` episodes that counts as learned (hil-serl reports 80%). */
  readonly threshold: number;
  readonly window: number;
  /** Width, in env steps, of the intervals success is reported for. */
  readonly interval: number;
}

/** Where a run stood when something first happened. */
export interface Milestone {
  readonly episode: number;
  readonly envSteps: number;
  readonly learnerStep: number;
  /** Seconds since the learner's `training` phase began (negative: before it). */
  readonly trainingSeconds: number;
}

export interface IntervalSuccess {
  /** Episodes that ended with envSteps in (from, to]. */
  readonly fromEnvSteps: number;
  readonly toEnvSteps: number;
  readonly episodes: number;
  readonly successRate: number;
  /** Share of those episodes' steps under intervention. */
  readonly interventionRate: number;
}

export interface RunReport {
  readonly episodes: number;
  readonly envSteps: number;
  readonly learnerSteps: number;
  /** Seconds spent in demo-only pre-training (0 without a `pretraining` phase). */
  readonly pretrainSeconds: number;
  readonly firstSuccess: Milestone | null;
  /** First time the success rate over the last `window` episodes reached `threshold`. */
  readonly reachedThreshold: Milestone | null;
  readonly finalSuccessRate: number;
  readonly interventionRate: number;
  readonly intervals: readonly IntervalSuccess[];
}

/**
 * Summarises when a run learned: its first success, the first time success over the last
 * `window` episodes reached `threshold` (in episodes, env steps, learner steps and seconds of
 * training), success per interval of env steps, and the share of env steps taken by
 * interventions. Needs episode lines with `envSteps` (logged by the learner since it exists).
 */
export function reportRun(metrics: RunMetrics, options: RunReportOptions, source: string): RunReport {
  const { episodes, phases } = metrics;
  const missing = episodes.findIndex((e) => e.envSteps === null);
  if (missing >= 0)
    throw new Error(`${source}: episode ${missing + 1} has no envSteps (a run logged before the learner recorded them); cannot place episodes in env steps`);
  const envStepsOf = (i: number): number => episodes[i].envSteps as number;
  const phaseStart = (name: string): number | null => phases.find((p) => p.phase === name)?.wallTime ?? null;
  const trainingStart = phaseStart('training') ?? episodes[0]?.wallTime ?? 0;
  const pretrainStart = phaseStart('pretraining');
  const afterPretrain = phases.find((p) => pretrainStart !== null && p.wallTime > pretrainStart && p.phase !== 'pretraining');
  const milestone = (i: number): Milestone => ({
    episode: i + 1,
    envSteps: envStepsOf(i),
    learnerStep: episodes[i].learnerStep,
    trainingSeconds: round(episodes[i].wallTime - trainingStart, 1),
  });

  let reachedThreshold: Milestone | null = null;
  let successes = 0;
  for (let i = 0; i < episodes.length; i++) {
    successes += episodes[i].success ? 1 : 0;
    if (i >= options.window) successes -= episodes[i - options.window].success ? 1 : 0;
    if (i + 1 >= options.window && successes / options.window >= options.threshold) {
      reachedThreshold = milestone(i);
      break;
    }
  }
  const firstSuccessIndex = episodes.findIndex((e) => e.success);
  const last = episodes.slice(-options.window);
  const envSteps = episodes.length > 0 ? envStepsOf(episodes.length - 1) : 0;

  const intervals: IntervalSuccess[] = [];
  for (let from = 0; from < envSteps; from += options.interval) {
    const inside = episodes.filter((e) => (e.envSteps as number) > from && (e.envSteps as number) <= from + options.interval);
    intervals.push({
      fromEnvSteps: from,
      toEnvSteps: from + options.interval,
      episodes: inside.length,
      successRate: inside.length === 0 ? 0 : round(inside.filter((e) => e.success).length / inside.length, 3),
      interventionRate: interventionShare(inside),
    });
  }
  return {
    episodes: episodes.length,
    envSteps,
    learnerSteps: episodes.reduce((max, e) => Math.max(max, e.learnerStep), 0),
    pretrainSeconds: pretrainStart !== null && afterPretrain ? round(afterPretrain.wallTime - pretrainStart, 1) : 0,
    firstSuccess: firstSuccessIndex >= 0 ? milestone(firstSuccessIndex) : null,
    reachedThreshold,
    finalSuccessRate: last.length === 0 ? 0 : round(last.filter((e) => e.success).length / last.length, 3),
    interventionRate: interventionShare(episodes),
    intervals,
  };
}

function interventionShare(episodes: readonly EpisodeRecord[]): number {
  const steps = episodes.reduce((sum, e) => sum + e.length, 0);
  return steps === 0 ? 0 : round(episodes.reduce((sum, e) => sum + e.interventionSteps, 0) / steps, 4);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
