/**
 * Triangle meshes of MuJoCo's geom primitives in the geom's own frame, built once per model.
 * Curved primitives are approximated by a fixed number of segments: enough for 128 px frames.
 */

/** MuJoCo's mjtGeom values for the types the renderer draws. */
export const GEOM_PLANE = 0;
export const GEOM_SPHERE = 2;
export const GEOM_CAPSULE = 3;
export const GEOM_ELLIPSOID = 4;
export const GEOM_CYLINDER = 5;
export const GEOM_BOX = 6;
export const GEOM_MESH = 7;

/** A triangle mesh in a geom's frame: xyz per vertex, three vertex indices per triangle. */
export interface GeomTriangles {
  readonly vertices: Float32Array;
  readonly indices: Uint32Array;
}

/** Segments around the axis of spheres, capsules and cylinders. */
const RING_SEGMENTS = 16;
/** Latitude bands of a sphere (per hemisphere for capsules: half of these). */
const SPHERE_BANDS = 8;
/** Half extent used for an infinite plane (size 0 in the MJCF). */
const INFINITE_PLANE_HALF = 10;

class MeshBuilder {
  private readonly v: number[] = [];
  private readonly t: number[] = [];
  vertex(x: number, y: number, z: number): number {
    this.v.push(x, y, z);
    return this.v.length / 3 - 1;
  }
  triangle(a: number, b: number, c: number): void {
    this.t.push(a, b, c);
  }
  quad(a: number, b: number, c: number, d: number): void {
    this.t.push(a, b, c, a, c, d);
  }
  build(): GeomTriangles {
    return { vertices: Float32Array.from(this.v), indices: Uint32Array.from(this.t) };
  }
}

/** A box with half sizes (sx, sy, sz). */
export function boxTriangles(sx: number, sy: number, sz: number): GeomTriangles {
  const m = new MeshBuilder();
  for (let i = 0; i < 8; i++) m.vertex(i & 1 ? sx : -sx, i & 2 ? sy : -sy, i & 4 ? sz : -sz);
  m.quad(0, 2, 3, 1); // -z
  m.quad(4, 5, 7, 6); // +z
  m.quad(0, 1, 5, 4); // -y
  m.quad(2, 6, 7, 3); // +y
  m.quad(0, 4, 6, 2); // -x
  m.quad(1, 3, 7, 5); // +x
  return m.build();
}

/** A plane (z = 0) with half sizes (sx, sy); 0 means infinite, drawn as 10 m. */
export function planeTriangles(sx: number, sy: number): GeomTriangles {
  const hx = sx > 0 ? sx : INFINITE_PLANE_HALF;
  const hy = sy > 0 ? sy : INFINITE_PLANE_HALF;
  const m = new MeshBuilder();
  m.quad(m.vertex(-hx, -hy, 0), m.vertex(hx, -hy, 0), m.vertex(hx, hy, 0), m.vertex(-hx, hy, 0));
  return m.build();
}

/**
 * A solid of revolution about z: rings of (radius, z) from bottom to top, closed at both ends.
 * A ring of radius 0 is a pole.
 */
function lathe(rings: readonly (readonly [number, number])[]): GeomTriangles {
  const m = new MeshBuilder();
  const ringStart: number[] = [];
  for (const [r, z] of rings) {
    ringStart.push(m.vertex(0, 0, z) + 1);
    for (let s = 0; s < RING_SEGMENTS; s++) {
      const a = (2 * Math.PI * s) / RING_SEGMENTS;
      m.vertex(r * Math.cos(a), r * Math.sin(a), z);
    }
  }
  const at = (ring: number, s: number): number => ringStart[ring] + (s % RING_SEGMENTS);
  for (let k = 0; k + 1 < rings.length; k++) {
    for (let s = 0; s < RING_SEGMENTS; s++) m.quad(at(k, s), at(k, s + 1), at(k + 1, s + 1), at(k + 1, s));
  }
  const last = rings.length - 1;
  for (let s = 0; s < RING_SEGMENTS; s++) {
    m.triangle(ringStart[0] - 1, at(0, s + 1), at(0, s)); // bottom cap around the centre vertex
    m.triangle(ringStart[last] - 1, at(last, s), at(last, s + 1)); // top cap
  }
  return m.build();
}

/** A sphere of radius r scaled per axis (an ellipsoid when the radii differ). */
export function ellipsoidTriangles(rx: number, ry: number, rz: number): GeomTriangles {
  const rings: [number, number][] = [];
  for (let b = 0; b <= SPHERE_BANDS; b++) {
    const polar = Math.PI * (1 - b / SPHERE_BANDS);
    rings.push([Math.sin(polar), Math.cos(polar)]);
  }
  const unit = lathe(rings);
  const v = unit.vertices;
  for (let i = 0; i < v.length; i += 3) {
    v[i] *= rx;
    v[i + 1] *= ry;
    v[i + 2] *= rz;
  }
  return unit;
}

/** A cylinder of radius r and half height h along z. */
export function cylinderTriangles(r: number, h: number): GeomTriangles {
  return lathe([
    [r, -h],
    [r, h],
  ]);
}

/** A capsule: radius r, cylinder half height h along z, hemispherical ends. */
export function capsuleTriangles(r: number, h: number): GeomTriangles {
  const half = SPHERE_BANDS / 2;
  const rings: [number, number][] = [];
  for (let b = 0; b <= half; b++) {
    const polar = Math.PI - (Math.PI / 2) * (b / half);
    rings.push([r * Math.sin(polar), -h + r * Math.cos(polar)]);
  }
  for (let b = 0; b <= half; b++) {
    const polar = (Math.PI / 2) * (1 - b / half);
    rings.push([r * Math.sin(polar), h + r * Math.cos(polar)]);
  }
  return lathe(rings);
}
