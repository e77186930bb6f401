import type { Log } from '@rlpd/cli';
import type { MetricsLog } from './metrics-log.js';

/** The learner's phases in the order they happen (ARCHITECTURE.md, "Learner timeline"). */
export type LearnerPhase = 'loading-demos' | 'pretraining' | 'waiting-for-data' | 'training' | 'stopping' | 'stopped';

/** Records every phase change with its learner step and wall time, so a run's timeline can be drawn. */
export class Timeline {
  private current: LearnerPhase = 'loading-demos';
  private readonly startedAt = Date.now();

  constructor(
    private readonly log: Log,
    private readonly metrics: MetricsLog,
  ) {}

  get phase(): LearnerPhase {
    return this.current;
  }

  enter(phase: LearnerPhase, learnerStep: number, detail = ''): void {
    this.current = phase;
    const elapsed = (Date.now() - this.startedAt) / 1000;
    this.log(`phase ${phase} at learner step ${learnerStep} (${elapsed.toFixed(1)} s)${detail ? `: ${detail}` : ''}`);
    this.metrics.write({ event: 'phase', phase, learnerStep, elapsedSeconds: elapsed });
  }
}
