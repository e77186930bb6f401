import { parseTerminalKeys } from './parse-terminal-keys.js';

/** The part of a TTY read stream this needs (process.stdin is one). */
export interface RawTerminal {
  readonly isRaw: boolean;
  setRawMode(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

/**
 * Reads key presses from a terminal in raw mode and hands each key name (parseTerminalKeys) to
 * `onKey`. Raw mode swallows Ctrl-C, so it is passed on as SIGINT. Returns `close`, which
 * restores the terminal (also done at process exit).
 */
export function listenToRawTerminalKeys(input: RawTerminal, onKey: (key: string) => void): () => void {
  const onData = (chunk: Buffer | string): void => {
    for (const key of parseTerminalKeys(chunk.toString())) {
      if (key === 'ctrl-c') process.kill(process.pid, 'SIGINT');
      else onKey(key);
    }
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
  return () => {
    process.off('exit', restore);
    restore();
  };
}
