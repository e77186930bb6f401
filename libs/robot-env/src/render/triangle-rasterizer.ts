/**
 * Fills camera-space polygons into an RGB frame with a depth test. Vertices come in camera
 * space (MuJoCo's convention: the camera looks along -z, y up, x right), five numbers each:
 * x, y, z and a surface coordinate (u, v) used only by checkered surfaces.
 */

/** Nearest distance drawn (m); polygons are clipped against it. */
export const NEAR_CLIP = 0.01;
/** Numbers per vertex in the polygon buffers: x, y, z, u, v. */
export const VERTEX_STRIDE = 5;
/** Side of a checker square (m) on checkered surfaces. */
export const CHECKER_SIZE = 0.05;
/** Brightness of the darker checker squares relative to the lighter ones. */
const CHECKER_DARK = 0.72;

/** One frame's target: RGB pixels (row 0 at the top), a depth buffer of 1/distance, the lens. */
export class FrameTarget {
  readonly depth: Float32Array;
  /** Focal length in pixels: (height / 2) / tan(fovy / 2). */
  focal = 1;
  constructor(
    readonly width: number,
    readonly height: number,
    public pixels: Uint8Array,
  ) {
    this.depth = new Float32Array(width * height);
  }

  /** Fills every pixel with one colour and resets the depth buffer (0 = infinitely far). */
  clear(r: number, g: number, b: number): void {
    const p = this.pixels;
    for (let i = 0, n = this.width * this.height * 3; i < n; i += 3) {
      p[i] = r;
      p[i + 1] = g;
      p[i + 2] = b;
    }
    this.depth.fill(0);
  }
}

/** Clipped polygon (at most 4 vertices from a triangle) and its projection, reused per call. */
const clipped = new Float64Array(4 * VERTEX_STRIDE);
const screen = new Float64Array(4 * 5); // sx, sy, 1/w, u/w, v/w
const corner = new Int32Array(3);

/**
 * Clips the camera-space triangle (a, b, c: offsets into `verts`) against the near plane,
 * projects it and fills it with the colour (r, g, b), or with a checker of it when `checker`.
 */
export function drawTriangle(
  target: FrameTarget,
  verts: Float32Array | Float64Array,
  a: number,
  b: number,
  c: number,
  r: number,
  g: number,
  bl: number,
  checker: boolean,
): void {
  const n = clipNear(verts, a, b, c);
  if (n < 3) return;
  const cx = target.width / 2;
  const cy = target.height / 2;
  const f = target.focal;
  for (let i = 0; i < n; i++) {
    const s = i * VERTEX_STRIDE;
    const w = 1 / -clipped[s + 2];
    const o = i * 5;
    screen[o] = cx + f * clipped[s] * w;
    screen[o + 1] = cy - f * clipped[s + 1] * w;
    screen[o + 2] = w;
    screen[o + 3] = clipped[s + 3] * w;
    screen[o + 4] = clipped[s + 4] * w;
  }
  fillScreenTriangle(target, 0, 5, 10, r, g, bl, checker);
  if (n === 4) fillScreenTriangle(target, 0, 10, 15, r, g, bl, checker);
}

/** Sutherland-Hodgman against z = -NEAR_CLIP; returns the vertex count written to `clipped`. */
function clipNear(verts: Float32Array | Float64Array, a: number, b: number, c: number): number {
  const limit = -NEAR_CLIP;
  const za = verts[a + 2];
  const zb = verts[b + 2];
  const zc = verts[c + 2];
  if (za <= limit && zb <= limit && zc <= limit) {
    copyVertex(verts, a, 0);
    copyVertex(verts, b, 1);
    copyVertex(verts, c, 2);
    return 3;
  }
  if (za > limit && zb > limit && zc > limit) return 0;
  let n = 0;
  corner[0] = a;
  corner[1] = b;
  corner[2] = c;
  for (let i = 0; i < 3; i++) {
    const p = corner[i];
    const q = corner[(i + 1) % 3];
    const pIn = verts[p + 2] <= limit;
    const qIn = verts[q + 2] <= limit;
    if (pIn) copyVertex(verts, p, n++);
    if (pIn !== qIn) {
      const t = (limit - verts[p + 2]) / (verts[q + 2] - verts[p + 2]);
      const o = n * VERTEX_STRIDE;
      for (let k = 0; k < VERTEX_STRIDE; k++) clipped[o + k] = verts[p + k] + t * (verts[q + k] - verts[p + k]);
      n++;
    }
  }
  return n;
}

function copyVertex(verts: Float32Array | Float64Array, from: number, slot: number): void {
  const o = slot * VERTEX_STRIDE;
  for (let k = 0; k < VERTEX_STRIDE; k++) clipped[o + k] = verts[from + k];
}

/** Edge-function fill of one projected triangle (offsets into `screen`), perspective-correct. */
function fillScreenTriangle(target: FrameTarget, i0: number, i1: number, i2: number, r: number, g: number, b: number, checker: boolean): void {
  let x0 = screen[i0];
  let y0 = screen[i0 + 1];
  let x1 = screen[i1];
  let y1 = screen[i1 + 1];
  const x2 = screen[i2];
  const y2 = screen[i2 + 1];
  let area = (x1 - x0) * (y2 - y0) - (y1 - y0) * (x2 - x0);
  if (area === 0 || !Number.isFinite(area)) return;
  let j0 = i0;
  let j1 = i1;
  if (area < 0) {
    // Make the winding positive so one inside test serves both orientations.
    j0 = i1;
    j1 = i0;
    x0 = screen[j0];
    y0 = screen[j0 + 1];
    x1 = screen[j1];
    y1 = screen[j1 + 1];
    area = -area;
  }
  const W = target.width;
  const H = target.height;
  const minX = Math.max(0, Math.floor(Math.min(x0, x1, x2)));
  const maxX = Math.min(W - 1, Math.ceil(Math.max(x0, x1, x2)));
  const minY = Math.max(0, Math.floor(Math.min(y0, y1, y2)));
  const maxY = Math.min(H - 1, Math.ceil(Math.max(y0, y1, y2)));
  if (minX > maxX || minY > maxY) return;
  const inv = 1 / area;
  const w0 = screen[j0 + 2];
  const w1 = screen[j1 + 2];
  const w2 = screen[i2 + 2];
  const u0 = screen[j0 + 3];
  const u1 = screen[j1 + 3];
  const u2 = screen[i2 + 3];
  const v0 = screen[j0 + 4];
  const v1 = screen[j1 + 4];
  const v2 = screen[i2 + 4];
  // Edge functions e_k(x, y) = A_k x + B_k y + C_k, weight of the vertex opposite the edge.
  const A0 = y1 - y2;
  const B0 = x2 - x1;
  const A1 = y2 - y0;
  const B1 = x0 - x2;
  const A2 = y0 - y1;
  const B2 = x1 - x0;
  const px0 = minX + 0.5;
  const depth = target.depth;
  const pixels = target.pixels;
  const dark = CHECKER_DARK;
  const invChecker = 1 / CHECKER_SIZE;
  for (let y = minY; y <= maxY; y++) {
    const py = y + 0.5;
    let e0 = A0 * (px0 - x1) + B0 * (py - y1);
    let e1 = A1 * (px0 - x2) + B1 * (py - y2);
    let e2 = A2 * (px0 - x0) + B2 * (py - y0);
    let idx = y * W + minX;
    for (let x = minX; x <= maxX; x++, idx++, e0 += A0, e1 += A1, e2 += A2) {
      if (e0 < 0 || e1 < 0 || e2 < 0) continue;
      const l0 = e0 * inv;
      const l1 = e1 * inv;
      const l2 = e2 * inv;
      const wInv = l0 * w0 + l1 * w1 + l2 * w2;
      if (wInv <= depth[idx]) continue;
      depth[idx] = wInv;
      const o = idx * 3;
      if (checker) {
        const u = (l0 * u0 + l1 * u1 + l2 * u2) / wInv;
        const v = (l0 * v0 + l1 * v1 + l2 * v2) / wInv;
        const odd = (Math.floor(u * invChecker) + Math.floor(v * invChecker)) & 1;
        const k = odd ? dark : 1;
        pixels[o] = r * k;
        pixels[o + 1] = g * k;
        pixels[o + 2] = b * k;
      } else {
        pixels[o] = r;
        pixels[o + 1] = g;
        pixels[o + 2] = b;
      }
    }
  }
}
