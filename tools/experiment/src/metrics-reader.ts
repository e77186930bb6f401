import { z } from 'zod';

/** One finished training episode, from the learner's metrics.jsonl. */
export interface EpisodeLine {
  readonly learnerStep: number;
  readonly envSteps: number | null;
  readonly wallTime: number;
  readonly success: boolean;
  readonly interventionSteps: number;
  readonly length: number;
}

/** One update line: where the learner was (learner step, online buffer size = env steps received, time). */
export interface UpdateLine {
  readonly learnerStep: number;
  readonly onlineSize: number;
  readonly wallTime: number;
}

export interface RunMetrics {
  readonly episodes: readonly EpisodeLine[];
  readonly updates: readonly UpdateLine[];
}

const episodeLine = z.object({
  wallTime: z.number(),
  step: z.number().int().min(0),
  envSteps: z.number().int().min(0).optional(),
  'environment/episode/success': z.boolean(),
  'environment/episode/l': z.number().int().min(0),
  'environment/episode/intervention_steps': z.number().int().min(0),
});
const updateLine = z.object({ wallTime: z.number(), step: z.number().int().min(0), 'buffer/online': z.number().int().min(0) });

/**
 * Reads the learner's metrics.jsonl (the format tools/run-report reads: one JSON object per
 * line; episode lines carry `environment/episode/*`, update lines `buffer/online`). Other
 * lines (phases, pretraining) are skipped; a cut-off last line (a killed run) is ignored.
 */
export function readRunMetrics(text: string, source: string): RunMetrics {
  const episodes: EpisodeLine[] = [];
  const updates: UpdateLine[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (lines.slice(i + 1).every((rest) => rest.trim() === '') && !text.endsWith('\n')) return;
      throw new Error(`${source}: line ${i + 1}: not a JSON object`, { cause: error });
    }
    if (typeof value !== 'object' || value === null || 'event' in value || 'pretrainStep' in value) return;
    if ('environment/episode/success' in value) {
      const e = episodeLine.safeParse(value);
      if (!e.success) throw new Error(`${source}: line ${i + 1}: episode line: '${e.error.issues[0].path.join('.')}': ${e.error.issues[0].message}`);
      episodes.push({
        learnerStep: e.data.step,
        envSteps: e.data.envSteps ?? null,
        wallTime: e.data.wallTime,
        success: e.data['environment/episode/success'],
        interventionSteps: e.data['environment/episode/intervention_steps'],
        length: e.data['environment/episode/l'],
      });
      return;
    }
    const u = updateLine.safeParse(value);
    if (u.success) updates.push({ learnerStep: u.data.step, onlineSize: u.data['buffer/online'], wallTime: u.data.wallTime });
  });
  return { episodes, updates };
}

/** Training as of learner step `step`: env steps, time, success and intervention shares. */
export interface TrainingAt {
  readonly envSteps: number;
  readonly wallTime: number | null;
  readonly episodes: number;
  readonly successLast20: number | null;
  readonly interventionRateLast20: number | null;
  readonly interventionRateTotal: number | null;
}

/**
 * The training state when the learner reached `step`: the last update line at or before it
 * gives env steps and time; the episodes logged by then give the success over the last 20 and
 * the intervention shares (intervened steps / episode steps).
 */
export function trainingAt(metrics: RunMetrics, step: number, window = 20): TrainingAt {
  const upTo = metrics.episodes.filter((e) => e.learnerStep <= step);
  const last = upTo.slice(-window);
  let update: UpdateLine | undefined;
  for (const u of metrics.updates) if (u.learnerStep <= step) update = u;
  const lastEpisode = upTo.at(-1);
  const envSteps = Math.max(update?.onlineSize ?? 0, lastEpisode?.envSteps ?? 0);
  const wallTime = Math.max(update?.wallTime ?? 0, lastEpisode?.wallTime ?? 0) || null;
  const share = (episodes: readonly EpisodeLine[]): number | null => {
    const steps = episodes.reduce((n, e) => n + e.length, 0);
    return steps === 0 ? null : episodes.reduce((n, e) => n + e.interventionSteps, 0) / steps;
  };
  return {
    envSteps,
    wallTime,
    episodes: upTo.length,
    successLast20: last.length === 0 ? null : last.filter((e) => e.success).length / last.length,
    interventionRateLast20: share(last),
    interventionRateTotal: share(upTo),
  };
}
