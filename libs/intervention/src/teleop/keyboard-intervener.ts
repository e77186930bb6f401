import type { Intervener } from '../intervener.js';
import { stderrLog, type TeleopLog } from '../teleop-log.js';
import { KeyboardTeleop, type KeyboardTeleopOptions } from './keyboard-teleop.js';
import { listenToRawTerminalKeys } from './raw-terminal-keys.js';
import { createTeleopIntervener, type TeleopIntervenerOptions } from './teleop-intervener.js';

export interface KeyboardIntervenerOptions extends TeleopIntervenerOptions, KeyboardTeleopOptions {
  /** Terminal to read; default process.stdin (must be a TTY). */
  readonly input?: NodeJS.ReadStream;
  readonly log?: TeleopLog;
}

/** The key help printed when keyboard teleoperation starts. */
export const KEYBOARD_HELP =
  'keyboard teleop: W/S x, A/D y, Q/E z, R/F roll, Up/Down pitch, Left/Right yaw (hold to move), ' +
  'Space toggles the gripper, I toggles intervening, Esc ends the episode, Ctrl-C stops';

/**
 * An intervener driven by the terminal's keys. The terminal is put in raw mode (restored by
 * `close()` and at exit); Ctrl-C is passed on as SIGINT so the program stops as usual.
 */
export function createKeyboardIntervener(options: KeyboardIntervenerOptions): Intervener {
  const input = options.input ?? process.stdin;
  if (!input.isTTY) throw new Error('keyboard teleoperation needs an interactive terminal on stdin (stdin is not a TTY)');
  const keyboard = new KeyboardTeleop(options);
  const close = listenToRawTerminalKeys(input, (key) => keyboard.press(key));
  (options.log ?? stderrLog).info(KEYBOARD_HELP);
  const intervener = createTeleopIntervener(keyboard, options);
  return {
    ...intervener,
    close,
  };
}
