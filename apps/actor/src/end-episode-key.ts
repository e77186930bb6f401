import { listenToRawTerminalKeys, type RawTerminal } from '@rlpd/intervention';

/**
 * ESC on the terminal ends the current episode (hil-serl's FrankaEnv listens for ESC the same
 * way); Ctrl-C still stops the program. `requested()` reports a press once.
 */
export interface EndEpisodeKey {
  requested(): boolean;
  close(): void;
}

export function listenForEndEpisodeKey(input: RawTerminal = process.stdin): EndEpisodeKey {
  let pressed = false;
  const close = listenToRawTerminalKeys(input, (key) => {
    if (key === 'escape') pressed = true;
  });
  return {
    requested: () => {
      const was = pressed;
      pressed = false;
      return was;
    },
    close,
  };
}
