/**
 * Quaternion helpers for the sim arm. Quaternions are [x, y, z, w] (scalar last, as scipy and
 * the Franka server's JSON); rotation matrices are row-major 3 x 3 (as MuJoCo's xmat).
 */

/** Writes the unit quaternion of rotation matrix `m` into `out` at `offset` (sign made unique, see below). */
export function matToQuat(m: ArrayLike<number>, out: Float64Array, offset = 0, mOffset = 0): void {
  const m00 = m[mOffset],
    m01 = m[mOffset + 1],
    m02 = m[mOffset + 2];
  const m10 = m[mOffset + 3],
    m11 = m[mOffset + 4],
    m12 = m[mOffset + 5];
  const m20 = m[mOffset + 6],
    m21 = m[mOffset + 7],
    m22 = m[mOffset + 8];
  const trace = m00 + m11 + m22;
  let x: number, y: number, z: number, w: number;
  if (trace > 0) {
    const s = Math.sqrt(trace + 1) * 2;
    w = s / 4;
    x = (m21 - m12) / s;
    y = (m02 - m20) / s;
    z = (m10 - m01) / s;
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    w = (m21 - m12) / s;
    x = s / 4;
    y = (m01 + m10) / s;
    z = (m02 + m20) / s;
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    w = (m02 - m20) / s;
    x = (m01 + m10) / s;
    y = s / 4;
    z = (m12 + m21) / s;
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    w = (m10 - m01) / s;
    x = (m02 + m20) / s;
    y = (m12 + m21) / s;
    z = s / 4;
  }
  // One sign per rotation: w > 0, or for half-turns (w = 0) the largest component positive.
  const largest = Math.abs(x) >= Math.abs(y) && Math.abs(x) >= Math.abs(z) ? x : Math.abs(y) >= Math.abs(z) ? y : z;
  const sign = Math.abs(w) > 1e-9 ? Math.sign(w) : Math.sign(largest) || 1;
  const norm = Math.hypot(x, y, z, w) * sign;
  out[offset] = x / norm;
  out[offset + 1] = y / norm;
  out[offset + 2] = z / norm;
  out[offset + 3] = w / norm;
}

/**
 * Rotation vector (axis * angle, world frame) of the rotation taking `current` to `target`,
 * i.e. of target * conj(current), along the shorter way round.
 */
export function quatErrorToRotVec(target: ArrayLike<number>, current: ArrayLike<number>, out: Float64Array, tOffset = 0, cOffset = 0): void {
  const tx = target[tOffset],
    ty = target[tOffset + 1],
    tz = target[tOffset + 2],
    tw = target[tOffset + 3];
  const cx = -current[cOffset],
    cy = -current[cOffset + 1],
    cz = -current[cOffset + 2],
    cw = current[cOffset + 3];
  let x = tw * cx + tx * cw + ty * cz - tz * cy;
  let y = tw * cy - tx * cz + ty * cw + tz * cx;
  let z = tw * cz + tx * cy - ty * cx + tz * cw;
  let w = tw * cw - tx * cx - ty * cy - tz * cz;
  if (w < 0) {
    x = -x;
    y = -y;
    z = -z;
    w = -w;
  }
  const s = Math.hypot(x, y, z);
  if (s < 1e-12) {
    out[0] = 2 * x;
    out[1] = 2 * y;
    out[2] = 2 * z;
    return;
  }
  const angle = 2 * Math.atan2(s, w);
  out[0] = (x / s) * angle;
  out[1] = (y / s) * angle;
  out[2] = (z / s) * angle;
}
