/**
 * Rotations as the robot server speaks them: quaternions scalar-LAST `[qx, qy, qz, qw]` and
 * euler angles in scipy's extrinsic `'xyz'` convention, i.e. `[rx, ry, rz]` means
 * R = Rz(rz) * Ry(ry) * Rx(rx) (rotate about the fixed x axis first, then y, then z).
 * Composition `quatMultiply(a, b)` is the rotation "b first, then a" (R_a * R_b).
 */
export type Quat = [number, number, number, number];
export type Vec3 = [number, number, number];
/** Row-major 3x3 matrix. */
export type Mat3 = [number, number, number, number, number, number, number, number, number];

/** Hamilton product a * b of two scalar-last quaternions. */
export function quatMultiply(a: readonly number[], b: readonly number[]): Quat {
  const [ax, ay, az, aw] = a;
  const [bx, by, bz, bw] = b;
  return [
    aw * bx + ax * bw + ay * bz - az * by,
    aw * by - ax * bz + ay * bw + az * bx,
    aw * bz + ax * by - ay * bx + az * bw,
    aw * bw - ax * bx - ay * by - az * bz,
  ];
}

/** The unit quaternion in the direction of q (throws on a zero or non-finite quaternion). */
export function quatNormalize(q: readonly number[]): Quat {
  const n = Math.hypot(q[0], q[1], q[2], q[3]);
  if (!Number.isFinite(n) || n < 1e-12) throw new RangeError(`quaternion [${q.join(', ')}] cannot be normalised`);
  return [q[0] / n, q[1] / n, q[2] / n, q[3] / n];
}

export function quatConjugate(q: readonly number[]): Quat {
  return [-q[0], -q[1], -q[2], q[3]];
}

/** scipy `Rotation.from_euler('xyz', e).as_quat()`: Rz(e[2]) * Ry(e[1]) * Rx(e[0]). */
export function quatFromEulerXyz(e: readonly number[]): Quat {
  const qx: Quat = [Math.sin(e[0] / 2), 0, 0, Math.cos(e[0] / 2)];
  const qy: Quat = [0, Math.sin(e[1] / 2), 0, Math.cos(e[1] / 2)];
  const qz: Quat = [0, 0, Math.sin(e[2] / 2), Math.cos(e[2] / 2)];
  return quatMultiply(qz, quatMultiply(qy, qx));
}

/** Rotation matrix of a (normalised) quaternion. */
export function matFromQuat(qIn: readonly number[]): Mat3 {
  const [x, y, z, w] = quatNormalize(qIn);
  return [
    1 - 2 * (y * y + z * z),
    2 * (x * y - z * w),
    2 * (x * z + y * w),
    2 * (x * y + z * w),
    1 - 2 * (x * x + z * z),
    2 * (y * z - x * w),
    2 * (x * z - y * w),
    2 * (y * z + x * w),
    1 - 2 * (x * x + y * y),
  ];
}

/** Quaternion (scalar last, w >= 0) of a rotation matrix (Shepperd's method). */
export function quatFromMat(m: Mat3): Quat {
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = m;
  const trace = m00 + m11 + m22;
  let q: Quat;
  if (trace > 0) {
    const s = Math.sqrt(trace + 1) * 2;
    q = [(m21 - m12) / s, (m02 - m20) / s, (m10 - m01) / s, s / 4];
  } else if (m00 > m11 && m00 > m22) {
    const s = Math.sqrt(1 + m00 - m11 - m22) * 2;
    q = [s / 4, (m01 + m10) / s, (m02 + m20) / s, (m21 - m12) / s];
  } else if (m11 > m22) {
    const s = Math.sqrt(1 + m11 - m00 - m22) * 2;
    q = [(m01 + m10) / s, s / 4, (m12 + m21) / s, (m02 - m20) / s];
  } else {
    const s = Math.sqrt(1 + m22 - m00 - m11) * 2;
    q = [(m02 + m20) / s, (m12 + m21) / s, s / 4, (m10 - m01) / s];
  }
  const n = quatNormalize(q);
  return n[3] < 0 ? [-n[0], -n[1], -n[2], -n[3]] : n;
}

/**
 * scipy `Rotation.from_quat(q).as_euler('xyz')`: ry in [-pi/2, pi/2], rx and rz in [-pi, pi].
 * At gimbal lock (|ry| = pi/2) rz is set to 0, as scipy does.
 */
export function eulerXyzFromQuat(q: readonly number[]): Vec3 {
  const m = matFromQuat(q);
  const sinRy = Math.max(-1, Math.min(1, -m[6]));
  const ry = Math.asin(sinRy);
  if (Math.abs(sinRy) > 1 - 1e-12) {
    // Only rx -/+ rz is defined: put it all into rx (R = Ry(+-pi/2) * Rx(rx)).
    return [Math.atan2(Math.sign(sinRy) * m[1], m[4]), ry, 0];
  }
  return [Math.atan2(m[7], m[8]), ry, Math.atan2(m[3], m[0])];
}

/** Spherical linear interpolation from a to b at t in [0, 1] along the shorter arc. */
export function quatSlerp(a: readonly number[], bIn: readonly number[], t: number): Quat {
  let b = [...bIn];
  let dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
  if (dot < 0) {
    b = b.map((v) => -v);
    dot = -dot;
  }
  if (dot > 0.9995) return quatNormalize(a.map((v, i) => v + t * (b[i] - v)));
  const theta = Math.acos(Math.min(1, dot));
  const s0 = Math.sin((1 - t) * theta) / Math.sin(theta);
  const s1 = Math.sin(t * theta) / Math.sin(theta);
  return quatNormalize(a.map((v, i) => s0 * v + s1 * b[i]));
}

/** Angle in radians of the rotation taking a to b. */
export function quatAngle(a: readonly number[], b: readonly number[]): number {
  // atan2 of the relative rotation's vector and scalar parts stays accurate near zero (acos does not).
  const r = quatMultiply(quatConjugate(quatNormalize(a)), quatNormalize(b));
  return 2 * Math.atan2(Math.hypot(r[0], r[1], r[2]), Math.abs(r[3]));
}

/**
 * serl/hil-serl's `franka_env.utils.rotations.euler_2_quat`, reproduced for compatibility:
 * it reads `[a, b, c]` as (yaw, pitch, roll), builds Rz(pi - a) * Ry(b) * Rx(c), and returns
 * pyquaternion's SCALAR-FIRST `[w, x, y, z]`, which FrankaEnv then uses as scalar-last
 * `[qx, qy, qz, qw]`. The slips cancel except for one: the result is exactly scipy
 * `from_euler('xyz', [a, -b, c])`, i.e. the pitch's sign is flipped (rotation.spec.ts checks
 * this against values computed with scipy). FrankaEnv uses it only to turn RESET_POSE's euler
 * angles into the reset quaternion, so a reset pose with pitch b is reached with pitch -b.
 */
export function serlEulerToQuat(e: readonly number[]): Quat {
  const yaw = Math.PI - e[0];
  const pitch = e[1];
  const roll = e[2];
  const qz: Quat = [0, 0, Math.sin(yaw / 2), Math.cos(yaw / 2)];
  const qy: Quat = [0, Math.sin(pitch / 2), 0, Math.cos(pitch / 2)];
  const qx: Quat = [Math.sin(roll / 2), 0, 0, Math.cos(roll / 2)];
  const [x, y, z, w] = quatFromMat(matFromQuat(quatMultiply(qz, quatMultiply(qy, qx))));
  // pyquaternion's `elements` order (w, x, y, z), read by the caller as (x, y, z, w).
  return quatNormalize([w, x, y, z]);
}
