import type { PlannedRun, StudyPlan } from './plan.js';
import type { EvalPoint, RunResult } from './result-file.js';
import { mean, sd } from './stats.js';

/** A finished run of the study, under the study's own arm name. */
export interface StudyRun {
  readonly arm: string;
  readonly seed: number;
  readonly planned: PlannedRun;
  readonly result: RunResult;
}

export interface StudyResults {
  readonly plan: StudyPlan;
  /** Finished runs, in plan order (seed-major). */
  readonly runs: readonly StudyRun[];
  /** Planned runs without a result yet. */
  readonly missing: readonly PlannedRun[];
}

/** Matches the plan's runs to the finished results by hash (a result may come from another study). */
export function collectStudy(plan: StudyPlan, results: ReadonlyMap<string, { result: RunResult }>): StudyResults {
  const runs: StudyRun[] = [];
  const missing: PlannedRun[] = [];
  for (const planned of plan.runs) {
    const found = results.get(planned.hash);
    if (found) runs.push({ arm: planned.arm, seed: planned.seed, planned, result: found.result });
    else missing.push(planned);
  }
  return { plan, runs, missing };
}

/** The runs of one arm, in the plan's arm order. */
export function runsByArm(study: StudyResults): { arm: string; runs: StudyRun[] }[] {
  return study.plan.grid.arms.map((arm) => ({ arm: arm.name, runs: study.runs.filter((r) => r.arm === arm.name) }));
}

/** First evaluation point whose policy-alone success reaches `threshold`, or null. */
export function firstReaching(evals: readonly EvalPoint[], threshold: number): EvalPoint | null {
  return evals.find((e) => e.evalSuccess >= threshold) ?? null;
}

/** The last evaluation point (the final checkpoint). */
export function finalPoint(result: RunResult): EvalPoint | null {
  return result.evals.at(-1) ?? null;
}

/** Which x a curve point sits at. */
export type CurveMetric = 'evalSuccess' | 'trainSuccessLast20' | 'interventionRateLast20';

/** One point of an arm's curve: the mean over seeds, its ±1 sd and min-max band. */
export interface CurvePoint {
  readonly arm: string;
  /** Learner step of the checkpoint (periodic ones), or the final one's mean. */
  readonly learnerStep: number;
  readonly envSteps: number;
  readonly wallSeconds: number;
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  readonly seeds: number;
}

/**
 * An arm's curve for `metric`: the runs' evaluation points grouped by checkpoint (the periodic
 * learner steps, and the final checkpoint, whose step differs a little per seed), with the mean
 * over seeds and the band; x positions (env steps, wall seconds) are the seeds' means.
 */
export function armCurve(arm: string, runs: readonly StudyRun[], metric: CurveMetric): CurvePoint[] {
  const groups = new Map<string, EvalPoint[]>();
  for (const run of runs) {
    run.result.evals.forEach((point, i) => {
      const isFinal = i === run.result.evals.length - 1;
      const key = isFinal && point.learnerStep % run.result.evalEvery !== 0 ? 'final' : String(point.learnerStep);
      const values = point[metric];
      if (values === null) return;
      groups.set(key, [...(groups.get(key) ?? []), point]);
    });
  }
  const points: CurvePoint[] = [];
  for (const group of groups.values()) {
    const values = group.map((p) => p[metric] as number);
    points.push({
      arm,
      learnerStep: Math.round(mean(group.map((p) => p.learnerStep))),
      envSteps: mean(group.map((p) => p.envSteps)),
      wallSeconds: mean(group.map((p) => p.wallSeconds)),
      mean: mean(values),
      sd: sd(values),
      min: Math.min(...values),
      max: Math.max(...values),
      seeds: values.length,
    });
  }
  return points.sort((a, b) => a.learnerStep - b.learnerStep);
}
