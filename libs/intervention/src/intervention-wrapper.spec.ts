import { describe, expect, it } from 'vitest';
import { InterventionWrapper, createNoIntervener, type Intervener, type InterventionContext } from './index.js';
import { box, type EnvSpec } from '@rlpd/spaces';
import type { Env, ResetResult, StepResult } from '@rlpd/robot-env';

/** A scripted 2-D env for tests: rewards come from a list (success when >= 2); records every action it receives. */
class FakeEnv implements Env {
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
      info: { success: reward >= 2, tag: this.t },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

/** Intervenes on the listed episode steps with [0.5, 2] (2 is outside the action space). */
function scriptedIntervener(steps: readonly number[]): Intervener & { seen: InterventionContext[]; resets: number } {
  const seen: InterventionContext[] = [];
  return {
    seen,
    resets: 0,
    reset() {
      this.resets++;
    },
    act(ctx) {
      seen.push({ ...ctx });
      return steps.includes(ctx.episodeStep) ? Float32Array.of(0.5, 2) : null;
    },
  };
}

describe('InterventionWrapper', () => {
  it('runs the policy action unchanged when the intervener passes', async () => {
    const env = new FakeEnv([1, 2]);
    const wrapped = new InterventionWrapper(env, createNoIntervener());
    expect(wrapped.spec).toBe(env.spec);
    await wrapped.reset();
    const policy = Float32Array.of(0.1, -0.2);
    const r = await wrapped.step(policy);
    expect(env.actions[0]).toEqual(policy);
    expect(r.reward).toBe(1);
    expect('interveneAction' in r.info).toBe(false);
    expect(r.info.tag).toBe(1);
  });

  it('executes the intervener action and reports a clipped copy in info', async () => {
    const env = new FakeEnv([1, 2, 3]);
    const intervener = scriptedIntervener([1]);
    const wrapped = new InterventionWrapper(env, intervener);
    await wrapped.reset();
    const policy = Float32Array.of(-0.3, -0.3);
    const r0 = await wrapped.step(policy);
    const r1 = await wrapped.step(policy);
    const r2 = await wrapped.step(policy);
    expect(env.actions.map((a) => Array.from(a))).toEqual([[-0.3, -0.3].map(Math.fround), [0.5, 1], [-0.3, -0.3].map(Math.fround)]);
    expect(r0.info.interveneAction).toBeUndefined();
    expect(Array.from(r1.info.interveneAction ?? [])).toEqual([0.5, 1]);
    expect(r1.info.tag).toBe(2);
    expect(r2.info.interveneAction).toBeUndefined();
    // The intervener saw the latest observation, the previous reward and success, and the step index.
    expect(intervener.seen.map((c) => [c.observation.state?.[0], c.lastReward, c.lastSuccess, c.episodeStep])).toEqual([
      [0, 0, false, 0],
      [1, 1, false, 1],
      [2, 2, true, 2],
    ]);
  });

  it('resets the intervener and its counters with the env', async () => {
    const env = new FakeEnv([5]);
    const intervener = scriptedIntervener([]);
    const wrapped = new InterventionWrapper(env, intervener);
    await expect(wrapped.step(Float32Array.of(0, 0))).rejects.toThrow('before reset()');
    await wrapped.reset();
    await wrapped.step(Float32Array.of(0, 0));
    await wrapped.reset();
    await wrapped.step(Float32Array.of(0, 0));
    expect(intervener.resets).toBe(2);
    expect(env.resets).toBe(2);
    expect(intervener.seen[1]).toMatchObject({ lastReward: 0, lastSuccess: false, episodeStep: 0 });
    await wrapped.close();
    expect(env.closed).toBe(true);
  });

  it('rejects an intervener action of the wrong size', async () => {
    const wrapped = new InterventionWrapper(new FakeEnv(), { reset: () => undefined, act: () => new Float32Array(3) });
    await wrapped.reset();
    await expect(wrapped.step(Float32Array.of(0, 0))).rejects.toThrow("3-D action; 'fake' expects 2-D");
  });
});
