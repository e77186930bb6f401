import { join } from 'node:path';
import { z } from 'zod';
import { lastJsonLine, spawnLogged, stopChild, tailOfFile } from './child.js';
import type { ResolvedFlags } from './plan.js';

/** The actor's summary line in --eval-checkpoint-step mode (apps/actor/src/evaluate.ts EvalSummary). */
const evalSummarySchema = z.object({
  checkpoint: z.string(),
  episodes: z.number().int().min(1),
  successRate: z.number().min(0).max(1),
  meanReturn: z.number(),
});

export interface CheckpointEval {
  readonly successRate: number;
  readonly meanReturn: number;
  readonly seconds: number;
}

export interface EvaluateOptions {
  readonly root: string;
  readonly cwd: string;
  /** The training run folder holding checkpoint_<step>/. */
  readonly checkpointPath: string;
  readonly episodes: number;
  readonly seed: number;
  /** The run's resolved npm start flags: the env, setup mode and encoder the actor must rebuild. */
  readonly resolved: ResolvedFlags;
  readonly logPath: string;
  readonly signal: AbortSignal;
}

/** Actor flags that must match the training run for the policy to load and act the same. */
export function evalArgs(step: number, options: Pick<EvaluateOptions, 'checkpointPath' | 'episodes' | 'seed' | 'resolved'>): string[] {
  const { resolved } = options;
  const encoder = typeof resolved.encoder === 'string' && resolved.encoder !== 'none' ? ['--encoder', resolved.encoder] : [];
  const weights =
    encoder.length > 0 && typeof resolved.encoderWeights === 'string' && resolved.encoderWeights !== '' ? ['--encoder-weights', resolved.encoderWeights] : [];
  return [
    '--eval-checkpoint-step',
    String(step),
    '--checkpoint-path',
    options.checkpointPath,
    '--eval-n-trajs',
    String(options.episodes),
    '--seed',
    String(options.seed),
    ...(typeof resolved.env === 'string' ? ['--env', resolved.env] : []),
    ...(typeof resolved.setupMode === 'string' ? ['--setup-mode', resolved.setupMode] : []),
    ...encoder,
    ...weights,
  ];
}

/**
 * Evaluates checkpoint_<step> with the policy alone: the actor's --eval-checkpoint-step mode
 * (deterministic actions, no intervener, episodes seeded seed, seed+1, ...). Throws with the
 * log's tail when the actor fails or prints no valid summary.
 */
export async function evaluateCheckpoint(step: number, options: EvaluateOptions): Promise<CheckpointEval> {
  const started = Date.now();
  const child = spawnLogged(join(options.root, 'apps/actor/dist/main.js'), evalArgs(step, options), { cwd: options.cwd, logPath: options.logPath });
  const abort = (): void => void stopChild(child, 'SIGKILL', 0);
  options.signal.addEventListener('abort', abort, { once: true });
  const code = await child.exited;
  options.signal.removeEventListener('abort', abort);
  if (options.signal.aborted) throw new Error('interrupted');
  if (code !== 0) throw new Error(`evaluation of checkpoint_${step} failed (exit ${code}); last lines of ${options.logPath}:\n${tailOfFile(options.logPath)}`);
  const summary = evalSummarySchema.safeParse(lastJsonLine(child.stdout()));
  if (!summary.success)
    throw new Error(
      `evaluation of checkpoint_${step}: the actor printed no valid summary line (${summary.error.issues[0].path.join('.')}: ${summary.error.issues[0].message}); see ${options.logPath}`,
    );
  return { successRate: summary.data.successRate, meanReturn: summary.data.meanReturn, seconds: (Date.now() - started) / 1000 };
}
