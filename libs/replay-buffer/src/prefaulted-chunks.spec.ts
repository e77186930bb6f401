import { describe, expect, it } from 'vitest';
import { PrefaultedChunks } from './internal/prefaulted-chunks.js';

const MB = 1 << 20;

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const allZero = (buffer: SharedArrayBuffer): boolean => new Uint8Array(buffer).every((b) => b === 0);

describe('PrefaultedChunks', () => {
  it('hands out zeroed chunks of the asked size, each once, faulted in by the worker when it got there first', async () => {
    const chunks = new PrefaultedChunks([MB, MB, 3 * MB], 2);
    try {
      // Two streams of 1 MB keep four chunks ahead, one stream of 3 MB two.
      await until(() => chunks.readyAhead(MB) === 4 && chunks.readyAhead(3 * MB) === 2, 'the worker to fault in the chunks ahead');
      const seen = new Set<SharedArrayBuffer>();
      for (let i = 0; i < 4; i++) {
        const c = chunks.take(MB);
        expect(c.byteLength).toBe(MB);
        expect(allZero(c)).toBe(true);
        expect(seen.has(c)).toBe(false);
        seen.add(c);
        // The loader's writes land in the chunk and stay (the worker never touches a chunk once taken).
        new Uint8Array(c).fill(7);
      }
      expect(chunks.taken.prefaulted).toBe(4);
      // The taker expects no more after this one: the other chunk ahead stays, no new one is queued.
      const big = chunks.take(3 * MB, 0);
      expect(big.byteLength).toBe(3 * MB);
      expect(allZero(big)).toBe(true);
      expect(chunks.readyAhead(3 * MB)).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(chunks.readyAhead(3 * MB)).toBe(1);
      // A size nobody announced is allocated on the spot.
      expect(chunks.take(12345).byteLength).toBe(12345);
      expect(chunks.taken.fresh).toBe(1);
      for (const c of seen) expect(new Uint8Array(c).every((b) => b === 7)).toBe(true);
    } finally {
      await chunks.close();
    }
  });

  it('never waits for the worker: chunks it has not started are claimed and faulted by the taker', async () => {
    const chunks = new PrefaultedChunks([8 * MB], 1);
    try {
      // Taken at once, long before a new worker thread runs: the chunk is claimed, not waited for.
      const first = chunks.take(8 * MB);
      expect(first.byteLength).toBe(8 * MB);
      expect(chunks.taken.claimed + chunks.taken.prefaulted).toBe(1);
      // The worker skips the claimed chunk and faults in the next one.
      await until(() => chunks.readyAhead(8 * MB) === 1, 'the next chunk to be ready');
      const second = chunks.take(8 * MB);
      expect(second).not.toBe(first);
      expect(allZero(second)).toBe(true);
      expect(chunks.taken.prefaulted).toBeGreaterThanOrEqual(1);
    } finally {
      await chunks.close();
    }
  });

  it('rejects a chunk size that is not a positive integer', async () => {
    expect(() => new PrefaultedChunks([0])).toThrow('PrefaultedChunks: chunk sizes must be positive integers, got 0');
  });
});
