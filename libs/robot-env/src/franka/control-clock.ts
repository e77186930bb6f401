/** Monotonic milliseconds (performance.now: immune to wall-clock jumps). */
export type MonotonicNow = () => number;
export type Sleep = (ms: number) => Promise<void>;

export const monotonicNow: MonotonicNow = () => performance.now();
export const sleepMs: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Paces a control loop at `hz` on a fixed schedule from a monotonic clock: each tick waits
 * for its deadline (previous deadline + period), so jitter does not accumulate; a loop that
 * fell more than a period behind restarts the schedule instead of bursting to catch up.
 * Reports the achieved rate over the ticks since `restart()`.
 */
export class ControlClock {
  private readonly periodMs: number;
  private deadline = Number.NaN;
  private firstTick = Number.NaN;
  private lastTick = Number.NaN;
  private ticks = 0;
  private lastIntervalMs = Number.NaN;

  constructor(
    hz: number,
    private readonly now: MonotonicNow = monotonicNow,
    private readonly sleep: Sleep = sleepMs,
  ) {
    if (!(hz > 0) || !Number.isFinite(hz)) throw new RangeError(`control rate must be a positive number of Hz, got ${hz}`);
    this.periodMs = 1000 / hz;
  }

  /** Starts a new measurement window (e.g. at episode start). */
  restart(): void {
    this.deadline = this.now() + this.periodMs;
    this.firstTick = Number.NaN;
    this.lastTick = Number.NaN;
    this.ticks = 0;
  }

  /** Waits for the end of the current period. */
  async tick(): Promise<void> {
    if (Number.isNaN(this.deadline)) this.restart();
    const wait = this.deadline - this.now();
    if (wait > 0) await this.sleep(wait);
    const now = this.now();
    this.deadline = now - this.deadline > this.periodMs ? now + this.periodMs : this.deadline + this.periodMs;
    if (!Number.isNaN(this.lastTick)) this.lastIntervalMs = now - this.lastTick;
    if (Number.isNaN(this.firstTick)) this.firstTick = now;
    this.lastTick = now;
    this.ticks += 1;
  }

  /** Ticks per second achieved since restart (NaN before the second tick). */
  get achievedHz(): number {
    return this.ticks < 2 ? Number.NaN : ((this.ticks - 1) * 1000) / (this.lastTick - this.firstTick);
  }

  /** Milliseconds between the last two ticks. */
  get lastIntervalMilliseconds(): number {
    return this.lastIntervalMs;
  }

  get targetHz(): number {
    return 1000 / this.periodMs;
  }
}
