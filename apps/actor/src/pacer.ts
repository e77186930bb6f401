/**
 * Keeps a simulated actor from outrunning the learner. The learner trains once it holds
 * `trainingStarts` online transitions; from then on the actor may take env step `envStep`
 * only while learner steps done since it connected >= ratio * (envStep - trainingStarts) -
 * slack. The slack must exceed the transitions the actor holds back before sending, or both
 * would wait for each other. On a robot the 10 Hz control loop paces itself: ratio 0.
 */
export class Pacer {
  constructor(
    private readonly ratio: number,
    private readonly slack: number,
    private readonly trainingStarts: number,
    private readonly initialLearnerStep: number,
  ) {}

  /** True when the actor may take env step `envStep` given the learner's latest step. */
  mayStep(envStep: number, learnerStep: number): boolean {
    if (this.ratio <= 0) return true;
    const owed = this.ratio * (envStep - this.trainingStarts) - this.slack;
    return learnerStep - this.initialLearnerStep >= owed;
  }
}
