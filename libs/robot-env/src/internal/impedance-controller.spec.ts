import { describe, expect, it } from 'vitest';
import { ImpedanceController, type ArmSnapshot } from './impedance-controller.js';

/** A snapshot at the origin, at rest, with J = [I6 | 0] and M = I7, so the wrench shows in tau directly. */
function snapshot(): ArmSnapshot {
  const jacobian = new Float64Array(42);
  for (let i = 0; i < 6; i++) jacobian[i * 7 + i] = 1;
  const massMatrix = new Float64Array(49);
  for (let i = 0; i < 7; i++) massMatrix[i * 8] = 1;
  return {
    position: new Float64Array(3),
    quat: Float64Array.of(0, 0, 0, 1),
    jacobian,
    massMatrix,
    bias: new Float64Array(7),
    q: new Float64Array(7),
    dq: new Float64Array(7),
  };
}

describe('ImpedanceController', () => {
  it('clips like serl: the error current - target lies in [-clip_neg, clip], so a move toward +x is bounded by translational_clip_neg_x', () => {
    const controller = new ImpedanceController();
    Object.assign(controller.params, { translational_stiffness: 1000, translational_clip_x: 0.01, translational_clip_neg_x: 0.03, nullspace_stiffness: 0 });
    const tau = new Float64Array(7);
    controller.targetPosition.set([0.5, 0, 0]);
    controller.compute(snapshot(), 0.002, tau);
    expect(tau[0]).toBeCloseTo(1000 * 0.03, 9); // target ahead in +x: error -0.5 clipped to -0.03
    controller.targetPosition.set([-0.5, 0, 0]);
    controller.compute(snapshot(), 0.002, tau);
    expect(tau[0]).toBeCloseTo(-1000 * 0.01, 9);
  });

  it('pushes toward a rotated target about the right axis, with damping against velocity', () => {
    const controller = new ImpedanceController();
    Object.assign(controller.params, { rotational_stiffness: 100, rotational_damping: 5, nullspace_stiffness: 0 });
    const tau = new Float64Array(7);
    controller.targetQuat.set([0, 0, Math.sin(0.025), Math.cos(0.025)]); // 0.05 rad about z
    const s = snapshot();
    s.dq[5] = 0.2; // already turning about z
    controller.compute(s, 0.002, tau);
    expect(tau[5]).toBeCloseTo(100 * 0.05 - 5 * 0.2, 9);
    expect(Math.abs(tau[3]) + Math.abs(tau[4])).toBeLessThan(1e-12);
  });
});
