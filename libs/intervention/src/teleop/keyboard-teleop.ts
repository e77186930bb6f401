import type { TeleopFrame, TeleopSource } from './teleop-source.js';

/** Key -> [twist axis 0..5, direction]: WASD/QE translate, arrows pitch and yaw, R/F roll. */
export const KEYBOARD_MOTION_KEYS: Readonly<Record<string, readonly [axis: number, direction: 1 | -1]>> = {
  w: [0, 1],
  s: [0, -1], // x: forward / back
  a: [1, 1],
  d: [1, -1], // y: left / right
  q: [2, 1],
  e: [2, -1], // z: up / down
  r: [3, 1],
  f: [3, -1], // roll
  up: [4, 1],
  down: [4, -1], // pitch
  left: [5, 1],
  right: [5, -1], // yaw
};

/** Keys with one-shot meanings. */
export const KEYBOARD_COMMAND_KEYS = { gripper: 'space', intervene: 'i', endEpisode: 'escape' } as const;

export interface KeyboardTeleopOptions {
  /** Action units per step for a held translation key. Default 0.5. */
  readonly speed?: number;
  /** Action units per step for a held rotation key. Default 0.5. */
  readonly rotationSpeed?: number;
  /**
   * Terminals send no key-up: a held key is a press followed, after the OS repeat delay
   * (250-600 ms), by repeats every ~30 ms. A key counts as held for this long after its first
   * press (so a hold survives the delay; a single tap moves for this long). Default 550 ms.
   */
  readonly firstRepeatMs?: number;
  /** Once repeating, a key counts as held until this long after its last repeat. Default 120 ms. */
  readonly repeatGapMs?: number;
  readonly now?: () => number;
}

interface KeyState {
  firstAt: number;
  lastAt: number;
  repeating: boolean;
}

/**
 * Keyboard teleoperation as a TeleopSource fed with key events (`press` for every press and
 * every auto-repeat). Held keys stay held across steps by modelling the terminal's repeat;
 * space toggles the gripper, 'i' toggles intervening without moving, ESC asks to end the episode.
 */
export class KeyboardTeleop implements TeleopSource {
  private readonly keys = new Map<string, KeyState>();
  private gripperToggles = 0;
  private forced = false;
  private endRequested = false;
  private readonly now: () => number;

  constructor(private readonly options: KeyboardTeleopOptions = {}) {
    this.now = options.now ?? (() => performance.now());
  }

  /** One key event from the terminal (a press or an auto-repeat). */
  press(key: string): void {
    const t = this.now();
    if (key === KEYBOARD_COMMAND_KEYS.gripper) this.gripperToggles++;
    else if (key === KEYBOARD_COMMAND_KEYS.intervene) this.forced = !this.forced;
    else if (key === KEYBOARD_COMMAND_KEYS.endEpisode) this.endRequested = true;
    else if (key in KEYBOARD_MOTION_KEYS) {
      const state = this.keys.get(key);
      if (state !== undefined && this.isHeld(state, t)) {
        state.lastAt = t;
        state.repeating = true;
      } else {
        this.keys.set(key, { firstAt: t, lastAt: t, repeating: false });
      }
    }
  }

  /** True while the person holds control without moving ('i'). */
  get intervening(): boolean {
    return this.forced;
  }

  poll(): TeleopFrame {
    const t = this.now();
    const twist = [0, 0, 0, 0, 0, 0];
    for (const [key, state] of this.keys) {
      if (!this.isHeld(state, t)) {
        this.keys.delete(key);
        continue;
      }
      const [axis, direction] = KEYBOARD_MOTION_KEYS[key];
      twist[axis] += direction * (axis < 3 ? (this.options.speed ?? 0.5) : (this.options.rotationSpeed ?? 0.5));
    }
    const toggle = this.gripperToggles % 2 === 1;
    this.gripperToggles = 0;
    return { forced: this.forced, arms: [{ twist, gripper: toggle ? 'toggle' : null, ok: true }] };
  }

  reset(): void {
    this.keys.clear();
    this.gripperToggles = 0;
    this.forced = false;
    this.endRequested = false;
  }

  endEpisodeRequested(): boolean {
    return this.endRequested;
  }

  private isHeld(state: KeyState, t: number): boolean {
    return state.repeating ? t - state.lastAt < (this.options.repeatGapMs ?? 120) : t - state.firstAt < (this.options.firstRepeatMs ?? 550);
  }
}
