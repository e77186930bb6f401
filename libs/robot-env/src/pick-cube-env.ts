import type { EnvSpec } from '@rlpd/spaces';
import type { Env, ResetResult, StepResult } from './env.js';
import { resolvePickCubeConfig, type PickCubeConfig } from './pick-cube-config.js';
import { PICK_CUBE_STATE_SIZE } from './pick-cube-state-layout.js';
import { mulberry32 } from '@rlpd/spaces';
import type { MainModule, MjData, MjModel } from './internal/mujoco-module.js';
import { CUBE_HALF_SIZE, FINGER_TRAVEL } from './internal/pick-cube-mjcf.js';
import { loadPickCubeSimulation, type PickCubeAddresses } from './internal/pick-cube-simulation.js';
import { pickCubeReward } from './internal/pick-cube-reward.js';
import { pickCubeSpec } from './internal/pick-cube-spec.js';

/** |a[3]| beyond which the binary gripper switches (hil-serl's Franka env: 0.5). */
const GRIPPER_SWITCH = 0.5;

const ACTION_DIM = 4;

/**
 * The embedded MuJoCo pick-cube task: move a two-finger gripper (mocap-driven TCP target)
 * to a 4 cm cube, grasp it and lift it. See the README for observation, action and reward.
 */
export class PickCubeEnv implements Env {
  readonly spec: EnvSpec;
  readonly config: PickCubeConfig;
  /** The cube's resting height, z0 of the reward. */
  readonly restingHeight = CUBE_HALF_SIZE;
  private rng: () => number;
  private episodeStep = 0;
  private closed = false;
  /** Binary gripper mode: whether the fingers are commanded open. */
  private gripperOpen = true;
  private readonly target = new Float64Array(3);
  private readonly glideStart = new Float64Array(3);
  private readonly clipped = new Float32Array(ACTION_DIM);

  /** Use `createPickCubeEnv`; the constructor takes an already compiled model. */
  constructor(
    private readonly mujoco: MainModule,
    private readonly model: MjModel,
    private readonly data: MjData,
    private readonly at: PickCubeAddresses,
    config: PickCubeConfig,
  ) {
    this.config = config;
    this.spec = pickCubeSpec(config, model.opt.timestep);
    this.rng = mulberry32(config.seed);
  }

  async reset(options?: { seed?: number }): Promise<ResetResult> {
    this.assertOpen();
    if (options?.seed !== undefined) this.rng = mulberry32(options.seed);
    const { mujoco, model, data, at, config } = this;
    mujoco.mj_resetData(model, data);
    const cubeX = config.cubeXyLow[0] + this.rng() * (config.cubeXyHigh[0] - config.cubeXyLow[0]);
    const cubeY = config.cubeXyLow[1] + this.rng() * (config.cubeXyHigh[1] - config.cubeXyLow[1]);
    const qpos: Float64Array = data.qpos;
    setPose(qpos, at.gripperQpos, config.homePosition[0], config.homePosition[1], config.homePosition[2]);
    setPose(qpos, at.cubeQpos, cubeX, cubeY, CUBE_HALF_SIZE);
    qpos[at.leftFingerQpos] = FINGER_TRAVEL;
    qpos[at.rightFingerQpos] = FINGER_TRAVEL;
    const ctrl: Float64Array = data.ctrl;
    ctrl[at.leftActuator] = FINGER_TRAVEL;
    ctrl[at.rightActuator] = FINGER_TRAVEL;
    this.gripperOpen = true;
    this.target.set(config.homePosition);
    const mocapPos: Float64Array = data.mocap_pos;
    mocapPos.set(this.target, at.mocap * 3);
    mujoco.mj_forward(model, data);
    for (let i = 0; i < config.settleSteps; i++) mujoco.mj_step(model, data);
    this.episodeStep = 0;
    const observation = this.observe();
    return { observation, info: { success: this.isSuccess(observation.state) } };
  }

  async step(action: Float32Array): Promise<StepResult> {
    this.assertOpen();
    const a = this.clipAction(action);
    const { mujoco, model, data, at, config, target, glideStart } = this;
    glideStart.set(target);
    for (let i = 0; i < 3; i++) {
      const next = target[i] + a[i] * config.actionScale;
      target[i] = Math.min(Math.max(next, config.workspaceLow[i]), config.workspaceHigh[i]);
    }
    const fingerTarget = this.fingerTarget(a[3]);
    const ctrl: Float64Array = data.ctrl;
    ctrl[at.leftActuator] = fingerTarget;
    ctrl[at.rightActuator] = fingerTarget;
    // Views are fetched per control step: WASM memory growth (another env allocating) detaches old ones.
    const mocapPos: Float64Array = data.mocap_pos;
    const m = at.mocap * 3;
    const glide = Math.min(config.mocapGlideSteps, config.physicsStepsPerControl);
    for (let k = 0; k < config.physicsStepsPerControl; k++) {
      if (k < glide) {
        const f = (k + 1) / glide;
        for (let i = 0; i < 3; i++) mocapPos[m + i] = glideStart[i] + (target[i] - glideStart[i]) * f;
      }
      mujoco.mj_step(model, data);
    }
    this.episodeStep++;
    const observation = this.observe();
    const state = observation.state;
    const reward = pickCubeReward(state.subarray(0, 3), state.subarray(7, 10), this.restingHeight, config.fullRewardLift);
    return {
      observation,
      reward,
      terminated: this.cubeLeftWorkspace(state),
      truncated: this.episodeStep >= config.maxEpisodeSteps,
      info: { success: this.isSuccess(state) },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.data.delete();
    this.model.delete();
  }

  /** Finger actuator target for a gripper command, per `config.gripperMode`. */
  private fingerTarget(command: number): number {
    if (this.config.gripperMode === 'absolute') return ((command + 1) / 2) * FINGER_TRAVEL;
    if (command <= -GRIPPER_SWITCH) this.gripperOpen = false;
    else if (command >= GRIPPER_SWITCH) this.gripperOpen = true;
    return this.gripperOpen ? FINGER_TRAVEL : 0;
  }

  /** The current TCP target (mocap position), for tests and debugging. */
  getTarget(): [number, number, number] {
    return [this.target[0], this.target[1], this.target[2]];
  }

  private observe(): { state: Float32Array } {
    const { at, data } = this;
    const qpos: Float64Array = data.qpos;
    const qvel: Float64Array = data.qvel;
    const state = new Float32Array(PICK_CUBE_STATE_SIZE);
    for (let i = 0; i < 3; i++) {
      state[i] = qpos[at.gripperQpos + i];
      state[3 + i] = qvel[at.gripperQvel + i];
      state[7 + i] = qpos[at.cubeQpos + i];
    }
    const opening = (qpos[at.leftFingerQpos] + qpos[at.rightFingerQpos]) / (2 * FINGER_TRAVEL);
    state[6] = Math.min(Math.max(opening, 0), 1);
    return { state };
  }

  private isSuccess(state: Float32Array): boolean {
    return state[9] - this.restingHeight >= this.config.successLift;
  }

  private cubeLeftWorkspace(state: Float32Array): boolean {
    const { workspaceLow: lo, workspaceHigh: hi, terminationMargin: margin } = this.config;
    const x = state[7];
    const y = state[8];
    const z = state[9];
    return x < lo[0] - margin || x > hi[0] + margin || y < lo[1] - margin || y > hi[1] + margin || z < -margin;
  }

  private clipAction(action: Float32Array): Float32Array {
    if (action.length !== ACTION_DIM) {
      throw new Error(`pick-cube expects a ${ACTION_DIM}-D action, got length ${action.length}`);
    }
    for (let i = 0; i < ACTION_DIM; i++) {
      const v = action[i];
      if (!Number.isFinite(v)) throw new Error(`pick-cube action[${i}] is ${v}; expected a finite number`);
      this.clipped[i] = Math.min(Math.max(v, -1), 1);
    }
    return this.clipped;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('pick-cube env is closed');
  }
}

function setPose(qpos: Float64Array, adr: number, x: number, y: number, z: number): void {
  qpos.set([x, y, z, 1, 0, 0, 0], adr);
}

/** Loads MuJoCo (once per process), compiles the scene and returns a fresh env (call `reset` first). */
export async function createPickCubeEnv(config?: Partial<PickCubeConfig>): Promise<PickCubeEnv> {
  const resolved = resolvePickCubeConfig(config ?? {});
  const { mujoco, model, data, at } = await loadPickCubeSimulation();
  return new PickCubeEnv(mujoco, model, data, at, resolved);
}
