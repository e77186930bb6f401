import type { EnvSpec } from '@rlpd/spaces';
import type { Env, ResetResult, StepInfo, StepResult } from './env.js';
import { PickCubeEnv } from './pick-cube-env.js';
import { resolvePickCubeVisionConfig, type PickCubeVisionConfig } from './pick-cube-vision-config.js';
import { PICK_CUBE_VISION_STATE_SIZE, type PickCubeVisionCamera } from './pick-cube-vision-state-layout.js';
import { pickCubeVisionSpec } from './internal/pick-cube-vision-spec.js';
import { loadPickCubeSimulation, type PickCubeSimulation } from './internal/pick-cube-simulation.js';
import { SceneRenderer } from './render/scene-renderer.js';
import { FrameTarget } from './render/triangle-rasterizer.js';

/** pick-cube-vision's observation: the robot's own state and one RGB frame per camera. */
export type PickCubeVisionObservation = {
  /** float32[7]: tcp_pos, tcp_vel, gripper_opening (see PICK_CUBE_VISION_STATE_LAYOUT). */
  readonly state: Float32Array;
  /** uint8[H, W, 3], row 0 at the top. */
  readonly front: Uint8Array;
  readonly wrist: Uint8Array;
};

/** What pick-cube-vision's info adds: the sim's privileged pick-cube state (for oracles). */
export interface PickCubeVisionInfo extends StepInfo {
  /** float32[10] in PICK_CUBE_STATE_LAYOUT, including the cube position the cameras show. */
  privilegedState: Float32Array;
}

/**
 * pick-cube seen through two cameras, as serl's vision task: the observation keeps only what a
 * real robot senses (TCP pose and speed, gripper opening) and adds the `front` and `wrist`
 * frames, rendered by our software rasterizer after every step. Dynamics, reward and episode
 * ends are pick-cube's.
 */
export class PickCubeVisionEnv implements Env {
  readonly spec: EnvSpec;
  readonly config: PickCubeVisionConfig;
  private readonly targets: Record<PickCubeVisionCamera, FrameTarget>;
  private readonly cameraIds: Record<PickCubeVisionCamera, number>;

  /** Use `createPickCubeVisionEnv`. */
  constructor(
    private readonly physics: PickCubeEnv,
    private readonly sim: PickCubeSimulation,
    private readonly renderer: SceneRenderer,
    config: PickCubeVisionConfig,
  ) {
    this.config = config;
    this.spec = pickCubeVisionSpec(config, sim.model.opt.timestep);
    this.targets = {
      front: new FrameTarget(config.frontWidth, config.frontHeight, new Uint8Array(0)),
      wrist: new FrameTarget(config.wristWidth, config.wristHeight, new Uint8Array(0)),
    };
    this.cameraIds = { front: renderer.cameraId('front'), wrist: renderer.cameraId('wrist') };
  }

  async reset(options?: { seed?: number }): Promise<ResetResult> {
    const { observation, info } = await this.physics.reset(options);
    const privilegedState = observation.state as Float32Array;
    return { observation: this.observe(privilegedState), info: { ...info, privilegedState } };
  }

  async step(action: Float32Array): Promise<StepResult> {
    const result = await this.physics.step(action);
    const privilegedState = result.observation.state as Float32Array;
    const info: PickCubeVisionInfo = { ...result.info, privilegedState };
    return { ...result, observation: this.observe(privilegedState), info };
  }

  async close(): Promise<void> {
    await this.physics.close();
  }

  /** Renders one camera now into a fresh frame (uint8[H, W, 3]); for tools and tests. */
  renderCamera(camera: PickCubeVisionCamera): Uint8Array {
    const target = this.targets[camera];
    target.pixels = new Uint8Array(target.width * target.height * 3);
    this.renderer.render(this.sim.data, this.cameraIds[camera], target);
    return target.pixels;
  }

  /** The current TCP target (mocap position), for tests and debugging. */
  getTarget(): [number, number, number] {
    return this.physics.getTarget();
  }

  private observe(privilegedState: Float32Array): PickCubeVisionObservation {
    // mj_step leaves poses from before its integration; recompute them for the state reported.
    const { mujoco, model, data } = this.sim;
    mujoco.mj_kinematics(model, data);
    mujoco.mj_camlight(model, data);
    return {
      state: privilegedState.slice(0, PICK_CUBE_VISION_STATE_SIZE),
      front: this.renderCamera('front'),
      wrist: this.renderCamera('wrist'),
    };
  }
}

/** Loads MuJoCo (once per process), compiles the scene and returns a fresh env (call `reset` first). */
export async function createPickCubeVisionEnv(config?: Partial<PickCubeVisionConfig>): Promise<PickCubeVisionEnv> {
  const resolved = resolvePickCubeVisionConfig(config ?? {});
  const { mujoco, model, data, at } = await loadPickCubeSimulation();
  const physics = new PickCubeEnv(mujoco, model, data, at, resolved); // camera fields are ignored there
  return new PickCubeVisionEnv(physics, { mujoco, model, data, at }, new SceneRenderer(mujoco, model), resolved);
}
