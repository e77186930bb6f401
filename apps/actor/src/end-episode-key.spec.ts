import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { listenForEndEpisodeKey } from './end-episode-key.js';

class FakeTerminal extends EventEmitter {
  isRaw = false;
  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
}

describe('listenForEndEpisodeKey', () => {
  it('reports a lone ESC once, ignores arrow keys and other keys', () => {
    const terminal = new FakeTerminal();
    const key = listenForEndEpisodeKey(terminal);
    terminal.emit('data', '\x1b[A');
    terminal.emit('data', 'x');
    expect(key.requested()).toBe(false);
    terminal.emit('data', '\x1b');
    expect(key.requested()).toBe(true);
    expect(key.requested()).toBe(false);
    key.close();
    expect(terminal.isRaw).toBe(false);
  });
});
