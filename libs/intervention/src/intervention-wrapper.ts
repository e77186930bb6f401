import { boxSize, type EnvSpec, type Observation } from '@rlpd/spaces';
import type { Env, ResetResult, StepResult } from '@rlpd/robot-env';
import type { Intervener } from './intervener.js';

/**
 * Wraps an env so an intervener may override the policy's actions. Before each step the
 * intervener sees the latest observation, the last reward and the episode step; when it
 * returns an action, the env executes that action instead and `info.interveneAction` holds a
 * copy of it (clipped to the action space, i.e. what was executed). Otherwise the policy's
 * action runs unchanged and the env's info is passed through. The spec is the wrapped env's.
 */
export class InterventionWrapper implements Env {
  readonly spec: EnvSpec;
  private observation: Observation | null = null;
  private lastReward = 0;
  private episodeStep = 0;
  private readonly actionSize: number;

  constructor(
    private readonly env: Env,
    private readonly intervener: Intervener,
  ) {
    this.spec = env.spec;
    this.actionSize = boxSize(env.spec.actionSpace);
  }

  async reset(options?: { seed?: number }): Promise<ResetResult> {
    this.intervener.reset();
    const result = await this.env.reset(options);
    this.observation = result.observation;
    this.lastReward = 0;
    this.episodeStep = 0;
    return result;
  }

  async step(policyAction: Float32Array): Promise<StepResult> {
    if (this.observation === null) throw new Error('InterventionWrapper.step called before reset()');
    const override = this.intervener.act({
      observation: this.observation,
      lastReward: this.lastReward,
      episodeStep: this.episodeStep,
    });
    if (override !== null && override.length !== this.actionSize) {
      throw new Error(`intervener returned a ${override.length}-D action; '${this.spec.name}' expects ${this.actionSize}-D`);
    }
    const executed = override === null ? policyAction : this.clipToActionSpace(override);
    const result = await this.env.step(executed);
    this.observation = result.observation;
    this.lastReward = result.reward;
    this.episodeStep++;
    if (override === null) return result;
    return { ...result, info: { ...result.info, interveneAction: Float32Array.from(executed) } };
  }

  close(): Promise<void> {
    return this.env.close();
  }

  /** A fresh copy of `action` clipped to the action space (the env receives and keeps nothing shared). */
  private clipToActionSpace(action: Float32Array): Float32Array {
    const { low, high } = this.spec.actionSpace;
    const out = new Float32Array(action.length);
    for (let i = 0; i < action.length; i++) out[i] = Math.min(Math.max(action[i], low[i]), high[i]);
    return out;
  }
}
