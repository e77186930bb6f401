import { describe, expect, it } from 'vitest';
import { eulerXyzFromQuat, quatAngle, quatFromEulerXyz, quatMultiply, quatSlerp, serlEulerToQuat } from './rotation.js';

// Expected values computed with scipy 1.17 (Rotation.from_euler / as_quat / as_euler).
const close = (actual: readonly number[], expected: readonly number[], digits = 10): void => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
};
/** Same rotation (q and -q are equal). */
const sameRotation = (a: readonly number[], b: readonly number[]): void => expect(quatAngle(a, b)).toBeLessThan(1e-7);

describe('rotation (scalar-last quaternions, scipy extrinsic xyz euler)', () => {
  it('euler -> quaternion matches scipy', () => {
    close(quatFromEulerXyz([0.1, 0.2, 0.3]), [0.03427079855, 0.106020511062, 0.143572175027, 0.983347443256]);
    close(quatFromEulerXyz([Math.PI, 0.1, -0.2]), [0.993760669166, -0.099708650872, -0.049729481601, -0.004989591229]);
  });

  it('quaternion -> euler matches scipy, including a non-unit input and the gripper-down pose', () => {
    close(eulerXyzFromQuat([0.1, 0.2, 0.3, 0.9]), [0.339292614454, 0.321288589265, 0.698999614039]);
    close(eulerXyzFromQuat([1, 0, 0, 0]), [Math.PI, 0, 0]);
    close(eulerXyzFromQuat(quatFromEulerXyz([-2.5, 1.2, 3.0])), [-2.5, 1.2, 3.0]);
  });

  it('composes euler(action) * R_current as FrankaEnv does', () => {
    sameRotation(quatMultiply(quatFromEulerXyz([0.06, 0, 0]), [1, 0, 0, 0]), [0.999550033749, 0, 0, -0.029995500202]);
    sameRotation(
      quatMultiply(quatFromEulerXyz([0, 0.06, -0.03]), quatFromEulerXyz([Math.PI, 0.1, 0.2])),
      [0.9932074174764, 0.084925451974, -0.0795364549508, 0.00080362354482],
    );
  });

  it('slerps along the shorter arc', () => {
    const a = quatFromEulerXyz([0, 0, 0]);
    const b = quatFromEulerXyz([0, 0, 1]);
    sameRotation(quatSlerp(a, b, 0.5), quatFromEulerXyz([0, 0, 0.5]));
    sameRotation(
      quatSlerp(
        a,
        b.map((v) => -v),
        0.25,
      ),
      quatFromEulerXyz([0, 0, 0.25]),
    );
  });

  it("serl's euler_2_quat reproduced: its result is scipy's with the pitch negated", () => {
    // serl euler_2_quat([pi, 0.1, 0.3]) evaluated in Python (pyquaternion elements read as xyzw).
    sameRotation(serlEulerToQuat([Math.PI, 0.1, 0.3]), [0.98753537156, 0.149251373721, 0.049417957074, -0.007468793718]);
    close(eulerXyzFromQuat(serlEulerToQuat([Math.PI, 0.1, 0.3])), [Math.PI, -0.1, 0.3]);
    sameRotation(serlEulerToQuat([0.5, 0.2, 0.3]), [0.257858895284, -0.058856783978, 0.168490940966, 0.949555407501]);
    for (const e of [
      [0.5, 0.2, 0.3],
      [Math.PI, -0.3, 0.05],
      [-1, 0.7, 2],
    ])
      sameRotation(serlEulerToQuat(e), quatFromEulerXyz([e[0], -e[1], e[2]]));
    // With zero pitch the two conventions agree.
    sameRotation(serlEulerToQuat([Math.PI, 0, 0.4]), quatFromEulerXyz([Math.PI, 0, 0.4]));
  });
});
