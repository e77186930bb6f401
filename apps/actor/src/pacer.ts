/**
 * Keeps a simulated actor from outrunning the learner: once training runs, the actor waits
 * until learner steps since training started >= ratio * env steps since then - slack. On a
 * robot the 10 Hz control loop paces itself and the ratio is set to 0.
 */
export class Pacer {
  private origin: { envStep: number; learnerStep: number } | null = null;

  constructor(
    private readonly ratio: number,
    private readonly slack: number,
  ) {}

  /** True when the actor may take env step `envStep` given the learner's latest step. */
  mayStep(envStep: number, learnerStep: number, initialLearnerStep: number): boolean {
    if (this.ratio <= 0) return true;
    if (this.origin === null) {
      if (learnerStep <= initialLearnerStep) return true; // learner still waiting for data
      this.origin = { envStep, learnerStep: initialLearnerStep };
    }
    const owed = this.ratio * (envStep - this.origin.envStep) - this.slack;
    return learnerStep - this.origin.learnerStep >= owed;
  }
}
