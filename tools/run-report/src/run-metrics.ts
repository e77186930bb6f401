import { z } from 'zod';

/** One finished episode, as the learner logs it in metrics.jsonl. */
export interface EpisodeRecord {
  /** Learner step when the episode's stats arrived. */
  readonly learnerStep: number;
  /** Env steps received so far, this episode included (null in runs logged before the field existed). */
  readonly envSteps: number | null;
  readonly wallTime: number;
  readonly success: boolean;
  readonly interventionSteps: number;
  readonly length: number;
}

/** A timeline phase change (`loading-demos`, `pretraining`, `waiting-for-data`, `training`, …). */
export interface PhaseRecord {
  readonly phase: string;
  readonly learnerStep: number;
  readonly wallTime: number;
}

export interface RunMetrics {
  readonly episodes: readonly EpisodeRecord[];
  readonly phases: readonly PhaseRecord[];
  /** Set when the last line was cut off (the run was killed while writing); the line is ignored. */
  readonly truncatedLastLine: boolean;
}

const episodeLine = z.object({
  wallTime: z.number(),
  step: z.number().int().min(0),
  envSteps: z.number().int().min(0).optional(),
  'environment/episode/success': z.boolean(),
  'environment/episode/l': z.number().int().min(0),
  'environment/episode/intervention_steps': z.number().int().min(0),
});

const phaseLine = z.object({
  wallTime: z.number(),
  event: z.literal('phase'),
  phase: z.string(),
  learnerStep: z.number().int().min(0),
});

/**
 * Parses the learner's metrics.jsonl (`source` names the file in errors). Episode lines (those
 * with `environment/episode/success`) and phase events are kept; update metrics are skipped.
 * A malformed line fails naming the file, line number and problem, except a cut-off last line,
 * which a killed run can leave behind and which is reported instead.
 */
export function parseRunMetrics(text: string, source: string): RunMetrics {
  const episodes: EpisodeRecord[] = [];
  const phases: PhaseRecord[] = [];
  const lines = text.split('\n');
  let truncatedLastLine = false;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${source}: line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      const isLast = lines.slice(i + 1).every((rest) => rest.trim() === '');
      if (isLast && !text.endsWith('\n')) {
        truncatedLastLine = true;
        return;
      }
      throw new Error(`${where}: not a JSON object (metrics.jsonl has one JSON object per line)`);
    }
    if (typeof value !== 'object' || value === null) throw new Error(`${where}: expected a JSON object, got ${JSON.stringify(value)}`);
    if ('event' in value) {
      if (value.event !== 'phase') return;
      const phase = phaseLine.safeParse(value);
      if (!phase.success) throw new Error(`${where}: phase event: ${describeIssue(phase.error)}`);
      phases.push({ phase: phase.data.phase, learnerStep: phase.data.learnerStep, wallTime: phase.data.wallTime });
      return;
    }
    if (!('environment/episode/success' in value)) return;
    const episode = episodeLine.safeParse(value);
    if (!episode.success) throw new Error(`${where}: episode line: ${describeIssue(episode.error)}`);
    const e = episode.data;
    episodes.push({
      learnerStep: e.step,
      envSteps: e.envSteps ?? null,
      wallTime: e.wallTime,
      success: e['environment/episode/success'],
      interventionSteps: e['environment/episode/intervention_steps'],
      length: e['environment/episode/l'],
    });
  });
  return { episodes, phases, truncatedLastLine };
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return `'${issue.path.join('.')}': ${issue.message}`;
}
