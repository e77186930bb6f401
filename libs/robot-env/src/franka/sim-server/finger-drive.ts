import { FINGER_TRAVEL } from '../../internal/pick-cube-mjcf.js';

/** Finger speed (m/s of each finger) for normal and slow gripper commands. */
const FINGER_SPEED = 0.4;
const FINGER_SPEED_SLOW = 0.02;

/** The finger position command, moving toward its target at a limited speed (a real gripper's motion). */
export class FingerDrive {
  private target = FINGER_TRAVEL;
  private speed = FINGER_SPEED;
  private ctrl = FINGER_TRAVEL;

  /** Open, at rest. */
  reset(): void {
    this.target = FINGER_TRAVEL;
    this.ctrl = FINGER_TRAVEL;
  }

  /** Opening 1 open .. 0 closed; `slow` moves at a twentieth of the speed. */
  command(opening: number, slow: boolean): void {
    this.target = Math.min(Math.max(opening, 0), 1) * FINGER_TRAVEL;
    this.speed = slow ? FINGER_SPEED_SLOW : FINGER_SPEED;
  }

  /** Moves the command by one step of `dt` seconds; returns each finger's position command (m). */
  advance(dt: number): number {
    const maxMove = this.speed * dt;
    this.ctrl += Math.min(Math.max(this.target - this.ctrl, -maxMove), maxMove);
    if (Math.abs(this.target - this.ctrl) < 1e-9) this.ctrl = this.target;
    return this.ctrl;
  }

  /** True once the command has reached its target. */
  arrived(): boolean {
    return this.ctrl === this.target;
  }
}
