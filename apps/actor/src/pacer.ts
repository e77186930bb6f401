/**
 * Keeps simulated actors from outrunning the learner (the update-to-data ratio). The learner
 * trains once it holds `trainingStarts` online transitions; from then on an actor may take
 * another env step only while learner steps >= ratio * (online transitions - trainingStarts)
 * - slack, where online transitions counts every actor's (the learner's total, plus what this
 * actor holds unacked). Both counts survive a learner restart (checkpoint step, journal), so
 * pacing does too. The slack must exceed the transitions an actor holds back before sending,
 * or both would wait for each other. On a robot the 10 Hz control loop paces itself: ratio 0.
 */
export class Pacer {
  constructor(
    private readonly ratio: number,
    private readonly slack: number,
    private readonly trainingStarts: number,
  ) {}

  /** True when one more env step may be taken given all actors' transitions and the learner's step. */
  mayStep(onlineTransitions: number, learnerStep: number): boolean {
    if (this.ratio <= 0) return true;
    const owed = this.ratio * (onlineTransitions - this.trainingStarts) - this.slack;
    return learnerStep >= owed;
  }
}
