import type { MainModule, MjData, MjModel } from '../internal/mujoco-module.js';
import { focalLengthPixels } from './camera-projection.js';
import {
  GEOM_BOX,
  GEOM_CAPSULE,
  GEOM_CYLINDER,
  GEOM_ELLIPSOID,
  GEOM_MESH,
  GEOM_PLANE,
  GEOM_SPHERE,
  boxTriangles,
  capsuleTriangles,
  cylinderTriangles,
  ellipsoidTriangles,
  planeTriangles,
  type GeomTriangles,
} from './geom-tessellation.js';
import { type FrameTarget, VERTEX_STRIDE, drawTriangle } from './triangle-rasterizer.js';

/** Background colour (RGB) where no geom is seen. */
const SKY = [40, 44, 52] as const;
/** Lambert shading: ambient + scene light (the model's first light) + a headlight. */
const AMBIENT = 0.25;
const LIGHT_DIFFUSE = 0.5;
const HEADLIGHT_DIFFUSE = 0.35;
/** MuJoCo draws geom groups 0-2 by default; higher groups are collision-only by convention. */
const MAX_VISIBLE_GROUP = 2;

/** A geom's triangles and how to colour them. */
interface GeomDraw {
  readonly id: number;
  readonly mesh: GeomTriangles;
  /** Base colour, 0-255. */
  readonly rgb: readonly [number, number, number];
  /** Planes get a checker so motion and crops are visible. */
  readonly isPlane: boolean;
  /** Convex primitives have outward normals from their centre, so back faces can be culled. */
  readonly convex: boolean;
}

/**
 * Software rasterizer of a MuJoCo model's geoms (planes, boxes, spheres, ellipsoids, capsules,
 * cylinders, meshes) for the model's cameras: depth test, flat Lambert shading, the geoms'
 * own rgba (or their material's), a checker on planes. No GPU or graphics library; one
 * instance per model, reading poses from an `MjData` after `mj_forward`/`mj_step`.
 */
export class SceneRenderer {
  private readonly geoms: GeomDraw[] = [];
  /** Camera-space vertices of the geom being drawn (x, y, z, u, v each). */
  private readonly cameraVertices: Float64Array;
  private readonly m = new Float64Array(9);
  private readonly t = new Float64Array(3);

  constructor(
    private readonly mujoco: MainModule,
    private readonly model: MjModel,
  ) {
    const types: Int32Array = model.geom_type;
    const sizes: Float64Array = model.geom_size;
    const rgba: Float32Array = model.geom_rgba;
    const matIds: Int32Array = model.geom_matid;
    const matRgba: Float32Array = model.mat_rgba;
    const groups: Int32Array = model.geom_group;
    let maxVertices = 0;
    for (let id = 0; id < model.ngeom; id++) {
      const mesh = this.tessellate(types[id], sizes.subarray(id * 3, id * 3 + 3), id);
      if (mesh === null || groups[id] > MAX_VISIBLE_GROUP) continue;
      const colour = matIds[id] >= 0 ? matRgba.subarray(matIds[id] * 4, matIds[id] * 4 + 4) : rgba.subarray(id * 4, id * 4 + 4);
      if (colour[3] === 0) continue;
      const rgb: [number, number, number] = [to255(colour[0]), to255(colour[1]), to255(colour[2])];
      this.geoms.push({ id, mesh, rgb, isPlane: types[id] === GEOM_PLANE, convex: types[id] !== GEOM_MESH });
      maxVertices = Math.max(maxVertices, mesh.vertices.length / 3);
    }
    this.cameraVertices = new Float64Array(maxVertices * VERTEX_STRIDE);
  }

  /** Id of a named camera; throws naming the camera when the model lacks it. */
  cameraId(name: string): number {
    const id = this.mujoco.mj_name2id(this.model, this.mujoco.mjtObj.mjOBJ_CAMERA.value, name);
    if (id < 0) throw new Error(`MJCF has no camera named '${name}'`);
    return id;
  }

  /** Renders camera `cameraId` into `target.pixels` (RGB, row 0 at the top). */
  render(data: MjData, cameraId: number, target: FrameTarget): void {
    const model = this.model;
    const camPos: Float64Array = data.cam_xpos;
    const camMat: Float64Array = data.cam_xmat;
    const geomPos: Float64Array = data.geom_xpos;
    const geomMat: Float64Array = data.geom_xmat;
    const fovy: Float64Array = model.cam_fovy;
    target.focal = focalLengthPixels(fovy[cameraId], target.height);
    target.clear(SKY[0], SKY[1], SKY[2]);
    const c = cameraId * 9;
    const cp = cameraId * 3;
    // Scene light direction (travel direction) in camera space; straight down without a light.
    let lx = 0;
    let ly = 0;
    let lz = -1;
    if (model.nlight > 0) {
      const dir: Float64Array = data.light_xdir;
      lx = dir[0];
      ly = dir[1];
      lz = dir[2];
    }
    const lcx = camMat[c] * lx + camMat[c + 3] * ly + camMat[c + 6] * lz;
    const lcy = camMat[c + 1] * lx + camMat[c + 4] * ly + camMat[c + 7] * lz;
    const lcz = camMat[c + 2] * lx + camMat[c + 5] * ly + camMat[c + 8] * lz;
    const { m, t } = this;
    const cv = this.cameraVertices;
    for (const geom of this.geoms) {
      const g = geom.id * 9;
      const gp = geom.id * 3;
      // m = camMat^T * geomMat, t = camMat^T * (geomPos - camPos): geom frame -> camera frame.
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          m[i * 3 + j] = camMat[c + i] * geomMat[g + j] + camMat[c + 3 + i] * geomMat[g + 3 + j] + camMat[c + 6 + i] * geomMat[g + 6 + j];
        }
      }
      const dx = geomPos[gp] - camPos[cp];
      const dy = geomPos[gp + 1] - camPos[cp + 1];
      const dz = geomPos[gp + 2] - camPos[cp + 2];
      for (let i = 0; i < 3; i++) t[i] = camMat[c + i] * dx + camMat[c + 3 + i] * dy + camMat[c + 6 + i] * dz;
      const verts = geom.mesh.vertices;
      const nv = verts.length / 3;
      for (let k = 0; k < nv; k++) {
        const x = verts[k * 3];
        const y = verts[k * 3 + 1];
        const z = verts[k * 3 + 2];
        const o = k * VERTEX_STRIDE;
        cv[o] = m[0] * x + m[1] * y + m[2] * z + t[0];
        cv[o + 1] = m[3] * x + m[4] * y + m[5] * z + t[1];
        cv[o + 2] = m[6] * x + m[7] * y + m[8] * z + t[2];
        cv[o + 3] = x;
        cv[o + 4] = y;
      }
      const idx = geom.mesh.indices;
      for (let k = 0; k < idx.length; k += 3) {
        const a = idx[k] * VERTEX_STRIDE;
        const b = idx[k + 1] * VERTEX_STRIDE;
        const d = idx[k + 2] * VERTEX_STRIDE;
        const e1x = cv[b] - cv[a];
        const e1y = cv[b + 1] - cv[a + 1];
        const e1z = cv[b + 2] - cv[a + 2];
        const e2x = cv[d] - cv[a];
        const e2y = cv[d + 1] - cv[a + 1];
        const e2z = cv[d + 2] - cv[a + 2];
        let nx = e1y * e2z - e1z * e2y;
        let ny = e1z * e2x - e1x * e2z;
        let nz = e1x * e2y - e1y * e2x;
        const len = Math.hypot(nx, ny, nz);
        if (len === 0) continue;
        const mx = (cv[a] + cv[b] + cv[d]) / 3;
        const my = (cv[a + 1] + cv[b + 1] + cv[d + 1]) / 3;
        const mz = (cv[a + 2] + cv[b + 2] + cv[d + 2]) / 3;
        // Outward normal: a plane's +z; a convex primitive's away from its centre.
        const outward = geom.isPlane ? nx * m[2] + ny * m[5] + nz * m[8] : geom.convex ? nx * (mx - t[0]) + ny * (my - t[1]) + nz * (mz - t[2]) : 1;
        if (outward < 0) {
          nx = -nx;
          ny = -ny;
          nz = -nz;
        }
        const towardViewer = -(nx * mx + ny * my + nz * mz);
        if (towardViewer <= 0) {
          if (geom.convex) continue; // back face
          nx = -nx; // meshes are drawn two-sided, lit on the side the camera sees
          ny = -ny;
          nz = -nz;
        }
        const inv = 1 / len;
        const diffuse = Math.max(0, -(nx * lcx + ny * lcy + nz * lcz) * inv);
        const head = (Math.abs(nx * mx + ny * my + nz * mz) * inv) / Math.hypot(mx, my, mz);
        const shade = Math.min(1, AMBIENT + LIGHT_DIFFUSE * diffuse + HEADLIGHT_DIFFUSE * head);
        drawTriangle(target, cv, a, b, d, geom.rgb[0] * shade, geom.rgb[1] * shade, geom.rgb[2] * shade, geom.isPlane);
      }
    }
  }

  private tessellate(type: number, size: Float64Array, id: number): GeomTriangles | null {
    switch (type) {
      case GEOM_PLANE:
        return planeTriangles(size[0], size[1]);
      case GEOM_BOX:
        return boxTriangles(size[0], size[1], size[2]);
      case GEOM_SPHERE:
        return ellipsoidTriangles(size[0], size[0], size[0]);
      case GEOM_ELLIPSOID:
        return ellipsoidTriangles(size[0], size[1], size[2]);
      case GEOM_CYLINDER:
        return cylinderTriangles(size[0], size[1]);
      case GEOM_CAPSULE:
        return capsuleTriangles(size[0], size[1]);
      case GEOM_MESH:
        return this.meshTriangles(id);
      default:
        return null; // height fields and SDFs are not drawn
    }
  }

  /** A mesh geom's own triangles (MuJoCo stores them in the geom's frame). */
  private meshTriangles(id: number): GeomTriangles | null {
    const model = this.model;
    const dataIds: Int32Array = model.geom_dataid;
    const meshId = dataIds[id];
    if (meshId < 0) return null;
    const vertAdr: Int32Array = model.mesh_vertadr;
    const vertNum: Int32Array = model.mesh_vertnum;
    const faceAdr: Int32Array = model.mesh_faceadr;
    const faceNum: Int32Array = model.mesh_facenum;
    const allVerts: Float32Array = model.mesh_vert;
    const allFaces: Int32Array = model.mesh_face;
    const v0 = vertAdr[meshId];
    const f0 = faceAdr[meshId];
    return {
      vertices: allVerts.slice(v0 * 3, (v0 + vertNum[meshId]) * 3),
      indices: Uint32Array.from(allFaces.subarray(f0 * 3, (f0 + faceNum[meshId]) * 3)),
    };
  }
}

function to255(channel: number): number {
  return Math.round(Math.min(Math.max(channel, 0), 1) * 255);
}
