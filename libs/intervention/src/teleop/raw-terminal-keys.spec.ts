import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { listenToRawTerminalKeys } from './raw-terminal-keys.js';

class FakeTerminal extends EventEmitter {
  isRaw = false;
  paused = true;
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
  resume(): this {
    this.paused = false;
    return this;
  }
  pause(): this {
    this.paused = true;
    return this;
  }
}

describe('listenToRawTerminalKeys', () => {
  it('puts the terminal in raw mode, names the keys, and restores the terminal on close', () => {
    const terminal = new FakeTerminal();
    const keys: string[] = [];
    const close = listenToRawTerminalKeys(terminal, (key) => keys.push(key));
    expect(terminal.isRaw).toBe(true);
    expect(terminal.paused).toBe(false);
    terminal.emit('data', Buffer.from('w\x1b[A\x1b '));
    expect(keys).toEqual(['w', 'up', 'escape', 'space']);
    close();
    expect(terminal.isRaw).toBe(false);
    expect(terminal.paused).toBe(true);
    terminal.emit('data', 'q');
    expect(keys).toHaveLength(4);
  });
});
