#!/usr/bin/env node
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/**
 * The least a loader can spend on reading a file, in a fresh process like the pickle load:
 * `node read-floor-child.js FILE fresh` reads it whole into newly allocated memory (what a
 * loader that keeps every byte, like python's pickle.load, must at least do), `window` reads it
 * through one reused 4 MB buffer (what a streaming reader pays before storing anything), and
 * `keep BYTES` reads it through the window and copies BYTES of it, spread evenly over the file,
 * into new 8 MB SharedArrayBuffer chunks (what a streaming loader that stores BYTES, as the
 * replay buffer stores frames once, must at least do; one large copy per window, so this floor
 * is if anything low). Prints the milliseconds.
 */
const [path, mode, keepArg] = process.argv.slice(2);
const WINDOW_BYTES = 4 << 20;
const CHUNK_BYTES = 8 << 20;
const fd = openSync(path, 'r');
const size = fstatSync(fd).size;
const keepBytes = mode === 'keep' ? Number(keepArg) : 0;
if (mode === 'keep' && !(keepBytes >= 0 && keepBytes <= size)) throw new Error(`read-floor-child: keep BYTES must be in [0, ${size}], got ${keepArg}`);
const started = performance.now();
const target = new Uint8Array(mode === 'fresh' ? size : Math.min(size, WINDOW_BYTES));
let chunk: Uint8Array<ArrayBufferLike> = new Uint8Array(0);
let chunkUsed = 0;
let kept = 0;
const keep = (bytes: Uint8Array): void => {
  for (let from = 0; from < bytes.length;) {
    if (chunkUsed === chunk.length) {
      chunk = new Uint8Array(new SharedArrayBuffer(CHUNK_BYTES));
      chunkUsed = 0;
    }
    const n = Math.min(bytes.length - from, chunk.length - chunkUsed);
    chunk.set(bytes.subarray(from, from + n), chunkUsed);
    chunkUsed += n;
    from += n;
  }
};
for (let done = 0; done < size;) {
  const at = mode === 'fresh' ? done : 0;
  const got = readSync(fd, target, at, Math.min(size - done, target.length - at, 1 << 30), done);
  if (got <= 0) throw new Error(`read-floor-child: short read at ${done}`);
  done += got;
  if (keepBytes > 0) {
    const upTo = Math.round((keepBytes * done) / size);
    keep(target.subarray(0, upTo - kept));
    kept = upTo;
  }
}
closeSync(fd);
process.stdout.write(`${performance.now() - started}\n`);
