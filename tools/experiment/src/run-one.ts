import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireRunLock } from './run-lock.js';
import { z } from 'zod';
import { lastJsonLine, spawnLogged, stopChild, tailOfFile } from './child.js';
import { evaluateCheckpoint } from './evaluate.js';
import { readRunMetrics, trainingAt } from './metrics-reader.js';
import { flagsToArgs, type PlannedRun } from './plan.js';
import { writeResult, type EvalPoint, type RunResult } from './result-file.js';
import type { RunFailure } from './state.js';

/** How one run ended. */
export type RunOutcome =
  | { readonly kind: 'done'; readonly result: RunResult }
  | { readonly kind: 'failed'; readonly failure: RunFailure }
  | { readonly kind: 'interrupted' }
  /** Another experiment process (another study sharing this run) is running it now. */
  | { readonly kind: 'busy'; readonly owner: number };

/** What a running run reports for the progress view. */
export interface RunProgress {
  readonly envSteps: number;
  /** 'training', or 'eval 3/9'. */
  readonly stage: string;
}

export interface RunContext {
  /** The run's folder (`<out>/runs/<id>`): deleted and created afresh. */
  readonly dir: string;
  readonly signal: AbortSignal;
  readonly onProgress: (progress: RunProgress) => void;
}

/** Runs one planned run to its result; the scheduler's unit of work (tests inject a fake). */
export type ExecuteRun = (run: PlannedRun, context: RunContext) => Promise<RunOutcome>;

/** npm start's final summary line (tools/start/src/main.ts). */
const startSummarySchema = z
  .object({ runDir: z.string(), envSteps: z.number().optional(), learnerSteps: z.number().optional(), wallSeconds: z.number().optional() })
  .passthrough();

/** npm start arguments for a run: the per-run flags, then the grid's base + arm flags. */
export function startArgs(run: PlannedRun, dir: string): string[] {
  return [
    '--seed',
    String(run.seed),
    '--max-steps',
    String(run.envSteps),
    '--checkpoint-period',
    String(run.evalEvery),
    '--runs-dir',
    join(dir, 'train'),
    ...flagsToArgs(run.flags),
  ];
}

/** Learner steps of the checkpoint_<step>/ folders in a training run, ascending. */
export function checkpointSteps(trainDir: string): number[] {
  return readdirSync(trainDir)
    .map((name) => /^checkpoint_(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/**
 * The real run: `npm start` (node tools/start/dist/main.js, the same code path a user runs)
 * with --runs-dir in the run's folder, then the policy-alone evaluation of every checkpoint,
 * then result.json (atomically, only once everything finished).
 */
export function createRealExecute(root: string, cwd: string): ExecuteRun {
  return async (run, context) => {
    // Two studies that share a run may run side by side: only one process runs it.
    const lock = acquireRunLock(`${context.dir}.lock`);
    if (lock.kind === 'busy') return lock;
    try {
      return await runAndEvaluate(run, context);
    } finally {
      lock.release();
    }
  };

  async function runAndEvaluate(run: PlannedRun, { dir, signal, onProgress }: RunContext): Promise<RunOutcome> {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'run.json'), `${JSON.stringify({ hash: run.hash, arm: run.arm, study: run.study, seed: run.seed, flags: run.flags }, null, 2)}\n`);
    const startedAt = new Date();
    const startLog = join(dir, 'start.log');
    const failed = (stage: string, exitCode: number | null, tail: string): RunOutcome => ({
      kind: 'failed',
      failure: { id: run.id, arm: run.arm, seed: run.seed, exitCode, stage, stderrTail: tail.slice(-4000), at: new Date().toISOString() },
    });

    // 1. Training. npm start's progress line ("env 1234/4000") feeds the progress view.
    const child = spawnLogged(join(root, 'tools/start/dist/main.js'), startArgs(run, dir), {
      cwd,
      logPath: startLog,
      onStderr: (text) => {
        const matches = [...text.matchAll(/env (\d+)\/\d+/g)];
        if (matches.length > 0) onProgress({ envSteps: Number(matches.at(-1)?.[1]), stage: 'training' });
      },
    });
    // Ctrl-C: npm start stops the actor, then the learner (final checkpoint); killed if it hangs.
    const abort = (): void => void stopChild(child, 'SIGINT', 30_000);
    signal.addEventListener('abort', abort, { once: true });
    const code = await child.exited;
    signal.removeEventListener('abort', abort);
    if (signal.aborted) return { kind: 'interrupted' };
    const trainSeconds = (Date.now() - startedAt.getTime()) / 1000;
    if (code !== 0) return failed('training (npm start)', code, tailOfFile(startLog));
    const summary = startSummarySchema.safeParse(lastJsonLine(child.stdout()));
    if (!summary.success) return failed('training (npm start)', code, `npm start printed no summary line with runDir; ${tailOfFile(startLog)}`);
    const trainDir = summary.data.runDir;

    // 2. The training record at each checkpoint, then the policy alone on it.
    const metricsPath = join(trainDir, 'metrics.jsonl');
    if (!existsSync(metricsPath)) return failed('reading metrics', null, `${metricsPath} is missing`);
    let metrics;
    try {
      metrics = readRunMetrics(readFileSync(metricsPath, 'utf8'), metricsPath);
    } catch (error) {
      return failed('reading metrics', null, error instanceof Error ? error.message : String(error));
    }
    const steps = checkpointSteps(trainDir);
    if (steps.length === 0) return failed('evaluation', null, `no checkpoint_<step> folder in ${trainDir}`);
    const evals: EvalPoint[] = [];
    for (const [i, step] of steps.entries()) {
      const at = trainingAt(metrics, step);
      onProgress({ envSteps: at.envSteps, stage: `eval ${i + 1}/${steps.length}` });
      let result;
      try {
        result = await evaluateCheckpoint(step, {
          root,
          cwd,
          checkpointPath: trainDir,
          episodes: run.evalEpisodes,
          seed: run.evalSeed,
          resolved: run.resolved,
          logPath: join(dir, 'eval.log'),
          signal,
        });
      } catch (error) {
        if (signal.aborted) return { kind: 'interrupted' };
        return failed(`evaluation of checkpoint_${step}`, null, error instanceof Error ? error.message : String(error));
      }
      evals.push({
        learnerStep: step,
        envSteps: at.envSteps,
        wallSeconds: at.wallTime === null ? 0 : Math.max(0, at.wallTime - startedAt.getTime() / 1000),
        episodes: at.episodes,
        trainSuccessLast20: at.successLast20,
        evalSuccess: result.successRate,
        evalReturn: result.meanReturn,
        interventionRateLast20: at.interventionRateLast20,
        interventionRateTotal: at.interventionRateTotal,
        evalSeconds: result.seconds,
      });
    }
    const result: RunResult = {
      hash: run.hash,
      id: run.id,
      arm: run.arm,
      study: run.study,
      seed: run.seed,
      envSteps: run.envSteps,
      evalEvery: run.evalEvery,
      evalEpisodes: run.evalEpisodes,
      evalSeed: run.evalSeed,
      flags: { ...run.flags },
      resolved: { ...run.resolved },
      startedAt: startedAt.toISOString(),
      trainSeconds,
      totalSeconds: (Date.now() - startedAt.getTime()) / 1000,
      exitCode: code,
      summary: summary.data,
      evals,
    };
    writeResult(dir, result);
    return { kind: 'done', result };
  }
}
