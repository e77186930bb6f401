import { box, type EnvSpec } from '@rlpd/spaces';
import type { Env, ResetResult, StepResult } from '@rlpd/robot-env';

/**
 * A tiny env for specs: `actionDim`-D actions in [-1, 1], a 10-entry state whose entry 6 is
 * the gripper opening (as pick-cube's), zero reward; it records every action it receives.
 */
export class ScriptedEnv implements Env {
  readonly spec: EnvSpec;
  readonly actions: Float32Array[] = [];
  gripperOpening = 1;
  private t = 0;

  constructor(actionDim: number, maxEpisodeSteps = 100) {
    this.spec = { name: 'scripted', observationSpace: { state: box([10], -10, 10) }, actionSpace: box([actionDim], -1, 1), maxEpisodeSteps, controlHz: 10 };
  }

  private observation(): { state: Float32Array } {
    const state = new Float32Array(10);
    state[6] = this.gripperOpening;
    return { state };
  }

  async reset(): Promise<ResetResult> {
    this.t = 0;
    return { observation: this.observation(), info: { success: false } };
  }

  async step(action: Float32Array): Promise<StepResult> {
    this.actions.push(Float32Array.from(action));
    this.t++;
    return { observation: this.observation(), reward: 0, terminated: false, truncated: this.t >= this.spec.maxEpisodeSteps, info: { success: false } };
  }

  async close(): Promise<void> {}
}
