import { mulberry32 } from '@rlpd/spaces';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelFromXml, type MjData, type MjModel } from '../internal/mujoco-module.js';
import { PICK_CUBE_MJCF } from '../internal/pick-cube-mjcf.js';
import { loadPickCubeSimulation, type PickCubeSimulation } from '../internal/pick-cube-simulation.js';
import { projectPoint } from './camera-projection.js';
import { SceneRenderer } from './scene-renderer.js';
import { FrameTarget } from './triangle-rasterizer.js';

const SIZE = 128;

/** The cube is red (0.9, 0.2, 0.2): red clearly dominates under any shading. */
function isCubeRed(p: Uint8Array, i: number): boolean {
  return p[i] > 60 && p[i] > 2 * p[i + 1] && p[i] > 2 * p[i + 2];
}

/** The palm is blue (0.3, 0.3, 0.7). */
function isPalmBlue(p: Uint8Array, i: number): boolean {
  return p[i + 2] > 1.8 * p[i] && p[i + 2] > 1.8 * p[i + 1];
}

function place(sim: PickCubeSimulation, gripper: readonly number[], fingers: number, cube: readonly number[], cubeYaw = 0): void {
  const { mujoco, model, data, at } = sim;
  const q: Float64Array = data.qpos;
  q.set([gripper[0], gripper[1], gripper[2], 1, 0, 0, 0], at.gripperQpos);
  q[at.leftFingerQpos] = fingers;
  q[at.rightFingerQpos] = fingers;
  q.set([cube[0], cube[1], cube[2], Math.cos(cubeYaw / 2), 0, 0, Math.sin(cubeYaw / 2)], at.cubeQpos);
  mujoco.mj_forward(model, data);
}

/** Renders `camera` and returns the frame and the pixel offset where `point` projects. */
function renderAndProject(renderer: SceneRenderer, model: MjModel, data: MjData, camera: number, point: readonly number[]) {
  const target = new FrameTarget(SIZE, SIZE, new Uint8Array(SIZE * SIZE * 3));
  renderer.render(data, camera, target);
  const camPos: Float64Array = data.cam_xpos;
  const camMat: Float64Array = data.cam_xmat;
  const fovy: Float64Array = model.cam_fovy;
  const p = projectPoint(camPos.subarray(camera * 3, camera * 3 + 3), camMat.subarray(camera * 9, camera * 9 + 9), fovy[camera], SIZE, SIZE, point);
  if (p === null) throw new Error('point behind the camera');
  const column = Math.floor(p.column);
  const row = Math.floor(p.row);
  expect(column).toBeGreaterThanOrEqual(0);
  expect(column).toBeLessThan(SIZE);
  expect(row).toBeGreaterThanOrEqual(0);
  expect(row).toBeLessThan(SIZE);
  return { pixels: target.pixels, offset: (row * SIZE + column) * 3 };
}

describe('SceneRenderer on the pick-cube scene', () => {
  let sim: PickCubeSimulation;
  let renderer: SceneRenderer;
  beforeAll(async () => {
    sim = await loadPickCubeSimulation();
    renderer = new SceneRenderer(sim.mujoco, sim.model);
  });
  afterAll(() => {
    sim.data.delete();
    sim.model.delete();
  });

  it('draws the cube where the pinhole model projects its centre (front camera, random poses)', () => {
    const rng = mulberry32(7);
    const front = renderer.cameraId('front');
    for (let k = 0; k < 12; k++) {
      const cube = [0.25 + 0.3 * rng(), -0.25 + 0.5 * rng(), 0.02];
      place(sim, [0.4, 0.25, 0.3], 0.04, cube, rng() * Math.PI);
      const { pixels, offset } = renderAndProject(renderer, sim.model, sim.data, front, cube);
      expect(isCubeRed(pixels, offset), `cube at ${cube.map((v) => v.toFixed(3))} drawn as ${[...pixels.subarray(offset, offset + 3)]}`).toBe(true);
    }
  });

  it('draws the cube between the open fingers where the wrist camera projects its centre', () => {
    const rng = mulberry32(11);
    const wrist = renderer.cameraId('wrist');
    for (let k = 0; k < 12; k++) {
      const cube = [0.25 + 0.3 * rng(), -0.25 + 0.5 * rng(), 0.02 + 0.05 * rng()];
      const gripper = [cube[0] + 0.02 * (rng() - 0.5), cube[1] + 0.02 * (rng() - 0.5), cube[2] + 0.05 + 0.05 * rng()];
      place(sim, gripper, 0.04, cube, rng() * Math.PI);
      const { pixels, offset } = renderAndProject(renderer, sim.model, sim.data, wrist, cube);
      expect(isCubeRed(pixels, offset), `cube at ${cube.map((v) => v.toFixed(3))} drawn as ${[...pixels.subarray(offset, offset + 3)]}`).toBe(true);
    }
  });

  it('draws the table with a checker and the fingers in their own grey', () => {
    const front = renderer.cameraId('front');
    place(sim, [0.4, 0, 0.2], 0.04, [0.3, 0.2, 0.02]);
    const target = new FrameTarget(SIZE, SIZE, new Uint8Array(SIZE * SIZE * 3));
    renderer.render(sim.data, front, target);
    const greys = new Set<number>();
    for (let row = SIZE - 20; row < SIZE; row++) {
      for (let column = 0; column < SIZE; column++) greys.add(target.pixels[(row * SIZE + column) * 3]);
    }
    expect(greys.size).toBeGreaterThanOrEqual(2); // light and dark squares
    const camPos: Float64Array = sim.data.cam_xpos;
    const camMat: Float64Array = sim.data.cam_xmat;
    const fovy: Float64Array = sim.model.cam_fovy;
    const padCentre = [0.4, 0.04 + 0.005, 0.2 + 0.014]; // left pad centre, fingers open 4 cm
    const p = projectPoint(camPos.subarray(0, 3), camMat.subarray(0, 9), fovy[front], SIZE, SIZE, padCentre);
    if (p === null) throw new Error('finger behind the camera');
    const i = (Math.floor(p.row) * SIZE + Math.floor(p.column)) * 3;
    const [r, g, b] = target.pixels.subarray(i, i + 3);
    expect(Math.max(r, g, b)).toBeLessThan(60); // dark grey finger (rgba 0.2) against a light table
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(8);
  });
});

describe('SceneRenderer depth test', () => {
  it('keeps a cube under the closed gripper hidden from a camera above', async () => {
    const base = await loadPickCubeSimulation();
    const xml = PICK_CUBE_MJCF.replace('<worldbody>', '<worldbody><camera name="top" pos="0.4 0 1" xyaxes="1 0 0 0 1 0" fovy="30"/>');
    const model = loadModelFromXml(base.mujoco, xml, 'pick-cube-top');
    const data = new base.mujoco.MjData(model);
    const sim: PickCubeSimulation = { mujoco: base.mujoco, model, data, at: base.at };
    const renderer = new SceneRenderer(sim.mujoco, model);
    const top = renderer.cameraId('top');
    const cube = [0.4, 0, 0.02];
    // Gripper away: the camera sees the cube.
    place(sim, [0.4, 0.25, 0.2], 0, cube);
    const open = renderAndProject(renderer, model, data, top, cube);
    expect(isCubeRed(open.pixels, open.offset)).toBe(true);
    // Closed gripper 8 cm above: the cube is drawn after it (model order), so only depth hides it.
    place(sim, [0.4, 0, 0.1], 0, cube);
    const hidden = renderAndProject(renderer, model, data, top, cube);
    expect(isCubeRed(hidden.pixels, hidden.offset)).toBe(false);
    expect(isPalmBlue(hidden.pixels, hidden.offset)).toBe(true);
    data.delete();
    model.delete();
    base.data.delete();
    base.model.delete();
  });
});
