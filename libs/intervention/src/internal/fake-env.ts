import { box, type EnvSpec } from '@rlpd/spaces';
import type { Env, ResetResult, StepResult } from '@rlpd/robot-env';

/** A scripted 2-D env for tests: rewards come from a list; records every action it receives. */
export class FakeEnv implements Env {
  readonly spec: EnvSpec = {
    name: 'fake',
    observationSpace: { state: box([1], -100, 100) },
    actionSpace: box([2], -1, 1),
    maxEpisodeSteps: 100,
    controlHz: 10,
  };
  readonly actions: Float32Array[] = [];
  resets = 0;
  closed = false;
  private t = 0;

  constructor(private readonly rewards: readonly number[] = []) {}

  async reset(): Promise<ResetResult> {
    this.resets++;
    this.t = 0;
    return { observation: { state: Float32Array.of(0) }, info: { success: false } };
  }

  async step(action: Float32Array): Promise<StepResult> {
    this.actions.push(Float32Array.from(action));
    const reward = this.rewards[this.t] ?? 0;
    this.t++;
    return {
      observation: { state: Float32Array.of(this.t) },
      reward,
      terminated: false,
      truncated: this.t >= this.spec.maxEpisodeSteps,
      info: { success: false, tag: this.t },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
