/** Escape sequences of the keys we use (normal and application cursor mode). */
const SEQUENCES: readonly (readonly [string, string])[] = [
  ['\x1b[A', 'up'],
  ['\x1b[B', 'down'],
  ['\x1b[C', 'right'],
  ['\x1b[D', 'left'],
  ['\x1bOA', 'up'],
  ['\x1bOB', 'down'],
  ['\x1bOC', 'right'],
  ['\x1bOD', 'left'],
];

/**
 * Splits one chunk of raw terminal input into key names: letters lower-cased ('w'), 'up',
 * 'down', 'left', 'right', 'space', 'enter', 'escape', 'ctrl-c'. A lone ESC byte (not
 * followed by '[' or 'O') is the escape key; unknown escape sequences are skipped whole.
 */
export function parseTerminalKeys(chunk: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < chunk.length) {
    const sequence = SEQUENCES.find(([text]) => chunk.startsWith(text, i));
    if (sequence) {
      keys.push(sequence[1]);
      i += sequence[0].length;
      continue;
    }
    const c = chunk[i];
    if (c === '\x1b') {
      const next = chunk[i + 1];
      if (next === '[' || next === 'O') {
        let end = i + 2;
        while (end < chunk.length && !/[A-Za-z~]/.test(chunk[end])) end++;
        i = end + 1; // an escape sequence we do not use (F-keys, Home, ...)
        continue;
      }
      keys.push('escape');
    } else if (c === '\x03') keys.push('ctrl-c');
    else if (c === ' ') keys.push('space');
    else if (c === '\r' || c === '\n') keys.push('enter');
    else keys.push(c.toLowerCase());
    i++;
  }
  return keys;
}
