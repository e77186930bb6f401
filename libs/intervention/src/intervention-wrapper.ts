import { boxSize, type EnvSpec, type Observation } from '@rlpd/spaces';
import type { Env, ResetResult, StepResult } from '@rlpd/robot-env';
import type { Intervener } from './intervener.js';
import { privilegedStateOf } from './privileged-state.js';

/** Intervention counts of the current episode. */
export interface EpisodeInterventions {
  /** Steps whose action came from the intervener. */
  readonly steps: number;
  /** Takeovers: rising edges from a policy step (or the episode start) to an intervened step. */
  readonly count: number;
}

/**
 * Wraps an env so an intervener may override the policy's actions. Before each step the
 * intervener sees the latest observation, the last reward, the episode step, the env's
 * episode limit, the learner step (see `setLearnerStep`) and the sim's privileged state when
 * the env's info carries one (`info.privilegedState`); when it returns an action, the
 * env executes that action instead and `info.interveneAction` holds a copy of it (clipped to
 * the action space, i.e. what was executed). Otherwise the policy's action runs unchanged and
 * the env's info is passed through. When the intervener asks to end the episode (ESC), the
 * step is reported as truncated with `info.endEpisode = true`: an abort by a person is not a
 * terminal state, so the transition still bootstraps. The spec is the wrapped env's.
 */
export class InterventionWrapper implements Env {
  readonly spec: EnvSpec;
  private observation: Observation | null = null;
  private privilegedState: Float32Array | undefined;
  private lastReward = 0;
  private lastSuccess = false;
  private episodeStep = 0;
  private learnerStep: number | undefined;
  private interventionSteps = 0;
  private interventionCount = 0;
  private intervenedLast = false;
  private readonly actionSize: number;

  constructor(
    private readonly env: Env,
    private readonly intervener: Intervener,
  ) {
    this.spec = env.spec;
    this.actionSize = boxSize(env.spec.actionSpace);
  }

  /** Tells interveners that depend on training progress (oracle modes) the learner's step. */
  setLearnerStep(step: number): void {
    this.learnerStep = step;
  }

  /** Intervention steps and takeovers so far in this episode. */
  get episodeInterventions(): EpisodeInterventions {
    return { steps: this.interventionSteps, count: this.interventionCount };
  }

  async reset(options?: { seed?: number }): Promise<ResetResult> {
    this.intervener.reset();
    const result = await this.env.reset(options);
    this.observation = result.observation;
    this.privilegedState = privilegedStateOf(result.info);
    this.lastReward = 0;
    this.lastSuccess = false;
    this.episodeStep = 0;
    this.interventionSteps = 0;
    this.interventionCount = 0;
    this.intervenedLast = false;
    return result;
  }

  async step(policyAction: Float32Array): Promise<StepResult> {
    if (this.observation === null) throw new Error('InterventionWrapper.step called before reset()');
    const override = this.intervener.act({
      observation: this.observation,
      lastReward: this.lastReward,
      lastSuccess: this.lastSuccess,
      episodeStep: this.episodeStep,
      maxEpisodeSteps: this.spec.maxEpisodeSteps,
      ...(this.learnerStep === undefined ? {} : { learnerStep: this.learnerStep }),
      ...(this.privilegedState === undefined ? {} : { privilegedState: this.privilegedState }),
    });
    if (override !== null && override.length !== this.actionSize) {
      throw new Error(`intervener returned a ${override.length}-D action; '${this.spec.name}' expects ${this.actionSize}-D`);
    }
    const executed = override === null ? policyAction : this.clipToActionSpace(override);
    const result = await this.env.step(executed);
    this.observation = result.observation;
    this.privilegedState = privilegedStateOf(result.info);
    this.lastReward = result.reward;
    this.lastSuccess = result.info.success === true;
    this.episodeStep++;
    if (override !== null) {
      this.interventionSteps++;
      if (!this.intervenedLast) this.interventionCount++;
    }
    this.intervenedLast = override !== null;
    const endEpisode = this.intervener.endEpisodeRequested?.() === true;
    if (override === null && !endEpisode) return result;
    const info = { ...result.info };
    if (override !== null) info.interveneAction = Float32Array.from(executed);
    if (endEpisode) info.endEpisode = true;
    return { ...result, truncated: result.truncated || endEpisode, info };
  }

  async close(): Promise<void> {
    try {
      await this.env.close();
    } finally {
      await this.intervener.close?.();
    }
  }

  /** A fresh copy of `action` clipped to the action space (the env receives and keeps nothing shared). */
  private clipToActionSpace(action: Float32Array): Float32Array {
    const { low, high } = this.spec.actionSpace;
    const out = new Float32Array(action.length);
    for (let i = 0; i < action.length; i++) out[i] = Math.min(Math.max(action[i], low[i]), high[i]);
    return out;
  }
}
