import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { armCurve, collectStudy, finalPoint, firstReaching, runsByArm, type CurveMetric, type StudyResults } from './aggregate.js';
import { studyCsv } from './csv.js';
import type { Flags } from './grid-schema.js';
import { flagsToArgs, type StudyPlan } from './plan.js';
import { curveSpec, renderPng } from './plots.js';
import type { RunResult } from './result-file.js';
import { mean, sd, welchTest } from './stats.js';

/** Policy-alone eval success that counts as learned in the report. */
export const LEARNED = 0.8;

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const round = (x: number): string => String(Math.round(x));

/** "median (min-max)", with how many seeds did not reach it. */
function medianRange(values: readonly (number | null)[], unit: string, budget: string, beyond: string): string {
  const reached = values.filter((v): v is number => v !== null);
  const notReached = values.length - reached.length;
  const missed = notReached > 0 ? `; ${notReached} of ${values.length} not reached in ${budget}` : '';
  if (reached.length === 0) return `not reached in ${budget} (${values.length} seeds)`;
  // Seeds that never reached it count as later than all that did: the median is then a lower bound.
  const sorted = [...reached].sort((a, b) => a - b);
  const all = [...sorted, ...new Array<number>(notReached).fill(Number.POSITIVE_INFINITY)];
  const mid = all.length % 2 === 1 ? all[(all.length - 1) / 2] : (all[all.length / 2 - 1] + all[all.length / 2]) / 2;
  const med = Number.isFinite(mid) ? `${round(mid)}${unit === '' ? '' : ` ${unit}`}` : beyond;
  return `${med} (${round(sorted[0])}-${round(sorted.at(-1) as number)}${missed})`;
}

/** The arm's flags as the grid gives them (base + arm), as npm start arguments. */
function flagsText(flags: Flags): string {
  return flagsToArgs(flags).join(' ') || '(npm start defaults)';
}

/** The markdown report: per-arm time to 80% policy-alone success, final evals, comparison to the first arm. */
export function studyReport(study: StudyResults, pngs: readonly string[]): string {
  const { plan } = study;
  const { grid } = plan;
  const arms = runsByArm(study);
  const envSteps = study.plan.runs[0]?.envSteps ?? grid.envSteps;
  const budget = `${envSteps} env steps`;
  const lines: string[] = [];
  lines.push(`# Study: ${grid.study}`, '');
  if (grid.description) lines.push(grid.description, '');
  lines.push(
    `${study.runs.length} of ${plan.runs.length} runs finished; ${envSteps} env steps per run; seeds ${[...new Set(plan.runs.map((r) => r.seed))].join(', ')}; ` +
      `policy-alone evaluation (deterministic, no intervener, ${grid.evalEpisodes} episodes from seed ${grid.evalSeed}) every ${grid.evalEvery} learner steps and at the final checkpoint.`,
    '',
  );
  lines.push('## Per arm', '');
  lines.push(
    `Time to ${pct(LEARNED)}: the first evaluation point at which the policy alone succeeded in at least ${pct(LEARNED)} of the episodes (median over seeds, range in brackets; a seed that never got there counts as later than all the others).`,
    '',
  );
  lines.push(
    `| arm | flags | seeds done | time to ${pct(LEARNED)} (env steps) | time to ${pct(LEARNED)} (wall s) | final eval success, mean ± sd | final eval success per seed | final train success (last 20) | wall time per run (train + eval) |`,
  );
  lines.push('|---|---|---|---|---|---|---|---|---|');
  const finals = new Map<string, number[]>();
  for (const { arm, runs } of arms) {
    const armFlags = plan.runs.find((r) => r.arm === arm)?.flags ?? {};
    const reach = runs.map((r) => firstReaching(r.result.evals, LEARNED));
    const final = runs.map((r) => finalPoint(r.result)).filter((p) => p !== null);
    const finalSuccess = final.map((p) => p.evalSuccess);
    finals.set(arm, finalSuccess);
    const trainFinal = final.map((p) => p.trainSuccessLast20).filter((v): v is number => v !== null);
    const seedsPlanned = plan.runs.filter((r) => r.arm === arm).length;
    lines.push(
      `| ${arm} | ${flagsText(armFlags)} | ${runs.length}/${seedsPlanned} | ` +
        `${
          runs.length === 0
            ? ''
            : medianRange(
                reach.map((p) => p?.envSteps ?? null),
                '',
                budget,
                `> ${envSteps}`,
              )
        } | ` +
        `${
          runs.length === 0
            ? ''
            : medianRange(
                reach.map((p) => p?.wallSeconds ?? null),
                's',
                budget,
                'later than the run',
              )
        } | ` +
        `${finalSuccess.length === 0 ? '' : `${pct(mean(finalSuccess))} ± ${pct(sd(finalSuccess))}`} | ` +
        `${runs.map((r) => `s${r.seed}: ${pct(finalPoint(r.result)?.evalSuccess ?? 0)}`).join(', ')} | ` +
        `${trainFinal.length === 0 ? '' : pct(mean(trainFinal))} | ` +
        `${runs.length === 0 ? '' : `${round(mean(runs.map((r) => r.result.trainSeconds)))} + ${round(mean(runs.map((r) => r.result.totalSeconds - r.result.trainSeconds)))} s`} |`,
    );
  }
  lines.push('');
  const [first, ...others] = arms;
  if (first !== undefined && others.length > 0) {
    lines.push(`## Compared with ${first.arm}`, '');
    lines.push(
      "Difference of the final policy-alone eval success (arm minus the first arm) and Welch's t-test over seeds. A difference is reported as found only when p < 0.05; otherwise it is smaller than the seed-to-seed spread can resolve with these seeds, and reported as none found.",
      '',
    );
    lines.push('| arm | difference of means | t | df | p | verdict |');
    lines.push('|---|---|---|---|---|---|');
    const base = finals.get(first.arm) ?? [];
    for (const { arm } of others) {
      const test = welchTest(base, finals.get(arm) ?? []);
      if (test === null) {
        lines.push(`| ${arm} | | | | | needs at least 2 seeds in both arms |`);
        continue;
      }
      const verdict = test.p < 0.05 ? `${test.difference > 0 ? 'higher' : 'lower'} (p < 0.05)` : 'none found';
      lines.push(
        `| ${arm} | ${test.difference >= 0 ? '+' : ''}${Math.round(test.difference * 100)} points | ${test.t.toFixed(2)} | ${test.df.toFixed(1)} | ${test.p.toFixed(3)} | ${verdict} |`,
      );
    }
    lines.push('');
  }
  if (pngs.length > 0) {
    lines.push('## Plots', '');
    for (const png of pngs) lines.push(`![${png}](${png})`, '');
  }
  if (study.missing.length > 0) {
    lines.push('## Not finished', '', study.missing.map((r) => r.id).join(', '), '');
  }
  lines.push(
    'Data: `results.csv` (one row per run and evaluation point). intervention_rate is over the last 20 training episodes, intervention_rate_total over all training so far.',
    '',
  );
  return `${lines.join('\n')}`;
}

const PLOTS: readonly { file: string; metric: CurveMetric; x: 'envSteps' | 'wallSeconds'; title: string; yTitle: string; onlyWithInterventions?: boolean }[] = [
  {
    file: 'eval-success-vs-env-steps.png',
    metric: 'evalSuccess',
    x: 'envSteps',
    title: 'Policy alone: eval success vs env steps',
    yTitle: 'eval success (policy alone)',
  },
  {
    file: 'train-success-vs-env-steps.png',
    metric: 'trainSuccessLast20',
    x: 'envSteps',
    title: 'Training episodes: success over the last 20 vs env steps',
    yTitle: 'training success (last 20)',
  },
  {
    file: 'eval-success-vs-wall.png',
    metric: 'evalSuccess',
    x: 'wallSeconds',
    title: 'Policy alone: eval success vs wall time',
    yTitle: 'eval success (policy alone)',
  },
  {
    file: 'train-success-vs-wall.png',
    metric: 'trainSuccessLast20',
    x: 'wallSeconds',
    title: 'Training episodes: success over the last 20 vs wall time',
    yTitle: 'training success (last 20)',
  },
  {
    file: 'intervention-rate-vs-env-steps.png',
    metric: 'interventionRateLast20',
    x: 'envSteps',
    title: 'Intervention rate (last 20 episodes) vs env steps',
    yTitle: 'share of steps intervened',
  },
];

function writeAtomic(path: string, data: string | Buffer): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, data);
  renameSync(temp, path);
}

/** Writes results.csv, the PNG plots and report.md in `studyDir`; returns the file names. */
export async function writeStudyOutputs(plan: StudyPlan, results: ReadonlyMap<string, { result: RunResult }>, studyDir: string): Promise<string[]> {
  mkdirSync(studyDir, { recursive: true });
  const study = collectStudy(plan, results);
  const written: string[] = [];
  writeAtomic(join(studyDir, 'results.csv'), studyCsv(study));
  written.push('results.csv');
  const pngs: string[] = [];
  if (study.runs.length > 0) {
    const arms = runsByArm(study);
    const armNames = plan.grid.arms.map((a) => a.name);
    for (const plot of PLOTS) {
      const points = arms.flatMap(({ arm, runs }) => armCurve(arm, runs, plot.metric));
      if (points.length === 0) continue;
      writeAtomic(join(studyDir, plot.file), await renderPng(curveSpec({ title: plot.title, x: plot.x, yTitle: plot.yTitle, points, arms: armNames })));
      pngs.push(plot.file);
    }
  }
  written.push(...pngs);
  writeAtomic(join(studyDir, 'report.md'), studyReport(study, pngs));
  written.push('report.md');
  return written.map((file) => join(studyDir, file));
}
