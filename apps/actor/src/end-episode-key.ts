/**
 * ESC on the terminal ends the current episode (hil-serl's FrankaEnv listens for ESC the same
 * way). Raw mode swallows Ctrl-C, so it is passed on as SIGINT. `requested()` reports a
 * press once.
 */
export interface EndEpisodeKey {
  requested(): boolean;
  close(): void;
}

export function listenForEndEpisodeKey(input: NodeJS.ReadStream = process.stdin): EndEpisodeKey {
  let pressed = false;
  const onData = (chunk: Buffer | string): void => {
    const text = chunk.toString();
    if (text.includes('\u0003')) process.kill(process.pid, 'SIGINT');
    else if (text === '\u001b') pressed = true; // a lone ESC, not an arrow key's escape sequence
  };
  const restore = (): void => {
    input.off('data', onData);
    if (input.isRaw) input.setRawMode(false);
    input.pause();
  };
  input.setRawMode(true);
  input.on('data', onData);
  input.resume();
  process.once('exit', restore);
  return {
    requested: () => {
      const was = pressed;
      pressed = false;
      return was;
    },
    close: () => {
      process.off('exit', restore);
      restore();
    },
  };
}
