/**
 * MuJoCo's pinhole camera: the camera sits at `cam_xpos`, its frame's columns in `cam_xmat`
 * (row-major 3x3) are image right (x), image up (y) and backwards (z; it looks along -z), and
 * `cam_fovy` (degrees) is the vertical field of view. Square pixels, principal point at the
 * image centre, row 0 at the top.
 */

/** Focal length in pixels of a camera with vertical field of view `fovyDegrees`. */
export function focalLengthPixels(fovyDegrees: number, height: number): number {
  return height / 2 / Math.tan((fovyDegrees * Math.PI) / 360);
}

/**
 * Continuous pixel coordinates (column, row; pixel (c, r) covers [c, c+1) x [r, r+1)) of a
 * world point seen by a camera with position `pos` and row-major orientation `mat`, or null
 * when the point is behind the camera.
 */
export function projectPoint(
  pos: ArrayLike<number>,
  mat: ArrayLike<number>,
  fovyDegrees: number,
  width: number,
  height: number,
  point: ArrayLike<number>,
): { column: number; row: number; depth: number } | null {
  const dx = point[0] - pos[0];
  const dy = point[1] - pos[1];
  const dz = point[2] - pos[2];
  const x = mat[0] * dx + mat[3] * dy + mat[6] * dz;
  const y = mat[1] * dx + mat[4] * dy + mat[7] * dz;
  const z = mat[2] * dx + mat[5] * dy + mat[8] * dz;
  if (z >= 0) return null;
  const f = focalLengthPixels(fovyDegrees, height);
  return { column: width / 2 + (f * x) / -z, row: height / 2 - (f * y) / -z, depth: -z };
}
