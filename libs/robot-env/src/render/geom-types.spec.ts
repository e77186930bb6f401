import { describe, expect, it } from 'vitest';
import { getMujoco, loadModelFromXml } from '../internal/mujoco-module.js';
import { projectPoint } from './camera-projection.js';
import { SceneRenderer } from './scene-renderer.js';
import { FrameTarget } from './triangle-rasterizer.js';

/** One geom of each drawn type, each in a pure colour, seen by a camera straight above. */
const SCENE = `
<mujoco>
  <asset>
    <mesh name="tetra" vertex="0 0 0.06  0.04 0 0  -0.02 0.035 0  -0.02 -0.035 0"/>
  </asset>
  <worldbody>
    <camera name="top" pos="0 0 1" xyaxes="1 0 0 0 1 0" fovy="40"/>
    <geom name="floor" type="plane" size="1 1 0.01" rgba="0.5 0.5 0.5 1"/>
    <geom name="box" type="box" pos="-0.2 0.15 0.03" size="0.03 0.03 0.03" rgba="1 0 0 1"/>
    <geom name="sphere" type="sphere" pos="0 0.15 0.03" size="0.03" rgba="0 1 0 1"/>
    <geom name="capsule" type="capsule" pos="0.2 0.15 0.03" size="0.02 0.03" rgba="0 0 1 1"/>
    <geom name="cylinder" type="cylinder" pos="-0.2 -0.15 0.03" size="0.03 0.03" rgba="1 1 0 1"/>
    <geom name="ellipsoid" type="ellipsoid" pos="0 -0.15 0.03" size="0.04 0.02 0.03" rgba="0 1 1 1"/>
    <geom name="mesh" type="mesh" mesh="tetra" pos="0.2 -0.15 0" rgba="1 0 1 1"/>
  </worldbody>
</mujoco>`;

const SIZE = 96;

describe('SceneRenderer geom types', () => {
  it('draws planes, boxes, spheres, capsules, cylinders, ellipsoids and meshes in their own colours', async () => {
    const mujoco = await getMujoco();
    const model = loadModelFromXml(mujoco, SCENE, 'geom-types');
    const data = new mujoco.MjData(model);
    mujoco.mj_forward(model, data);
    const renderer = new SceneRenderer(mujoco, model);
    const camera = renderer.cameraId('top');
    const target = new FrameTarget(SIZE, SIZE, new Uint8Array(SIZE * SIZE * 3));
    renderer.render(data, camera, target);
    const camPos: Float64Array = data.cam_xpos;
    const camMat: Float64Array = data.cam_xmat;
    const fovy: Float64Array = model.cam_fovy;
    const geomPos: Float64Array = data.geom_xpos;
    const expected: Record<string, [number, number, number]> = {
      box: [1, 0, 0],
      sphere: [0, 1, 0],
      capsule: [0, 0, 1],
      cylinder: [1, 1, 0],
      ellipsoid: [0, 1, 1],
      mesh: [1, 0, 1],
      floor: [1, 1, 1],
    };
    for (const [name, rgb] of Object.entries(expected)) {
      const id = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_GEOM.value, name);
      const centre = [geomPos[id * 3], geomPos[id * 3 + 1], geomPos[id * 3 + 2]];
      if (name === 'floor') centre[0] = -0.1; // a point of the floor between the objects
      if (name === 'mesh') centre[0] += 0.005; // inside the tetrahedron's footprint
      const p = projectPoint(camPos.subarray(0, 3), camMat.subarray(0, 9), fovy[camera], SIZE, SIZE, centre);
      if (p === null) throw new Error(`${name} is behind the camera`);
      const i = (Math.floor(p.row) * SIZE + Math.floor(p.column)) * 3;
      const seen = [...target.pixels.subarray(i, i + 3)];
      const bright = Math.max(...seen);
      expect(bright, `${name} drawn as ${seen}`).toBeGreaterThan(40);
      // Channels the colour has are bright, channels it lacks stay dark (shading scales all).
      for (let c = 0; c < 3; c++) {
        if (rgb[c] === 1) expect(seen[c], `${name} drawn as ${seen}`).toBeGreaterThan(0.6 * bright);
        else expect(seen[c], `${name} drawn as ${seen}`).toBeLessThan(0.1 * bright + 1);
      }
    }
    // Image orientation: world +x is image right and +y image up for this camera.
    const box = projectPoint(camPos.subarray(0, 3), camMat.subarray(0, 9), fovy[camera], SIZE, SIZE, [-0.2, 0.15, 0.03]);
    expect(box?.column).toBeLessThan(SIZE / 2);
    expect(box?.row).toBeLessThan(SIZE / 2);
    data.delete();
    model.delete();
  });
});
