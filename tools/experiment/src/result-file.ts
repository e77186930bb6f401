import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** One evaluation point of a run: a checkpoint, the training up to it, and the policy alone on it. */
export const evalPointSchema = z.object({
  learnerStep: z.number().int().min(0),
  /** Env steps received by the learner when it reached this learner step. */
  envSteps: z.number().int().min(0),
  /** Seconds from the run's start (npm start launched) to this learner step. */
  wallSeconds: z.number().min(0),
  /** Training episodes finished by this learner step. */
  episodes: z.number().int().min(0),
  /** Success over the last 20 training episodes (interventions included; null before any episode). */
  trainSuccessLast20: z.number().min(0).max(1).nullable(),
  /** Policy alone (deterministic, no intervener): success rate and mean return over evalEpisodes. */
  evalSuccess: z.number().min(0).max(1),
  evalReturn: z.number(),
  /** Share of env steps taken by the intervener over the last 20 training episodes (null before any episode). */
  interventionRateLast20: z.number().min(0).max(1).nullable(),
  /** Share of env steps taken by the intervener over all training episodes so far (null before any episode). */
  interventionRateTotal: z.number().min(0).max(1).nullable(),
  /** Seconds the evaluation itself took (not part of wallSeconds). */
  evalSeconds: z.number().min(0),
});
export type EvalPoint = z.infer<typeof evalPointSchema>;

/** `<run dir>/result.json`: written once the run and all its evaluations finished. */
export const runResultSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  id: z.string(),
  /** Arm and study that ran it first (another study may reuse it under another arm name). */
  arm: z.string(),
  study: z.string(),
  seed: z.number().int(),
  envSteps: z.number().int(),
  evalEvery: z.number().int(),
  evalEpisodes: z.number().int(),
  evalSeed: z.number().int(),
  flags: z.record(z.unknown()),
  resolved: z.record(z.unknown()),
  startedAt: z.string(),
  /** Seconds of training (npm start) alone, and with the evaluations. */
  trainSeconds: z.number().min(0),
  totalSeconds: z.number().min(0),
  exitCode: z.number().int(),
  /** npm start's final summary line. */
  summary: z.record(z.unknown()),
  evals: z.array(evalPointSchema),
});
export type RunResult = z.infer<typeof runResultSchema>;

export const RESULT_FILE = 'result.json';

/** Writes `result.json` in `dir` atomically (temp file + rename): it exists only whole. */
export function writeResult(dir: string, result: RunResult): void {
  const path = join(dir, RESULT_FILE);
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify(runResultSchema.parse(result), null, 2)}\n`);
  renameSync(temp, path);
}

/** Reads and validates a result.json; errors name the file and the key. */
export function readResult(path: string): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const parsed = runResultSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * Finished runs under `<out>/runs/`, by hash. A run is found by its hash, whatever arm name
 * it was run under (folders end in `-<hash8>`; the full hash inside is what counts).
 */
export function findResults(runsDir: string): Map<string, { dir: string; result: RunResult }> {
  const found = new Map<string, { dir: string; result: RunResult }>();
  if (!existsSync(runsDir)) return found;
  for (const name of readdirSync(runsDir).sort()) {
    const path = join(runsDir, name, RESULT_FILE);
    if (!existsSync(path)) continue;
    const result = readResult(path);
    if (!found.has(result.hash)) found.set(result.hash, { dir: join(runsDir, name), result });
  }
  return found;
}
