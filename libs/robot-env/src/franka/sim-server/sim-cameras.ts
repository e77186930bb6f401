import type { MainModule, MjData, MjModel } from '../../internal/mujoco-module.js';
import { SceneRenderer } from '../../render/scene-renderer.js';
import { FrameTarget } from '../../render/triangle-rasterizer.js';

/** The cameras of the arm scene, as in pick-cube-vision: `front` (fixed) and `wrist` (on the hand). */
export const SIM_CAMERA_NAMES = ['front', 'wrist'] as const;

/** One rendered frame: uint8 RGB, row-major, row 0 at the top. */
export interface CameraImage {
  width: number;
  height: number;
  rgb: Uint8Array;
}

/** Renders the arm scene's cameras with the software rasterizer (libs/robot-env/src/render). */
export class SimCameras {
  private readonly renderer: SceneRenderer;
  private readonly ids: ReadonlyMap<string, number>;
  private readonly target: FrameTarget;

  constructor(
    private readonly mujoco: MainModule,
    private readonly model: MjModel,
    width: number,
    height: number,
  ) {
    this.renderer = new SceneRenderer(mujoco, model);
    this.ids = new Map(SIM_CAMERA_NAMES.map((name) => [name, this.renderer.cameraId(name)]));
    this.target = new FrameTarget(width, height, new Uint8Array(0));
  }

  get names(): readonly string[] {
    return SIM_CAMERA_NAMES;
  }

  /** True when `name` is one of this scene's cameras. */
  has(name: string): boolean {
    return this.ids.has(name);
  }

  /** Renders `camera` from the current state into a fresh frame; the caller checks `has` first. */
  render(data: MjData, camera: string): CameraImage {
    const id = this.ids.get(camera);
    if (id === undefined) throw new Error(`no camera '${camera}'; cameras: ${SIM_CAMERA_NAMES.join(', ')}`);
    // Poses of bodies and cameras for the current qpos (a physics step leaves them one step old).
    this.mujoco.mj_kinematics(this.model, data);
    this.mujoco.mj_camlight(this.model, data);
    const { target } = this;
    target.pixels = new Uint8Array(target.width * target.height * 3);
    this.renderer.render(data, id, target);
    return { width: target.width, height: target.height, rgb: target.pixels };
  }
}
