import type { EpisodeStats } from '@rlpd/spaces';

/** Running episode statistics over the whole run and over the last `window` episodes. */
export class EpisodeWindow {
  private readonly recent: EpisodeStats[] = [];
  episodes = 0;
  envSteps = 0;

  constructor(private readonly window = 20) {}

  add(stats: EpisodeStats): void {
    this.episodes += 1;
    this.envSteps += stats.length;
    this.recent.push(stats);
    if (this.recent.length > this.window) this.recent.shift();
  }

  /** Fraction of the last `window` episodes that succeeded (0 when none yet). */
  get successRate(): number {
    return this.recent.length === 0 ? 0 : this.recent.filter((s) => s.success).length / this.recent.length;
  }

  /** Fraction of the last `window` episodes' steps whose action came from an intervention. */
  get interventionRate(): number {
    const steps = this.recent.reduce((n, s) => n + s.length, 0);
    return steps === 0 ? 0 : this.recent.reduce((n, s) => n + s.interventionSteps, 0) / steps;
  }
}
