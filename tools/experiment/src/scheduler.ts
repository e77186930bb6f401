import type { PlannedRun } from './plan.js';
import type { ExecuteRun, RunProgress } from './run-one.js';
import type { StudyState } from './state.js';

/** What the progress view shows: the grid's counts and the running runs. */
export interface GridSnapshot {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  /** Runs another experiment process is running (a study sharing them): not run here this time. */
  readonly elsewhere: number;
  readonly running: readonly { readonly id: string; readonly progress: RunProgress | null; readonly startedAt: number }[];
  readonly remaining: number;
  /** Seconds each run finished in this session took (for the ETA). */
  readonly durations: readonly number[];
  readonly parallel: number;
}

export interface SchedulerOptions {
  /** The study's runs; runs with the same hash are run once. */
  readonly runs: readonly PlannedRun[];
  readonly parallel: number;
  readonly execute: ExecuteRun;
  /** Hashes of finished runs (their result.json exists): never run again. */
  readonly finished: ReadonlySet<string>;
  readonly state: StudyState;
  readonly retryFailed: boolean;
  readonly runDir: (run: PlannedRun) => string;
  readonly signal: AbortSignal;
  readonly onChange: (snapshot: GridSnapshot) => void;
  readonly now?: () => number;
}

export interface GridOutcome {
  readonly done: number;
  readonly ranNow: number;
  readonly failed: number;
  readonly elsewhere: number;
  readonly interrupted: boolean;
  readonly remaining: number;
}

/**
 * Runs the study's unfinished runs, up to `parallel` at once. A finished run (result.json) is
 * skipped; a run that failed before is skipped unless `retryFailed`; a run that fails now is
 * recorded in the study state and the grid goes on. On abort no new run starts and the
 * running ones are stopped (they report 'interrupted' and start afresh next time).
 */
export async function runGrid(options: SchedulerOptions): Promise<GridOutcome> {
  const now = options.now ?? Date.now;
  const unique = new Map<string, PlannedRun>();
  for (const run of options.runs) if (!unique.has(run.hash)) unique.set(run.hash, run);
  const queue: PlannedRun[] = [];
  let done = 0;
  let failed = 0;
  let elsewhere = 0;
  for (const run of unique.values()) {
    if (options.finished.has(run.hash)) done++;
    else if (options.state.failure(run.hash) !== undefined && !options.retryFailed) failed++;
    else queue.push(run);
  }
  const running = new Map<string, { id: string; progress: RunProgress | null; startedAt: number }>();
  const durations: number[] = [];
  let ranNow = 0;
  const total = unique.size;
  const snapshot = (): GridSnapshot => ({
    total,
    done,
    failed,
    elsewhere,
    running: [...running.values()],
    remaining: queue.length,
    durations,
    parallel: options.parallel,
  });
  const changed = (): void => options.onChange(snapshot());

  await new Promise<void>((resolveAll) => {
    const startNext = (): void => {
      while (!options.signal.aborted && queue.length > 0 && running.size < options.parallel) {
        const run = queue.shift() as PlannedRun;
        const entry = { id: run.id, progress: null as RunProgress | null, startedAt: now() };
        running.set(run.hash, entry);
        const context = {
          dir: options.runDir(run),
          signal: options.signal,
          onProgress: (progress: RunProgress) => {
            entry.progress = progress;
            changed();
          },
        };
        options
          .execute(run, context)
          .catch((error: unknown) => ({
            kind: 'failed' as const,
            failure: {
              id: run.id,
              arm: run.arm,
              seed: run.seed,
              exitCode: null,
              stage: 'experiment',
              stderrTail: error instanceof Error ? error.message : String(error),
              at: new Date().toISOString(),
            },
          }))
          .then((outcome) => {
            running.delete(run.hash);
            if (outcome.kind === 'done') {
              done++;
              ranNow++;
              durations.push((now() - entry.startedAt) / 1000);
              options.state.clearFailure(run.hash);
            } else if (outcome.kind === 'failed') {
              failed++;
              options.state.markFailed(run.hash, outcome.failure);
            } else if (outcome.kind === 'busy') {
              elsewhere++;
            } else {
              queue.unshift(run); // interrupted: still to do
            }
            changed();
            startNext();
            if (running.size === 0 && (queue.length === 0 || options.signal.aborted)) resolveAll();
          });
      }
      changed();
    };
    startNext();
    if (running.size === 0) resolveAll();
  });
  return { done, ranNow, failed, elsewhere, interrupted: options.signal.aborted && queue.length > 0, remaining: queue.length };
}
