import { afterEach, describe, expect, it, vi } from 'vitest';
import { onStopSignal } from './index.js';

describe('onStopSignal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops on the first signal, takes quick repeats as the same request and forces on a later one', () => {
    vi.useFakeTimers({ now: 0 });
    const calls: string[] = [];
    const off = onStopSignal(
      (s) => calls.push(`stop ${s}`),
      (s) => calls.push(`force ${s}`),
    );
    try {
      process.emit('SIGINT', 'SIGINT');
      vi.setSystemTime(200);
      process.emit('SIGTERM', 'SIGTERM'); // Nx's SIGTERM after the terminal's SIGINT
      expect(calls).toEqual(['stop SIGINT']);
      vi.setSystemTime(5000);
      process.emit('SIGINT', 'SIGINT'); // the person pressed Ctrl-C again
      expect(calls).toEqual(['stop SIGINT', 'force SIGINT']);
    } finally {
      off();
    }
    process.emit('SIGINT', 'SIGINT');
    expect(calls).toHaveLength(2);
  });
});
