import type { Transition } from '@rlpd/spaces';

/** One ended episode of a transitions file. */
export interface EpisodeOutcome {
  readonly length: number;
  /** Sum of the episode's rewards. */
  readonly return: number;
  readonly success: boolean;
  /** Steps whose infos hold `intervene_action`. */
  readonly interventionSteps: number;
}

/**
 * Splits a stream of transitions into episodes (an episode ends at a transition with `dones`)
 * and applies the one success rule every tool shares (docs/CONTRACTS.md): an episode succeeded
 * when one of its steps has `infos.succeed` true; when none of its steps records `succeed`
 * (hil-serl files whose reward is the success classifier), when its last reward is > 0.
 * A dense reward (pick-cube's) is > 0 on most steps, which is why `succeed` comes first.
 */
export class EpisodeOutcomes {
  private length = 0;
  private return = 0;
  private interventionSteps = 0;
  private succeedKnown = false;
  private succeeded = false;

  /** Feeds the next transition; returns the episode's outcome when it ends there, else null. */
  add(t: Transition): EpisodeOutcome | null {
    this.length += 1;
    this.return += t.rewards;
    if (t.intervened) this.interventionSteps += 1;
    if (t.success !== undefined) {
      this.succeedKnown = true;
      this.succeeded ||= t.success;
    }
    if (!t.dones) return null;
    const outcome = {
      length: this.length,
      return: this.return,
      success: this.succeedKnown ? this.succeeded : t.rewards > 0,
      interventionSteps: this.interventionSteps,
    };
    this.length = 0;
    this.return = 0;
    this.interventionSteps = 0;
    this.succeedKnown = false;
    this.succeeded = false;
    return outcome;
  }
}
