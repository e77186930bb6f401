import type { EpisodeStats } from '@rlpd/spaces';

/** Accumulates one episode's return, length, success and intervention counts (rising edges). */
export class EpisodeRecorder {
  private episodeReturn = 0;
  private length = 0;
  private success = false;
  private interventionCount = 0;
  private interventionSteps = 0;
  private wasIntervening = false;
  private startedAt = Date.now();

  record(reward: number, intervened: boolean, success: boolean): void {
    this.episodeReturn += reward;
    this.length += 1;
    this.success ||= success;
    if (intervened) {
      this.interventionSteps += 1;
      if (!this.wasIntervening) this.interventionCount += 1;
    }
    this.wasIntervening = intervened;
  }

  /** Returns the finished episode's stats and starts a new episode. */
  finish(): EpisodeStats {
    const stats: EpisodeStats = {
      return: this.episodeReturn,
      length: this.length,
      success: this.success,
      interventionCount: this.interventionCount,
      interventionSteps: this.interventionSteps,
      duration: (Date.now() - this.startedAt) / 1000,
    };
    this.episodeReturn = 0;
    this.length = 0;
    this.success = false;
    this.interventionCount = 0;
    this.interventionSteps = 0;
    this.wasIntervening = false;
    this.startedAt = Date.now();
    return stats;
  }
}
