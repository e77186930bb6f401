import type { SimPanda } from './sim-panda.js';

/**
 * How simulated time relates to requests. 'realtime': physics runs on the wall clock in the
 * background, as a real robot moves between requests. 'lockstep': nothing moves between
 * requests; each `/pose` advances one control period and waiting commands run until settled.
 */
export type SimTiming = 'realtime' | 'lockstep';

/** Drives a `SimPanda`'s physics according to a `SimTiming`. */
export interface SimClock {
  readonly timing: SimTiming;
  /** Called after each `/pose`: lockstep advances `controlPeriodS`; realtime does nothing. */
  afterPose(): void;
  /** Resolves true once `done()` holds, or false after `maxSimS` seconds of simulated time. */
  until(done: () => boolean, maxSimS: number): Promise<boolean>;
  /** Physics steps dropped because the process fell behind the wall clock (realtime only). */
  readonly droppedSteps: number;
  /** Set when a physics step threw; the clock has stopped. */
  readonly error: Error | undefined;
  close(): void;
}

/** Realtime: the most physics steps one timer tick runs before dropping the backlog (0.1 s). */
const MAX_CATCH_UP_S = 0.1;
const TICK_MS = 5;

interface Waiter {
  done: () => boolean;
  deadlineS: number;
  resolve: (reached: boolean) => void;
}

export function createSimClock(robot: SimPanda, timing: SimTiming, controlPeriodS: number): SimClock {
  return timing === 'realtime' ? new RealtimeClock(robot) : new LockstepClock(robot, controlPeriodS);
}

class LockstepClock implements SimClock {
  readonly timing = 'lockstep';
  readonly droppedSteps = 0;
  readonly error = undefined;
  private readonly controlSteps: number;

  constructor(
    private readonly robot: SimPanda,
    controlPeriodS: number,
  ) {
    this.controlSteps = Math.max(1, Math.round(controlPeriodS / robot.timestep));
  }

  afterPose(): void {
    this.robot.step(this.controlSteps);
  }

  async until(done: () => boolean, maxSimS: number): Promise<boolean> {
    const deadline = this.robot.simTime + maxSimS;
    while (!done()) {
      if (this.robot.simTime >= deadline) return false;
      this.robot.step(5);
    }
    return true;
  }

  close(): void {}
}

class RealtimeClock implements SimClock {
  readonly timing = 'realtime';
  droppedSteps = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly startMs = performance.now();
  private stepsDone = 0;
  private waiters: Waiter[] = [];
  error: Error | undefined;

  constructor(private readonly robot: SimPanda) {
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  afterPose(): void {}

  until(done: () => boolean, maxSimS: number): Promise<boolean> {
    if (this.error) return Promise.reject(this.error);
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => this.waiters.push({ done, deadlineS: this.robot.simTime + maxSimS, resolve }));
  }

  private tick(): void {
    const dt = this.robot.timestep;
    let due = Math.floor((performance.now() - this.startMs) / 1000 / dt) - this.stepsDone - this.droppedSteps;
    const cap = Math.round(MAX_CATCH_UP_S / dt);
    if (due > cap) {
      this.droppedSteps += due - cap;
      due = cap;
    }
    if (due <= 0) return;
    try {
      this.robot.step(due);
    } catch (error) {
      // A physics failure stops the clock; requests that wait on it see the error.
      this.error = error instanceof Error ? error : new Error(String(error));
      clearInterval(this.timer);
      for (const w of this.waiters) w.resolve(false);
      this.waiters = [];
      return;
    }
    this.stepsDone += due;
    if (this.waiters.length === 0) return;
    const now = this.robot.simTime;
    this.waiters = this.waiters.filter((w) => {
      if (w.done()) w.resolve(true);
      else if (now >= w.deadlineS) w.resolve(false);
      else return true;
      return false;
    });
  }

  close(): void {
    clearInterval(this.timer);
    for (const w of this.waiters) w.resolve(false);
    this.waiters = [];
  }
}
