/**
 * Runs async jobs one after another (per actor, so seqs are checked and stored in order) and
 * counts how many wait, so a flooding client can be refused instead of queued without bound.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  get depth(): number {
    return this.waiting;
  }

  /** Queues `job`; the returned promise settles with it. Jobs never see an earlier job's error. */
  run<T>(job: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(job);
    this.tail = result.then(
      () => {
        this.waiting--;
      },
      () => {
        this.waiting--;
      },
    );
    return result;
  }
}
