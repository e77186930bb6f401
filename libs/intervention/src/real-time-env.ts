import type { EnvSpec } from '@rlpd/spaces';
import type { Env, ResetResult, StepResult } from '@rlpd/robot-env';

/**
 * Paces a simulated env to wall-clock time (`spec.controlHz`), so that a person can
 * teleoperate it: a sim steps far faster than 10 Hz, and a SpaceMouse's 0.5 s hold or a
 * key's repeat would span dozens of steps. A real robot paces itself and needs no wrapper.
 */
export class RealTimeEnv implements Env {
  readonly spec: EnvSpec;
  private nextStepAt = 0;
  private readonly periodMs: number;

  constructor(
    private readonly env: Env,
    private readonly now: () => number = () => performance.now(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.spec = env.spec;
    this.periodMs = 1000 / env.spec.controlHz;
  }

  async reset(options?: { seed?: number }): Promise<ResetResult> {
    const result = await this.env.reset(options);
    this.nextStepAt = this.now() + this.periodMs;
    return result;
  }

  async step(action: Float32Array): Promise<StepResult> {
    const wait = this.nextStepAt - this.now();
    if (wait > 0) await this.sleep(wait);
    this.nextStepAt = Math.max(this.nextStepAt, this.now()) + this.periodMs; // late steps do not bunch up
    return this.env.step(action);
  }

  close(): Promise<void> {
    return this.env.close();
  }
}
